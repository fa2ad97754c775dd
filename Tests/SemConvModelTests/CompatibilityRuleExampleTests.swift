import Foundation
@testable import SemConvModel
import XCTest

/// Runs every compatibility rule's examples (SwiftLint's `verifyRule`): the input is the current registry, the
/// `baseline` context its earlier version; triggering examples must produce findings of that rule exactly at the
/// `↓` markers and nowhere else, non-triggering ones none. Each example runs a second time behind a comment line
/// with multi-byte characters, which moves every marker one line down.
final class CompatibilityRuleExampleTests: XCTestCase {
    func testRuleIDsAreUniqueAndKebabCase() {
        let ids = CompatibilityChecks.ruleIDs
        XCTAssertEqual(Set(ids).count, ids.count)
        for id in ids {
            XCTAssertTrue(id.allSatisfy { $0.isLowercase || $0 == "-" }, id)
        }
        for d in CompatibilityChecks.descriptions {
            XCTAssertEqual(d.category, .compatibility, d.id)
            XCTAssertFalse(d.triggering.isEmpty, "\(d.id) has no triggering example")
            XCTAssertFalse(d.nonTriggering.isEmpty, "\(d.id) has no non-triggering example")
            XCTAssertNotNil(d.fix, d.id)
        }
    }

    func testEveryExampleFiresExactlyAtItsMarkers() throws {
        for description in CompatibilityChecks.descriptions {
            for (index, example) in (description.triggering + description.nonTriggering).enumerated() {
                for prefix in ["", "# ✓ ünïcødé 🚀\n"] {
                    try verify(description, example, index: index, prefix: prefix)
                }
            }
        }
    }

    func verify(_ description: RuleDescription, _ example: RuleExample, index: Int, prefix: String) throws {
        XCTAssertEqual(example.format, .yaml)
        let dir = try TempDirectory()
        let (text, markers) = RuleExample(.yaml, prefix + example.input).unmarked
        let baselineText = try XCTUnwrap(example.context["baseline"], "\(description.id) example \(index) needs a baseline")
        try dir.write("baseline/registry.yaml", baselineText)
        let current = try dir.write("current/registry.yaml", text)
        // Decoding and resolution only: the registry-wide `check` rules are not what these examples are about
        // (a rename to a missing name, say, is also an `invalid-renamed-to` finding).
        let before = RegistryLoader.load(roots: [dir.path + "/baseline"], checks: false)
        let after = RegistryLoader.load(roots: [dir.path + "/current"], checks: false)
        let label = "\(description.id) example \(index)\(prefix.isEmpty ? "" : " (prefixed)")"
        XCTAssertEqual(before.diagnostics.filter { $0.severity == .error }.map(\.message), [], "\(label): baseline is valid")
        XCTAssertEqual(after.diagnostics.filter { $0.severity == .error }.map(\.message), [], "\(label): input is valid")
        let findings = CompatibilityChecks.check(baseline: before.registry, current: after.registry, only: [description.id])
        let got = findings.map { "\($0.location.file == current ? "current" : $0.location.file):\($0.location.line):\($0.location.column)" }
        let want = markers.map { "current:\($0.line):\($0.column)" }
        XCTAssertEqual(got.sorted(), want.sorted(), "\(label): \(findings.map(\.message))")
        for f in findings {
            XCTAssertEqual(f.rule, description.id)
            XCTAssertEqual(f.severity, description.defaultSeverity)
            XCTAssertNotNil(f.fix)
        }
    }

    /// `check --baseline` reports a new rename to nothing once (the compatibility finding, at renamed_to).
    func testNewRenameToNothingIsReportedOnce() throws {
        let dir = try TempDirectory()
        let example = RenameTargetMissingRule.description.triggering[0]
        try dir.write("baseline/registry.yaml", example.context["baseline"]!)
        try dir.write("current/registry.yaml", example.unmarked.text)
        let before = RegistryLoader.load(roots: [dir.path + "/baseline"], checks: false)
        let after = RegistryLoader.load(roots: [dir.path + "/current"])
        XCTAssertEqual(after.diagnostics.map(\.rule), ["invalid-renamed-to"])
        let merged = CompatibilityChecks.merge(
            check: after.diagnostics, compatibility: CompatibilityChecks.check(baseline: before.registry, current: after.registry))
        XCTAssertEqual(merged.map(\.rule), ["rename-target-missing"])
    }
}
