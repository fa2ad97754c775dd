import Foundation
import SemConvLint
import SemConvModel
import XCTest

@testable import semconv

/// The SARIF output validates against the official SARIF 2.1.0 schema (Fixtures/sarif-schema-2.1.0.json) and maps
/// findings to paths relative to the base, as GitHub code scanning needs. Validation uses Python's `jsonschema`;
/// without python3 and that module the test is skipped, saying so.
final class SARIFSchemaTests: XCTestCase {
    func testOutputValidatesAgainstTheOfficialSchema() throws {
        try requireJSONSchema()
        let dir = NSTemporaryDirectory() + "semconv-sarif-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // One finding of every rule, at an absolute path under the base, plus one outside it and standard input.
        var findings = RuleCatalog.all.enumerated().map { i, rule in
            Diagnostic(rule.defaultSeverity ?? .info, rule: rule.id, message: "finding \(i)",
                       at: SourceLocation(file: dir + "/repo/sub dir/f\(i % 3).ndjson", line: i + 1, column: i % 7),
                       fix: i % 2 == 0 ? "do something" : nil)
        }
        findings.append(Diagnostic(.error, rule: "input-unreadable", message: "x", at: SourceLocation(file: "/outside/x.ndjson")))
        findings.append(Diagnostic(.warning, rule: "invalid-json", message: "x", at: SourceLocation(file: "<stdin>", line: 2, column: 1)))
        let context = ReportContext(files: 3, basePath: dir + "/repo", rules: RuleCatalog.all,
                                    unlisted: UnlistedFindings(errors: 3, infos: 1, hint: "list more with --max-findings-per-rule"))
        let sarif = SARIFReporter().render(findings.sorted(by: Diagnostic.reportOrder), context: context)
        let output = dir + "/out.sarif"
        try sarif.write(toFile: output, atomically: true, encoding: .utf8)
        let (status, message) = python("""
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            doc = json.load(open(sys.argv[2]))
            errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
            for e in errors[:5]: print(list(e.path), e.message)
            sys.exit(1 if errors else 0)
            """, Paths.fixtures + "/sarif-schema-2.1.0.json", output)
        XCTAssertEqual(status, 0, message)

        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try XCTUnwrap((doc["runs"] as? [[String: Any]])?.first)
        let uris = (run["results"] as! [[String: Any]]).map { result -> String in
            let physical = (result["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any]
            return (physical["artifactLocation"] as! [String: Any])["uri"] as! String
        }
        XCTAssertEqual(Set(uris), ["sub%20dir/f0.ndjson", "sub%20dir/f1.ndjson", "sub%20dir/f2.ndjson",
                                   "file:///outside/x.ndjson", SARIFReporter.standardInputURI])
        // Findings over the per-rule cap are a notification of the run.
        let notification = ((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])?.first
        XCTAssertEqual((notification?["message"] as? [String: String])?["text"], "4 findings not listed: list more with --max-findings-per-rule")
        let rules = ((run["tool"] as! [String: Any])["driver"] as! [String: Any])["rules"] as! [[String: Any]]
        XCTAssertEqual(rules.count, RuleCatalog.all.count)
        for rule in rules {
            let id = rule["id"] as! String
            let summary = RuleCatalog.all.first { $0.id == id }?.summary
            XCTAssertEqual((rule["shortDescription"] as? [String: String])?["text"], summary, id)
        }
    }

    /// A file inside a fetched registry source is named by its path in the source, with the source as written as
    /// its base (described, with no URI): never a cache or temporary path.
    func testFilesInFetchedSourcesNameTheSource() throws {
        try requireJSONSchema()
        let dir = NSTemporaryDirectory() + "semconv-sarif-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = "/home/u/.cache/semconv/git/8a46"
        var context = ReportContext(files: 2, basePath: dir, rules: RuleCatalog.all)
        context.fetchedLocation = { path in
            path.hasPrefix(cache + "/") ? ("../repo@master", String(path.dropFirst(cache.count + 1))) : nil
        }
        let findings = [
            Diagnostic(.error, rule: "undefined-reference", message: "x", at: SourceLocation(file: cache + "/model/registry.yaml", line: 50, column: 15)),
            Diagnostic(.warning, rule: "missing-brief", message: "y", at: SourceLocation(file: dir + "/model/a.yaml", line: 3, column: 5)),
        ]
        let sarif = SARIFReporter().render(findings, context: context)
        XCTAssertFalse(sarif.contains(cache), sarif)
        let output = dir + "/out.sarif"
        try sarif.write(toFile: output, atomically: true, encoding: .utf8)
        let (status, message) = python("""
            import json, sys, jsonschema
            errors = list(jsonschema.Draft4Validator(json.load(open(sys.argv[1]))).iter_errors(json.load(open(sys.argv[2]))))
            for e in errors[:5]: print(list(e.path), e.message)
            sys.exit(1 if errors else 0)
            """, Paths.fixtures + "/sarif-schema-2.1.0.json", output)
        XCTAssertEqual(status, 0, message)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try XCTUnwrap((doc["runs"] as? [[String: Any]])?.first)
        let locations = (run["results"] as! [[String: Any]]).map { result -> [String: String] in
            let physical = (result["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any]
            return physical["artifactLocation"] as! [String: String]
        }
        XCTAssertEqual(locations, [["uri": "model/registry.yaml", "uriBaseId": "../repo@master"],
                                   ["uri": "model/a.yaml", "uriBaseId": SARIFReporter.baseID]])
        let bases = try XCTUnwrap(run["originalUriBaseIds"] as? [String: [String: Any]])
        XCTAssertEqual(Set(bases.keys), [SARIFReporter.baseID, "../repo@master"])
        XCTAssertNil(bases["../repo@master"]?["uri"])
        XCTAssertEqual((bases["../repo@master"]?["description"] as? [String: String])?["text"], "registry source ../repo@master")
    }

    func requireJSONSchema() throws {
        let (status, message) = python("import jsonschema")
        if status != 0 {
            throw XCTSkip("python3 with the jsonschema module is needed to validate SARIF (pip install jsonschema): \(message)")
        }
    }

    /// Runs a Python program; the exit status (127 without python3) and its output.
    func python(_ program: String, _ arguments: String...) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", program] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
