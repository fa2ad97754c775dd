import SemConvModel

/// `PATH:LINE:COL: severity: message [rule-id]`, the fix hint indented below, then the counts and what was checked;
/// colour only on a terminal (`ReportContext.isTerminal`).
public struct TextReporter: Reporter {
    public static let name = "text"

    public init() {}

    public func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        var out = ""
        for d in diagnostics { Self.write(d, colour: context.isTerminal, into: &out) }
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
        var out = ""
        write(d, colour: colour, into: &out)
        return out
    }

    /// Appends `lines(d)` to `out` piece by piece (no intermediate strings per finding).
    static func write(_ d: Diagnostic, colour: Bool, into out: inout String) {
        if colour {
            out += "\(paint(d.location.description, "1")): \(paint(d.severity.rawValue, code(d.severity))): \(d.message) \(paint("[\(d.rule)]", "2"))\n"
            if let fix = d.fix { out += "    \(paint("fix:", "32")) \(fix)\n" }
            return
        }
        out.append(d.location.file)
        if d.location.line > 0 {
            out.append(":")
            out.append(String(d.location.line))
            if d.location.column > 0 {
                out.append(":")
                out.append(String(d.location.column))
            }
        }
        out.append(": ")
        out.append(d.severity.rawValue)
        out.append(": ")
        out.append(d.message)
        out.append(" [")
        out.append(d.rule)
        out.append("]\n")
        if let fix = d.fix {
            out.append("    fix: ")
            out.append(fix)
            out.append("\n")
        }
    }

    private static func code(_ s: Severity) -> String {
        switch s {
        case .error: "1;31"
        case .warning: "1;33"
        case .info: "1;36"
        }
    }

    private static func paint(_ text: String, _ code: String) -> String { "\u{1B}[\(code)m\(text)\u{1B}[0m" }
}
