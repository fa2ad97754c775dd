/// Everything the attribute rules decide from a key alone, worked out on the key's first sight in a worker (the
/// registry lookups are pure functions of the key's bytes). 16 bytes, no references.
struct KeyDecision: BitwiseCopyable {
    /// The registry attribute the key or a specific alias of it names (`RegistryIndex.attributeID`), -1 when none.
    var id: Int32
    /// When `id` is -1: the attribute a generic alias (`token`) names (`RegistryIndex.genericAliasID`), else -1.
    /// Only occurrences with `.aliasAllowed` (producers that name attributes their own way) resolve it.
    var genericID: Int32
    /// When `id` is -1: the template attribute whose prefix the key has (`RegistryIndex.templateID`), else -1.
    var templateID: Int32
    /// The key is spelled exactly as the registry key of `id` (not an alias).
    var canonical: Bool
    /// With no registry attribute: whether `unknown-attribute` reports the key (owned namespace or near miss); nil
    /// until first asked (only when the rule is on).
    var unknownReported: Bool?

    /// The registry attribute an occurrence of the key names: `id`, else (where the producer may use generic
    /// aliases) `genericID`; -1 when none.
    @inline(__always) func attribute(aliasAllowed: Bool) -> Int32 {
        id < 0 && aliasAllowed ? genericID : id
    }
}

/// Per worker: one entry per distinct attribute key, looked up from the key's bytes with one hash per occurrence,
/// holding its `KeyDecision` and the texts of its `unknown-attribute` findings (made on the first listed finding).
/// Bounded: forgets everything when full (answers never depend on it).
final class AttributeKeyTable {
    /// The texts of `unknown-attribute` findings about one key.
    struct UnknownTexts {
        let name: String, message: String, fix: String
    }

    private let index: RegistryIndex
    @exclusivity(unchecked) private var table = ByteTable(capacity: 1024)
    private let decisions = PODBuffer<KeyDecision>(capacity: 256)
    @exclusivity(unchecked) private var texts: [UnknownTexts?] = []
    /// Distinct keys remembered at most.
    static let limit = 4096

    /// In front of `table`: a direct-mapped memo of recent keys (up to `memoWidth` bytes; `memoSlot`) and their
    /// entries, so that the few keys a stream repeats record after record are found with one compare of bytes held
    /// here instead of a hash and a probe. A miss only costs the table lookup.
    private static let memoBits = 8, memoSlots = 1 << memoBits, memoWidth = 32
    private let memoKeys = UnsafeMutablePointer<UInt8>.allocate(capacity: memoSlots * memoWidth)
    private let memoLengths = UnsafeMutablePointer<UInt8>.allocate(capacity: memoSlots)
    private let memoEntries = UnsafeMutablePointer<Int32>.allocate(capacity: memoSlots)

    init(index: RegistryIndex) {
        self.index = index
        memoLengths.initialize(repeating: 0, count: Self.memoSlots)
        memoEntries.initialize(repeating: 0, count: Self.memoSlots)
    }

    deinit {
        memoKeys.deallocate()
        memoLengths.deallocate()
        memoEntries.deallocate()
    }

    /// The entry of `key` (added when new) and its decision: a memo hit here, inline; anything else in `miss`.
    @inline(__always) func entry(_ key: UnsafeRawBufferPointer) -> (entry: Int32, decision: KeyDecision) {
        let n = key.count
        if n > 0, n <= Self.memoWidth, let base = key.baseAddress {
            let slot = Self.memoSlot(base, n)
            if Int(memoLengths[slot]) == n, ByteTable.equal(memoKeys + slot &* Self.memoWidth, base, count: n) {
                let known = memoEntries[slot]
                return (known, decisions[Int(known)])
            }
        }
        return miss(key)
    }

    /// The memo slot of a key of `n` (1...`memoWidth`) bytes at `base`: its length and four of its bytes (first,
    /// middle, three quarters in, last) multiplied by a golden-ratio constant, the top bits.
    @inline(__always) private static func memoSlot(_ base: UnsafeRawPointer, _ n: Int) -> Int {
        let w = UInt64(truncatingIfNeeded: n) | UInt64(base.load(as: UInt8.self)) << 8
            | UInt64(base.load(fromByteOffset: n &>> 1, as: UInt8.self)) << 16
            | UInt64(base.load(fromByteOffset: n &- 1, as: UInt8.self)) << 24
            | UInt64(base.load(fromByteOffset: (n &* 3) &>> 2, as: UInt8.self)) << 32
        return Int(truncatingIfNeeded: (w &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - memoBits))
    }

    /// `entry` past the memo: the table (adding the key when new), then the memo remembers the key.
    @inline(never) private func miss(_ key: UnsafeRawBufferPointer) -> (entry: Int32, decision: KeyDecision) {
        let found: (entry: Int32, decision: KeyDecision)
        if let known = table.lookup(key) {
            found = (Int32(truncatingIfNeeded: known), decisions[known])
        } else {
            found = add(key)
        }
        let n = key.count
        if n > 0, n <= Self.memoWidth, let base = key.baseAddress {
            let slot = Self.memoSlot(base, n)
            (memoKeys + slot &* Self.memoWidth).update(from: base.assumingMemoryBound(to: UInt8.self), count: n)
            memoLengths[slot] = UInt8(n)
            memoEntries[slot] = found.entry
        }
        return found
    }

    @inline(never) private func add(_ key: UnsafeRawBufferPointer) -> (entry: Int32, decision: KeyDecision) {
        if decisions.count >= Self.limit {
            table = ByteTable(capacity: 1024)
            decisions.removeAll()
            texts.removeAll(keepingCapacity: true)
            // Entries are numbered again: the memo's would name other keys.
            memoLengths.update(repeating: 0, count: Self.memoSlots)
        }
        var decision = KeyDecision(id: -1, genericID: -1, templateID: -1, canonical: false, unknownReported: nil)
        if let id = index.attributeID(key) {
            decision.id = Int32(id)
            decision.canonical = index.isCanonical(key, id)
        } else {
            decision.genericID = index.genericAliasID(key).map(Int32.init) ?? -1
            decision.templateID = index.templateID(key).map(Int32.init) ?? -1
        }
        let entry = decisions.append(decision)
        table.insert(key, Int(entry))
        texts.append(nil)
        return (entry, decision)
    }

    /// Whether `unknown-attribute` reports `key` (the key of `entry`): inside an owned namespace, or nearly
    /// matching a registry key or alias. Worked out once per entry.
    @inline(__always) func reportsUnknown(_ entry: Int32, _ key: UnsafeRawBufferPointer) -> Bool {
        if let known = decisions[entry].unknownReported { return known }
        let answer = index.isOwned(key) || index.nearMiss(String(decoding: key, as: UTF8.self)) != nil
        decisions[entry].unknownReported = answer
        return answer
    }

    /// The finding texts of `entry`, made on first use.
    @inline(__always) func unknownTexts(_ entry: Int32, _ make: () -> UnknownTexts) -> UnknownTexts {
        if let known = texts[Int(entry)] { return known }
        let made = make()
        texts[Int(entry)] = made
        return made
    }
}
