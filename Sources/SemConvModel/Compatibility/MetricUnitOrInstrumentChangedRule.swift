/// A stable metric changed its unit.
struct MetricUnitChangedRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "metric-unit-changed", category: .compatibility, defaultSeverity: .error,
        summary: "a stable metric has a different unit",
        rationale: "Every stored point and every query on the metric assumes its unit.",
        fix: "keep the unit; publish a new metric with the new unit and deprecate this one (reason: renamed)",
        triggering: [
            RuleExample(.yaml, """
                groups:
                  - id: metric.demo.duration
                    type: metric
                    metric_name: demo.duration
                    instrument: histogram
                    unit: ↓ms
                    stability: stable
                    brief: How long it took.
                """, context: ["baseline": """
                groups:
                  - id: metric.demo.duration
                    type: metric
                    metric_name: demo.duration
                    instrument: histogram
                    unit: s
                    stability: stable
                    brief: How long it took.
                """]),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                groups:
                  - id: metric.demo.duration
                    type: metric
                    metric_name: demo.duration
                    instrument: histogram
                    unit: ms
                    stability: development
                    brief: How long it took.
                """, context: ["baseline": """
                groups:
                  - id: metric.demo.duration
                    type: metric
                    metric_name: demo.duration
                    instrument: histogram
                    unit: s
                    stability: development
                    brief: How long it took.
                """], note: "development metrics may change unit"),
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        input.updates(of: [.metric], fields: ["unit"]).map { change, update, at in
            finding("stable metric '\(change.name)' changed unit from '\(update.before ?? "")' to '\(update.after ?? "")'",
                    at: at, fix: description.fix ?? "", event: change.name)
        }
    }
}

/// A stable metric changed its instrument.
struct MetricInstrumentChangedRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "metric-instrument-changed", category: .compatibility, defaultSeverity: .error,
        summary: "a stable metric has a different instrument",
        rationale: "The instrument decides the point type (sum, gauge, histogram) and its aggregation downstream.",
        fix: "keep the instrument; publish a new metric and deprecate this one (reason: renamed)",
        triggering: [
            RuleExample(.yaml, """
                groups:
                  - id: metric.demo.active
                    type: metric
                    metric_name: demo.active
                    instrument: ↓gauge
                    unit: "{request}"
                    stability: stable
                    brief: Requests in flight.
                """, context: ["baseline": """
                groups:
                  - id: metric.demo.active
                    type: metric
                    metric_name: demo.active
                    instrument: updowncounter
                    unit: "{request}"
                    stability: stable
                    brief: Requests in flight.
                """]),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                groups:
                  - id: metric.demo.active
                    type: metric
                    metric_name: demo.active
                    instrument: updowncounter
                    unit: "{request}"
                    stability: stable
                    brief: Requests currently in flight.
                """, context: ["baseline": """
                groups:
                  - id: metric.demo.active
                    type: metric
                    metric_name: demo.active
                    instrument: updowncounter
                    unit: "{request}"
                    stability: stable
                    brief: Requests in flight.
                """], note: "a new brief"),
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        input.updates(of: [.metric], fields: ["instrument"]).map { change, update, at in
            finding("stable metric '\(change.name)' changed instrument from \(update.before ?? "?") to \(update.after ?? "?")",
                    at: at, fix: description.fix ?? "", event: change.name)
        }
    }
}
