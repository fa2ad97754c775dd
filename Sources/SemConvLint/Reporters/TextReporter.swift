import SemConvModel

/// `PATH:LINE:COL: severity: message [rule-id]` (binary input: `PATH: message 3, byte 17 of the message: ...`, see
/// `SourceLocation.binaryPosition`), related locations and the fix hint indented below, then the counts and what was
/// checked; colour only on a terminal (`ReportContext.isTerminal`).
public struct TextReporter: Reporter {
    public static let name = "text"

    public init() {}

    public func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        var out: String
        if context.isTerminal {
            out = diagnostics.map { Self.lines($0, colour: true) }.joined()
        } else {
            // One byte buffer for every finding, one `String` at the end.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(diagnostics.count * 160)
            diagnostics.withUnsafeBufferPointer { all in
                for i in all.indices { Self.write(all[i], into: &bytes) }
            }
            out = String(decoding: bytes, as: UTF8.self)
        }
        let c = SeverityCounts(diagnostics, unlisted: context.unlisted)
        if !diagnostics.isEmpty || context.files > 0 {
            func count(_ n: Int, _ word: String, _ code: String) -> String {
                let text = "\(n) \(word)\(n == 1 ? "" : "s")"
                return context.isTerminal && n > 0 ? Self.paint(text, code) : text
            }
            out += "\(count(c.errors, "error", "1;31")), \(count(c.warnings, "warning", "1;33")), "
                + "\(count(c.infos, "info", "1;36")) in \(context.files) file\(context.files == 1 ? "" : "s")\n"
        }
        if let unlisted = context.unlisted { out += unlisted.sentence + "\n" }
        if let checked = context.checked {
            out += (context.isTerminal ? Self.paint("checked", "2") : "checked") + " \(checked)\n"
        }
        return out
    }

    /// One finding in the compiler form, with its fix on the next line.
    public static func lines(_ d: Diagnostic, colour: Bool = false) -> String {
        guard colour else {
            var bytes: [UInt8] = []
            write(d, into: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = "\(paint(d.location.description, "1")): \(paint(d.severity.rawValue, code(d.severity))): \(d.message) \(paint("[\(d.rule)]", "2"))\n"
        if let related = related(d) { out += "    \(paint("related:", "2")) \(related)\n" }
        if let fix = d.fix { out += "    \(paint("fix:", "32")) \(fix)\n" }
        return out
    }

    /// Appends `lines(d)` without colour to `out` as UTF-8 (no intermediate strings per finding).
    static func write(_ d: Diagnostic, into out: inout [UInt8]) {
        func put(_ s: String) {
            var s = s
            s.withUTF8 { out.append(contentsOf: $0) }
        }
        func put(_ n: Int) {
            if n < 10 { out.append(UInt8(truncatingIfNeeded: 0x30 + n)) } else { put(String(n)) }
        }
        put(d.location.file)
        if let binary = d.location.binaryPosition {
            out.append(0x3A); out.append(0x20)
            put(binary)
        } else if d.location.line > 0 {
            out.append(0x3A)
            put(d.location.line)
            if d.location.column > 0 {
                out.append(0x3A)
                put(d.location.column)
            }
        }
        out.append(0x3A); out.append(0x20)
        put(d.severity.rawValue)
        out.append(0x3A); out.append(0x20)
        put(d.message)
        out.append(0x20); out.append(0x5B)
        put(d.rule)
        out.append(0x5D); out.append(0x0A)
        if let related = related(d) {
            put("    related: ")
            put(related)
            out.append(0x0A)
        }
        if let fix = d.fix {
            put("    fix: ")
            put(fix)
            out.append(0x0A)
        }
    }

    /// The finding's related locations (the other records it points at), at most `maxRelated` of them, and how many
    /// more: `a.ndjson:3:1, a.ndjson:9:1 (and 4 more)`; nil when it has none.
    static func related(_ d: Diagnostic) -> String? {
        guard !d.related.isEmpty else { return nil }
        let shown = d.related.prefix(maxRelated).map(\.description).joined(separator: ", ")
        return d.related.count > maxRelated ? "\(shown) (and \(d.related.count - maxRelated) more)" : shown
    }

    /// Related locations shown per finding.
    static let maxRelated = 5

    private static func code(_ s: Severity) -> String {
        switch s {
        case .error: "1;31"
        case .warning: "1;33"
        case .info: "1;36"
        }
    }

    private static func paint(_ text: String, _ code: String) -> String { "\u{1B}[\(code)m\(text)\u{1B}[0m" }
}
