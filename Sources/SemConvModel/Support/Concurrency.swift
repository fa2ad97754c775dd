import Dispatch

/// Runs `body` for every index in `0..<count` on all cores and returns the results in index order.
/// Deterministic output for any thread count: each call writes only its own slot.
public func parallelMap<T: Sendable>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let slots = Slots<T>(count: count)
    if count == 1 {
        slots.set(0, body(0))
    } else {
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.set(i, body(i)) }
    }
    return slots.values()
}

/// Runs `background` on another thread while `body` runs on this one; returns `background`'s result once both
/// are done.
public func overlapping<T: Sendable>(_ background: @escaping @Sendable () -> T, with body: () -> Void) -> T {
    let slot = Slots<T>(count: 1)
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { slot.set(0, background()) }
    body()
    group.wait()
    return slot.values()[0]
}

/// Lets go of `value` on a background thread: for large object graphs (parsed files, a registry, a view-model)
/// whose deallocation, object by object, would otherwise hold up a command that is about to finish. Pass the
/// caller's only reference (`releaseInBackground(consume x)`), or the caller may still end up freeing it.
public func releaseInBackground<T>(_ value: consuming T) {
    let carrier = ReleaseCarrier(value)
    DispatchQueue.global(qos: .utility).async { carrier.drop() }
}

/// Holds a value until `drop`; only the background task touches it after `init`.
private final class ReleaseCarrier<T>: @unchecked Sendable {
    private var value: T?

    init(_ value: consuming T) { self.value = consume value }

    func drop() { value = nil }
}

/// Write-once result slots; each index is written by exactly one task.
private final class Slots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil, count: count)
    }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }

    func set(_ index: Int, _ value: T) { buffer[index] = value }

    func values() -> [T] { (0..<count).map { buffer[$0]! } }
}
