import SemConvModel
import XCTest
@testable import SemConvLint

final class ConfigLintTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let sharedData = SharedData.root
    static let fixtures = packageRoot + "/Tests/SemConvLintTests/Fixtures/Config"
    static let registry: Registry = RegistryLoader.load(roots: [packageRoot + "/model"], checks: false).registry

    func lint(_ path: String, kind: InputKind = .alloy) -> [Diagnostic] {
        let report = ConfigLinter.lint(path: path, kind: kind, options: LintOptions(registry: Self.registry))
        return report.diagnostics.sorted(by: Diagnostic.reportOrder)
    }

    /// `line:col rule` per finding, the shape the expected outputs are written in.
    func summary(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity.rawValue) \($0.rule)" }
    }

    func lintText(_ text: String, ext: String = "alloy") -> [Diagnostic] {
        let path = NSTemporaryDirectory() + "config-lint-\(UUID().uuidString).\(ext)"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return lint(path, kind: ext == "alloy" ? .alloy : .promtail)
    }

    func testEveryFindingHasAFixAndAKnownRule() {
        for d in lint(Self.fixtures + "/design-note-invalid.alloy") + lint(Self.fixtures + "/design-note-fixed.alloy") {
            XCTAssertFalse(d.fix?.isEmpty ?? true, d.message)
            XCTAssertTrue(ConfigLinter.ruleIDs.contains(d.rule), d.rule)
        }
    }

    func testDesignNoteAsWritten() {
        let findings = lint(Self.fixtures + "/design-note-invalid.alloy")
        let syntax = findings.filter { $0.rule == "alloy-syntax" }
        XCTAssertEqual(syntax.first.map { "\($0.location.line):\($0.location.column)" }, "6:7")
        XCTAssertTrue(syntax.first?.message.hasPrefix("illegal character U+0023 '#'") ?? false)
        XCTAssertEqual(syntax.filter { $0.message.hasPrefix("illegal character") }.count, 10)
        XCTAssertEqual(syntax.filter { $0.message == "missing ',' in field list" }.map(\.location.line),
                       [9, 10, 11, 12, 15, 16, 17, 20, 21, 22, 31, 32, 33])
        XCTAssertEqual(syntax.filter { $0.message == "missing ',' in expression list" }.map(\.location.line), [86])
    }

    /// The design note's "fixed" config reads dotted keys (`session.id`, `user.email`) that faro.receiver never
    /// writes (it flattens with `_`): those fields are never set, so the only findings are the unknown keys. With the
    /// keys read as faro.receiver writes them, the data-flow findings of the fields appear.
    func testDesignNoteFixed() throws {
        let findings = lint(Self.fixtures + "/design-note-fixed.alloy")
        XCTAssertEqual(summary(findings), [
            "27:7 warning unknown-source-key", "28:7 warning unknown-source-key", "29:7 warning unknown-source-key",
            "30:7 warning unknown-source-key", "33:7 warning unknown-source-key", "34:7 warning unknown-source-key",
            "35:7 warning unknown-source-key", "38:7 warning unknown-source-key", "39:7 warning unknown-source-key",
            "40:7 warning unknown-source-key",
        ])
        let unknown = findings.first { $0.location.line == 27 && $0.rule == "unknown-source-key" }
        XCTAssertTrue(unknown?.message.contains("'session.id'") ?? false)
        XCTAssertTrue(unknown?.fix?.contains("'session_id'") ?? false)

        let text = try String(contentsOfFile: Self.fixtures + "/design-note-fixed.alloy", encoding: .utf8)
            .replacingOccurrences(of: #"= "(session|user)\.([a-zA-Z]+)""#, with: #"= "$1_$2""#, options: .regularExpression)
        let keysFixed = lintText(text)
        XCTAssertEqual(summary(keysFixed), [
            "28:7 warning unknown-source-key", "29:7 warning unknown-source-key", "30:7 warning unknown-source-key",
            "33:7 error pii-extracted", "34:7 error pii-extracted", "35:7 error pii-extracted",
            "38:7 warning unknown-source-key", "39:7 warning unknown-source-key", "40:7 warning unknown-source-key",
            "49:7 error unbounded-label", "50:7 error pii-extracted", "50:7 error unbounded-label",
            "56:3 error metrics-unbounded-labels", "68:3 error metrics-unbounded-labels",
            "78:3 error metrics-unbounded-labels",
            "102:7 warning label-keep-unbounded", "103:7 warning label-keep-unbounded",
        ])
        XCTAssertEqual(keysFixed.first { $0.location.line == 35 && $0.rule == "pii-extracted" }?.attribute, "user.email")
    }

    func testRulesOnSmallConfigs() {
        let text = """
        loki.source.api "in" {
          http { listen_port = 3500 }
          forward_to = [loki.process.p.receiver]
          labels = { "bad-label" = "x" }
        }
        loki.process "p" {
          forward_to = [loki.write.missing.receiver]
          stage.json {
            expressions = { trace_id = "traceId", mail = "user_email" }
          }
          stage.template {
            source   = "mail"
            template = "{{ Hash .Value \\"salt\\" }}"
          }
          stage.labels {
            values = { trace_id = "", mail = "" }
          }
          stage.static_labels {
            values = { l1 = "1", l2 = "1", l3 = "1", l4 = "1", l5 = "1", l6 = "1", l7 = "1", l8 = "1", l9 = "1", l10 = "1", l11 = "1", l12 = "1", l13 = "1", l14 = "1" }
          }
          stage.metrics {
            metric.counter {
              name   = "requests"
              source = "nothing"
              prefix = ""
            }
            metric.histogram {
              name   = "latency_milliseconds"
              source = "trace_id"
              prefix = ""
            }
          }
        }
        """
        XCTAssertEqual(summary(lintText(text)), [
            "4:14 error invalid-label-name",
            "6:1 warning too-many-labels",
            "7:17 error component-not-found",
            "16:16 error unbounded-label",
            "16:31 error unbounded-label",
            "21:3 error metrics-unbounded-labels",
            "23:16 warning metric-naming",
            "24:16 warning metrics-source-not-extracted",
            "28:16 warning metric-naming",
        ])
    }

    func testLabelDropAndMatchNesting() {
        let text = """
        loki.process "p" {
          forward_to = []
          stage.match {
            selector = "{app=\\"web\\"}"
            stage.regex { expression = "(?P<request_id>\\\\S+)" }
            stage.labels { values = { request_id = "" } }
          }
          stage.label_drop { values = ["request_id"] }
          stage.metrics {
            metric.gauge {
              name   = "queue_size"
              source = "request_id"
            }
          }
        }
        """
        // The label is dropped on every path after the match, so nothing reaches Loki.
        XCTAssertEqual(summary(lintText(text)), [])
        // Dropped inside the match only: entries the selector does not pick keep it.
        let branchOnly = text.replacingOccurrences(of: "  stage.label_drop { values = [\"request_id\"] }\n", with: "")
            .replacingOccurrences(of: "    stage.labels { values = { request_id = \"\" } }\n",
                                  with: "    stage.labels { values = { request_id = \"\" } }\n    stage.label_drop { values = [\"request_id\"] }\n")
            .replacingOccurrences(of: "  stage.match {", with: "  stage.regex { expression = \"(?P<request_id>\\\\S+)\" }\n  stage.labels { values = { request_id = \"\" } }\n  stage.match {")
        XCTAssertEqual(summary(lintText(branchOnly)), ["4:29 error unbounded-label", "11:3 error metrics-unbounded-labels"], branchOnly)
    }

    /// A block never closed pulls the stages after it into itself (here the label_drop into the match branch, and
    /// the match's brace closes it, leaving loki.process open): the label would look like it reaches Loki. Until the
    /// block is closed only the syntax error is reported; closed, the config reads as meant.
    func testFollowOnsOfAnUnclosedBlockAreNotReported() {
        let text = """
        loki.process "p" {
          forward_to = [loki.write.missing.receiver]
          stage.logfmt { mapping = { session_id = "" } }
          stage.labels { values = { session_id = "" } }
          stage.match {
            selector = "{app=\\"web\\"}"
          stage.label_drop { values = ["session_id"] }
        }
        """
        XCTAssertEqual(summary(lintText(text)), ["8:2 error alloy-syntax"])
        XCTAssertEqual(summary(lintText(text.replacingOccurrences(of: "\"{app=\\\"web\\\"}\"\n", with: "\"{app=\\\"web\\\"}\"\n  }\n"))),
                       ["2:17 error component-not-found"])
    }

    /// A template hashes only when its whole output is a hash of the value (and constant text), called with the
    /// arguments the function takes; a call with the wrong number fails at run time and leaves the value as it was.
    func testTemplateHashing() {
        func classify(_ text: String) -> String {
            let t = StageTemplate(text)
            return t.fails ? "fails" : t.hashes ? "hashes" : t.isConstant ? "constant" : "raw"
        }
        XCTAssertEqual(classify(#"{{ Hash .Value "salt" }}"#), "hashes")
        XCTAssertEqual(classify(#"{{ Hash "salt" .Value }}"#), "hashes")
        XCTAssertEqual(classify(#"{{ .Value | Hash "salt" }}"#), "hashes")
        XCTAssertEqual(classify(#"{{ .Value | sha256sum }}"#), "hashes")
        XCTAssertEqual(classify(#"{{ sha512sum .Value }}"#), "hashes")
        XCTAssertEqual(classify(#"id-{{ Sha2Hash .Value "s" | ToUpper }}"#), "hashes")
        XCTAssertEqual(classify(#"{{ $h := Hash .Value "s" }}{{ $h }}"#), "hashes")
        XCTAssertEqual(classify(#"{{ ToLower (Hash .Value "s") }}"#), "hashes")
        XCTAssertEqual(classify(#"{{ Hash .Value }}"#), "fails")
        XCTAssertEqual(classify(#"{{ sha256sum .Value "x" }}"#), "fails")
        XCTAssertEqual(classify(#"{{ Hash .Value "salt" }}:{{ .Value }}"#), "raw")
        XCTAssertEqual(classify(#"{{ .Value | sha1sum }}"#), "raw")
        XCTAssertEqual(classify(#"{{ adler32sum .Value }}"#), "raw")
        XCTAssertEqual(classify(#"{{ Sha256 .Value "salt" }}"#), "raw")
        XCTAssertEqual(classify(#"{{ if .Value }}{{ Hash .Value "s" }}{{ else }}none{{ end }}"#), "hashes")
        XCTAssertEqual(classify(#"{{/* note */}}{{ .user_hash }}"#), "raw")
        XCTAssertEqual(classify("redacted"), "constant")
        XCTAssertEqual(StageTemplate("{{ ToLower .Value }}-{{ .user_email }}").fields, ["Value", "user_email"])
    }

    /// Hostile Promtail YAML: each problem is one positioned `promtail-syntax` finding; a BOM and CRLF are accepted.
    func testHostilePromtailYAML() {
        func run(_ bytes: [UInt8]) -> [String] {
            ConfigLinter.lintPromtail(data: Data(bytes), file: "p.yaml", registry: Self.registry)
                .map { "\($0.location.line):\($0.location.column) \($0.rule) \($0.message)" }
        }
        let job = Array("scrape_configs:\n  - job_name: a".utf8)
        XCTAssertEqual(run(job + [0xFF, 0x0A]), ["2:16 promtail-syntax file is not valid UTF-8"])
        XCTAssertEqual(run(job + [0x00, 0x0A]), ["2:16 promtail-syntax NUL byte in YAML text (binary file?)"])
        XCTAssertEqual(run([0xEF, 0xBB, 0xBF] + Array("scrape_configs:\r\n  - job_name: a\r\n".utf8)), [])
        let deep = "scrape_configs: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertEqual(run(Array(deep.utf8)),
                       ["1:18 promtail-syntax YAML syntax error: YAML nested more than 1000 levels deep"])
        XCTAssertEqual(run(Array("scrape_configs: []\nscrape_configs: []\n".utf8)),
                       ["2:1 promtail-syntax key 'scrape_configs' appears twice in the same mapping"])
    }

    func testDirectoryAndOversizedConfigAreUnusable() throws {
        let dir = NSTemporaryDirectory() + "config-lint-dir-\(UUID().uuidString).alloy"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let report = ConfigLinter.lint(path: dir, kind: .alloy, options: LintOptions(registry: Self.registry))
        XCTAssertTrue(report.inputUnusable)
        XCTAssertEqual(report.diagnostics.map { "\($0.rule) \($0.message)" }, ["config-unreadable '\(dir)' is a directory"])
        let big = dir + "/big.alloy"
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: UInt64(ConfigLinter.maxConfigBytes + 1))  // sparse: no disk used
        try handle.close()
        let large = ConfigLinter.lint(path: big, kind: .alloy, options: LintOptions(registry: Self.registry))
        XCTAssertTrue(large.inputUnusable)
        XCTAssertEqual(large.diagnostics.first?.message,
                       "'\(big)' is \(ConfigLinter.maxConfigBytes + 1) bytes, more than the 64 MiB limit for a config file")
    }

    func testPromtail() {
        let text = """
        scrape_configs:
          - job_name: app
            static_configs:
              - labels:
                  job: app
                  __path__: /var/log/*.log
            relabel_configs:
              - source_labels: [__meta_x]
                target_label: request_id
            pipeline_stages:
              - logfmt:
                  mapping:
                    email: user_email
              - labels:
                  email:
              - match:
                  selector: '{job="app"}'
                  stages:
                    - metrics:
                        hits:
                          type: Counter
                          source: email
        """
        XCTAssertEqual(summary(lintText(text, ext: "yaml")), [
            "9:23 error unbounded-label", "13:13 error pii-extracted", "15:11 error pii-extracted",
            "15:11 error unbounded-label", "19:15 error metrics-unbounded-labels", "20:17 warning metric-naming",
            "22:27 error pii-extracted",
        ])
        XCTAssertEqual(summary(lintText("scrape_configs: [\n", ext: "yaml")).first?.hasSuffix("promtail-syntax"), true)
    }

    func testDetect() throws {
        let path = NSTemporaryDirectory() + "promtail-\(UUID().uuidString).yaml"
        try "server:\n  http_listen_port: 9080\nscrape_configs:\n  - job_name: x\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(ConfigLinter.detect(path: path), .promtail)
        XCTAssertEqual(ConfigLinter.detect(path: "x.alloy"), .alloy)
        XCTAssertEqual(ConfigLinter.detect(path: "x.river"), .alloy)
        XCTAssertNil(ConfigLinter.detect(path: Self.fixtures + "/design-note-fixed.alloy.missing.yaml"))
    }

    /// The findings on every shared config, committed as expected output.
    func testSharedConfigsExpectedFindings() throws {
        _ = try SharedData.require("alloy", "the upstream Alloy and Promtail configs")
        let path = Self.fixtures + "/shared-expected.txt"
        let actual = sharedFindings()
        if ProcessInfo.processInfo.environment["SEMCONV_RECORD"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            XCTFail("recorded \(path); review it with git diff and run again without SEMCONV_RECORD")
        }
        XCTAssertEqual(actual, try String(contentsOfFile: path, encoding: .utf8))
    }

    func sharedFindings() -> String {
        var out = ""
        for (dir, kind) in [("alloy", InputKind.alloy), ("promtail", .promtail)] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: Self.sharedData + "/" + dir)) ?? [])
                .filter { $0.hasSuffix(".alloy") || $0.hasSuffix(".yaml") }.sorted()
            for name in names {
                for d in lint(Self.sharedData + "/\(dir)/\(name)", kind: kind) {
                    out += "\(dir)/\(name):\(d.location.line):\(d.location.column) \(d.severity.rawValue) \(d.rule): \(d.message)\n"
                }
            }
        }
        return out
    }

    func testMissingFileIsUnusable() {
        let report = ConfigLinter.lint(path: "/nonexistent.alloy", kind: .alloy, options: LintOptions(registry: Self.registry))
        XCTAssertTrue(report.inputUnusable)
    }
}

final class ConfigWiringTests: XCTestCase {
    func lintText(_ text: String) -> [String] {
        let path = NSTemporaryDirectory() + "config-wiring-\(UUID().uuidString).alloy"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = ConfigLinter.lint(path: path, kind: .alloy, options: LintOptions(registry: ConfigLintTests.registry))
        return report.diagnostics.sorted(by: Diagnostic.reportOrder)
            .map { "\($0.location.line):\($0.location.column) \($0.rule)" }
    }

    /// faro.receiver -> loki.relabel -> loki.process: the keys faro.receiver writes are still known.
    func testFaroThroughRelabel() {
        XCTAssertEqual(lintText("""
        faro.receiver "f" {
          output { logs = [loki.relabel.r.receiver] }
        }
        loki.relabel "r" {
          forward_to = [loki.process.p.receiver]
          rule { action = "keep" }
        }
        loki.process "p" {
          forward_to = []
          stage.logfmt { mapping = { app = "app_name", sid = "session.id" } }
          stage.logfmt {
            mapping = {
              ttfb  = "",              // a measurement name: may be written, no guess
              start = "session_start", // faro.receiver writes only session_id and session_attr_*
            }
          }
        }
        """), ["10:48 unknown-source-key", "14:7 unknown-source-key"])
    }

    /// Unknown upstream (a file source): no guess about the keys in its lines.
    func testUnknownUpstreamKeysAreNotGuessed() {
        XCTAssertEqual(lintText("""
        loki.source.file "f" {
          targets    = []
          forward_to = [loki.process.p.receiver]
        }
        loki.process "p" {
          forward_to = []
          stage.logfmt { mapping = { sid = "session.id" } }
        }
        """), [])
    }

    /// declare bodies are their own scope; custom components and imports are not flagged.
    func testDeclareScopeAndImports() {
        XCTAssertEqual(lintText("""
        import.git "lib" { repository = "https://example.com/x.git" }
        declare "mod" {
          argument "out" { }
          loki.process "inner" { forward_to = argument.out.value }
          export "receiver" { value = loki.process.inner.receiver }
        }
        mod "a" { out = [loki.write.w.receiver] }
        lib.thing "b" { in = mod.a.receiver }
        loki.write "w" { endpoint { url = "http://loki" } }
        loki.process "outer" { forward_to = [loki.process.inner.receiver] }
        """), ["10:38 component-not-found"])
    }
}
