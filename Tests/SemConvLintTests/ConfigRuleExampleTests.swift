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
        default: ConfigLinter.lintPromtail(text: text, file: "example.yaml", registry: registry)
        }
    }

    func testEveryExampleFiresExactlyAtItsMarkers() {
        var examples = 0
        for rule in ConfigLinter.rules {
            XCTAssertEqual(rule.category, .config, rule.id)
            for (example, triggering) in rule.triggering.map({ ($0, true) }) + rule.nonTriggering.map({ ($0, false) }) {
                examples += 1
                XCTAssertTrue([.alloy, .promtail].contains(example.format), rule.id)
                XCTAssertEqual(example.unmarked.markers.isEmpty, !triggering, "\(rule.id): \(example.input)")
                let text = example.unmarked.text
                for problem in example.mismatches(Self.lint(example, text: text), rule: rule.id) {
                    XCTFail("\(rule.id): \(problem)\n\(example.input)")
                }
                guard example.format == .alloy else { continue }
                // The same behind "/* 🙂 */ " on every line: columns shift by 9 scalars (13 bytes).
                let prefix = "/* 🙂 */ "
                let shifted = RuleExample(.alloy, example.input.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { prefix + $0 }.joined(separator: "\n"))
                for problem in shifted.mismatches(Self.lint(shifted, text: shifted.unmarked.text), rule: rule.id) {
                    XCTFail("\(rule.id) behind a multi-byte prefix: \(problem)\n\(shifted.input)")
                }
            }
        }
        XCTAssertGreaterThan(examples, 30)
    }

    /// Every rule but the one about unreadable files has examples; ids are unique and kebab-case.
    func testDescriptionsAreComplete() {
        let ids = ConfigLinter.rules.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        for rule in ConfigLinter.rules {
            XCTAssertNotNil(rule.fix, rule.id)
            XCTAssertFalse(rule.summary.isEmpty, rule.id)
            XCTAssertTrue(rule.id.allSatisfy { $0.isLowercase || $0 == "-" }, rule.id)
            if rule.id != "config-unreadable" {
                XCTAssertFalse(rule.triggering.isEmpty, "\(rule.id) has no triggering example")
                XCTAssertFalse(rule.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
            }
        }
    }
}
