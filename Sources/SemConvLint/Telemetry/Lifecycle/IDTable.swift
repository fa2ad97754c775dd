#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Session and device ids interned to small integers for the session pass: one entry (and one `String`, made on
/// first need) per distinct id, none per record. Entries are reference-counted by whoever stores the integer (an
/// open or remembered session, a device's session list, a buffered record's previous id) and removed at zero, so
/// the table stays as small as the state that uses it.
final class IDTable {
    @exclusivity(unchecked) private var keys: [[UInt8]] = []
    @exclusivity(unchecked) private var hashes: [Int] = []
    @exclusivity(unchecked) private var texts: [String?] = []
    @exclusivity(unchecked) private var refs: [Int32] = []
    /// Per id: the open session's slot, or -1.
    @exclusivity(unchecked) var openSlot: [Int32] = []
    /// Per id: the remembered (judged) session's slot, or -1.
    @exclusivity(unchecked) var judgedSlot: [Int32] = []
    /// Per id: the earliest start of a session that names this id as its previous session (an implicit end), 0
    /// when none was seen. Kept per id, not per session, so that it holds whichever of the two is read first.
    @exclusivity(unchecked) var successor: [Int64] = []
    @exclusivity(unchecked) private var free: [Int32] = []
    /// Open addressing: -1 empty, -2 deleted, else an id.
    @exclusivity(unchecked) private var slots: [Int32] = Array(repeating: -1, count: 64)
    @exclusivity(unchecked) private var used = 0

    /// Ids currently in the table.
    @exclusivity(unchecked) private(set) var count = 0

    /// The id of `bytes`, adding it (with no references) when new.
    func intern(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let h = ByteTable.hash(bytes)
        if let id = find(bytes, h) { return id }
        if (used + 1) * 2 > slots.count { rehash(slots.count * (count * 4 > slots.count ? 2 : 1)) }
        let id: Int32
        let key = Array(bytes)
        if let reused = free.popLast() {
            id = reused
            let i = Int(id)
            keys[i] = key
            hashes[i] = h
            texts[i] = nil
            refs[i] = 0
            openSlot[i] = -1
            judgedSlot[i] = -1
            successor[i] = 0
        } else {
            id = Int32(keys.count)
            keys.append(key)
            hashes.append(h)
            texts.append(nil)
            refs.append(0)
            openSlot.append(-1)
            judgedSlot.append(-1)
            successor.append(0)
        }
        var slot = h & (slots.count - 1)
        while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
        if slots[slot] == -1 { used += 1 }
        slots[slot] = id
        count += 1
        return id
    }

    /// The id of `bytes` when it is in the table.
    func lookup(_ bytes: UnsafeRawBufferPointer) -> Int32? { find(bytes, ByteTable.hash(bytes)) }

    private func find(_ bytes: UnsafeRawBufferPointer, _ h: Int) -> Int32? {
        let mask = slots.count - 1
        var slot = h & mask
        while true {
            let id = slots[slot]
            if id == -1 { return nil }
            if id >= 0, hashes[Int(id)] == h {
                let key = keys[Int(id)]
                if key.count == bytes.count,
                   key.withUnsafeBytes({ bytes.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                    return id
                }
            }
            slot = (slot + 1) & mask
        }
    }

    private func rehash(_ size: Int) {
        slots = Array(repeating: -1, count: size)
        used = 0
        for id in keys.indices where refs[id] >= 0 {
            var slot = hashes[id] & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(id)
            used += 1
        }
    }

    @inline(__always) func retain(_ id: Int32) { refs[Int(id)] += 1 }

    /// Drops one reference; the id leaves the table at zero.
    func release(_ id: Int32) {
        let i = Int(id)
        refs[i] -= 1
        guard refs[i] <= 0 else { return }
        let mask = slots.count - 1
        var slot = hashes[i] & mask
        while slots[slot] != id { slot = (slot + 1) & mask }
        slots[slot] = -2
        keys[i] = []
        texts[i] = nil
        refs[i] = -1
        free.append(id)
        count -= 1
    }

    /// The id as text (made once per id).
    func text(_ id: Int32) -> String {
        let i = Int(id)
        if let t = texts[i] { return t }
        let t = String(decoding: keys[i], as: UTF8.self)
        texts[i] = t
        return t
    }
}
