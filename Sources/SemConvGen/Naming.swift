/// Swift naming rules for generated code: case conversions, keyword escaping, leading digits, acronyms.
/// Templates only print these names; every Swift-specific decision lives here.
public struct Naming: Sendable {
    /// Words written in capitals in generated names (e.g. `ID` turns `session_id` into `sessionID`).
    /// Empty by default, matching swift-otel-semantic-conventions (`previousId`).
    public var acronyms: Set<String>

    public init(acronyms: [String] = []) {
        self.acronyms = Set(acronyms.map { $0.uppercased() })
    }

    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
        "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
        "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        "Type", "Protocol", "_",
    ]

    /// Splits a key or segment into words at `.`, `_`, `-`, spaces and other non-alphanumerics.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        for b in text.utf8 {
            let alphanumeric = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            if alphanumeric {
                current.append(b)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    private func capitalized(_ word: String) -> String {
        if acronyms.contains(word.uppercased()) { return word.uppercased() }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    /// `session.previous_id` → `sessionPreviousId` (not escaped).
    public func lowerCamel(_ text: String) -> String {
        let w = Naming.words(text)
        guard let first = w.first else { return "_" }
        let head = acronyms.contains(first.uppercased()) && w.count > 1 ? first.lowercased() : first
        return head + w.dropFirst().map(capitalized).joined()
    }

    /// `session.previous_id` → `SessionPreviousId`.
    public func upperCamel(_ text: String) -> String {
        let w = Naming.words(text)
        return w.isEmpty ? "_" : w.map(capitalized).joined()
    }

    /// `session.previousId` → `session_previous_id`.
    public static func snake(_ text: String) -> String {
        var out = ""
        var previousLower = false
        for c in text {
            if c.isUppercase, previousLower { out.append("_") }
            if c.isLetter || c.isNumber { out.append(Character(c.lowercased())) } else if !out.hasSuffix("_") { out.append("_") }
            previousLower = c.isLowercase || c.isNumber
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }

    /// `session.previous_id` → `SESSION_PREVIOUS_ID`.
    public static func constant(_ text: String) -> String { snake(text).uppercased() }

    /// A valid Swift identifier: leading digits get `_`, keywords get backticks.
    public static func identifier(_ name: String) -> String {
        var n = name.isEmpty ? "_" : name
        if let f = n.first, f.isNumber { n = "_" + n }
        if keywords.contains(n) { return "`\(n)`" }
        return n
    }

    /// Whether `name` can be written as a Swift type or member name as it is: ASCII letters, digits and `_`, not
    /// starting with a digit, not a keyword.
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        let ok = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
        return ok && !keywords.contains(name)
    }

    /// The identifier without backticks (for building derived names).
    public static func bare(_ identifier: String) -> String {
        identifier.utf8.contains(UInt8(ascii: "`")) ? String(identifier.unicodeScalars.filter { $0 != "`" }.map(Character.init)) : identifier
    }

    /// Resolves collisions deterministically: names are taken in the order given; a later duplicate gets `_2`, `_3`...
    public static func uniqued(_ names: [String], reserved: Set<String> = []) -> [String] {
        var used = reserved
        return names.map { name in
            var candidate = name, n = 2
            while used.contains(bare(candidate)) {
                candidate = identifier(bare(name) + "_\(n)")
                n += 1
            }
            used.insert(bare(candidate))
            return candidate
        }
    }
}
