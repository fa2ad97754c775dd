/// What a `stage.template` / Promtail `template` stage writes into its `source` field, read from the Go template
/// (Alloy `stages/template.go`: text/template with sprig's functions plus `Hash`, `Sha2Hash`, `ToLower`, ...).
struct StageTemplate {
    /// Fields the template reads: `.Value` (the source field itself) as "Value", `.user_email` as "user_email".
    var fields: [String] = []
    /// Whether a hash function is applied: the result no longer holds the value, only one hash per value.
    var hashes = false

    /// Hash functions a template can call: Alloy's `Hash` (SHA3-256) and `Sha2Hash`, and sprig's checksums.
    static let hashFunctions: Set<String> = ["Hash", "Sha2Hash", "sha256sum", "sha1sum", "sha512sum", "adler32sum"]

    init(_ template: String) {
        let scalars = Array(template.unicodeScalars)
        var i = 0
        func at(_ k: Int, _ s: Unicode.Scalar) -> Bool { k < scalars.count && scalars[k] == s }
        while i < scalars.count {
            guard at(i, "{"), at(i + 1, "{") else {
                i += 1
                continue
            }
            i += 2
            // One action, up to `}}`: identifiers are functions, `.name` are fields; strings are skipped.
            while i < scalars.count, !(at(i, "}") && at(i + 1, "}")) {
                let c = scalars[i]
                if c == "\"" || c == "`" {
                    i += 1
                    while i < scalars.count, scalars[i] != c {
                        if scalars[i] == "\\", c == "\"" { i += 1 }
                        i += 1
                    }
                    i += 1
                } else if c == "." || Self.isWord(c) {
                    let isField = c == "."
                    var k = isField ? i + 1 : i
                    let start = k
                    while k < scalars.count, Self.isWord(scalars[k]) { k += 1 }
                    let word = String(String.UnicodeScalarView(scalars[start..<k]))
                    if isField, !word.isEmpty {
                        fields.append(word)
                    } else if Self.hashFunctions.contains(word) {
                        hashes = true
                    }
                    i = max(k, i + 1)
                } else {
                    i += 1
                }
            }
            i += 2
        }
    }

    static func isWord(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
    }

    /// No field is read: the result is a constant (no personal data, bounded).
    var isConstant: Bool { fields.isEmpty }
}
