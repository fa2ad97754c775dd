/// Session and device ids interned to small integers for the session pass: one entry (and one `String`, made on
/// first need) per distinct id, none per record. Entries are reference-counted by whoever stores the integer (an
/// open or remembered session, a device's session list, a buffered record's previous id) and removed at zero, so
/// the table stays as small as the state that uses it. The ids' bytes live back to back in one arena (no array and
/// no reference count per id); a removed id's bytes are dropped when the arena is next compacted.
final class IDTable {
    /// Every id's bytes; `spans[id]` locates them (`.none` once the id is removed).
    private let arena = PODBuffer<UInt8>(capacity: 1024)
    /// Arena bytes of removed ids, reclaimed by `compact`.
    @exclusivity(unchecked) private var garbage = 0
    @exclusivity(unchecked) private var spans: [ByteSpan] = []
    @exclusivity(unchecked) private var hashes: [Int] = []
    /// Ids made text (`text(_:)`: the few that findings and the summary name), not a slot per id.
    @exclusivity(unchecked) private var texts: [Int32: String] = [:]
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
    /// The last two ids `intern` returned, most recent first (-1: none): records come in runs of one session and
    /// one device, so most calls end here, comparing bytes that are already in cache instead of probing the table.
    /// A removed id's span is `.none` (it matches no bytes) until its number is reused for other bytes, so an entry
    /// here never answers for bytes the table does not hold under that id.
    @exclusivity(unchecked) private var recent: (Int32, Int32) = (-1, -1)

    /// The id of `bytes`, adding it (with no references) when new.
    func intern(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        if holds(recent.0, bytes) { return recent.0 }
        if holds(recent.1, bytes) {
            recent = (recent.1, recent.0)
            return recent.0
        }
        let id = internInTable(bytes)
        recent = (id, recent.0)
        return id
    }

    /// Whether `id` (-1: none) is in the table with exactly `bytes`.
    @inline(__always) private func holds(_ id: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard id >= 0 else { return false }
        let span = spans[Int(id)]
        return span.count == bytes.count
            && (bytes.isEmpty || ByteTable.equal(arena.base + Int(span.start), bytes.baseAddress!, count: bytes.count))
    }

    private func internInTable(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let h = ByteTable.hash(bytes)
        if let id = find(bytes, h) { return id }
        if (used + 1) * 2 > slots.count { rehash(slots.count * (count * 4 > slots.count ? 2 : 1)) }
        let id: Int32
        let key = store(bytes)
        if let reused = free.popLast() {
            id = reused
            let i = Int(id)
            spans[i] = key
            hashes[i] = h
            refs[i] = 0
            openSlot[i] = -1
            judgedSlot[i] = -1
            successor[i] = 0
        } else {
            id = Int32(spans.count)
            spans.append(key)
            hashes.append(h)
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
            if id >= 0, hashes[Int(id)] == h, holds(id, bytes) { return id }
            slot = (slot + 1) & mask
        }
    }

    private func rehash(_ size: Int) {
        slots = Array(repeating: -1, count: size)
        used = 0
        for id in spans.indices where refs[id] >= 0 {
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
        remove(id)
    }

    /// Takes `id` out when nothing references it (interned only to be looked at); nothing when it is referenced or
    /// already out: one record may name the same bytes twice (a device id spelled like its previous session id).
    func dropIfUnreferenced(_ id: Int32) {
        guard id >= 0, refs[Int(id)] == 0 else { return }
        remove(id)
    }

    /// Takes `id` out of the table and frees its number; nothing when it is not in the table (never twice on the
    /// free list, and the probe stops at an empty slot instead of looking for it forever).
    private func remove(_ id: Int32) {
        let i = Int(id)
        let mask = slots.count - 1
        var slot = hashes[i] & mask
        while slots[slot] != id {
            guard slots[slot] != -1, spans[i].isPresent else {
                refs[i] = -1
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = -2
        garbage += spans[i].count
        spans[i] = .none
        if !texts.isEmpty { texts[id] = nil }
        refs[i] = -1
        free.append(id)
        count -= 1
    }

    /// The id as text (made once per id).
    func text(_ id: Int32) -> String {
        if let t = texts[id] { return t }
        let t = String(decoding: bytes(Int(id)), as: UTF8.self)
        texts[id] = t
        return t
    }

    /// Whether id `a`'s bytes sort before id `b`'s (byte order, a prefix first): an order of ids that does not
    /// depend on the order they were read in.
    func sortsBefore(_ a: Int32, _ b: Int32) -> Bool { bytes(Int(a)).lexicographicallyPrecedes(bytes(Int(b))) }

    /// The bytes of id `i` (valid until the next `store`).
    @inline(__always) private func bytes(_ i: Int) -> UnsafeRawBufferPointer { arena.bytes(spans[i]) }

    /// Copies `bytes` to the end of the arena (compacting it first when full and half garbage); returns where
    /// they are.
    private func store(_ bytes: UnsafeRawBufferPointer) -> ByteSpan {
        if arena.count + bytes.count > arena.capacity, garbage * 2 >= arena.count { compact() }
        return arena.append(contentsOf: bytes)
    }

    /// Moves the live ids' bytes to the front of the arena, in arena order, dropping removed ones.
    private func compact() {
        var live = spans.indices.filter { spans[$0].isPresent }
        live.sort { spans[$0].start < spans[$1].start }
        var end = 0
        for i in live {
            let span = spans[i]
            // Moving towards the front in arena order never overwrites bytes still to be moved.
            if Int(span.start) != end {
                UnsafeMutableRawPointer(arena.base + end)
                    .copyMemory(from: arena.base + Int(span.start), byteCount: span.count)
            }
            spans[i] = ByteSpan(end, end + span.count)
            end += span.count
        }
        arena.truncate(to: end)
        garbage = 0
    }
}
