import Foundation
import SemConvModel
import XCTest

/// Every `check` rule's examples are its tests: each example is the one file of a registry; triggering examples
/// fire exactly at their `↓` markers (line and column) and nowhere else, non-triggering ones stay silent.
final class RegistryRuleExampleTests: XCTestCase {
    /// Rules whose input cannot be written as an example (huge, missing or unreadable files, alias bombs): each has
    /// a dedicated test in HostileInputTests or a fixture under Fixtures/check.
    static let testedElsewhere: Set = ["file-too-large", "unreadable-input", "unreadable-file", "yaml-too-large"]

    func findings(_ text: String) throws -> [Diagnostic] {
        let dir = try TempDirectory()
        try dir.write("registry.yaml", text)
        return RegistryLoader.load(roots: [dir.path]).diagnostics
    }

    func testEveryExampleFiresExactlyAtItsMarkers() throws {
        for rule in RegistryChecks.rules {
            XCTAssertEqual(rule.category, .registry, rule.id)
            XCTAssertTrue((rule.triggering + rule.nonTriggering).allSatisfy { $0.format == .yaml }, rule.id)
            for problem in try rule.exampleMismatches({ try findings($0.unmarked.text) }) {
                XCTFail("\(rule.id): \(problem)")
            }
            // A non-triggering example is a clean registry file: no errors of any rule.
            for example in rule.nonTriggering {
                XCTAssertEqual(try findings(example.unmarked.text).filter { $0.severity == .error }.map { "\($0.rule) \($0.location)" },
                               [], "\(rule.id): \(example.input)")
            }
        }
        XCTAssertGreaterThan(RegistryChecks.rules.map { $0.triggering.count + $0.nonTriggering.count }.reduce(0, +), 30)
    }

    func testDescriptionsAreComplete() {
        let ids = RegistryChecks.rules.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        for rule in RegistryChecks.rules {
            XCTAssertNotNil(rule.fix, rule.id)
            if !Self.testedElsewhere.contains(rule.id) {
                XCTAssertFalse(rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            }
        }
    }
}
