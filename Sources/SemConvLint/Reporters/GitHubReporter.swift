import Foundation
import SemConvModel

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=rule::message`. `file` is relative to the
/// base directory (`ReportContext.basePath`, as for SARIF: annotations want repository-relative paths); a file
/// outside it stays absolute, and findings in standard input have no `file` (their message starts with
/// `<stdin>:LINE:COL`). Binary input has no lines: `line` is the
/// message number and the message starts with the position (`message 3, byte 17 of the message: ...`).
public struct GitHubReporter: Reporter {
    public static let name = "github"

    public init() {}

    public func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        var out = ""
        let base = ReportPaths.base(context.basePath)
        for d in diagnostics {
            let command = switch d.severity {
            case .error: "error"
            case .warning: "warning"
            case .info: "notice"
            }
            var props: [String] = []
            if !ReportPaths.isStream(d.location.file) {
                let file = ReportPaths.relative(d.location.file, to: base) ?? ReportPaths.absolute(d.location.file)
                props.append("file=\(escapeProperty(file))")
                if d.location.line > 0 { props.append("line=\(d.location.line)") }
                if d.location.column > 0 { props.append("col=\(d.location.column)") }
            }
            props.append("title=\(escapeProperty(d.rule))")
            var message = d.location.binaryPosition.map { "\($0): \(d.message)" } ?? d.message
            // Standard input is no file an annotation can point at: the message says where the finding is.
            if ReportPaths.isStream(d.location.file), d.location.binaryPosition == nil, d.location.line > 0 {
                message = "\(d.location.description): \(message)"
            }
            if let fix = d.fix { message += "\nfix: \(fix)" }
            out += "::\(command) \(props.joined(separator: ","))::\(escapeData(message))\n"
        }
        if let unlisted = context.unlisted { out += "::notice title=semconv::\(escapeData(unlisted.sentence))\n" }
        return out
    }

    private func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
