/// The sessions of each device that have a timed record, ordered by (first record time, session id), for the rules
/// that look at a device's other sessions: the earliest session still active at a time (`session-concurrent`) and
/// the latest one begun before a time (a missing previous id). One treap per device (a binary search tree by key,
/// heap-ordered by a priority hashed from the id), each node also holding until when its session counts as active
/// and the latest such time in its subtree, so both lookups take O(log n) expected steps (plus one per session a
/// lookup skips), however many sessions one device has: a device with 50,000 sessions no longer costs a scan and a
/// sort of all of them per judged session.
///
/// Nodes are numbered by interned session id (`IDTable`), so a session is in at most one tree; `set` moves a session
/// to its current key, `remove` takes it out (before its id is released).
struct DeviceSessionIndex {
    /// What the index keeps of a session.
    struct Entry {
        /// Its earliest timed record.
        var first: Int64
        /// The latest time at which it counts as active (`SessionConcurrentRule.activeUntil`).
        var activeUntil: Int64
        /// Its previous session's id, or -1.
        var previous: Int32
    }

    /// Per node: its device, -1 when the id is not in a tree.
    private var device: [Int32] = []
    private var entries: [Entry] = []
    /// Per node: the latest `activeUntil` in its subtree.
    private var subtreeUntil: [Int64] = []
    private var left: [Int32] = [], right: [Int32] = []
    /// Per device id (interned in the same `IDTable` as session ids, so dense): the root of its tree, or -1.
    private var roots: [Int32] = []

    /// Puts session `id` of `device` in the index with `entry`, or takes it out when `entry` is nil.
    mutating func set(_ id: Int32, device d: Int32, _ entry: Entry?) {
        let n = Int(id)
        if let entry, d >= 0, n < device.count, device[n] == d, entries[n].first == entry.first {
            // The usual change (a later record moved `activeUntil`): the key is the same, so the node stays where
            // it is and only the subtree maxima on the path down to it are computed again.
            entries[n] = entry
            refresh(root(d), entry.first, id)
            return
        }
        remove(id)
        guard d >= 0, let entry else { return }
        while device.count <= n {
            device.append(-1)
            entries.append(Entry(first: 0, activeUntil: 0, previous: -1))
            subtreeUntil.append(0)
            left.append(-1)
            right.append(-1)
        }
        device[n] = d
        entries[n] = entry
        subtreeUntil[n] = entry.activeUntil
        left[n] = -1
        right[n] = -1
        let (below, above) = split(root(d), entry.first, id)
        setRoot(d, merge(merge(below, id), above))
    }

    /// Takes session `id` out of the index (nothing when it is not in).
    mutating func remove(_ id: Int32) {
        let n = Int(id)
        guard n < device.count, device[n] >= 0 else { return }
        let d = device[n]
        let (below, rest) = split(root(d), entries[n].first, id)
        let (_, above) = split(rest, entries[n].first, id + 1)
        setRoot(d, merge(below, above))
        device[n] = -1
    }

    /// The session of `device` with the smallest key whose first record is at or before `time` and that is active
    /// at `time` (`activeUntil >= time`), among those `include` accepts (called with the id, the previous id and
    /// the first record's time: a session begun at `time` itself is for `include` to judge).
    func earliestActive(of d: Int32, at time: Int64,
                        where include: (_ id: Int32, _ previous: Int32, _ first: Int64) -> Bool) -> Int32? {
        /// The first match in key order under `n`; `done` once a key after `time` is reached.
        func search(_ n: Int32) -> (match: Int32?, done: Bool) {
            guard n >= 0, subtreeUntil[Int(n)] >= time else { return (nil, false) }
            let found = search(left[Int(n)])
            if found.match != nil || found.done { return found }
            let e = entries[Int(n)]
            if e.first > time { return (nil, true) }
            if e.activeUntil >= time, include(n, e.previous, e.first) { return (n, false) }
            return search(right[Int(n)])
        }
        return search(root(d)).match
    }

    /// The session of `device` with the largest key whose first record is before `time`, other than `except`.
    func latestBefore(of d: Int32, _ time: Int64, except: Int32) -> Int32? {
        func search(_ n: Int32) -> Int32? {
            guard n >= 0 else { return nil }
            guard entries[Int(n)].first < time else { return search(left[Int(n)]) }
            if let later = search(right[Int(n)]) { return later }
            return n != except ? n : search(left[Int(n)])
        }
        return search(root(d))
    }

    // MARK: the treap

    @inline(__always) private func root(_ d: Int32) -> Int32 { Int(d) < roots.count ? roots[Int(d)] : -1 }

    private mutating func setRoot(_ d: Int32, _ n: Int32) {
        if Int(d) >= roots.count { roots.append(contentsOf: repeatElement(-1, count: Int(d) + 1 - roots.count)) }
        roots[Int(d)] = n
    }

    /// `subtreeUntil` computed again on the path from `n` down to the node with key (first, id), bottom up.
    private mutating func refresh(_ n: Int32, _ first: Int64, _ id: Int32) {
        guard n >= 0 else { return }
        if n != id { refresh(precedes(n, first, id) ? right[Int(n)] : left[Int(n)], first, id) }
        update(n)
    }

    @inline(__always) private func precedes(_ n: Int32, _ first: Int64, _ id: Int32) -> Bool {
        let f = entries[Int(n)].first
        return f < first || (f == first && n < id)
    }

    /// A fixed pseudo-random priority per id (SplitMix64's finalizer): the tree's shape, never its answers,
    /// depends on it.
    @inline(__always) private static func priority(_ n: Int32) -> UInt64 {
        var z = UInt64(UInt32(bitPattern: n)) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func update(_ n: Int32) {
        let i = Int(n)
        var until = entries[i].activeUntil
        if left[i] >= 0 { until = max(until, subtreeUntil[Int(left[i])]) }
        if right[i] >= 0 { until = max(until, subtreeUntil[Int(right[i])]) }
        subtreeUntil[i] = until
    }

    /// The tree under `n` split into the nodes before key (first, id) and the rest.
    private mutating func split(_ n: Int32, _ first: Int64, _ id: Int32) -> (Int32, Int32) {
        guard n >= 0 else { return (-1, -1) }
        if precedes(n, first, id) {
            let (a, b) = split(right[Int(n)], first, id)
            right[Int(n)] = a
            update(n)
            return (n, b)
        }
        let (a, b) = split(left[Int(n)], first, id)
        left[Int(n)] = b
        update(n)
        return (a, n)
    }

    /// Two trees joined, every key of `a` before every key of `b`.
    private mutating func merge(_ a: Int32, _ b: Int32) -> Int32 {
        if a < 0 { return b }
        if b < 0 { return a }
        if Self.priority(a) > Self.priority(b) {
            right[Int(a)] = merge(right[Int(a)], b)
            update(a)
            return a
        }
        left[Int(b)] = merge(a, left[Int(b)])
        update(b)
        return b
    }
}
