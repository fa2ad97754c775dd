import Foundation
import SemConvLint
import SemConvModel
import XCTest

/// No reporter prints a personal-data or credential value whole, wherever the telemetry put it: forbidden
/// attributes, free text, session ids, event names, attribute keys, flat events, Faro payloads and the summary.
final class PrivacyTests: XCTestCase {
    typealias T = TelemetryTestSupport

    static let email = "jane.doe@example.com"
    static let token = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2VjcmV0"
    static let phone = "+1 (415) 555-0100"
    static let secrets = [email, token, phone, "eyJhbGciOiJIUzI1NiJ9", "415) 555-0100", "doe@example"]

    func testNoReporterPrintsASecretWhole() throws {
        let s = OTLP.s, attr = OTLP.attr
        let lines = [
            // A forbidden attribute, free text with each kind of secret, and a URL with credentials in its query.
            OTLP.session("s1", event: "session.start", extra: [
                attr("user.email", s(Self.email)), attr("user.phone_number", s(Self.phone)),
                attr("app.note", s("call \(Self.phone) or mail \(Self.email)")),
                attr("http.request.header.authorization", s(Self.token)),
                attr("url.full", s("https://api.example.com/login?email=\(Self.email)&token=abc")),
            ]),
            // Secrets where ids, names and keys belong: the session id, the event name, an attribute key.
            OTLP.session(Self.email, event: "session.start"),
            OTLP.session(Self.email, event: "session.start"),
            OTLP.session("s2", event: Self.phone),
            OTLP.session("s3", extra: [attr(Self.email, s("x"))]),
            // A flat event and a Faro payload.
            "{\"event\":\"session_start\",\"session_id\":\"\(Self.email)\",\"user_email\":\"\(Self.email)\",\"message\":\"\(Self.token)\"}",
            "{\"meta\":{\"session\":{\"id\":\"\(Self.phone)\"},\"user\":{\"email\":\"\(Self.email)\"}},\"logs\":[{\"message\":\"token \(Self.token)\",\"timestamp\":\"2026-03-01T10:00:00Z\"}]}",
        ]
        let report = T.lint(lines)
        let rules = Set(report.diagnostics.map(\.rule))
        for rule in ["forbidden-attribute", "sensitive-value", "session-duplicate-start"] {
            XCTAssertTrue(rules.contains(rule), "the input should trigger \(rule); got \(rules.sorted())")
        }
        // The findings themselves carry the values (for library callers); the reporters must not print them.
        XCTAssertTrue(report.diagnostics.contains { $0.session == Self.email })
        let context = ReportContext(files: 1, extraSummary: report.extraSummary)
        for kind in ReporterKind.allCases {
            let output = kind.reporter.render(report.diagnostics, context: context)
            XCTAssertFalse(output.isEmpty)
            for secret in Self.secrets {
                XCTAssertFalse(output.contains(secret), "\(kind.rawValue) reporter prints '\(secret)'")
            }
            XCTAssertTrue(output.contains("ja***"), "\(kind.rawValue) reporter shows the masked e-mail")
        }
    }

    func testRedactionKeepsOrdinaryText() {
        let d = Diagnostic(.error, rule: "unknown-attribute",
                           message: "'sesion.id' is not defined (did you mean 'session.id'?); line is 16777216 bytes",
                           at: SourceLocation(file: "f", line: 1), fix: "rename it to 'session.id'",
                           attribute: "sesion.id", event: "session.start", session: "3f2c9a1e-7b4d-4c1a-9e8f-0a1b2c3d4e5f",
                           path: "resourceLogs[0].attributes[\"sesion.id\"]")
        XCTAssertEqual(d.redacted(), d)
        let e = Diagnostic(.error, rule: "x", message: "session '\(Self.email)' started again; it's bad",
                           at: SourceLocation(file: "f"), path: "attributes[\"\(Self.email)\"]")
        XCTAssertEqual(e.redacted().message, "session 'ja***' started again; it's bad")
        XCTAssertEqual(e.redacted().path, "attributes[\"ja***\"]")
    }
}
