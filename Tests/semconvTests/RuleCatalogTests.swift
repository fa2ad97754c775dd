import Foundation
import SemConvLint
import SemConvModel
import XCTest

@testable import semconv

enum Paths {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static var readme: String { packageRoot + "/README.md" }
    static var fixtures: String { packageRoot + "/Tests/semconvTests/Fixtures" }
}

/// One catalog describes every rule: `semconv rules`, the README tables and SARIF rule metadata come from it.
final class RuleCatalogTests: XCTestCase {
    func testIdsAreUniqueAndEveryRuleHasASummary() {
        let ids = RuleCatalog.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "duplicate rule ids")
        for rule in RuleCatalog.all {
            XCTAssertFalse(rule.summary.isEmpty, rule.id)
        }
        let aliases = RuleCatalog.all.flatMap(\.aliases)
        XCTAssertEqual(Set(Linter.ruleIDs).subtracting(ids + aliases), [], "lint rules missing from the catalog")
    }

    /// Every rule id a source file emits (`rule: "…"`, `report(…, "…"`) is described.
    func testEveryEmittedRuleIsDescribed() throws {
        let pattern = try NSRegularExpression(pattern: #"(?:rule: |report\((?:\.(?:error|warning|info), )?)"([a-z0-9]+(?:-[a-z0-9]+)+)""#)
        var emitted = Set<String>()
        let sources = Paths.packageRoot + "/Sources"
        for case let file as String in FileManager.default.enumerator(atPath: sources)! where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                emitted.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        // Telemetry rules are emitted through `TelemetryRuleID` (checked against the catalog above), not literals.
        XCTAssertGreaterThan(emitted.count, 25)
        XCTAssertEqual(emitted.subtracting(RuleCatalog.all.map(\.id)).sorted(), [])
    }

    /// The README's rule tables are `semconv rules --format markdown`, region by region. `SEMCONV_RECORD=1 swift
    /// test` rewrites them (and fails, so a recording never passes unnoticed).
    func testReadmeRuleTablesAreCurrent() throws {
        let readme = try String(contentsOfFile: Paths.readme, encoding: .utf8)
        var updated = readme
        for category in RuleCategory.allCases {
            let rules = RuleCatalog.all.filter { $0.category == category }
            let open = "<!-- rules:\(category.rawValue) -->\n", close = "<!-- /rules -->"
            guard let start = updated.range(of: open) else {
                XCTAssertTrue(rules.isEmpty, "README has no '\(open)' region for the \(category) rules")
                continue
            }
            guard let end = updated.range(of: close, range: start.upperBound..<updated.endIndex) else {
                return XCTFail("README: '\(open)' is never closed by '\(close)'")
            }
            updated.replaceSubrange(start.upperBound..<end.lowerBound, with: RuleDocumentation.markdownTable(rules))
        }
        if updated != readme, ProcessInfo.processInfo.environment["SEMCONV_RECORD"] != nil {
            try updated.write(toFile: Paths.readme, atomically: true, encoding: .utf8)
            XCTFail("recorded the README's rule tables; review 'git diff README.md'")
            return
        }
        XCTAssertTrue(updated == readme, "README rule tables are stale: run 'SEMCONV_RECORD=1 swift test --filter RuleCatalogTests'")
    }

    /// SARIF `helpUri` points at `#rule-ID`: every rule has that anchor in the README.
    func testEveryHelpLinkResolvesToAReadmeAnchor() throws {
        let readme = try String(contentsOfFile: Paths.readme, encoding: .utf8)
        for rule in RuleCatalog.all {
            let uri = SemConvVersion.helpURI(rule: rule.id)
            let anchor = String(uri[uri.index(after: uri.firstIndex(of: "#")!)...])
            XCTAssertTrue(readme.contains("<a id=\"\(anchor)\"></a>"), "README lacks the anchor \(anchor)")
        }
    }

    func testRulesCommandFormats() throws {
        let json = RuleDocumentation.render(RuleCatalog.all, as: .json)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        XCTAssertEqual(parsed.count, RuleCatalog.all.count)
        XCTAssertEqual(parsed.first?["id"] as? String, RuleCatalog.all.first?.id)
        let one = RuleDocumentation.render(RuleCatalog.all.filter { $0.id == "sensitive-value" }, as: .text)
        XCTAssertTrue(one.hasPrefix("sensitive-value (telemetry, default error)\n"), one)
        XCTAssertTrue(one.contains("  docs: \(SemConvVersion.helpURI(rule: "sensitive-value"))"), one)
        let text = RuleDocumentation.render(RuleCatalog.all, as: .text)
        XCTAssertEqual(text.split(separator: "\n").count, RuleCatalog.all.count)
        let offLine = text.split(separator: "\n").first { $0.hasPrefix("recommended-attribute-missing ") }
        XCTAssertTrue(offLine?.contains(" off ") ?? false, "rules off by default say so")
        // JSON says it the same way: a severity, or "off" (never null).
        let off = parsed.first { $0["id"] as? String == "recommended-attribute-missing" }
        XCTAssertEqual(off?["defaultSeverity"] as? String, "off")
        XCTAssertTrue(parsed.allSatisfy { ["off", "info", "warning", "error"].contains($0["defaultSeverity"] as? String ?? "") })
    }
}
