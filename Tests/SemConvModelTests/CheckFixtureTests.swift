import Foundation
import SemConvModel
import XCTest

/// Each folder under Fixtures/check is a broken registry; `expected.txt` beside it lists every finding as
/// `FILE:LINE:COL: severity [rule]`. The test loads the folder and compares, so each rule's position is asserted.
final class CheckFixtureTests: XCTestCase {
    func fixtureDirectories() throws -> [String] {
        let root = TestPaths.fixtures + "/check"
        return try FileManager.default.contentsOfDirectory(atPath: root).sorted().map { root + "/" + $0 }
    }

    func testEveryFixtureReportsExactlyItsExpectedFindings() throws {
        let dirs = try fixtureDirectories()
        XCTAssertGreaterThan(dirs.count, 15)
        for dir in dirs {
            let expected = try String(contentsOfFile: dir + "/expected.txt", encoding: .utf8)
                .split(separator: "\n").map(String.init)
            let result = RegistryLoader.load(roots: [dir])
            let actual = result.diagnostics.map { d in
                "\((d.location.file as NSString).lastPathComponent):\(d.location.line):\(d.location.column): \(d.severity.rawValue) [\(d.rule)]"
            }
            XCTAssertEqual(actual, expected, "fixture \((dir as NSString).lastPathComponent)")
        }
    }

    /// Rules without examples (their input cannot be written as one) have a fixture here or a dedicated test.
    func testEveryRuleWithoutExamplesHasAFixtureOrADedicatedTest() throws {
        let fixtureNames = Set(try fixtureDirectories().map { ($0 as NSString).lastPathComponent })
        // These need generated input (huge files, missing paths, unreadable files): see HostileInputTests.
        let testedElsewhere: Set = ["file-too-large", "unreadable-input", "unreadable-file"]
        for rule in RegistryChecks.rules where rule.triggering.isEmpty && !testedElsewhere.contains(rule.id) {
            XCTAssertTrue(fixtureNames.contains(rule.id), "no fixture for rule \(rule.id)")
            let expected = try String(contentsOfFile: TestPaths.fixtures + "/check/\(rule.id)/expected.txt", encoding: .utf8)
            XCTAssertTrue(expected.contains("[\(rule.id)]"), "fixture for \(rule.id) does not produce it")
        }
    }

    func testMessagesSuggestTheNearestName() {
        let result = RegistryLoader.load(roots: [TestPaths.fixtures + "/check/undefined-reference"])
        let messages = result.diagnostics.map(\.message)
        XCTAssertTrue(messages.contains("reference to undefined attribute 'demo.nam' (did you mean 'demo.name'?)"), "\(messages)")
        let unknown = RegistryLoader.load(roots: [TestPaths.fixtures + "/check/unknown-key"]).diagnostics
        XCTAssertEqual(unknown.first?.message, "unknown key 'stabilty' in attribute in group 'registry.demo' (did you mean 'stability'?)")
        XCTAssertNotNil(unknown.first?.fix)
    }

    func testDuplicateDefinitionsNameBothPlaces() throws {
        let result = RegistryLoader.load(roots: [TestPaths.fixtures + "/check/duplicate-id"])
        let attribute = try XCTUnwrap(result.diagnostics.first { $0.attribute == "demo.name" })
        XCTAssertTrue(attribute.message.contains("a.yaml:6:13"), attribute.message)
        XCTAssertEqual(attribute.related.map(\.line), [6])
    }
}
