#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SemConvModel

/// An open-addressing hash table from byte strings to small integers, looked up straight from a line's bytes
/// (no `String` per key). Built once per run; lookups hash eight bytes at a time and compare with `memcmp`
/// against keys packed in one buffer, so they touch no reference counts.
struct ByteTable: Sendable {
    private final class Storage: @unchecked Sendable {
        var slots: UnsafeMutablePointer<Int32>
        var mask: Int
        /// Per entry: offset into `bytes`, length, value.
        var offsets: [Int] = []
        var lengths: [Int] = []
        var values: [Int32] = []
        var bytes: [UInt8] = []
        /// `bytes` frozen for lookups (rebuilt after each insert; inserts happen only while the index is built).
        var frozen: UnsafeMutablePointer<UInt8>
        var entries: UnsafeMutablePointer<(Int32, Int32, Int32)>

        init(size: Int) {
            slots = .allocate(capacity: size)
            slots.initialize(repeating: -1, count: size)
            mask = size - 1
            frozen = .allocate(capacity: 1)
            entries = .allocate(capacity: 1)
        }

        func freeze() {
            frozen.deallocate()
            entries.deallocate()
            frozen = .allocate(capacity: max(1, bytes.count))
            frozen.initialize(from: bytes, count: bytes.count)
            entries = .allocate(capacity: max(1, values.count))
            for i in values.indices { entries[i] = (Int32(offsets[i]), Int32(lengths[i]), values[i]) }
        }

        deinit {
            slots.deallocate()
            frozen.deallocate()
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
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift &+= 8
                i &+= 1
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    mutating func insert(_ key: String, _ value: Int) {
        let bytes = Array(key.utf8)
        if lookup(bytes) != nil { return }
        let s = storage
        var slot = bytes.withUnsafeBytes { Self.hash($0) } & s.mask
        while s.slots[slot] >= 0 { slot = (slot + 1) & s.mask }
        s.slots[slot] = Int32(s.values.count)
        s.offsets.append(s.bytes.count)
        s.lengths.append(bytes.count)
        s.values.append(Int32(value))
        s.bytes.append(contentsOf: bytes)
        s.freeze()
    }

    func lookup(_ key: [UInt8]) -> Int? { key.withUnsafeBytes { lookup($0) } }

    @inline(__always) func lookup(_ p: UnsafeRawBufferPointer) -> Int? {
        let s = storage
        let mask = s.mask, slots = s.slots, entries = s.entries, frozen = s.frozen
        let n = p.count
        var slot = Self.hash(p) & mask
        while true {
            let k = Int(slots[slot])
            if k < 0 { return nil }
            let (offset, length, value) = entries[k]
            if Int(length) == n, n == 0 || memcmp(frozen + Int(offset), p.baseAddress!, n) == 0 { return Int(value) }
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
struct EventInfo: Sendable {
    var name: String
    var group: Group
    var required: [Int]
    var conditional: [(Int, String)]
    var recommended: [Int]
    var body: BodyField?
}

/// The registry, indexed for the hot path: attribute keys and aliases, event names and aliases, owned namespaces.
struct RegistryIndex: Sendable {
    let registry: Registry
    var attributes: [AttributeInfo] = []
    /// Key or alias bytes -> attribute id. Aliases are told apart by comparing with `attributes[id].key`.
    var table: ByteTable
    var aliasIDs: Set<Int> = []
    /// Per attribute id: not forbidden, not deprecated, not an enum (only a type check is needed).
    var plain: [Bool] = []
    /// Per attribute id: the deprecation, if any (read without copying the whole attribute).
    var deprecations: [Deprecation?] = []
    /// Per attribute id: the declared type in one byte, for the hot path (enum value types resolved once).
    var typeCodes: [TypeCode] = []
    /// Per attribute id: the declared type.
    var types: [AttributeType] = []
    /// Per attribute id: the key's UTF-8 bytes.
    var keyBytes: [[UInt8]] = []
    var events: [EventInfo] = []
    var eventTable: ByteTable
    var ownedPrefixes: [[UInt8]]
    /// Keys of template attributes followed by a dot (`http.request.header.`): a key can only match a template
    /// when it starts with one of them.
    var templatePrefixes: [[UInt8]] = []
    var allKeys: [String]
    /// Attribute ids of the session policy, when there is one.
    var sessionID: Int?
    var previousID: Int?
    var deviceIDs: [Int] = []
    var contextIDs: [Int] = []
    var startEvent: Int?
    var endEvent: Int?
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
            types.append(a.type)
            deprecations.append(a.deprecated)
            typeCodes.append(TypeCode(a.type))
            keyBytes.append(Array(a.key.utf8))
        }
        for (alias, key) in policy.attributeAliases.sorted(by: { $0.key < $1.key }) {
            guard let id = aliasEntries[key], registry.attributes[alias] == nil else { continue }
            // Aliases get their own slot pointing at the canonical attribute.
            table.insert(alias, id)
        }
        allKeys = sorted.map(\.key)
        templatePrefixes = sorted.filter { $0.type.isTemplate }.map { Array(($0.key + ".").utf8) }
        ownedPrefixes = Self.ownedNamespaces(registry).map { Array(($0 + ".").utf8) }
        let byName = registry.eventsByName
        eventTable = ByteTable(capacity: byName.count + policy.eventAliases.count + 4)
        for (name, group) in byName.sorted(by: { $0.key < $1.key }) {
            var info = EventInfo(name: name, group: group, required: [], conditional: [], recommended: [],
                                 body: group.body)
            for ga in group.attributes {
                guard let id = aliasEntries[ga.key] else { continue }
                switch ga.requirementLevel {
                case .required: info.required.append(id)
                case let .conditionallyRequired(text): info.conditional.append((id, text))
                case .recommended: info.recommended.append(id)
                case .optIn: break
                }
            }
            eventTable.insert(name, events.count)
            events.append(info)
        }
        for (alias, name) in policy.eventAliases.sorted(by: { $0.key < $1.key }) {
            if let id = eventTable.lookup(Array(name.utf8)) { eventTable.insert(alias, id) }
        }
        if let s = policy.session {
            sessionID = aliasEntries[s.idAttribute]
            previousID = aliasEntries[s.previousIdAttribute]
            deviceIDs = s.deviceAttributes.compactMap { aliasEntries[$0] }
            contextIDs = s.contextAttributes.compactMap { aliasEntries[$0] }
            startEvent = eventTable.lookup(Array(s.startEvent.utf8))
            endEvent = eventTable.lookup(Array(s.endEvent.utf8))
        }
    }

    /// The namespaces whose unknown attributes are findings: those a registry root declares in
    /// `registry_policy.owned_namespaces`, and, for a root that declares no policy (e.g. upstream semantic
    /// conventions loaded with `--registry`), the root namespaces of every attribute it defines.
    static func ownedNamespaces(_ registry: Registry) -> [String] {
        var owned = Set(registry.policy.ownedNamespaces)
        func root(of file: String) -> String? {
            registry.roots.filter { file == $0 || file.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
                .max { $0.count < $1.count }
        }
        var policyRoots: Set<String> = []
        for g in registry.groups.values where g.annotations?["registry_policy"] != nil {
            if let r = root(of: g.location.file) { policyRoots.insert(r) }
        }
        for a in registry.attributes.values {
            guard let r = root(of: a.location.file), !policyRoots.contains(r) else { continue }
            owned.insert(a.rootNamespace)
        }
        return owned.sorted()
    }

    /// Whether `key` is spelled exactly as the registry key of `id` (not an alias).
    @inline(__always) func isCanonical(_ key: UnsafeRawBufferPointer, _ id: Int) -> Bool {
        let k = keyBytes[id]
        guard k.count == key.count else { return false }
        return k.withUnsafeBytes { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
    }

    /// Attribute id for raw key bytes (key or alias).
    @inline(__always) func attributeID(_ key: UnsafeRawBufferPointer) -> Int? { table.lookup(key) }

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
