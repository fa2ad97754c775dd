import Foundation
import SemConvLint
import SemConvModel
import XCTest

/// SARIF paths and rule metadata, colour, progress and rule settings from the project config.
final class ReportingTests: XCTestCase {
    func finding(_ file: String, rule: String = "unknown-attribute") -> Diagnostic {
        Diagnostic(.warning, rule: rule, message: "m", at: SourceLocation(file: file, line: 3, column: 7))
    }

    func sarif(_ diagnostics: [Diagnostic], base: String?, rules: [RuleDescription] = []) throws -> [String: Any] {
        let text = SARIFReporter().render(diagnostics, context: ReportContext(files: 1, basePath: base, rules: rules,
                                                                              toolVersion: "9.8.7"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func artifactLocations(_ doc: [String: Any]) -> [[String: String]] {
        let run = (doc["runs"] as! [[String: Any]])[0]
        return (run["results"] as! [[String: Any]]).map { result in
            let location = (result["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any]
            return (location["artifactLocation"] as! [String: Any]).compactMapValues { $0 as? String }
        }
    }

    func testPathsAreRelativeToTheBase() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let base = cwd + "/repo"
        let doc = try sarif([
            finding(cwd + "/repo/recordings/day 1.ndjson"),  // absolute, as CI jobs pass them
            finding("repo/configs/a.alloy"),                 // relative to the working directory
            finding("/elsewhere/x.ndjson"),                  // outside the base
            finding("<stdin>"),
        ], base: base)
        XCTAssertEqual(artifactLocations(doc), [
            ["uri": "recordings/day%201.ndjson", "uriBaseId": "%SRCROOT%"],
            ["uri": "configs/a.alloy", "uriBaseId": "%SRCROOT%"],
            ["uri": "file:///elsewhere/x.ndjson"],
            ["uri": SARIFReporter.standardInputURI],
        ])
        let run = (doc["runs"] as! [[String: Any]])[0]
        let bases = run["originalUriBaseIds"] as! [String: [String: String]]
        XCTAssertEqual(bases["%SRCROOT%"]?["uri"], "file://" + URL(fileURLWithPath: base).standardizedFileURL.path + "/")
        // Default base: the working directory.
        XCTAssertEqual(artifactLocations(try sarif([finding(cwd + "/a/b.ndjson")], base: nil)),
                       [["uri": "a/b.ndjson", "uriBaseId": "%SRCROOT%"]])
    }

    func testToolVersionAndRuleMetadata() throws {
        let described = RuleDescription(id: "unknown-attribute", category: .telemetry, defaultSeverity: .warning,
                                        summary: "An attribute inside an owned namespace is not defined.",
                                        rationale: "Typos hide data.", fix: "Rename it.")
        let off = RuleDescription(id: "recommended-attribute-missing", category: .telemetry, defaultSeverity: nil,
                                  summary: "Off by default.")
        let doc = try sarif([finding("a.ndjson"), finding("a.ndjson", rule: "recommended-attribute-missing"),
                             finding("a.ndjson", rule: "not-described")], base: nil, rules: [described, off])
        let driver = ((doc["runs"] as! [[String: Any]])[0]["tool"] as! [String: Any])["driver"] as! [String: Any]
        XCTAssertEqual(driver["version"] as? String, "9.8.7")
        let rules = driver["rules"] as! [[String: Any]]
        XCTAssertEqual(rules.map { $0["id"] as! String }, ["not-described", "recommended-attribute-missing", "unknown-attribute"])
        for rule in rules {
            let text = (rule["shortDescription"] as? [String: String])?["text"]
            XCTAssertFalse(text?.isEmpty ?? true, "\(rule["id"]!) has no shortDescription")
            XCTAssertEqual(rule["helpUri"] as? String, SemConvVersion.helpURI(rule: rule["id"] as! String))
        }
        XCTAssertEqual((rules[2]["fullDescription"] as? [String: String])?["text"], "Typos hide data.")
        XCTAssertEqual((rules[2]["help"] as? [String: String])?["text"], "Rename it.")
        let configuration = try XCTUnwrap(rules[1]["defaultConfiguration"] as? [String: Any])
        let level = configuration["level"] as? String, enabled = configuration["enabled"] as? Bool
        XCTAssertEqual(level, "none")
        XCTAssertEqual(enabled, false)
    }

    func testColourOnlyOnATerminalWithoutNoColor() {
        XCTAssertTrue(ColourPolicy.enabled(isTerminal: true, environment: ["TERM": "xterm-256color"]))
        XCTAssertFalse(ColourPolicy.enabled(isTerminal: false, environment: [:]))
        XCTAssertFalse(ColourPolicy.enabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(ColourPolicy.enabled(isTerminal: true, environment: ["NO_COLOR": ""]), "an empty NO_COLOR is unset")
        XCTAssertFalse(ColourPolicy.enabled(isTerminal: true, environment: ["TERM": "dumb"]))
        let d = finding("a.ndjson")
        let plain = TextReporter().render([d], context: ReportContext(files: 1, isTerminal: false, checked: "1 record"))
        XCTAssertEqual(plain, "a.ndjson:3:7: warning: m [unknown-attribute]\n0 errors, 1 warning, 0 infos in 1 file\nchecked 1 record\n")
        let coloured = TextReporter().render([d], context: ReportContext(files: 1, isTerminal: true))
        XCTAssertTrue(coloured.contains("\u{1B}[1;33mwarning\u{1B}[0m"), coloured)
    }

    func testProgressIsReportedPerChunkWithTheTotalSize() throws {
        let line = OTLP.session("s1")
        let lines = Array(repeating: line, count: 40_000)
        let path = TelemetryTestSupport.temp("progress.ndjson", Data(lines.joined(separator: "\n").utf8))
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        XCTAssertGreaterThan(size, 4 << 20, "more than one chunk")
        final class Seen: @unchecked Sendable {
            var updates: [LintProgress] = []
            let lock = NSLock()
        }
        let seen = Seen()
        var options = TelemetryTestSupport.options()
        options.progress = { p in seen.lock.withLock { seen.updates.append(p) } }
        let report = Linter.run(paths: [path], options: options)
        XCTAssertGreaterThanOrEqual(seen.updates.count, 2)
        XCTAssertEqual(seen.updates.last?.bytesRead, size)
        XCTAssertEqual(seen.updates.last?.totalBytes, size)
        XCTAssertEqual(seen.updates.last?.records, 40_000)
        XCTAssertEqual(seen.updates.map(\.bytesRead), seen.updates.map(\.bytesRead).sorted())
        XCTAssertLessThanOrEqual(seen.updates.last?.findings ?? 0, report.diagnostics.count + 10_000)
        let text = LintProgress(file: path, bytesRead: 50_000_000, totalBytes: 200_000_000, records: 90_000, findings: 1234)
            .line(elapsed: 2)
        XCTAssertEqual(text, "50.0 MB of 200.0 MB · 45,000 records/s · 1,234 findings · 0:06 left")
        XCTAssertNil(LintProgress.totalSize(of: ["-"]))
    }

    /// GitHub annotations want repository-relative paths: the same base as SARIF; standard input has no file.
    func testGitHubPathsAreRelativeToTheBase() {
        let cwd = FileManager.default.currentDirectoryPath
        let text = GitHubReporter().render([finding(cwd + "/repo/recordings/a.ndjson"), finding("/elsewhere/x.ndjson"),
                                            finding("<stdin>")],
                                           context: ReportContext(files: 2, basePath: cwd + "/repo"))
        XCTAssertEqual(text.split(separator: "\n").map { $0.components(separatedBy: "::")[1] }, [
            "warning file=recordings/a.ndjson,line=3,col=7,title=unknown-attribute",
            "warning file=/elsewhere/x.ndjson,line=3,col=7,title=unknown-attribute",
            "warning title=unknown-attribute",
        ])
    }

    /// The other records a finding points at (related locations) are in every reporter that has room for them: text
    /// lists up to five below the finding, SARIF as `relatedLocations`, JSON as `related`.
    func testRelatedLocationsInTextSARIFAndJSON() throws {
        var d = finding("a.ndjson")
        d.related = (1...7).map { SourceLocation(file: "a.ndjson", line: 10 + $0, column: 2) }
            + [SourceLocation(file: "b.bin", message: 4, byte: 17, of: .message)]
        XCTAssertEqual(TextReporter.lines(d), "a.ndjson:3:7: warning: m [unknown-attribute]\n"
                       + "    related: a.ndjson:11:2, a.ndjson:12:2, a.ndjson:13:2, a.ndjson:14:2, a.ndjson:15:2 (and 3 more)\n")
        d.related = [SourceLocation(file: "a.ndjson", line: 5, column: 1)]
        let plain = TextReporter().render([d], context: ReportContext(files: 1, isTerminal: false))
        XCTAssertTrue(plain.hasPrefix("a.ndjson:3:7: warning: m [unknown-attribute]\n    related: a.ndjson:5:1\n"), plain)
        XCTAssertTrue(TextReporter().render([d], context: ReportContext(files: 1, isTerminal: true)).contains("a.ndjson:5:1"))

        d.related.append(SourceLocation(file: "b.bin", message: 4, byte: 17, of: .message))
        let doc = try sarif([d], base: "/")
        let result = ((doc["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])[0]
        let related = try XCTUnwrap(result["relatedLocations"] as? [[String: Any]])
        XCTAssertEqual(related.map { $0["id"] as? Int }, [1, 2])
        let regions = related.map { ($0["physicalLocation"] as! [String: Any])["region"] as! [String: Any] }
        XCTAssertEqual(regions[0]["startLine"] as? Int, 5)
        XCTAssertEqual(regions[0]["startColumn"] as? Int, 1)
        XCTAssertEqual((regions[1]["properties"] as? [String: Any])?["byteOffset"] as? Int, 17)
        XCTAssertEqual((related[1]["message"] as? [String: Any])?["text"] as? String, "b.bin: message 4, byte 17 of the message")
        let plainResult = ((try sarif([finding("a.ndjson")], base: "/")["runs"] as! [[String: Any]])[0]["results"]
            as! [[String: Any]])[0]
        XCTAssertNil(plainResult["relatedLocations"], "none without related locations")
    }

    /// A finding in binary input has no line: every reporter names the message and the byte offset the same way,
    /// and JSON and SARIF also give them as numbers; text findings are unchanged.
    func testEveryReporterNamesBinaryPositionsTheSameWay() throws {
        let binary = Diagnostic(.error, rule: "forbidden-attribute", message: "'user.email' is forbidden",
                                at: SourceLocation(file: "/elsewhere/otel.bin", message: 3, byte: 1510, of: .decompressedMessage),
                                fix: "drop it")
        let position = "message 3, byte 1510 of the decompressed message"
        XCTAssertEqual(binary.location.binaryPosition, position)
        XCTAssertNil(finding("a.ndjson").location.binaryPosition)
        XCTAssertEqual(TextReporter.lines(binary), "/elsewhere/otel.bin: \(position): error: 'user.email' is forbidden "
                       + "[forbidden-attribute]\n    fix: drop it\n")
        XCTAssertEqual(TextReporter().render([binary], context: ReportContext(files: 1)).split(separator: "\n").first,
                       "/elsewhere/otel.bin: \(position): error: 'user.email' is forbidden [forbidden-attribute]")
        XCTAssertEqual(TextReporter.lines(finding("a.ndjson")), "a.ndjson:3:7: warning: m [unknown-attribute]\n")

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONReporter().render(
            [binary, finding("a.ndjson")], context: ReportContext(files: 1)).utf8)) as? [String: Any])
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        XCTAssertEqual(findings[0]["line"] as? Int, 3)
        XCTAssertEqual(findings[0]["messageNumber"] as? Int, 3)
        XCTAssertEqual(findings[0]["byteOffset"] as? Int, 1510)
        XCTAssertEqual(findings[0]["byteOffsetIn"] as? String, "decompressed message")
        XCTAssertNil(findings[1]["byteOffset"], "text findings have line and column only")

        let doc = try sarif([binary], base: "/")
        let result = ((doc["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])[0]
        XCTAssertEqual((result["message"] as? [String: Any])?["text"] as? String,
                       "\(position): 'user.email' is forbidden Fix: drop it")
        let region = (((result["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any])["region"]
            as! [String: Any])
        XCTAssertEqual(region["startLine"] as? Int, 3)
        XCTAssertNil(region["startColumn"])
        XCTAssertEqual((region["properties"] as? [String: Any])?["byteOffset"] as? Int, 1510)

        let stdin = Diagnostic(.warning, rule: "r", message: "m", at: SourceLocation(file: "<stdin>", line: 2, column: 550))
        XCTAssertEqual(GitHubReporter().render([stdin], context: ReportContext(files: 1, basePath: "/")),
                       "::warning title=r::<stdin>:2:550: m\n", "standard input: the position in the message")
        let github = GitHubReporter().render([binary], context: ReportContext(files: 1, basePath: "/"))
        XCTAssertEqual(github, "::error file=elsewhere/otel.bin,line=3,title=forbidden-attribute::\(position): "
                       + "'user.email' is forbidden%0Afix: drop it\n")

        // Report order inside a message follows the byte offset, as columns order a line.
        var earlier = binary
        earlier.location.byte?.offset = 12
        earlier.rule = "unknown-attribute"
        XCTAssertEqual(Diagnostic.inReportOrder([binary, earlier]).map(\.rule), ["unknown-attribute", "forbidden-attribute"])
    }

    /// Findings over the per-rule cap count in every reporter's totals, and each says how many were not listed and
    /// what lists them (the engine counts them in the summary's `findingsPerRule`).
    func testFindingsNotListedAreCountedAndNamed() throws {
        let registry = TelemetryTestSupport.registry
        var options = LintOptions(registry: registry, maxFindingsPerRule: 2)
        options.rules = RuleSettings(overrides: ["session-context-missing": .info])
        let lines = (1...5).map { #"{"event":"x","timestamp":"2026-01-01T00:00:0\#($0)Z","user.email":"a@b.c"}"# }
        let report = Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), file: "f.ndjson", options: options)
        let unlisted = try XCTUnwrap(UnlistedFindings(report, rules: options.rules, hint: "more with --max-findings-per-rule"))
        let perRule = JSONValue.object(report.extraSummary)["findingsPerRule"]
        func count(_ rule: String) -> Int { if case let .int(n)? = perRule?[rule] { n } else { 0 } }
        let forbidden = count("forbidden-attribute"), context = count("session-context-missing")
        XCTAssertEqual(forbidden, 5)
        XCTAssertEqual(unlisted, UnlistedFindings(errors: forbidden - 2, infos: context - 2, hint: "more with --max-findings-per-rule"))
        var reportContext = ReportContext(files: 1, extraSummary: report.extraSummary)
        reportContext.unlisted = unlisted
        let text = TextReporter().render(report.diagnostics, context: reportContext)
        XCTAssertTrue(text.contains("\n5 errors, 0 warnings, \(context) infos in 1 file\n\(unlisted.total) findings not listed: more with --max-findings-per-rule\n"), text)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONReporter().render(report.diagnostics, context: reportContext).utf8)) as? [String: Any])
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["errors"] as? Int, 5)
        XCTAssertEqual(summary["infos"] as? Int, context)
        XCTAssertEqual(summary["findingsNotListed"] as? Int, unlisted.total)
        XCTAssertEqual(summary["findingsNotListedHint"] as? String, "more with --max-findings-per-rule")
        XCTAssertTrue(GitHubReporter().render(report.diagnostics, context: reportContext)
            .hasSuffix("::notice title=semconv::\(unlisted.total) findings not listed: more with --max-findings-per-rule\n"))
        // Nothing over the cap: no note.
        options.maxFindingsPerRule = Int.max
        XCTAssertNil(UnlistedFindings(Linter.lint(telemetry: Array(lines.joined(separator: "\n").utf8), options: options),
                                      rules: options.rules, hint: ""))
    }

    /// Config findings are capped per rule and counted as telemetry findings are, also beside telemetry.
    func testConfigFindingsNotListedAreCounted() throws {
        let directory = NSTemporaryDirectory() + "capped-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let labels = "session_id = \"\", trace_id = \"\", request_id = \"\", span_id = \"\""
        try """
            loki.process "p" {
              forward_to = []
              stage.logfmt {
                mapping = { \(labels) }
              }
              stage.labels {
                values = { \(labels) }
              }
            }
            """.write(toFile: directory + "/m.alloy", atomically: true, encoding: .utf8)
        let line = #"{"event":"x","timestamp":"2026-01-01T00:00:01Z","user.email":"a@b.c"}"#
        try (line + "\n" + line + "\n").write(toFile: directory + "/t.ndjson", atomically: true, encoding: .utf8)
        var options = LintOptions(registry: TelemetryTestSupport.registry, maxFindingsPerRule: Int.max)
        let all = Linter.run(paths: [directory + "/m.alloy", directory + "/t.ndjson"], options: options)
        let unbounded = all.diagnostics.filter { $0.rule == "unbounded-label" }.count
        XCTAssertGreaterThan(unbounded, 1)
        options.maxFindingsPerRule = 1
        let capped = Linter.run(paths: [directory + "/m.alloy", directory + "/t.ndjson"], options: options)
        XCTAssertEqual(capped.diagnostics.filter { $0.rule == "unbounded-label" }.count, 1)
        XCTAssertEqual(capped.diagnostics.filter { $0.rule == "forbidden-attribute" }.count, 1)
        let summary = JSONValue.object(capped.extraSummary)
        XCTAssertEqual(summary["findingsPerRule"]?["unbounded-label"], .int(unbounded))
        XCTAssertEqual(summary["findingsPerRule"]?["forbidden-attribute"], .int(2))
        XCTAssertEqual(summary["findingsNotListed"], .int(all.diagnostics.count - capped.diagnostics.count))
        let unlisted = try XCTUnwrap(UnlistedFindings(capped, rules: options.rules, hint: "h"))
        XCTAssertEqual(unlisted.total, all.diagnostics.count - capped.diagnostics.count)
    }

    func testRuleSettingsFromConfigEntries() {
        let at = { (c: Int) in SourceLocation(file: "semconv.yaml", line: 4, column: c) }
        let (settings, problems) = RuleSettings.make([
            .init(id: "sensitive-value", idLocation: at(5), setting: "warning", settingLocation: at(22)),
            .init(id: "unknown-atribute", idLocation: at(5), setting: "off", settingLocation: at(23)),
        ], knownRules: Linter.ruleIDs)
        XCTAssertEqual(settings.overrides, ["sensitive-value": .warning])
        XCTAssertEqual(problems.map(\.message), ["unknown rule 'unknown-atribute' (did you mean 'unknown-attribute'?)"])
        let merged = settings.overlaid(by: RuleSettings(overrides: ["sensitive-value": .off, "unknown-event": .error]))
        XCTAssertEqual(merged.overrides, ["sensitive-value": .off, "unknown-event": .error])
    }
}
