import SemConvModel

/// SARIF 2.1.0, as GitHub code scanning loads it.
public struct SARIFReporter: Reporter {
    public static let name = "sarif"

    public init() {}

    public func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        let ruleIDs = Array(Set(diagnostics.map(\.rule))).sorted()
        let known = Dictionary(TelemetryLinter.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rules: [JSONValue] = ruleIDs.map { id in
            var pairs: [(String, JSONValue)] = [("id", .string(id)), ("name", .string(id))]
            if let rule = known[id] {
                pairs.append(("shortDescription", .object([("text", .string(rule.summary))])))
                if let level = rule.defaultSeverity {
                    pairs.append(("defaultConfiguration", .object([("level", .string(level == .info ? "note" : level.rawValue))])))
                }
            }
            pairs.append(("helpUri", .string("https://github.com/swift-semconv/swift-semconv#rule-\(id)")))
            return .object(pairs)
        }
        let results: [JSONValue] = diagnostics.map { d in
            var message = d.message
            if let fix = d.fix { message += " Fix: \(fix)" }
            var region: [(String, JSONValue)] = [("startLine", .int(max(d.location.line, 1)))]
            if d.location.column > 0 { region.append(("startColumn", .int(d.location.column))) }
            return .object([
                ("ruleId", .string(d.rule)),
                ("ruleIndex", .int(ruleIDs.firstIndex(of: d.rule) ?? 0)),
                ("level", .string(d.severity == .info ? "note" : d.severity.rawValue)),
                ("message", .object([("text", .string(message))])),
                ("locations", .array([.object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(d.location.file))])),
                        ("region", .object(region)),
                    ])),
                ])])),
            ])
        }
        let doc = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("semconv")),
                    ("informationUri", .string("https://github.com/swift-semconv/swift-semconv")),
                    ("rules", .array(rules)),
                ]))])),
                ("results", .array(results)),
            ])])),
        ])
        return doc.rendered(indent: 2) + "\n"
    }
}
