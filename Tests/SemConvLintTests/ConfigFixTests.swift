import Foundation
import SemConvModel
import XCTest
@testable import SemConvLint

/// The fix a config finding prints must pass the rule once applied: each test lints a config, applies the printed fix
/// the way a user would (the snippet it quotes, the name it suggests), lints again and expects no finding of that rule.
final class ConfigFixTests: XCTestCase {
    func lint(_ text: String, promtail: Bool = false) -> [Diagnostic] {
        promtail ? ConfigLinter.lintPromtail(text: text, file: "fix.yaml", registry: ConfigLintTests.registry)
            : ConfigLinter.lintAlloy(bytes: Array(text.utf8), file: "fix.alloy", registry: ConfigLintTests.registry)
    }

    /// The one finding of `rule` in `text`.
    func finding(_ rule: String, in text: String, promtail: Bool = false, file: StaticString = #filePath,
                 line: UInt = #line) throws -> Diagnostic {
        let found = lint(text, promtail: promtail).filter { $0.rule == rule }
        XCTAssertEqual(found.count, 1, "\(found.map(\.message))", file: file, line: line)
        return try XCTUnwrap(found.first, file: file, line: line)
    }

    func assertFixed(_ rule: String, _ text: String, promtail: Bool = false, file: StaticString = #filePath,
                     line: UInt = #line) {
        let left = lint(text, promtail: promtail).filter { $0.rule == rule }
        XCTAssertEqual(left.map { "\($0.location.line):\($0.location.column) \($0.message)" }, [],
                       "after the fix:\n\(text)", file: file, line: line)
    }

    /// The text between the first pair of backquotes of a fix.
    func snippet(_ fix: String?) throws -> String {
        let parts = try XCTUnwrap(fix).split(separator: "`", omittingEmptySubsequences: false)
        XCTAssertGreaterThanOrEqual(parts.count, 3, fix ?? "")
        return String(parts[1])
    }

    /// The first quoted value after `key = ` in a fix: `name = "requests_total"` -> requests_total.
    func value(_ key: String, in fix: String?) throws -> String {
        let fix = try XCTUnwrap(fix)
        let start = try XCTUnwrap(fix.range(of: key + " = \"")).upperBound
        var out = "", escaped = false
        for c in fix[start...] {
            if escaped { out.append(c); escaped = false } else if c == "\\" { out.append(c); escaped = true }
            else if c == "\"" { break } else { out.append(c) }
        }
        return out
    }

    /// `lines` with `new` inserted before line `number` (1-based).
    func insert(_ new: String, before number: Int, in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        lines.insert(new, at: number - 1)
        return lines.joined(separator: "\n")
    }

    /// Inserts `new` as the last stage of the (only) loki.process: before its closing brace.
    func appendStage(_ new: String, to text: String) -> String {
        let lines = text.components(separatedBy: "\n")
        let close = lines.lastIndex { $0 == "}" } ?? lines.count
        return insert("  " + new, before: close + 1, in: text)
    }

    func testUnboundedLabelFixMovesTheLabelToStructuredMetadata() throws {
        let config = """
            loki.process "p" {
              forward_to = []
              stage.logfmt { mapping = { session_id = "", level = "" } }
              stage.labels { values = { session_id = "", level = "" } }
            }
            """
        let fix = try snippet(try finding("unbounded-label", in: config).fix)
        XCTAssertEqual(fix, #"stage.structured_metadata { values = { session_id = "" } }"#)
        assertFixed("unbounded-label", appendStage(fix, to: config))
        // The other half of the fix: the label removed from stage.labels, the value carried as metadata.
        assertFixed("unbounded-label", appendStage(fix, to: config.replacingOccurrences(of: "values = { session_id = \"\", level", with: "values = { level")))
    }

    func testUnboundedLabelFixInPromtail() throws {
        let config = """
            scrape_configs:
              - job_name: app
                pipeline_stages:
                  - json:
                      expressions:
                        sid: '"session.id"'
                  - labels:
                      sid:
            """
        let fix = try snippet(try finding("unbounded-label", in: config, promtail: true).fix)
        XCTAssertEqual(fix, "- structured_metadata: {sid: }")
        assertFixed("unbounded-label", config + "\n      " + fix + "\n", promtail: true)
    }

    func testPIIFixHashesRightAfterExtraction() throws {
        let config = """
            loki.process "p" {
              forward_to = []
              stage.logfmt { mapping = { user_email = "" } }
            }
            """
        let fix = try finding("pii-extracted", in: config).fix
        let stage = "stage.template {\n    source = \"\(try value("source", in: fix))\"\n    template = \"\(try value("template", in: fix))\"\n  }"
        assertFixed("pii-extracted", appendStage(stage, to: config))
        // A label fed from it, with the same fix applied before the label: no personal data left anywhere.
        let labelled = config.replacingOccurrences(of: "\n}", with: "\n  stage.labels { values = { user_email = \"\" } }\n}")
        let labelFix = lint(labelled).filter { $0.rule == "pii-extracted" }.last?.fix
        let hashed = insert("  stage.template {\n    source = \"\(try value("source", in: labelFix))\"\n    template = \"\(try value("template", in: labelFix))\"\n  }",
                            before: 4, in: labelled)
        assertFixed("pii-extracted", hashed)
    }

    func testPIIFixInPromtail() throws {
        let config = """
            scrape_configs:
              - job_name: app
                pipeline_stages:
                  - logfmt:
                      mapping:
                        email:
            """
        let fix = try snippet(try finding("pii-extracted", in: config, promtail: true).fix)
        assertFixed("pii-extracted", config + "\n      " + fix + "\n", promtail: true)
    }

    func testMetricsUnboundedLabelsFixDropsBeforeTheStage() throws {
        let config = """
            loki.process "p" {
              forward_to = []
              stage.logfmt { mapping = { user_id = "" } }
              stage.labels { values = { user_id = "" } }
              stage.metrics {
                metric.counter {
                  name      = "logins_total"
                  action    = "inc"
                  match_all = true
                }
              }
            }
            """
        let found = try finding("metrics-unbounded-labels", in: config)
        assertFixed("metrics-unbounded-labels", insert("  " + (try snippet(found.fix)), before: found.location.line, in: config))
    }

    func testMetricsSourceFixExtractsFirst() throws {
        let config = """
            loki.process "p" {
              forward_to = []
              stage.metrics {
                metric.histogram {
                  name    = "latency_seconds"
                  source  = "latency"
                  buckets = [0.1, 1]
                }
              }
            }
            """
        let found = try finding("metrics-source-not-extracted", in: config)
        assertFixed("metrics-source-not-extracted", insert("  " + (try snippet(found.fix)), before: 3, in: config))
    }

    /// The name to write does not repeat the prefix the stage adds (it used to suggest
    /// `loki_process_custom_requests_total` as the name, giving `loki_process_custom_loki_process_custom_...`).
    func testMetricNamingFixNamesTheNameNotThePrefixedName() throws {
        let config = """
            loki.process "p" {
              forward_to = []
              stage.metrics {
                metric.counter {
                  name      = "requests"
                  action    = "inc"
                  match_all = true
                }
                metric.histogram {
                  name    = "latency_milliseconds"
                  source  = "latency"
                  buckets = [1, 10]
                }
              }
            }
            """
        let found = lint(config).filter { $0.rule == "metric-naming" }
        XCTAssertEqual(found.map(\.fix), [
            "set name = \"requests_total\" (the stage adds the prefix 'loki_process_custom_': loki_process_custom_requests_total)",
            "record seconds and set name = \"latency_seconds\" (the stage adds the prefix 'loki_process_custom_': loki_process_custom_latency_seconds)",
        ])
        var fixed = config
        for f in found { fixed = fixed.replacingOccurrences(of: "\"\(f.message.contains("counter") ? "requests" : "latency_milliseconds")\"", with: "\"\(try value("name", in: f.fix))\"") }
        assertFixed("metric-naming", fixed)
    }

    func testLabelKeepInvalidNameUnknownKeyAndExpressionFixes() throws {
        let keep = """
            loki.process "p" {
              forward_to = []
              stage.label_keep { values = ["app", "session_id"] }
            }
            """
        XCTAssertTrue(try finding("label-keep-unbounded", in: keep).fix?.hasPrefix("remove 'session_id' from the stage.label_keep list") ?? false)
        assertFixed("label-keep-unbounded", keep.replacingOccurrences(of: ", \"session_id\"", with: ""))

        let name = """
            loki.process "p" {
              forward_to = []
              stage.static_labels { values = { "service-name" = "web" } }
            }
            """
        XCTAssertEqual(try finding("invalid-label-name", in: name).fix, "rename it to 'service_name'")
        assertFixed("invalid-label-name", name.replacingOccurrences(of: "\"service-name\"", with: "service_name"))

        let faro = """
            faro.receiver "web" {
              output { logs = [loki.process.faro.receiver] }
            }
            loki.process "faro" {
              forward_to = []
              stage.logfmt { mapping = { sid = "session.id" } }
            }
            """
        let unknown = try finding("unknown-source-key", in: faro)
        XCTAssertTrue(unknown.fix?.hasPrefix("read 'session_id' instead") ?? false)
        assertFixed("unknown-source-key", faro.replacingOccurrences(of: "\"session.id\"", with: "\"session_id\""))

        let json = """
            loki.process "p" {
              forward_to = []
              stage.json { expressions = { sid = "attributes['session.id']" } }
            }
            """
        let invalid = try finding("json-expression-invalid", in: json)
        XCTAssertEqual(invalid.fix, #"write the JMESPath attributes."session.id" (in Alloy: "attributes.\"session.id\"")"#)
        assertFixed("json-expression-invalid", json.replacingOccurrences(of: #""attributes['session.id']""#, with: #""attributes.\"session.id\"""#))
    }

    /// A resource attribute named by loki.resource.labels is hashed by the resource processor (the attributes
    /// processor changes log attributes only): the fix says so, and applying it clears the finding; the wrong
    /// processor does not.
    func testPIIFixForAResourceHintHashesTheResourceAttribute() throws {
        let config = """
            processors:
              attributes:
                actions:
                  - action: hash
                    key: user.id
              resource:
                attributes:
                  - action: insert
                    key: loki.resource.labels
                    value: user.id
            exporters:
              loki:
                endpoint: http://loki:3100/loki/api/v1/push
            service:
              pipelines:
                logs:
                  receivers: [otlp]
                  processors: [attributes, resource]
                  exporters: [loki]
            """
        func lint(_ text: String) -> [Diagnostic] {
            ConfigLinter.lintCollector(text: text, file: "fix.yaml", registry: ConfigLintTests.registry)
                .filter { $0.rule == "pii-extracted" }
        }
        let found = try XCTUnwrap(lint(config).first)
        XCTAssertTrue(found.fix?.contains("a resource processor action {key: user.id, action: hash}") ?? false, found.fix ?? "")
        let fixed = config.replacingOccurrences(of: """
                attributes:
                  - action: insert
            """, with: """
                attributes:
                  - action: hash
                    key: user.id
                  - action: insert
            """)
        XCTAssertEqual(lint(fixed).map(\.message), [])
    }

    /// In Alloy (no resource processor) the fix is a transform statement; applied, the finding is gone.
    func testPIIFixForAResourceHintInAlloy() throws {
        let config = """
            otelcol.processor.attributes "hints" {
              action {
                key    = "loki.resource.labels"
                action = "insert"
                value  = "user.id"
              }
              output {
                logs = [otelcol.exporter.loki.default.input]
              }
            }

            otelcol.exporter.loki "default" {
              forward_to = [loki.write.default.receiver]
            }

            loki.write "default" {
              endpoint {
                url = "http://loki:3100/loki/api/v1/push"
              }
            }
            """
        let found = try finding("pii-extracted", in: config)
        let statement = try snippet(found.fix)
        XCTAssertEqual(statement, #"set(resource.attributes["user.id"], SHA256(resource.attributes["user.id"]))"#)
        let fixed = """
            otelcol.processor.transform "hash" {
              statements {
                log = [`\(statement)`]
              }
              output {
                logs = [otelcol.processor.attributes.hints.input]
              }
            }

            """ + config
        assertFixed("pii-extracted", fixed)
    }

    /// Removing an attribute from a hint, as the fix says, clears the finding; the fix says where the attribute goes
    /// (the log line the exporter writes), not structured metadata.
    func testUnboundedLabelFixForAHint() throws {
        let config = """
            otelcol.processor.attributes "hints" {
              action {
                key    = "loki.attribute.labels"
                action = "insert"
                value  = "event.name, session.id"
              }
              output {
                logs = [otelcol.exporter.loki.default.input]
              }
            }

            otelcol.exporter.loki "default" {
              forward_to = [loki.write.default.receiver]
            }
            """
        let found = try finding("unbounded-label", in: config)
        XCTAssertEqual(found.fix, "remove 'session.id' from the loki.attribute.labels hint: the attribute then stays in the log line the exporter writes (its JSON or logfmt attributes), not a stream label")
        assertFixed("unbounded-label", config.replacingOccurrences(of: "event.name, session.id", with: "event.name"))
    }
}
