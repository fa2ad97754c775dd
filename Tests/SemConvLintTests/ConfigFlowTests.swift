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

    /// Processors run in pipeline order: a hint deleted later sets no label; set again after the deletion, it does.
    func testProcessorsApplyInOrder() {
        func config(_ first: String, _ second: String) -> String {
            """
            otelcol.processor.attributes "a" {
              \(first)
              output {
                logs = [otelcol.processor.transform.t.input]
              }
            }

            otelcol.processor.transform "t" {
              statements {
                log = [`\(second)`]
              }
              output {
                logs = [otelcol.exporter.loki.default.input]
              }
            }

            otelcol.exporter.loki "default" {
              forward_to = []
            }
            """
        }
        let insert = "action {\n    key    = \"loki.attribute.labels\"\n    action = \"upsert\"\n    value  = \"session.id\"\n  }"
        let delete = "action {\n    key    = \"loki.attribute.labels\"\n    action = \"delete\"\n  }"
        XCTAssertEqual(findings(config(insert, #"delete_key(log.attributes, "loki.attribute.labels")"#)), [])
        XCTAssertEqual(findings(config(delete, #"set(log.attributes["loki.attribute.labels"], "session.id")"#)), ["13:12 unbounded-label"])
        XCTAssertEqual(findings(config(insert, #"set(log.attributes["session.id"], "fixed")"#)), [],
                       "a constant value is bounded")
        XCTAssertEqual(findings(config(insert, #"set(log.attributes["loki.attribute.labels"], "session.id") where severity_number > 9"#)),
                       ["5:14 unbounded-label", "14:12 unbounded-label"], "a conditional statement may not apply")
    }

    /// Collector transform groups: the context decides which attributes `attributes[...]` are; a resource attribute
    /// hashed in the resource context is no longer personal data (still unbounded).
    func testCollectorTransformContexts() {
        let config = """
            processors:
              transform:
                log_statements:
                  - context: resource
                    statements:
                      - set(attributes["user.id"], SHA256(attributes["user.id"]))
                      - set(attributes["loki.resource.labels"], "user.id")
            exporters:
              loki:
                endpoint: http://loki:3100/loki/api/v1/push
            service:
              pipelines:
                logs:
                  receivers: [otlp]
                  processors: [transform]
                  exporters: [loki]
            """
        let found = ConfigLinter.lintCollector(text: config, file: "c.yaml", registry: ConfigLintTests.registry)
        XCTAssertEqual(found.map { "\($0.location.line):\($0.location.column) \($0.rule)" }, ["7:13 unbounded-label"])
        // A loki.attribute.labels hint set on the resource is not read by the exporter.
        let onResource = config.replacingOccurrences(of: "loki.resource.labels", with: "loki.attribute.labels")
        XCTAssertEqual(ConfigLinter.lintCollector(text: onResource, file: "c.yaml", registry: ConfigLintTests.registry).map(\.rule), [])
    }

    /// A relabel rule is judged by what its source label holds: a Docker container label named user_email is an
    /// e-mail address, whatever the target is called.
    func testRelabelSourceMeaning() {
        let config = """
            discovery.docker "d" {
              host = "unix:///var/run/docker.sock"
            }
            discovery.relabel "d" {
              targets = discovery.docker.d.targets
              rule {
                source_labels = ["__meta_docker_container_label_user_email"]
                target_label  = "owner"
              }
              rule {
                source_labels = ["__meta_docker_container_name"]
                target_label  = "container"
              }
            }
            loki.source.docker "d" {
              host       = "unix:///var/run/docker.sock"
              targets    = discovery.relabel.d.output
              forward_to = [loki.write.w.receiver]
            }
            loki.write "w" {
              endpoint {
                url = "http://loki:3100/loki/api/v1/push"
              }
            }
            """
        XCTAssertEqual(findings(config), ["8:21 pii-extracted", "8:21 unbounded-label"])
        let found = ConfigLinter.lintAlloy(bytes: Array(config.utf8), file: "r.alloy", registry: ConfigLintTests.registry)
        XCTAssertEqual(found.first { $0.rule == "unbounded-label" }?.message,
                       "relabel rule writes the Loki label 'owner' from __meta_docker_container_label_user_email, but user.email has unbounded cardinality in the registry: one stream per value")
    }

    /// Entries printed by loki.echo never reach Loki; loki.source.kubernetes_events adds namespace, job, instance.
    func testSinksAndSourceLabels() {
        XCTAssertEqual(findings("""
            loki.process "p" {
              forward_to = [loki.echo.e.receiver]
              stage.logfmt {
                mapping = { session_id = "" }
              }
              stage.labels {
                values = { session_id = "" }
              }
            }
            loki.echo "e" { }
            """), [])
        let labels = (1...13).map { "l\($0) = \"1\"" }.joined(separator: ", ")
        XCTAssertEqual(findings("""
            loki.source.kubernetes_events "k" {
              forward_to = [loki.process.p.receiver]
            }
            loki.process "p" {
              forward_to = []
              stage.static_labels {
                values = { \(labels) }
              }
            }
            """), ["4:1 too-many-labels"])
    }

    /// A field faro.receiver never writes is never set: no label, no structured metadata from it; the unknown key
    /// is the finding.
    func testFieldsNeverWrittenCarryNothing() {
        XCTAssertEqual(findings("""
            faro.receiver "web" {
              output {
                logs = [loki.process.faro.receiver]
              }
            }
            loki.process "faro" {
              forward_to = []
              stage.logfmt {
                mapping = { sid = "session.id", mail = "user.email" }
              }
              stage.labels {
                values = { sid = "" }
              }
              stage.structured_metadata {
                values = { mail = "" }
              }
            }
            """), ["9:17 unknown-source-key", "9:37 unknown-source-key"])
    }

    /// A structured metadata name Loki renames is a warning; a stream label name Loki rejects is an error.
    func testInvalidNamesBySeverity() {
        let found = ConfigLinter.lintAlloy(bytes: Array("""
            loki.process "p" {
              forward_to = []
              stage.static_labels {
                values = { "log.level" = "info" }
              }
              stage.logfmt {
                mapping = { sid = "" }
              }
              stage.structured_metadata {
                values = { "session.id" = "sid" }
              }
            }
            """.utf8), file: "n.alloy", registry: ConfigLintTests.registry)
        XCTAssertEqual(found.map { "\($0.location.line):\($0.location.column) \($0.severity.rawValue) \($0.rule)" },
                       ["4:16 error invalid-label-name", "10:16 warning invalid-label-name"])
    }

    /// A regex named group's findings point at the group, in escaped and raw Alloy strings and in YAML scalars.
    func testRegexGroupPositions() {
        XCTAssertEqual(findings(#"""
            loki.process "p" {
              forward_to = []
              stage.regex {
                expression = "^(?P<ts>\\S+) (?P<user_email>\\S+)"
              }
              stage.regex {
                expression = `^(?P<ts>\S+) (?<email>\S+)`
              }
            }
            """#), ["4:33 pii-extracted", "7:32 pii-extracted"])
        XCTAssertEqual(findings(#"""
            scrape_configs:
              - job_name: app
                pipeline_stages:
                  - regex:
                      expression: '^(?P<ts>\S+) (?P<user_email>\S+)'
                  - regex:
                      expression: "^(?P<ts>\\S+) (?P<email>\\S+)"
                  - regex:
                      expression: ^(?P<ts>\S+) (?P<e_mail>\S+)$
            """#, promtail: true), ["5:37 pii-extracted", "7:38 pii-extracted", "9:36 pii-extracted"])
    }

    /// One rule for nested JMESPath paths: a path is matched by its dotted suffixes, in extraction and uses alike.
    func testNestedPathsAreJudgedAlikeEverywhere() {
        XCTAssertEqual(findings("""
            loki.process "p" {
              forward_to = []
              stage.json {
                expressions = { uname = "user.name", auid = "attributes.user.id", q = "attributes.\\"user.email\\"" }
              }
              stage.structured_metadata {
                values = { uname = "", auid = "", q = "" }
              }
            }
            """), ["4:21 pii-extracted", "4:42 pii-extracted", "4:71 pii-extracted",
                   "7:16 pii-extracted", "7:28 pii-extracted", "7:39 pii-extracted"])
    }
}
