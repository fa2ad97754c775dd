#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SemConvModel

/// An open-addressing hash table from byte strings to small integers, looked up straight from a unit's bytes
/// (no `String` per key). Lookups hash eight bytes at a time and compare with `memcmp` against keys packed in one
/// buffer, so they touch no reference counts. Inserts append (amortized O(1)); the table grows as needed.
struct ByteTable: @unchecked Sendable {
    private final class Storage: @unchecked Sendable {
        var slots: UnsafeMutablePointer<Int32>
        var mask: Int
        var bytes: UnsafeMutablePointer<UInt8>
        var bytesCount = 0, bytesCapacity: Int
        /// Per entry: offset into `bytes`, length, value.
        var entries: UnsafeMutablePointer<(Int32, Int32, Int32)>
        var entryCount = 0, entryCapacity: Int

        init(size: Int) {
            slots = .allocate(capacity: size)
            slots.initialize(repeating: -1, count: size)
            mask = size - 1
            bytesCapacity = 256
            bytes = .allocate(capacity: bytesCapacity)
            entryCapacity = 16
            entries = .allocate(capacity: entryCapacity)
        }

        deinit {
            slots.deallocate()
            bytes.deallocate()
            entries.deallocate()
        }
    }

    private let storage: Storage

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 + 1 { size <<= 1 }
        storage = Storage(size: size)
    }

    @inline(__always) static func hash(_ p: UnsafeRawBufferPointer) -> Int {
        let n = p.count
        guard let base = p.baseAddress else { return 0 }
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var i = 0
        while i &+ 8 <= n {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i &+= 8
        }
        if i < n { h = (h ^ tail(base, from: i, count: n)) &* 0xC4CE_B9FE_1A85_EC53 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Bytes `from..<count` of `base` (fewer than eight) as a little-endian integer, read with at most three
    /// loads: overlapping ones reread bytes already placed, which leaves them unchanged.
    @inline(__always) private static func tail(_ base: UnsafeRawPointer, from i: Int, count n: Int) -> UInt64 {
        let rest = n &- i
        if n >= 8 {
            // The last eight bytes, shifted so that only those after `i` remain.
            let last = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
            return last >> UInt64(truncatingIfNeeded: (8 &- rest) &* 8)
        }
        if n >= 4 {
            let low = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)))
            return low | high << UInt64(truncatingIfNeeded: (n &- 4) &* 8)
        }
        let first = UInt64(base.load(as: UInt8.self))
        let middle = UInt64(base.load(fromByteOffset: n >> 1, as: UInt8.self))
        let last = UInt64(base.load(fromByteOffset: n &- 1, as: UInt8.self))
        return first | middle << UInt64(truncatingIfNeeded: (n >> 1) &* 8) | last << UInt64(truncatingIfNeeded: (n &- 1) &* 8)
    }

    /// Whether the `n` bytes at `a` and `b` are equal: inline word compares (keys are short, so this beats a call
    /// to `memcmp`).
    @inline(__always) static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count n: Int) -> Bool {
        if n >= 8 {
            var i = 0
            while i &+ 8 < n {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i &+= 8
            }
            // The last eight bytes, overlapping those already compared.
            return a.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        }
        if n >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
                == b.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
        }
        var i = 0
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i &+= 1
        }
        return true
    }

    func insert(_ key: String, _ value: Int) {
        let bytes = Array(key.utf8)
        bytes.withUnsafeBytes { insert($0, value) }
    }

    /// Adds `key` with `value` unless the key is already there.
    func insert(_ key: UnsafeRawBufferPointer, _ value: Int) {
        if lookup(key) != nil { return }
        let s = storage
        if (s.entryCount + 1) * 2 > s.mask + 1 { rehash(size: (s.mask + 1) * 2) }
        if s.bytesCount + key.count > s.bytesCapacity {
            var c = s.bytesCapacity * 2
            while c < s.bytesCount + key.count { c *= 2 }
            let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
            fresh.update(from: s.bytes, count: s.bytesCount)
            s.bytes.deallocate()
            s.bytes = fresh
            s.bytesCapacity = c
        }
        if s.entryCount == s.entryCapacity {
            let fresh = UnsafeMutablePointer<(Int32, Int32, Int32)>.allocate(capacity: s.entryCapacity * 2)
            fresh.update(from: s.entries, count: s.entryCount)
            s.entries.deallocate()
            s.entries = fresh
            s.entryCapacity *= 2
        }
        if let base = key.baseAddress { (s.bytes + s.bytesCount).update(from: base.assumingMemoryBound(to: UInt8.self), count: key.count) }
        s.entries[s.entryCount] = (Int32(s.bytesCount), Int32(key.count), Int32(value))
        s.bytesCount += key.count
        place(s.entryCount, hash: Self.hash(key))
        s.entryCount += 1
    }

    private func place(_ entry: Int, hash: Int) {
        let s = storage
        var slot = hash & s.mask
        while s.slots[slot] >= 0 { slot = (slot + 1) & s.mask }
        s.slots[slot] = Int32(entry)
    }

    private func rehash(size: Int) {
        let s = storage
        s.slots.deallocate()
        s.slots = .allocate(capacity: size)
        s.slots.initialize(repeating: -1, count: size)
        s.mask = size - 1
        for e in 0..<s.entryCount {
            let (offset, length, _) = s.entries[e]
            place(e, hash: Self.hash(UnsafeRawBufferPointer(start: s.bytes + Int(offset), count: Int(length))))
        }
    }

    func lookup(_ key: [UInt8]) -> Int? { key.withUnsafeBytes { lookup($0) } }

    @inline(__always) func lookup(_ p: UnsafeRawBufferPointer) -> Int? {
        let s = storage
        let mask = s.mask, slots = s.slots, entries = s.entries, bytes = s.bytes
        let n = p.count
        var slot = Self.hash(p) & mask
        while true {
            let k = Int(slots[slot])
            if k < 0 { return nil }
            let (offset, length, value) = entries[k]
            if Int(length) == n, n == 0 || Self.equal(bytes + Int(offset), p.baseAddress!, count: n) { return Int(value) }
            slot = (slot + 1) & mask
        }
    }
}

/// What the rules need to know about one registry attribute, precomputed once per run.
struct AttributeInfo: Sendable {
    var key: String
    var attribute: Attribute
    var privacy: PrivacyRule?
    /// Enum members as raw JSON text bytes (strings unquoted) for byte comparison.
    var enumStrings: [[UInt8]]
    var enumInts: [Int64]
}

/// One event definition, with its attributes split by requirement level (ids into `RegistryIndex.attributes`).
/// A reference, so looking an event up per record copies nothing.
final class EventInfo: @unchecked Sendable {
    let name: String
    let group: Group
    let required: [Int]
    let conditional: [(Int, String)]
    let recommended: [Int]
    let body: BodyField?

    init(name: String, group: Group, required: [Int], conditional: [(Int, String)], recommended: [Int],
         body: BodyField?) {
        self.name = name
        self.group = group
        self.required = required
        self.conditional = conditional
        self.recommended = recommended
        self.body = body
    }
}

/// The registry, indexed for the hot path: attribute keys and aliases, event names and aliases, owned namespaces.
/// The registry, indexed for the hot path: attribute keys and aliases, event names and aliases, owned namespaces,
/// and per-attribute facts in flat arrays (no `AttributeInfo` copied per lookup). Built once per run, read-only
/// afterwards (a class, so rules pass it around without copying).
final class RegistryIndex: @unchecked Sendable {
    let registry: Registry
    @exclusivity(unchecked) private(set) var attributes: [AttributeInfo] = []
    /// Key or alias bytes -> attribute id. Aliases are told apart by comparing with `attributes[id].key`.
    let table: ByteTable
    /// Generic alias bytes (`token`, `url`) -> attribute id: looked up only where the producer names attributes its
    /// own way (occurrences with `.aliasAllowed`), never in OTLP attributes or nested keys.
    let genericTable: ByteTable
    /// Per attribute id: the registry's `cardinality: unbounded`.
    @exclusivity(unchecked) private(set) var unbounded: [Bool] = []
    /// Whether any attribute is unbounded (else metric data points need no look).
    private(set) var hasUnbounded = false
    /// Per attribute id: not forbidden, not deprecated, not an enum (only a type check is needed).
    @exclusivity(unchecked) private(set) var plain: [Bool] = []
    /// Per attribute id: the registry forbids it (privacy `forbidden: true`).
    @exclusivity(unchecked) private(set) var forbidden: [Bool] = []
    /// Per attribute id: the deprecation, if any (read without copying the whole attribute).
    @exclusivity(unchecked) private(set) var deprecations: [Deprecation?] = []
    /// Per attribute id: the declared type in one byte, for the hot path (enum value types resolved once).
    @exclusivity(unchecked) private(set) var typeCodes: [TypeCode] = []
    /// Per attribute id: the declared type.
    @exclusivity(unchecked) private(set) var types: [AttributeType] = []
    /// Per attribute id of an enum: its members' text (strings unquoted, ints as digits) -> 0.
    @exclusivity(unchecked) private(set) var enumMembers: [ByteTable?] = []
    /// Every registry key's bytes, back to back; `keySpans[id]` locates attribute `id`'s key.
    private let keyBlob: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var keySpans: [ByteSpan] = []
    @exclusivity(unchecked) private(set) var events: [EventInfo] = []
    let eventTable: ByteTable
    @exclusivity(unchecked) private(set) var ownedPrefixes: [[UInt8]] = []
    /// Keys of template attributes followed by a dot (`http.request.header.`): a key can only match a template
    /// when it starts with one of them.
    @exclusivity(unchecked) private(set) var templatePrefixes: [[UInt8]] = []
    @exclusivity(unchecked) private(set) var allKeys: [String] = []
    /// Registry keys and aliases by their spelling without separators or case (`sessionpreviousid`), keys winning
    /// over aliases: for "did you mean" on keys one separator away from a registry name.
    @exclusivity(unchecked) private(set) var squashedNames: [String: String] = [:]
    /// Registry keys and aliases.
    @exclusivity(unchecked) private(set) var allNames: [String] = []
    /// Attribute ids of the session policy, when there is one.
    @exclusivity(unchecked) private(set) var sessionID: Int?
    @exclusivity(unchecked) private(set) var previousID: Int?
    @exclusivity(unchecked) private(set) var deviceIDs: [Int] = []
    /// The session policy's client attributes: a record that sees one is a session record.
    @exclusivity(unchecked) private(set) var clientIDs: [Int] = []
    @exclusivity(unchecked) private(set) var contextIDs: [Int] = []
    @exclusivity(unchecked) private(set) var startEvent: Int?
    @exclusivity(unchecked) private(set) var endEvent: Int?
    /// The session policy's `require_timestamp`.
    @exclusivity(unchecked) private(set) var requireTimestamp = false
    /// The value detectors with the registry's sensitive-value vocabulary.
    let valueDetector: ValueDetector
    /// `event.name` (older SDKs put the event name there).
    static let eventNameKey = Array("event.name".utf8)

    init(_ registry: Registry) {
        self.registry = registry
        valueDetector = ValueDetector(registry: registry)
        let sorted = registry.sortedAttributes
        let policy = registry.policy
        table = ByteTable(capacity: sorted.count + policy.attributeAliases.count + 8)
        genericTable = ByteTable(capacity: policy.genericAttributeAliases.count + 4)
        let blobSize = sorted.reduce(0) { $0 + $1.key.utf8.count }
        keyBlob = .allocate(capacity: max(1, blobSize))
        eventTable = ByteTable(capacity: registry.eventsByName.count + policy.eventAliases.count + 4)
        var aliasEntries: [String: Int] = [:]
        for a in sorted {
            var strings: [[UInt8]] = [], ints: [Int64] = []
            if case let .enumeration(e) = a.type {
                for m in e.members {
                    switch m.value {
                    case let .string(s): strings.append(Array(s.utf8))
                    case let .int(i): ints.append(Int64(i)); strings.append(Array(String(i).utf8))
                    default: if let t = m.value.scalarText { strings.append(Array(t.utf8)) }
                    }
                }
            }
            let id = attributes.count
            attributes.append(AttributeInfo(key: a.key, attribute: a, privacy: policy.privacy[a.key],
                                            enumStrings: strings, enumInts: ints))
            table.insert(a.key, id)
            aliasEntries[a.key] = id
            var isEnum = false
            if case .enumeration = a.type { isEnum = true }
            plain.append(!isEnum && a.deprecated == nil && policy.privacy[a.key]?.forbidden != true)
            forbidden.append(policy.privacy[a.key]?.forbidden == true)
            unbounded.append(policy.cardinality[a.key] == .unbounded)
            types.append(a.type)
            deprecations.append(a.deprecated)
            typeCodes.append(TypeCode(a.type))
            let start = keySpans.last.map { Int($0.end) } ?? 0
            let bytes = Array(a.key.utf8)
            (keyBlob + start).initialize(from: bytes, count: bytes.count)
            keySpans.append(ByteSpan(start, start + bytes.count))
            if isEnum {
                let members = ByteTable(capacity: strings.count)
                for m in strings { m.withUnsafeBytes { members.insert($0, 0) } }
                enumMembers.append(members)
            } else {
                enumMembers.append(nil)
            }
        }
        for (alias, key) in policy.attributeAliases.sorted(by: { $0.key < $1.key }) {
            guard let id = aliasEntries[key], registry.attributes[alias] == nil else { continue }
            // Aliases get their own slot pointing at the canonical attribute.
            table.insert(alias, id)
        }
        for (alias, key) in policy.genericAttributeAliases.sorted(by: { $0.key < $1.key }) {
            guard let id = aliasEntries[key], registry.attributes[alias] == nil else { continue }
            genericTable.insert(alias, id)
        }
        hasUnbounded = unbounded.contains(true)
        allKeys = sorted.map(\.key)
        let aliases = policy.attributeAliases.filter { aliasEntries[$0.value] != nil && registry.attributes[$0.key] == nil }
            .map(\.key).sorted()
        allNames = allKeys + aliases
        for name in allNames where squashedNames[Self.squash(name)] == nil { squashedNames[Self.squash(name)] = name }
        templatePrefixes = sorted.filter { $0.type.isTemplate }.map { Array(($0.key + ".").utf8) }
        ownedPrefixes = Self.ownedNamespaces(registry).map { Array(($0 + ".").utf8) }
        let byName = registry.eventsByName
        for (name, group) in byName.sorted(by: { $0.key < $1.key }) {
            var required: [Int] = [], conditional: [(Int, String)] = [], recommended: [Int] = []
            for ga in group.attributes {
                guard let id = aliasEntries[ga.key] else { continue }
                switch ga.requirementLevel {
                case .required: required.append(id)
                case let .conditionallyRequired(text): conditional.append((id, text))
                case .recommended: recommended.append(id)
                case .optIn: break
                }
            }
            eventTable.insert(name, events.count)
            events.append(EventInfo(name: name, group: group, required: required, conditional: conditional,
                                    recommended: recommended, body: group.body))
        }
        for (alias, name) in policy.eventAliases.sorted(by: { $0.key < $1.key }) {
            if let id = eventTable.lookup(Array(name.utf8)) { eventTable.insert(alias, id) }
        }
        if let s = policy.session {
            sessionID = aliasEntries[s.idAttribute]
            previousID = aliasEntries[s.previousIdAttribute]
            deviceIDs = s.deviceAttributes.compactMap { aliasEntries[$0] }
            clientIDs = s.clientAttributes.compactMap { aliasEntries[$0] }
            contextIDs = s.contextAttributes.compactMap { aliasEntries[$0] }
            startEvent = eventTable.lookup(Array(s.startEvent.utf8))
            endEvent = eventTable.lookup(Array(s.endEvent.utf8))
            requireTimestamp = s.requireTimestamp
        }
    }

    deinit { keyBlob.deallocate() }

    /// The namespaces whose unknown attributes are findings: exactly those a registry declares in
    /// `registry_policy.owned_namespaces`. A registry that declares none (e.g. the upstream semantic conventions
    /// loaded with `--registry`) owns nothing: apps legitimately add their own keys next to upstream ones
    /// (`app.tags`, `http.foo`), and only keys one separator or edit away from a registry key are findings there.
    static func ownedNamespaces(_ registry: Registry) -> [String] { registry.policy.ownedNamespaces }

    /// Whether `key` is spelled exactly as the registry key of `id` (not an alias).
    @inline(__always) func isCanonical(_ key: UnsafeRawBufferPointer, _ id: Int) -> Bool {
        let span = keySpans[id]
        guard span.count == key.count else { return false }
        return key.isEmpty || memcmp(keyBlob + Int(span.start), key.baseAddress!, key.count) == 0
    }

    /// Whether `value` (text bytes) is a member of enum attribute `id`.
    @inline(__always) func isEnumMember(_ id: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        enumMembers[id]?.lookup(value) != nil
    }

    /// Attribute id for raw key bytes (key or specific alias).
    @inline(__always) func attributeID(_ key: UnsafeRawBufferPointer) -> Int? { table.lookup(key) }

    /// Attribute id for a generic alias (`token`); only for keys the producer names its own way.
    @inline(__always) func genericAliasID(_ key: UnsafeRawBufferPointer) -> Int? { genericTable.lookup(key) }

    /// The template attribute whose prefix matches `key` (`http.request.header.x-id`).
    func templateID(_ key: UnsafeRawBufferPointer) -> Int? {
        guard let base = key.baseAddress, templatePrefixes.contains(where: { p in
            p.count <= key.count && p.withUnsafeBytes { memcmp($0.baseAddress!, base, p.count) == 0 }
        }) else { return nil }
        var end = key.count
        while end > 0 {
            end -= 1
            if key[end] == 0x2E, let id = table.lookup(UnsafeRawBufferPointer(rebasing: key[0..<end])),
               attributes[id].attribute.type.isTemplate {
                return id
            }
        }
        return nil
    }

    /// Whether `key` lies in a namespace the loaded registries own.
    func isOwned(_ key: UnsafeRawBufferPointer) -> Bool {
        for p in ownedPrefixes where key.count > p.count || key.count == p.count - 1 {
            if key.count == p.count - 1 {
                if key.elementsEqual(p.dropLast()) { return true }
                continue
            }
            var same = true
            for k in 0..<p.count where key[k] != p[k] { same = false; break }
            if same { return true }
        }
        return false
    }

    /// `name` without `.`, `_`, `-` and in lower case: `session_previous_id` and `sessionPreviousId` both become
    /// `sessionpreviousid`.
    static func squash(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0 != "." && $0 != "_" && $0 != "-" }))
    }

    /// The registry key or alias that `name` (not itself a registry key or alias) nearly matches: the same name
    /// but for separators and case, or (for names of 6 or more characters) one edit away. Nil when none does.
    func nearMiss(_ name: String) -> String? {
        let scalars = name.unicodeScalars.count
        guard scalars >= 3 else { return nil }
        if let squashed = squashedNames[Self.squash(name)], squashed != name { return squashed }
        guard scalars >= 6 else { return nil }
        var best: String?
        for candidate in allNames where abs(candidate.unicodeScalars.count - scalars) <= 1 && candidate != name {
            if Suggestions.editDistance(name, candidate) == 1, best.map({ candidate < $0 }) ?? true { best = candidate }
        }
        return best
    }

    /// Whether an event name lies in an owned namespace.
    func isOwnedEvent(_ name: String) -> Bool { Array(name.utf8).withUnsafeBytes { isOwned($0) } }
}

/// An attribute type reduced to what the per-attribute fast path decides on.
enum TypeCode: UInt8, Sendable {
    case string, int, double, boolean, enumString, enumInt, enumDouble, any
    /// Arrays, templates: the full `AttributeType` is consulted.
    case other

    init(_ type: AttributeType) {
        switch type {
        case .string: self = .string
        case .int: self = .int
        case .double: self = .double
        case .boolean: self = .boolean
        case let .enumeration(e):
            switch e.valueType {
            case .int: self = .enumInt
            case .double: self = .enumDouble
            default: self = .enumString
            }
        case .any, .other: self = .any
        default: self = .other
        }
    }
}
