import Foundation
import SemConvLint
import SemConvModel
import XCTest

/// Every telemetry rule's examples are its tests: findings of that rule land exactly at the `↓` markers of a
/// triggering example and nowhere in a non-triggering one. Each example also runs with a multi-byte member
/// inserted at the start of every JSON object line, which shifts columns by scalars, not bytes.
///
/// Example context keys: `registry` (a YAML registry file loaded next to the bundled model), `rules` (a `--rules`
/// file), `prefix: no` (skip the multi-byte run, e.g. for pretty-printed documents).
final class TelemetryRuleExampleTests: XCTestCase {
    typealias T = TelemetryTestSupport

    /// Inserted after the `{` of each line that starts an object: 13 scalars, 18 bytes.
    static let pad = "\"pad\":\"ü🙂é\","

    func testEveryTelemetryRuleHasADescriptionWithExamples() {
        let rules = TelemetryLinter.rules
        XCTAssertEqual(Set(rules.map(\.id)).count, rules.count, "rule ids are unique")
        XCTAssertEqual(rules.map(\.id).sorted(), TelemetryLinter.ruleIDs.sorted())
        let aliases = rules.flatMap(\.aliases)
        XCTAssertTrue(Set(aliases).isDisjoint(with: rules.map(\.id)))
        XCTAssertTrue(aliases.contains("session-timestamp-backwards"))
        for rule in rules {
            XCTAssertEqual(rule.category, .telemetry, rule.id)
            XCTAssertFalse(rule.summary.isEmpty, rule.id)
            XCTAssertTrue(rule.triggering.allSatisfy { $0.format == .ndjson } && rule.nonTriggering.allSatisfy { $0.format == .ndjson })
        }
        // Rules reported on records need examples of both kinds; the readers' rules are tested in TelemetryRuleTests
        // (invalid-frame, binary input only, in BinaryInputTests and BinaryHostileInputTests).
        let readerRules: Set = ["nesting-too-deep", "line-too-long", "input-unreadable", "no-telemetry", "invalid-utf8",
                                "invalid-frame", "live-request-rejected"]
        for rule in rules where !readerRules.contains(rule.id) {
            XCTAssertFalse(rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            XCTAssertFalse(rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
        }
    }

    /// The README's telemetry rule table lists every rule (and no retired id as a rule of its own).
    func testReadmeListsEveryTelemetryRule() throws {
        let readme = try String(contentsOf: T.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "## Linting telemetry"),
              let end = readme.range(of: "## Linting Alloy and Promtail configs") else {
            return XCTFail("README sections missing")
        }
        let section = readme[start.upperBound..<end.lowerBound]
        for rule in TelemetryLinter.rules {
            XCTAssertTrue(section.contains("<a id=\"rule-\(rule.id)\"></a>`\(rule.id)`"), "README rule table lacks \(rule.id)")
        }
    }

    func testExamplesFireExactlyAtTheirMarkers() throws {
        for rule in TelemetryLinter.rules {
            for (n, example) in rule.triggering.enumerated() {
                try check(rule, example, "\(rule.id) triggering #\(n + 1)")
            }
            for (n, example) in rule.nonTriggering.enumerated() {
                try check(rule, example, "\(rule.id) non-triggering #\(n + 1)")
            }
        }
    }

    private func check(_ rule: RuleDescription, _ example: RuleExample, _ name: String) throws {
        let (text, markers) = example.unmarked
        let expected = markers.map { "\($0.line):\($0.column)" }
        XCTAssertEqual(try findings(rule, text, example), expected, name)
        guard example.context["prefix"] != "no" else { return }
        // The same example behind a multi-byte member on every object line.
        var shifted: [String] = []
        var moved: Set<Int> = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("{\""), !line.hasPrefix("{\"\"") {
                shifted.append("{" + Self.pad + line.dropFirst())
                moved.insert(i + 1)
            } else {
                shifted.append(String(line))
            }
        }
        let padWidth = Self.pad.unicodeScalars.count
        let expectedShifted = markers.map { m in
            "\(m.line):\(moved.contains(m.line) && m.column > 1 ? m.column + padWidth : m.column)"
        }
        XCTAssertEqual(try findings(rule, shifted.joined(separator: "\n"), example), expectedShifted,
                       name + " (multi-byte prefix)")
    }

    /// `line:column` of the findings of `rule` on `text`, in report order.
    private func findings(_ rule: RuleDescription, _ text: String, _ example: RuleExample) throws -> [String] {
        var registry = T.registry
        if let yaml = example.context["registry"] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("semconv-example-\(getpid())-\(abs(yaml.hashValue))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            try yaml.write(to: dir.appendingPathComponent("registry.yaml"), atomically: true, encoding: .utf8)
            let loaded = RegistryLoader.load(roots: [dir.path, T.packageRoot.appendingPathComponent("model").path],
                                             checks: false)
            XCTAssertFalse(loaded.inputUnusable, "example registry of \(rule.id)")
            XCTAssertEqual(loaded.diagnostics.filter { $0.severity == .error }.map(\.message), [], rule.id)
            registry = loaded.registry
        }
        var settings = RuleSettings()
        if let rules = example.context["rules"] {
            let path = T.temp("example-rules.yaml", Data(rules.utf8))
            let (parsed, problems) = RuleSettings.load(path: path, knownRules: Linter.ruleIDs)
            XCTAssertEqual(problems.map(\.message), [], rule.id)
            settings = parsed
        }
        let options = LintOptions(registry: registry, rules: settings)
        let report = Linter.lint(telemetry: Array(text.utf8), file: "example.ndjson", options: options)
        return report.diagnostics.filter { $0.rule == rule.id }.map { "\($0.location.line):\($0.location.column)" }
    }
}
