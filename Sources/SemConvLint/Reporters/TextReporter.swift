import SemConvModel

/// `PATH:LINE:COL: severity: message [rule-id]`, the fix hint indented below; colour only on a terminal.
public struct TextReporter: Reporter {
    public static let name = "text"

    public init() {}

    public func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        var out = ""
        for d in diagnostics { out += TextReporter.lines(d, colour: context.isTerminal) }
        let c = SeverityCounts(diagnostics)
        if !diagnostics.isEmpty || context.files > 0 {
            out += "\(c.errors) error\(c.errors == 1 ? "" : "s"), \(c.warnings) warning\(c.warnings == 1 ? "" : "s"), "
                + "\(c.infos) info\(c.infos == 1 ? "" : "s") in \(context.files) file\(context.files == 1 ? "" : "s")\n"
        }
        return out
    }

    /// One finding: `PATH:LINE:COL: severity: message [rule-id]` and its fix line (for findings streamed one at a
    /// time; pass them through `Diagnostic.redacted()` first, as `render` does).
    public static func lines(_ d: Diagnostic, colour: Bool = false) -> String {
        let severity = colour ? Self.colour(d.severity) : d.severity.rawValue
        var out = "\(d.location): \(severity): \(d.message) [\(d.rule)]\n"
        if let fix = d.fix { out += "    fix: \(fix)\n" }
        return out
    }

    private static func colour(_ s: Severity) -> String {
        let code = switch s {
        case .error: "31"
        case .warning: "33"
        case .info: "36"
        }
        return "\u{1B}[1;\(code)m\(s.rawValue)\u{1B}[0m"
    }
}
