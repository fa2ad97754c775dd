import Foundation
import SemConvModel
import XCTest
@testable import SemConvLint

/// Every config rule's examples are its tests: triggering examples fire exactly at their `↓` markers (line and
/// column) and nowhere else, non-triggering ones stay silent. Alloy examples run again behind a multi-byte prefix on
/// every line, so a column counted in bytes would show.
final class ConfigRuleExampleTests: XCTestCase {
    static let registry = ConfigLintTests.registry

    static func lint(_ example: RuleExample, text: String) -> [Diagnostic] {
        switch example.format {
        case .alloy: ConfigLinter.lintAlloy(bytes: Array(text.utf8), file: "example.alloy", registry: registry)
        case .collector: ConfigLinter.lintCollector(text: text, file: "example.yaml", registry: registry)
        default: ConfigLinter.lintPromtail(text: text, file: "example.yaml", registry: registry)
        }
    }

    func testEveryExampleFiresExactlyAtItsMarkers() {
        for rule in ConfigLinter.rules {
            XCTAssertEqual(rule.category, .config, rule.id)
            XCTAssertTrue((rule.triggering + rule.nonTriggering).allSatisfy { [.alloy, .promtail, .collector].contains($0.format) }, rule.id)
            for problem in rule.exampleMismatches({ Self.lint($0, text: $0.unmarked.text) }) {
                XCTFail("\(rule.id): \(problem)")
            }
            // The Alloy ones again behind "/* 🙂 */ " on every line: columns shift by 9 scalars (13 bytes).
            var shifted = rule
            shifted.triggering = rule.triggering.filter { $0.format == .alloy }.map(Self.behindPrefix)
            shifted.nonTriggering = rule.nonTriggering.filter { $0.format == .alloy }.map(Self.behindPrefix)
            for problem in shifted.exampleMismatches({ Self.lint($0, text: $0.unmarked.text) }) {
                XCTFail("\(rule.id) behind a multi-byte prefix: \(problem)")
            }
        }
        XCTAssertGreaterThan(ConfigLinter.rules.map { $0.triggering.count + $0.nonTriggering.count }.reduce(0, +), 30)
    }

    static func behindPrefix(_ example: RuleExample) -> RuleExample {
        RuleExample(.alloy, example.input.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "/* 🙂 */ " + $0 }.joined(separator: "\n"))
    }

    /// Every rule has examples, but those about inputs that cannot be read (a missing file, empty standard input);
    /// ids are unique and kebab-case.
    func testDescriptionsAreComplete() {
        let ids = ConfigLinter.rules.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        for rule in ConfigLinter.rules {
            XCTAssertNotNil(rule.fix, rule.id)
            XCTAssertFalse(rule.summary.isEmpty, rule.id)
            XCTAssertTrue(rule.id.allSatisfy { $0.isLowercase || $0 == "-" }, rule.id)
            if !["config-unreadable", "empty-input"].contains(rule.id) {
                XCTAssertFalse(rule.triggering.isEmpty, "\(rule.id) has no triggering example")
                XCTAssertFalse(rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
            }
        }
    }
}
