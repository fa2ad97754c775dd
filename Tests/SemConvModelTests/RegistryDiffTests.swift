import Foundation
@testable import SemConvModel
import XCTest

/// One directory per case under Fixtures/diff: `baseline/` and `current/` registries and `expected.json`, the
/// `semconv diff --format json` document with paths relative to the case directory. Record with SEMCONV_RECORD=1
/// (the recording run fails; review the files in git diff).
final class RegistryDiffTests: XCTestCase {
    func testDiffFixtures() throws {
        let root = TestPaths.fixtures + "/diff"
        let cases = try FileManager.default.contentsOfDirectory(atPath: root).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertEqual(cases, ["attributes", "deprecation-rules", "signals", "text-form"])
        for name in cases {
            let dir = root + "/" + name
            let before = RegistryLoader.load(roots: [dir + "/baseline"])
            let after = RegistryLoader.load(roots: [dir + "/current"], checks: false)
            XCTAssertEqual(before.diagnostics.filter { $0.severity == .error }.map(\.message), [], name)
            XCTAssertEqual(after.diagnostics.filter { $0.severity == .error }.map(\.message), [], name)
            let diff = RegistryDiff.compare(baseline: before.registry, current: after.registry)
            let json = DiffReport(diff: diff, baseline: "baseline", current: ["current"]).json()
                .replacingOccurrences(of: dir + "/", with: "")
            let expectedPath = dir + "/expected.json"
            if ProcessInfo.processInfo.environment["SEMCONV_RECORD"] == "1" {
                try json.write(toFile: expectedPath, atomically: true, encoding: .utf8)
                XCTFail("recorded \(expectedPath)")
                continue
            }
            let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
            XCTAssertEqual(json, expected, "\(name): run with SEMCONV_RECORD=1 and review the diff")
        }
    }

    /// The JSON document is valid JSON with sorted keys, whatever the input order.
    func testJSONIsValidAndSorted() throws {
        let dir = TestPaths.fixtures + "/diff/signals"
        let diff = RegistryDiff.compare(baseline: RegistryLoader.load(roots: [dir + "/baseline"]).registry,
                                        current: RegistryLoader.load(roots: [dir + "/current"]).registry)
        let json = DiffReport(diff: diff, baseline: "b", current: ["c"]).json()
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["baseline", "changes", "current", "generated_symbols_broken", "summary"])
        func checkSorted(_ text: Substring) {
            // Keys at one nesting level appear in sorted order: checked on the first change object.
            let keys = text.split(separator: "\n").filter { $0.hasPrefix("      \"") }.map { $0.split(separator: "\"")[1] }
            XCTAssertEqual(keys, keys.sorted())
        }
        if let first = json.range(of: "\"changes\": [\n    {") {
            let rest = json[first.upperBound...]
            checkSorted(rest[..<(rest.range(of: "\n    }")?.lowerBound ?? rest.endIndex)])
        }
    }

    /// Renames a schema file states: none to the item itself; a deprecation pointed at a new target is a rename
    /// again (as Weaver writes it); template attributes only as comments (a transformation renames whole keys).
    func testSchemaRenamesLeaveOutSelfRenamesAndTemplates() throws {
        let dir = TestPaths.fixtures + "/diff/deprecation-rules"
        let diff = RegistryDiff.compare(baseline: RegistryLoader.load(roots: [dir + "/baseline"]).registry,
                                        current: RegistryLoader.load(roots: [dir + "/current"], checks: false).registry)
        XCTAssertEqual(diff.changes.filter { $0.kind == .renamed }.map { "\($0.name) -> \($0.renamedTo ?? "")" },
                       ["demo.conn.state -> demo.connection.state", "demo.header -> demo.request.header",
                        "demo.state -> demo.connection.state"])
        XCTAssertEqual(diff.changes.filter { $0.kind == .uncategorized }.map(\.name), ["demo.fragment", "demo.subscription"])
        let schema = DiffReport(diff: diff, baseline: "b", current: ["c"]).otelSchema(version: "2.0.0", schemaURL: "https://example.com/2.0.0")
        XCTAssertEqual(schema, """
            file_format: 1.1.0
            schema_url: https://example.com/2.0.0
            versions:
              2.0.0:
                all:
                  changes:
                    - rename_attributes:
                        attribute_map:
                          demo.conn.state: demo.connection.state
                          demo.state: demo.connection.state
                # Template attributes, renamed too; a schema transformation renames whole keys, not key families:
                #   demo.header.<key> -> demo.request.header.<key>

            """)
    }

    func testRenameReadingOfTheOlderStringForm() {
        XCTAssertEqual(DeprecationMeaning.textFormTarget("Replaced by `server.address`."), "server.address")
        XCTAssertEqual(DeprecationMeaning.textFormTarget("Use `user.roles` attribute instead."), "user.roles")
        XCTAssertEqual(DeprecationMeaning.textFormTarget("Deprecated, use `deployment.environment.name` instead."),
                       "deployment.environment.name")
        XCTAssertNil(DeprecationMeaning.textFormTarget("Replaced by `server.address` on client spans and `client.address` on server spans."))
        XCTAssertNil(DeprecationMeaning.textFormTarget("Split to `url.path` and `url.query."))
        XCTAssertNil(DeprecationMeaning.textFormTarget("Removed."))
    }

    func testMarkdownAndTextNameEveryChange() throws {
        let dir = TestPaths.fixtures + "/diff/attributes"
        let diff = RegistryDiff.compare(baseline: RegistryLoader.load(roots: [dir + "/baseline"]).registry,
                                        current: RegistryLoader.load(roots: [dir + "/current"]).registry)
        let report = DiffReport(diff: diff, baseline: "v1", current: ["v2"],
                                brokenSymbols: [GeneratedSymbolChange(symbol: "SemConv.demo.gone", origin: "attribute demo.gone")])
        let text = report.text()
        XCTAssertTrue(text.contains("attribute demo.gone: removed without deprecation\n"), text)
        XCTAssertTrue(text.contains("attribute demo.old_name: renamed to demo.new_name\n"), text)
        XCTAssertTrue(text.contains("    type: int -> string\n"), text)
        XCTAssertTrue(text.contains("    enum_member.value fast: fast -> quick\n"), text)
        XCTAssertTrue(text.contains("attribute demo.level: updated (documentation only)\n"), text)
        XCTAssertTrue(text.contains("    SemConv.demo.gone: removed (attribute demo.gone)\n"), text)
        let markdown = report.markdown()
        XCTAssertTrue(markdown.contains("| Attributes | 1 | 2 | 1 | 1 | 1 | 4 |"), markdown)
        XCTAssertTrue(markdown.contains("- `demo.old_name` → `demo.new_name`"), markdown)
        XCTAssertTrue(markdown.contains("- `demo.gone` — **removed without deprecation**"), markdown)
        XCTAssertTrue(markdown.contains("### Generated Swift that stops compiling\n\n- `SemConv.demo.gone`: removed (attribute demo.gone)"), markdown)
        XCTAssertEqual(report.otelSchema(version: "2.0.0", schemaURL: "https://example.com/schemas/2.0.0"), """
            file_format: 1.1.0
            schema_url: https://example.com/schemas/2.0.0
            versions:
              2.0.0:
                all:
                  changes:
                    - rename_attributes:
                        attribute_map:
                          demo.old_name: demo.new_name

            """)
    }
}
