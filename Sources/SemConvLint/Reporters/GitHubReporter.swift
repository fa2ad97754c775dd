import Foundation
import SemConvModel

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=rule::message`.
public struct GitHubReporter: Reporter {
    public static let name = "github"

    public init() {}

    public func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        var out = ""
        for d in diagnostics {
            let command = switch d.severity {
            case .error: "error"
            case .warning: "warning"
            case .info: "notice"
            }
            var props = "file=\(escapeProperty(d.location.file))"
            if d.location.line > 0 { props += ",line=\(d.location.line)" }
            if d.location.column > 0 { props += ",col=\(d.location.column)" }
            props += ",title=\(escapeProperty(d.rule))"
            var message = d.message
            if let fix = d.fix { message += "\nfix: \(fix)" }
            out += "::\(command) \(props)::\(escapeData(message))\n"
        }
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
