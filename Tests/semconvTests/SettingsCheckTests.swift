import Foundation
import SemConvModel
import XCTest

@testable import semconv

/// Every command checks the settings it reads with one function, and `semconv config` runs all of it: every
/// problem, at its position.
final class SettingsCheckTests: XCTestCase {
    func settings(_ yaml: String, command: ProjectSettings.Command = .config,
                  flags: ProjectSettings.Flags = ProjectSettings.Flags()) throws -> (ProjectSettings, [Diagnostic]) {
        let dir = NSTemporaryDirectory() + "semconv-settings-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try yaml.write(toFile: dir + "/semconv.yaml", atomically: true, encoding: .utf8)
        let (config, problems) = ProjectConfig.load(path: dir + "/semconv.yaml")
        let settings = ProjectSettings.resolve(config: config, flags: flags, command: command)
        return (settings, problems + SettingsCheck.problems(settings, for: command))
    }

    func positions(_ problems: [Diagnostic]) -> [String] {
        problems.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }

    func testConfigReportsEveryProblemAtItsPosition() throws {
        let (_, problems) = try settings("""
            access: publik
            reporter: sarf
            fail-on: warnings
            lint: {jobs: 0, max-line-length: -5, max-findings-per-rule: -1, input: otel}
            live-check: {otlp-http: localhost}
            """)
        XCTAssertEqual(positions(problems), [
            "3:10 'fail-on' must be error, warning or never, not 'warnings' (did you mean 'warning'?)",
            "5:25 'live-check.otlp-http' 'localhost': expected HOST:PORT, e.g. 127.0.0.1:4318, or 'off'",
            "2:11 'reporter' must be one of text, json, sarif, github, not 'sarf' (did you mean 'sarif'?)",
            "1:9 template parameter 'access' is 'publik'; it must be one of public, internal, package (did you mean 'public'?)",
            "4:72 'lint.input' must be one of auto, otlp, events, faro, alloy, promtail, collector, not 'otel' (did you mean 'otlp'?)",
            "4:14 'lint.jobs' must be between 1 and 256, not 0",
            "4:34 'lint.max-line-length' must be between 1024 and 1073741824 bytes, not -5",
            "4:61 'lint.max-findings-per-rule' must be 0 (list every finding) or more, not -1",
        ])
        XCTAssertTrue(problems.first { $0.message.hasPrefix("template parameter") }?.fix?.contains("templates.yaml") ?? false)
    }

    /// An absurd worker count is a usage error naming the range and what to do, not gigabytes of per-worker state.
    func testJobsBeyondTheMaximum() throws {
        let problems = try settings("lint: {jobs: 100000}\n", command: .lint).1
        XCTAssertEqual(positions(problems), ["1:14 'lint.jobs' must be between 1 and 256, not 100000"])
        XCTAssertEqual(problems.first?.fix?.hasPrefix("omit it to use the "), true, problems.first?.fix ?? "no fix")
        XCTAssertEqual(try settings("lint: {jobs: 256}\n", command: .lint).1.count, 0)
    }

    /// A whole number beyond any integer type is still a number out of range, not "must be a whole number"; the
    /// message quotes it as written.
    func testJobsBeyondInt() throws {
        for (text, shown) in [("99999999999999999999", "99999999999999999999"), ("-99999999999999999999", "-99999999999999999999"),
                              ("9223372036854775807", "9223372036854775807")] {
            let problems = try settings("lint: {jobs: \(text)}\n", command: .lint).1
            XCTAssertEqual(positions(problems), ["1:14 'lint.jobs' must be between 1 and 256, not \(shown)"], text)
        }
        XCTAssertEqual(positions(try settings("lint: {jobs: 1.5}\n", command: .lint).1), ["1:14 'lint.jobs' must be a whole number"])
        XCTAssertNil(JobCount(argument: "1.5"))
        XCTAssertEqual(JobCount(argument: "99999999999999999999")?.value, .max)
        XCTAssertEqual(JobCount(argument: "-99999999999999999999")?.value, .min)
        XCTAssertEqual(JobCount(argument: "99999999999999999999")?.text, "99999999999999999999")
    }

    /// `--jobs -1` is the count -1 (a range error), not an option following a missing value.
    func testNegativeJobsFlagIsAValue() throws {
        XCTAssertThrowsError(try Lint.parse(["--no-config", "--jobs", "-1", "x.ndjson"])) { error in
            XCTAssertEqual(Lint.message(for: error).hasPrefix("--jobs must be between 1 and 256, not -1;"), true,
                           Lint.message(for: error))
        }
    }

    /// A command checks only what it reads: generate does not stop on a live-check or lint value.
    func testACommandChecksWhatItReads() throws {
        let yaml = "reporter: json\nlint: {jobs: 0}\naccess: publik\n"
        XCTAssertEqual(positions(try settings(yaml, command: .generate).1),
                       ["3:9 template parameter 'access' is 'publik'; it must be one of public, internal, package (did you mean 'public'?)"])
        XCTAssertEqual(positions(try settings(yaml, command: .lint).1), ["2:14 'lint.jobs' must be between 1 and 256, not 0"])
        XCTAssertEqual(try settings(yaml, command: .docs).1.count, 0, "the config's params are generate's")
        var flags = ProjectSettings.Flags()
        flags.params = [("acess", "internal")]
        XCTAssertEqual(try settings("", command: .generate, flags: flags).1.map(\.message),
                       ["--param acess=internal: unknown template parameter 'acess' (did you mean 'access'?)"])
    }

    /// lint.rules and check.rules: a rule of the other command is an error that says where it belongs.
    func testRuleSectionsNameTheCommandARuleBelongsTo() throws {
        let (settings, problems) = try settings("""
            check:
              rules: {missing-brief: "off", sensitive-value: warning}
            lint:
              rules: {unknown-key: "off", sensitive-value: warning}
            """)
        XCTAssertEqual(positions(problems), [
            "2:33 'sensitive-value' is a rule of 'semconv lint', not one 'check.rules' sets",
            "4:11 'unknown-key' is a rule of 'semconv check', not one 'lint.rules' sets",
        ])
        XCTAssertEqual(SettingsCheck.checkRules(settings).rules.overrides, ["missing-brief": .off])
        XCTAssertEqual(SettingsCheck.lintRules(settings).rules.overrides, ["sensitive-value": .warning])
    }

    /// A `--rules` file names a rule of the other command as the config's sections do (one function for both).
    func testRulesFilesNameTheCommandARuleBelongsTo() throws {
        let path = NSTemporaryDirectory() + "semconv-rules-" + UUID().uuidString + ".yaml"
        try "rules:\n  unbounded-label: \"off\"\n  missing-brief: \"off\"\n  no-such-rule: warning\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        let (checkRules, checkProblems) = SettingsCheck.rulesFile(path, for: .check)
        XCTAssertEqual(positions(checkProblems), [
            "2:3 'unbounded-label' is a rule of 'semconv lint', not one 'semconv check --rules' sets",
            "4:3 unknown rule 'no-such-rule'",
        ])
        XCTAssertEqual(checkProblems.first?.fix, "move it to 'lint.rules' or a 'semconv lint --rules' file")
        XCTAssertEqual(checkRules.overrides, ["missing-brief": .off])
        let (_, lintProblems) = SettingsCheck.rulesFile(path, for: .lint)
        XCTAssertEqual(positions(lintProblems).first, "3:3 'missing-brief' is a rule of 'semconv check', not one 'semconv lint --rules' sets")
    }

    /// Local registry and template paths the config names must exist: reported at their position, with what to fix
    /// in the config; each command checks the paths it reads. Fetched sources are not looked at here.
    func testMissingLocalPathsAreReportedAtTheirPosition() throws {
        let yaml = """
            registries: [nope, "https://example.invalid/r.git@v1[model]"]
            templates: ./gone
            docs: {templates: missing}
            """
        let (_, problems) = try settings(yaml)
        XCTAssertEqual(problems.map { "\($0.location.line):\($0.location.column)" }, ["1:13", "2:12", "3:19"])
        XCTAssertTrue(problems[0].message.hasPrefix("'registries' names '") && problems[0].message.hasSuffix("/nope', which does not exist"),
                      problems[0].message)
        XCTAssertTrue(problems[1].message.hasPrefix("'templates' names '"), problems[1].message)
        XCTAssertTrue(problems[2].message.hasPrefix("'docs.templates' names '"), problems[2].message)
        XCTAssertTrue(problems.allSatisfy { $0.fix?.contains("/semconv.yaml: ") ?? false }, "\(problems.map(\.fix))")
        XCTAssertEqual(try settings(yaml, command: .lint).1.map(\.location.line), [1], "lint reads no templates")
        XCTAssertEqual(try settings(yaml, command: .generate).1.map(\.location.line), [1, 2])
        var flags = ProjectSettings.Flags()
        flags.registries = ["nope"]
        XCTAssertEqual(try settings("", command: .check, flags: flags).1.count, 0, "flags are checked when used")
    }

    /// `semconv config` shows a setting once when every command reads it the same way, else once per value with
    /// the commands that read it so.
    func testConfigShowsPerCommandValuesWhereTheyDiffer() throws {
        var flags = ProjectSettings.Flags()
        flags.registries = ["upstream"]
        let perCommand = ProjectSettings.Command.allCases.filter { $0 != .config }.map { command in
            (command, ProjectSettings.resolve(config: nil, flags: flags, command: command).rows)
        }
        let bundled = Config.lines(perCommand).filter { $0.row.key == "bundled" }
        XCTAssertEqual(bundled.map(\.row.value), [.bool(false), .bool(true)])
        XCTAssertEqual(bundled.map { $0.commands ?? [] }, [[.check, .diff, .resolve, .generate, .docs], [.lint, .liveCheck]])
        XCTAssertNil(Config.lines(perCommand).first { $0.row.key == "reporter" }?.commands)
    }
}
