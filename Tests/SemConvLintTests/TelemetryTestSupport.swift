import Foundation
import SemConvLint
import SemConvModel
import XCTest

/// Shared helpers: the bundled registry (loaded once), temp files, and a compact finding format.
enum TelemetryTestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/SemConvLintTests/Fixtures/telemetry")

    static let registry: Registry = {
        let result = RegistryLoader.load(roots: [packageRoot.appendingPathComponent("model").path], checks: false)
        precondition(!result.inputUnusable, "bundled model unusable")
        return result.registry
    }()

    static func temp(_ name: String, _ contents: Data) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("semconv-lint-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try? contents.write(to: url)
        return url.path
    }

    static func options(input: InputKind = .auto, rules: [String: RuleSetting] = [:], jobs: Int = 1,
                        parallelMinBytes: Int = 256 << 10, maxLineLength: Int = 16 << 20) -> LintOptions {
        var o = LintOptions(registry: registry, input: input, rules: RuleSettings(overrides: rules), jobs: jobs,
                            maxLineLength: maxLineLength)
        o.parallelMinBytes = parallelMinBytes
        return o
    }

    /// Lints NDJSON text (lines joined with "\n").
    static func lint(_ lines: [String], input: InputKind = .auto, rules: [String: RuleSetting] = [:],
                     name: String = "t.ndjson") -> LintReport {
        let path = temp(name, Data(lines.joined(separator: "\n").utf8))
        return Linter.run(paths: [path], options: options(input: input, rules: rules))
    }

    /// `line:col severity rule attribute path`, one finding per line (the expected-findings format).
    static func compact(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { d in
            "\(d.location.line):\(d.location.column) \(d.severity.rawValue) \(d.rule) \(d.attribute ?? "-") \(d.path ?? "-")"
        }.joined(separator: "\n") + (diagnostics.isEmpty ? "" : "\n")
    }
}

/// Builds OTLP/JSON log lines for rule tests.
enum OTLP {
    static func attr(_ key: String, _ value: String) -> String { "{\"key\":\"\(key)\",\"value\":\(value)}" }
    static func s(_ v: String) -> String { "{\"stringValue\":\"\(v)\"}" }

    static let context = [attr("device.id", s("dev-1")), attr("service.version", s("1.0")), attr("os.name", s("iOS"))]

    /// One resourceLogs line with one record.
    static func log(event: String? = nil, time: Double = 1_772_359_200, attrs: [String], resource: [String] = context,
                    body: String? = nil) -> String {
        var rec = "\"timeUnixNano\":\"\(Int64(time * 1e9))\""
        if let event { rec += ",\"eventName\":\"\(event)\"" }
        if let body { rec += ",\"body\":\(body)" }
        rec += ",\"attributes\":[\(attrs.joined(separator: ","))]"
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":[\(resource.joined(separator: ","))]},\"scopeLogs\":[{\"scope\":{\"name\":\"t\"},\"logRecords\":[{\(rec)}]}]}]}"
    }

    static func session(_ id: String, event: String? = "screen.view", at offset: Double = 0, previous: String? = nil,
                        extra: [String] = [], device: String = "dev-1") -> String {
        var attrs = [attr("session.id", s(id))]
        if let previous { attrs.append(attr("session.previous_id", s(previous))) }
        attrs += extra
        let resource = [attr("device.id", s(device)), attr("service.version", s("1.0")), attr("os.name", s("iOS"))]
        return log(event: event, time: 1_772_359_200 + offset, attrs: attrs, resource: resource)
    }
}
