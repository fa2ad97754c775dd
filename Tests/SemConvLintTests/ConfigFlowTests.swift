import Foundation
import SemConvModel
import XCTest
@testable import SemConvLint

/// Labels that reach Loki on other paths than `stage.labels`: relabel rules (Promtail `relabel_configs`,
/// `discovery.relabel` targets, `relabel_rules`, `loki.relabel` before or after a pipeline) and the label hints of
/// `otelcol.exporter.loki`, with names as Loki translates them.
final class ConfigFlowTests: XCTestCase {
    func findings(_ text: String, promtail: Bool = false) -> [String] {
        let found = promtail
            ? ConfigLinter.lintPromtail(text: text, file: "flow.yaml", registry: ConfigLintTests.registry)
            : ConfigLinter.lintAlloy(bytes: Array(text.utf8), file: "flow.alloy", registry: ConfigLintTests.registry)
        return found.sorted(by: Diagnostic.reportOrder).map { "\($0.location.line):\($0.location.column) \($0.rule)" }
    }

    func testPromtailRelabelTargetLabel() {
        XCTAssertEqual(findings("""
            scrape_configs:
              - job_name: app
                relabel_configs:
                  - source_labels: [__meta_docker_container_label_session_id]
                    target_label: session_id
                  - source_labels: [__meta_docker_container_name]
                    target_label: container
                  - target_label: env
                    replacement: production
            """, promtail: true), ["5:23 unbounded-label"])
        // Dropped again by a later relabel rule: nothing reaches Loki.
        XCTAssertEqual(findings("""
            scrape_configs:
              - job_name: app
                relabel_configs:
                  - source_labels: [__meta_docker_container_label_session_id]
                    target_label: session_id
                  - action: labeldrop
                    regex: session_.*
            """, promtail: true), [])
    }

    func testDiscoveryRelabelTargetsOfAFileSource() {
        XCTAssertEqual(findings("""
            discovery.relabel "pods" {
              targets = []
              rule {
                source_labels = ["__meta_kubernetes_pod_label_user_id"]
                target_label  = "user_id"
              }
            }

            loki.source.file "pods" {
              targets    = discovery.relabel.pods.output
              forward_to = [loki.write.default.receiver]
            }

            loki.write "default" {
              endpoint {
                url = "http://loki:3100/loki/api/v1/push"
              }
            }
            """), ["5:21 pii-extracted", "5:21 unbounded-label"])
    }

    /// A loki.relabel after the pipeline drops the label before loki.write: it never reaches Loki.
    func testRelabelAfterThePipelineDropsTheLabel() {
        let config = """
            loki.process "p" {
              forward_to = [loki.relabel.cleanup.receiver]
              stage.logfmt {
                mapping = { session_id = "" }
              }
              stage.labels {
                values = { session_id = "" }
              }
            }

            loki.relabel "cleanup" {
              forward_to = [loki.write.default.receiver]
              rule {
                action = "labeldrop"
                regex  = "session_id"
              }
            }

            loki.write "default" {
              endpoint {
                url = "http://loki:3100/loki/api/v1/push"
              }
            }
            """
        XCTAssertEqual(findings(config), [])
        XCTAssertEqual(findings(config.replacingOccurrences(of: "regex  = \"session_id\"", with: "regex  = \"other\"")),
                       ["7:16 unbounded-label"])
    }

    /// The end of a processor block that sends to `otelcol.exporter.loki`, and the exporter and loki.write after it.
    static let toLoki = """
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

    func testExporterHintsFromTransformStatementsAndHashedAttributes() {
        XCTAssertEqual(findings("""
            otelcol.processor.transform "hints" {
              log_statements {
                context    = "log"
                statements = [
                  "set(attributes[\\"loki.attribute.labels\\"], \\"user.email\\")",
                  "set(resource.attributes[\\"loki.resource.labels\\"], \\"service.name\\")",
                ]
              }
            \(Self.toLoki)
            """), ["5:7 pii-extracted", "5:7 unbounded-label"])
        // Hashed by the attributes processor first: no personal data, still one stream per address.
        XCTAssertEqual(findings("""
            otelcol.processor.attributes "hints" {
              action {
                key    = "user.email"
                action = "hash"
              }
              action {
                key    = "loki.attribute.labels"
                action = "upsert"
                value  = "user.email"
              }
            \(Self.toLoki)
            """), ["9:14 unbounded-label"])
    }

    /// The exporter's labels arrive at a pipeline like any other: dropped there, they never reach Loki; counted there
    /// for too-many-labels (exporter, job, instance, level plus the hinted ones).
    func testExporterLabelsFlowIntoAPipeline() {
        XCTAssertEqual(findings("""
            otelcol.processor.attributes "hints" {
              action {
                key    = "loki.attribute.labels"
                action = "insert"
                value  = "session.id"
              }
              output {
                logs = [otelcol.exporter.loki.default.input]
              }
            }

            otelcol.exporter.loki "default" {
              forward_to = [loki.process.p.receiver]
            }

            loki.process "p" {
              forward_to = []
              stage.structured_metadata {
                values = { session_id = "" }
              }
            }
            """), [])
    }

    /// A Collector config with the Loki exporter: hints from attributes, resource and transform processors, the
    /// exporter's default labels unless default_labels_enabled turns them off.
    func testCollectorLokiExporter() {
        let config = """
            receivers:
              otlp:
                protocols: {http: {}}
            processors:
              attributes/hints:
                actions:
                  - action: insert
                    key: loki.attribute.labels
                    value: event.name, session.id
              resource:
                attributes:
                  - action: hash
                    key: user.email
                  - action: upsert
                    key: loki.resource.labels
                    value: service.name, user.email
            exporters:
              loki:
                endpoint: http://loki:3100/loki/api/v1/push
                default_labels_enabled:
                  instance: false
            service:
              pipelines:
                logs:
                  receivers: [otlp]
                  processors: [attributes/hints, resource]
                  exporters: [loki]
                traces:
                  receivers: [otlp]
                  processors: [attributes/hints]
                  exporters: [loki]
            """
        let found = ConfigLinter.lintCollector(text: config, file: "otelcol.yaml", registry: ConfigLintTests.registry)
        XCTAssertEqual(found.map { "\($0.location.line):\($0.location.column) \($0.rule)" }, ["9:16 unbounded-label", "16:16 unbounded-label"])
        XCTAssertEqual(found.first?.message, "the loki.attribute.labels hint makes 'session.id' the Loki label 'session_id', but session.id has unbounded cardinality in the registry: one stream per value")
        let path = NSTemporaryDirectory() + "otelcol-\(UUID().uuidString).yaml"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(config.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(ConfigLinter.detect(path: path), .collector)
    }

    func testNamesAsLokiTranslatesThem() {
        XCTAssertEqual(NameClassifier.labelName("session.id"), "session_id")
        XCTAssertEqual(NameClassifier.labelName("k8s.pod-name"), "k8s_pod_name")
        let classifier = NameClassifier(policy: ConfigLintTests.registry.policy)
        XCTAssertEqual(classifier.facts(["device_id"]).canonical, "device.id")
        XCTAssertEqual(classifier.facts(["session_id"]).canonical, "session.id")
        XCTAssertTrue(classifier.facts(["session.id"]).unbounded)
    }

    /// A nested unquoted path is read by its dotted suffixes: {"session": {"id": ...}} is the session id.
    func testNestedJMESPathPaths() {
        XCTAssertEqual(findings("""
            loki.process "p" {
              forward_to = []
              stage.json {
                expressions = { sid = "session.id" }
              }
              stage.labels {
                values = { sid = "" }
              }
            }
            """), ["7:16 unbounded-label"])
    }

    /// Logfmt mapping keys and regex named groups are matched against registry keys and aliases for every rule.
    func testLogfmtAndRegexKeys() {
        XCTAssertEqual(findings("""
            loki.process "p" {
              forward_to = []
              stage.regex {
                expression = "^(?P<session_id>\\\\S+) (?P<mail>\\\\S+)"
              }
              stage.logfmt {
                mapping = { dev = "device.id" }
              }
              stage.labels {
                values = { session_id = "", dev = "" }
              }
              stage.structured_metadata {
                values = { email = "mail" }
              }
            }
            """), ["10:16 unbounded-label", "10:33 unbounded-label", "13:16 pii-extracted"])
    }
}
