import Foundation
import SemConvModel
import XCTest
@testable import SemConvLint

/// What `semconv lint` makes of its inputs (Fixtures/Config/inputs): configs told by content, directories and
/// configs split over files read as their tools load them, forced kinds checked against the content. Standard input
/// is covered by Tests/cli-test.sh.
final class ConfigInputTests: XCTestCase {
    static let inputs = ConfigLintTests.fixtures + "/inputs"

    func run(_ paths: [String], input: InputKind = .auto, rules: RuleSettings = RuleSettings()) -> LintReport {
        Linter.run(paths: paths.map { Self.inputs + "/" + $0 },
                   options: LintOptions(registry: ConfigLintTests.registry, input: input, rules: rules))
    }

    /// `file:line:col rule`, the file relative to the inputs directory.
    func summary(_ report: LintReport) -> [String] {
        report.diagnostics.map {
            "\($0.location.file.replacingOccurrences(of: Self.inputs + "/", with: "")):\($0.location.line):\($0.location.column) \($0.rule)"
        }
    }

    /// A directory is one Alloy config, as `alloy run DIR` loads it; so are `.alloy` files of one directory named
    /// together: references across the files resolve, external_labels of write.alloy count.
    func testAConfigSplitOverFilesIsOneConfig() {
        let directory = run(["split"])
        XCTAssertEqual(summary(directory), ["split/process.alloy:7:16 unbounded-label"])
        XCTAssertEqual(directory.files, 3)
        XCTAssertFalse(directory.inputUnusable)
        let named = run(["split/sources.alloy", "split/process.alloy", "split/write.alloy"])
        XCTAssertEqual(summary(named), ["split/process.alloy:7:16 unbounded-label"])
        // One file alone is not the config: the reference is unresolved, and the fix names where it is declared.
        let alone = run(["split/process.alloy"])
        XCTAssertEqual(summary(alone), ["split/process.alloy:2:17 component-not-found", "split/process.alloy:7:16 unbounded-label"])
        XCTAssertEqual(alone.diagnostics.first?.fix,
                       "'loki.write.default' is declared in \(Self.inputs)/split/write.alloy: Alloy loads the .alloy files of a directory as one config, so lint them together: semconv lint \(Self.inputs)/split/")
    }

    /// Files that declare the same block are not one config: each is read alone. A directory with such files is
    /// a config Alloy refuses (`duplicate-component`).
    func testFilesThatDeclareTheSameBlockAreSeparateConfigs() throws {
        let directory = NSTemporaryDirectory() + "config-inputs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let write = "loki.write \"default\" {\n  endpoint {\n    url = \"http://loki:3100/loki/api/v1/push\"\n  }\n}\n"
        try write.write(toFile: directory + "/a.alloy", atomically: true, encoding: .utf8)
        try write.write(toFile: directory + "/b.alloy", atomically: true, encoding: .utf8)
        let options = LintOptions(registry: ConfigLintTests.registry)
        XCTAssertEqual(Linter.run(paths: [directory + "/a.alloy", directory + "/b.alloy"], options: options).diagnostics, [])
        let whole = Linter.run(paths: [directory], options: options).diagnostics
        XCTAssertEqual(whole.map { "\($0.location.line):\($0.location.column) \($0.rule) \($0.message)" },
                       ["1:1 duplicate-component block loki.write.default already declared at \(directory)/a.alloy:1:1"])
    }

    /// A directory without `.alloy` files, or one given with another forced kind, cannot be read: exit status 2.
    func testDirectoriesWithoutAConfig() {
        let empty = run(["no-alloy"])
        XCTAssertTrue(empty.inputUnusable)
        XCTAssertEqual(empty.diagnostics.map { "\($0.rule) \($0.message)" },
                       ["config-unreadable '\(Self.inputs)/no-alloy' is a directory without .alloy files"])
        let forced = run(["split"], input: .promtail)
        XCTAssertTrue(forced.inputUnusable)
        XCTAssertEqual(forced.diagnostics.map(\.rule), ["config-unreadable"])
    }

    /// Configs are told by their content: a Promtail config without scrape_configs, a Collector config in two files
    /// (merged as `otelcol --config A --config B`), other YAML as one finding (never one invalid-json per line).
    func testContentTellsTheKind() {
        XCTAssertEqual(summary(run(["promtail-without-scrape-configs.yaml"])), [])
        XCTAssertEqual(ConfigLinter.detect(path: Self.inputs + "/promtail-without-scrape-configs.yaml"), .promtail)
        XCTAssertEqual(summary(run(["collector-processors.yaml", "collector-service.yaml"])),
                       ["collector-processors.yaml:6:16 unbounded-label"])
        let manifest = run(["configmap.yaml"])
        XCTAssertEqual(summary(manifest), ["configmap.yaml:1:1 no-config"])
        XCTAssertEqual(manifest.diagnostics.first?.message,
                       "'\(Self.inputs)/configmap.yaml' is a Kubernetes manifest, neither telemetry nor a config semconv lint reads (Alloy, Promtail, OpenTelemetry Collector)")
        XCTAssertTrue(manifest.extraSummary.isEmpty, "no telemetry summary for a config input")
    }

    /// JSON lines whose first line is not an object (a JSON scalar, a damaged or foreign line) are telemetry: the
    /// odd line is reported on its own and the lines after it are read (they were once one `no-config` for the
    /// whole file). Text with a JSON snippet here and there stays text.
    func testJSONLinesAfterAnOddFirstLineAreTelemetry() {
        let record = #"{"event":"session_start","session_id":"s1","device_id":"d1","timestamp":"2026-03-01T10:00:00Z","password":"hunter2"}"#
        for first in ["null", " null", "null ", "42", "\"x\"", "true", "garbage line", "{\"event\":\"x\",\"ok\":tru}"] {
            for end in ["\n", "\r\n"] {
                let text = ([first] + Array(repeating: record, count: 3)).joined(separator: end)
                XCTAssertEqual(ConfigContent.detect(Array(text.utf8)[...]), .telemetry, "\(first) \(end.count)")
            }
        }
        for text in ["# Notes\nSome text.\n{\"a\":1}\nMore text.\n", "hello\nworld\n", "\"a\",\"b\"\n1,2\n",
                     "\"quoted title\"\nsome prose here\nmore prose\n", "42\n1,2\n3,4\n", "null\r\nprose\r\n"] {
            XCTAssertEqual(ConfigContent.detect(Array(text.utf8)[...]), .text, text)
        }
        // A Promtail config with CRLF line ends is still one (a CRLF is one `Character`).
        let promtail = "server:\r\n  http_listen_port: 9080\r\nscrape_configs:\r\n  - job_name: x\r\n"
        XCTAssertEqual(ConfigContent.detect(Array(promtail.utf8)[...]), .promtail)
        let path = TelemetryTestSupport.temp("odd-first.ndjson", Data((["null"] + [record, record]).joined(separator: "\n").utf8))
        let report = Linter.run(paths: [path], options: LintOptions(registry: ConfigLintTests.registry))
        let rules = report.diagnostics.map { "\($0.location.line) \($0.rule)" }
        XCTAssertTrue(rules.contains("1 unknown-input"), "\(rules)")
        XCTAssertTrue(rules.contains { $0.hasPrefix("2 ") } && rules.contains { $0.hasPrefix("3 ") }, "\(rules)")
        XCTAssertFalse(rules.contains { $0.hasSuffix("no-config") }, "\(rules)")

        // Pretty-printed documents after a JSON value: the value is one odd document, the documents are read.
        let pretty = "42\n{\n  \"event\": \"session_start\",\n  \"session_id\": \"s1\",\n  \"device_id\": \"d1\",\n"
            + "  \"timestamp\": \"2026-03-01T10:00:00Z\"\n}\n"
        let prettyPath = TelemetryTestSupport.temp("odd-first-pretty.json", Data(pretty.utf8))
        let prettyReport = Linter.run(paths: [prettyPath], options: LintOptions(registry: ConfigLintTests.registry))
        let prettyRules = prettyReport.diagnostics.map { "\($0.location.line) \($0.rule)" }
        XCTAssertTrue(prettyRules.contains("1 unknown-input"), "\(prettyRules)")
        XCTAssertFalse(prettyRules.contains { $0.hasSuffix("invalid-json") }, "\(prettyRules)")
        XCTAssertTrue(prettyRules.contains { $0.hasPrefix("2 ") }, "the document is checked: \(prettyRules)")
    }

    /// A forced kind the content contradicts is one `no-config` finding (exit status 1, like `no-telemetry`).
    func testForcedKindsAreCheckedAgainstTheContent() {
        XCTAssertEqual(summary(run(["to-otlp.alloy"], input: .promtail)), ["to-otlp.alloy:1:1 no-config"])
        XCTAssertEqual(summary(run(["to-otlp.alloy"], input: .collector)), ["to-otlp.alloy:1:1 no-config"])
        XCTAssertEqual(summary(run(["collector-service.yaml"], input: .promtail)), ["collector-service.yaml:1:1 no-config"])
        XCTAssertEqual(summary(run(["promtail-without-scrape-configs.yaml"], input: .collector)),
                       ["promtail-without-scrape-configs.yaml:1:1 no-config"])
        XCTAssertEqual(run(["collector-service.yaml"], input: .promtail).diagnostics.first?.message,
                       "'\(Self.inputs)/collector-service.yaml' holds no Promtail config: it is an OpenTelemetry Collector config, but the input kind is forced to promtail")
        XCTAssertEqual(summary(run(["promtail-without-scrape-configs.yaml"], input: .promtail)), [])
    }

    /// The reverse: a telemetry kind forced on a config (or other YAML) is one `no-telemetry` finding, not one
    /// `invalid-json` per line; text that may be broken telemetry is still read line by line.
    func testForcedTelemetryKindsAreCheckedAgainstTheContent() throws {
        XCTAssertEqual(summary(run(["to-otlp.alloy"], input: .otlp)), ["to-otlp.alloy:1:1 no-telemetry"])
        XCTAssertEqual(summary(run(["configmap.yaml"], input: .events)), ["configmap.yaml:1:1 no-telemetry"])
        let collector = run(["collector-service.yaml"], input: .faro)
        XCTAssertEqual(collector.files, 1)
        XCTAssertEqual(collector.diagnostics.map(\.message), [
            "'\(Self.inputs)/collector-service.yaml' holds no Faro payload (meta, events, logs, exceptions, measurements): it is an OpenTelemetry Collector config, but the input kind is forced to faro",
        ])
        XCTAssertEqual(collector.diagnostics.first?.fix,
                       "drop the forced kind (--input, lint.input) to lint it as the config it is, or force '--input collector'")
        let path = NSTemporaryDirectory() + "broken-\(UUID().uuidString).ndjson"
        try "not json\n{\"resourceLogs\": []}\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let broken = Linter.run(paths: [path], options: LintOptions(registry: ConfigLintTests.registry, input: .otlp))
        XCTAssertEqual(broken.diagnostics.first?.rule, "invalid-json")
    }

    /// Labels of entries sent to otelcol.receiver.loki never reach Loki: no invalid-label-name for `loki.format`.
    func testLabelsOnTheWayToOTLPAreNotJudged() {
        XCTAssertEqual(summary(run(["to-otlp.alloy"])), [])
    }

    /// Turning alloy-syntax off does not hide the rest: the follow-ons it held back are judged on the config as
    /// Alloy's recovering parser reads it.
    func testTurningTheSyntaxRuleOffShowsWhatItHeldBack() {
        XCTAssertEqual(summary(run(["unclosed.alloy"])), ["unclosed.alloy:18:1 alloy-syntax"])
        XCTAssertEqual(run(["unclosed.alloy"]).diagnostics.first?.message,
                       "expected }, got EOF: block stage.json opened at 10:3 is never closed (the '}' at 12:1 lines up with an enclosing block)")
        let off = RuleSettings(overrides: ["alloy-syntax": .off])
        XCTAssertEqual(summary(run(["unclosed.alloy"], rules: off)),
                       ["unclosed.alloy:6:17 component-not-found", "unclosed.alloy:8:16 unbounded-label"])
    }
}
