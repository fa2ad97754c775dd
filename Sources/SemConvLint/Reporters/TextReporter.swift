import SemConvModel

/// `PATH:LINE:COL: severity: message [rule-id]`, the fix hint indented below, then the counts and what was checked;
/// colour only on a terminal (`ReportContext.isTerminal`).
public struct TextReporter: Reporter {
    public static let name = "text"

    public init() {}

    public func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        var out = diagnostics.map { Self.lines($0, colour: context.isTerminal) }.joined()
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
        let severity = colour ? paint(d.severity.rawValue, code(d.severity)) : d.severity.rawValue
        let location = colour ? paint(d.location.description, "1") : d.location.description
        let rule = colour ? paint("[\(d.rule)]", "2") : "[\(d.rule)]"
        var out = "\(location): \(severity): \(d.message) \(rule)\n"
        if let fix = d.fix { out += "    \(colour ? paint("fix:", "32") : "fix:") \(fix)\n" }
        return out
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
