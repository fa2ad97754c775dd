import SemConvModel

extension ConfigRule {
    /// Prometheus naming for the metrics a pipeline defines. The stage prefixes the name (`loki_process_custom_` in
    /// Alloy, `promtail_custom_` in Promtail, or `prefix`): fixes name the `name` to write, not the prefixed result.
    static let metricNaming = ConfigRule(
        description: RuleDescription(
            id: "metric-naming", category: .config, defaultSeverity: .warning,
            summary: "a pipeline metric breaks Prometheus naming: not `[a-zA-Z_:][a-zA-Z0-9_:]*`, a counter not ending in `_total`, a unit that is not a base unit",
            rationale: "Prometheus conventions (https://prometheus.io/docs/practices/naming/) let dashboards and recording rules treat metrics alike.",
            fix: "Name counters `..._total` and use base units (`_seconds`, `_bytes`).",
            triggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.metrics {
                        metric.counter {
                          name      = ↓"requests"
                          action    = "inc"
                          match_all = true
                        }
                        metric.histogram {
                          name    = ↓"latency_milliseconds"
                          source  = "latency"
                          buckets = [1, 10]
                        }
                      }
                    }
                    """),
                RuleExample(.promtail, """
                    scrape_configs:
                      - job_name: app
                        pipeline_stages:
                          - metrics:
                              ↓lines:
                                type: Counter
                                config:
                                  match_all: true
                                  action: inc
                    """),
            ],
            nonTriggering: [
                RuleExample(.alloy, """
                    loki.process "p" {
                      forward_to = []
                      stage.metrics {
                        metric.counter {
                          name      = "requests_total"
                          action    = "inc"
                          match_all = true
                        }
                      }
                    }
                    """),
            ]),
        check: { rule, facts, _ in
            facts.metrics.flatMap { metricNamingFindings($0, rule) }
        })

    static func metricNamingFindings(_ m: ConfigFacts.Metric, _ rule: ConfigRule) -> [Diagnostic] {
        let def = m.def
        let full = def.prefix + def.name
        let at = def.nameLocation ?? def.location
        /// The fix: which name to write (the stage adds the prefix itself).
        func rename(_ name: String) -> String {
            let what = m.dialect == .alloy ? "set name = \"\(name)\"" : "rename the metric to '\(name)'"
            return def.prefix.isEmpty ? what : "\(what) (the stage adds the prefix '\(def.prefix)': \(def.prefix + name))"
        }
        var out: [Diagnostic] = []
        if !full.isEmpty, !isValidMetricName(full) {
            out.append(rule.finding("metric name '\(full)' is not a valid Prometheus metric name", at: at,
                                            fix: "use only [a-zA-Z_:][a-zA-Z0-9_:]* in name and prefix"))
        }
        if def.type == "counter", !full.hasSuffix("_total") {
            out.append(rule.finding("counter '\(full)' should end in _total", at: at,
                                            fix: rename(def.name + "_total")))
        }
        let nonBase = ["_milliseconds": "_seconds", "_ms": "_seconds", "_minutes": "_seconds", "_hours": "_seconds",
                       "_kilobytes": "_bytes", "_megabytes": "_bytes", "_kb": "_bytes", "_mb": "_bytes"]
        let total = def.name.hasSuffix("_total") ? "_total" : ""
        let stem = String(def.name.dropLast(total.count))
        for (suffix, base) in nonBase.sorted(by: { $0.key < $1.key }) where stem.hasSuffix(suffix) {
            out.append(rule.finding("metric '\(full)' uses unit \(suffix.dropFirst()), not a base unit", at: at,
                                            fix: "record \(base.dropFirst()) and " + rename(stem.dropLast(suffix.count) + base + total)))
        }
        return out
    }

    static func isValidMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || c == 58 }
        return letter(first) && name.utf8.allSatisfy { letter($0) || ($0 >= 48 && $0 <= 57) }
    }
}
