import SemConvModel

/// `metric-attribute-unbounded`: a metric data point carries an attribute the registry marks
/// `cardinality: unbounded` (a session, user or device id, a full URL). Every distinct value of a data-point
/// attribute starts a new time series, so such an attribute grows the metric without limit. Resource and scope
/// attributes are not judged (they identify the producer, once per process). One finding per metric and attribute
/// in a unit (request), on its first data point, counting the data points that carry it.
enum MetricAttributeRule {
    static let unbounded = RuleDescription(
        id: TelemetryRuleID.metricAttributeUnbounded.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A metric data point carries an attribute of unbounded cardinality.",
        rationale: "Each distinct set of data-point attributes is its own time series: a session id or a full URL on a counter creates a series per session or URL, which no metrics backend keeps affordable (the registry's `cardinality: unbounded`).",
        fix: "Drop the attribute from the metric (keep it on spans or logs), or record a bounded form (`url.path` template, a bucket).",
        triggering: [
            RuleExample(.ndjson, #"{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"shop.checkouts","sum":{"dataPoints":[{"asInt":"1","attributes":[↓{"key":"session.id","value":{"stringValue":"s1"}}]},{"asInt":"1","attributes":[{"key":"session.id","value":{"stringValue":"s2"}}]}]}}]}]}]}"#,
                        note: "one finding per metric and attribute in a request"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"shop.checkouts","sum":{"dataPoints":[{"asInt":"1","attributes":[{"key":"os.name","value":{"stringValue":"iOS"}}]}]}}]}]}]}"#,
                        note: "os.name is bounded"),
            RuleExample(.ndjson, #"{"resourceMetrics":[{"resource":{"attributes":[{"key":"device.id","value":{"stringValue":"d1"}}]},"scopeMetrics":[{"metrics":[{"name":"app.frames","gauge":{"dataPoints":[{"asDouble":60}]}}]}]}]}"#,
                        note: "a resource attribute identifies the producer, not a series"),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"session.id","value":{"stringValue":"s1"}}]}]}]}]}"#,
                        note: "logs and spans may carry unbounded attributes"),
        ])

    /// Checks the data points of the unit: their own attributes whose registry cardinality is unbounded.
    static func check(_ ctx: UnitRuleContext) {
        let batch = ctx.batch, index = ctx.index
        guard index.hasUnbounded else { return }
        // (metric, attribute id) pairs already reported in this unit, with the finding's data-point count to fill.
        var seen: [(resource: Int32, scope: Int32, metric: Int32, attribute: Int, points: Int, first: Int32)] = []
        for r in 0..<batch.records.count {
            let record = batch.records[r]
            guard record.signal == .metricDataPoint else { continue }
            for i in record.attributes.range {
                let id = ctx.occurrenceIDs[i]
                guard id >= 0, index.unbounded[Int(id)] else { continue }
                let p = record.path
                if let k = seen.firstIndex(where: { $0.resource == p.a && $0.scope == p.b && $0.metric == p.c
                    && $0.attribute == Int(id) }) {
                    seen[k].points += 1
                } else {
                    seen.append((p.a, p.b, p.c, Int(id), 1, Int32(i)))
                }
            }
        }
        for entry in seen {
            guard let severity = ctx.sink.admit(.metricAttributeUnbounded) else { continue }
            let occurrence = batch.attributes[entry.first]
            let record = batch.records[occurrence.owner]
            let key = index.attributes[entry.attribute].key
            let metric = record.metricName >= 0 ? "metric '\(batch.string(ofSlot: record.metricName))'" : "a metric"
            let count = entry.points == 1 ? "" : " (\(entry.points) data points in this request)"
            ctx.report(.metricAttributeUnbounded, severity,
                       "'\(key)' (cardinality unbounded) is a data-point attribute of \(metric): every value starts a new time series\(count)",
                       offset: occurrence.offset, attribute: key, path: batch.path(occurrence.pathAnchor),
                       fix: "drop '\(key)' from the metric's attributes (record it on spans or logs), or record a bounded form")
        }
    }
}
