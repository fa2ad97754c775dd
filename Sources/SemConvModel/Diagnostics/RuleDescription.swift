/// Which command reports a rule, and so which input its examples are written in.
public enum RuleCategory: String, Sendable, Hashable, CaseIterable, Codable {
    /// `semconv check`: registry YAML.
    case registry
    /// `semconv check --baseline`: a registry compared with an earlier version of itself.
    case compatibility
    /// `semconv generate` / `docs`: templates and their configuration.
    case template
    /// `semconv lint` / `live-check` on recorded or received telemetry.
    case telemetry
    /// `semconv lint` on Alloy and Promtail pipeline configs.
    case config
    /// Every command: the project config (`semconv.yaml`) and `--rules` files.
    case project
}

/// One example input of a rule. Examples are documentation and tests at once: a test runs every example of every
/// rule and checks that findings of that rule land exactly at the markers and nowhere else (SwiftLint's
/// `verifyRule`, swift-format's `FindingSpec`).
///
/// Markers: `↓` (U+2193) placed immediately before the character a finding's `line:column` points at. The marker is
/// removed before the input is checked; one marker per expected finding. Inputs never contain `↓` otherwise.
public struct RuleExample: Sendable, Hashable {
    /// The input's format, which decides how the test harness feeds it to the tool.
    public enum Format: String, Sendable, Hashable, Codable {
        /// Registry YAML (one file of a registry; the bundled model is not loaded unless the rule needs it).
        case yaml
        /// Telemetry, one JSON document per line (OTLP/JSON, flat events or Faro payloads).
        case ndjson
        /// A Grafana Alloy config.
        case alloy
        /// A Promtail config (YAML with `scrape_configs`).
        case promtail
        /// An OpenTelemetry Collector config (YAML with `receivers`, `processors`, `exporters`, `service`).
        case collector
        /// A Mustache template of a template directory.
        case mustache
    }

    public var format: Format
    /// The input with `↓` markers where findings must land.
    public var input: String
    /// Extra context the harness needs (e.g. `registry` for a second YAML file, `baseline` for a compatibility
    /// rule's earlier registry, `rules` for a `--rules` file). Keys are per category and documented by its harness.
    public var context: [String: String]
    /// A word on what the example shows, for `semconv rules` and the README (optional).
    public var note: String?

    public init(_ format: Format, _ input: String, context: [String: String] = [:], note: String? = nil) {
        self.format = format
        self.input = input
        self.context = context
        self.note = note
    }

    /// The marker character.
    public static let marker: Character = "↓"

    /// The input without markers, and the 1-based `(line, column)` of each marker, columns counted in Unicode
    /// scalars (the convention of every reader's positions).
    public var unmarked: (text: String, markers: [(line: Int, column: Int)]) {
        var text = String.UnicodeScalarView()
        var markers: [(Int, Int)] = []
        var line = 1, column = 1
        for scalar in input.unicodeScalars {
            if scalar == "↓" {
                markers.append((line, column))
                continue
            }
            text.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (String(text), markers)
    }
}

/// What a rule is, for every place that shows rules: `semconv rules`, the README tables, SARIF rule metadata and
/// `--rules` validation. Ids are stable: a renamed rule keeps its old id in `aliases`.
public struct RuleDescription: Sendable, Hashable {
    /// Stable kebab-case id, e.g. `session-telemetry-after-end`.
    public var id: String
    public var category: RuleCategory
    /// The severity a finding gets unless `--rules` changes it; nil when the rule is off by default.
    public var defaultSeverity: Severity?
    /// One sentence: what the rule reports.
    public var summary: String
    /// Why it matters (optional, a sentence or two).
    public var rationale: String?
    /// What to do about a finding, in general terms (each finding carries its own concrete fix).
    public var fix: String?
    /// Inputs on which the rule must fire exactly at the markers.
    public var triggering: [RuleExample]
    /// Inputs on which the rule must stay silent.
    public var nonTriggering: [RuleExample]
    /// Earlier ids of this rule, still accepted in `--rules` files.
    public var aliases: [String]

    public init(id: String, category: RuleCategory, defaultSeverity: Severity?, summary: String,
                rationale: String? = nil, fix: String? = nil, triggering: [RuleExample] = [],
                nonTriggering: [RuleExample] = [], aliases: [String] = []) {
        self.id = id
        self.category = category
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.aliases = aliases
    }
}
