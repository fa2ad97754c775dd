import Foundation

/// What an input holds, told from its first bytes (never from its name): telemetry for the telemetry reader, one of
/// the configs `semconv lint` reads, or something else that it names so the user knows what was passed.
enum ConfigContent: Equatable, Sendable {
    /// Nothing but white space.
    case empty
    /// JSON (NDJSON or a document) or binary data: the telemetry reader tells OTLP protobuf, gzip and zstd apart.
    case telemetry
    case alloy, promtail, collector
    /// A YAML mapping of another kind, described: "a Kubernetes manifest", "YAML with the top-level keys a, b".
    case yaml(String)
    /// Text that is none of these (or a config broken before its first statement).
    case text

    /// The config kind this content is, if it is one.
    var configKind: InputKind? {
        switch self {
        case .alloy: .alloy
        case .promtail: .promtail
        case .collector: .collector
        default: nil
        }
    }

    /// How a finding names it: "an Alloy config", "telemetry (JSON)", "a Kubernetes manifest".
    var description: String {
        switch self {
        case .empty: "empty"
        case .telemetry: "telemetry (JSON or binary data)"
        case .alloy: "an Alloy config"
        case .promtail: "a Promtail config"
        case .collector: "an OpenTelemetry Collector config"
        case .yaml(let what): what
        case .text: "text (not JSON)"
        }
    }

    /// Whether content that was forced to be read as `kind` is plainly something else: another config kind,
    /// telemetry, or YAML of another kind. Text that is no known kind is read as forced (its syntax errors say
    /// what is wrong), and so is empty input.
    func contradicts(_ kind: InputKind) -> Bool {
        switch self {
        case .empty, .text: false
        case .alloy, .promtail, .collector: configKind != kind
        case .telemetry, .yaml: true
        }
    }

    /// Bytes looked at to tell the content: top-level keys past the first screenful still count.
    static let headBytes = 1 << 20

    /// Top-level keys only Promtail's config has (`clients`, `positions`, ... as in Promtail's `Config`; `server`,
    /// `tracing` and `limits_config` are shared with Loki and so decide nothing).
    static let promtailKeys: Set<String> = ["scrape_configs", "clients", "client", "positions", "target_config"]
    /// The sections of a Collector config (`otelcol.Config`): any one of them makes a Collector config, so a config
    /// split over several `--config` files is recognized file by file.
    static let collectorKeys: Set<String> = ["receivers", "processors", "exporters", "connectors", "extensions", "service"]
    /// Keys of a Prometheus config, which has `scrape_configs` too.
    static let prometheusKeys: Set<String> = ["global", "rule_files", "alerting", "remote_write", "remote_read"]
    /// Keys of a Loki server config.
    static let lokiKeys: Set<String> = ["schema_config", "storage_config", "ingester", "distributor", "querier",
                                        "query_range", "compactor", "ruler", "common", "memberlist"]

    /// What `bytes` (the start of an input) hold. With `anyBinary`, bytes that are not text anywhere in the first
    /// 4 KiB (invalid UTF-8, control characters: a protobuf body) are telemetry too; without it only a start no text
    /// has is, so a config with a damaged byte further in is read as the config it is (and the damage reported).
    static func detect(_ bytes: ArraySlice<UInt8>, anyBinary: Bool = false) -> ConfigContent {
        var text = bytes
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        guard let first = text.first(where: { !($0 == 32 || $0 == 9 || $0 == 10 || $0 == 13) }) else { return .empty }
        // JSON, or bytes no text config has (length prefixes, compression magic): the telemetry reader's business.
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .telemetry }
        if Decompression.format(of: Array(text.prefix(4))) != nil { return .telemetry }
        func control(_ c: UInt8) -> Bool { c < 0x20 && c != 9 && c != 10 && c != 13 || c == 0x7F }
        if text.prefix(4).contains(where: control) { return .telemetry }
        if anyBinary {
            let start = text.prefix(4096)
            if start.contains(where: control) || !isUTF8(start) { return .telemetry }
        }
        // `isNewline`: a CRLF line end is one `Character`, neither "\n" nor "\r".
        let lines = String(decoding: text, as: UTF8.self).split(omittingEmptySubsequences: true,
                                                                   whereSeparator: \.isNewline)
        let keys = Set(lines.compactMap(topLevelKey))
        if !keys.isDisjoint(with: promtailKeys), keys.isDisjoint(with: prometheusKeys) || keys.contains("clients") {
            return .promtail
        }
        if !keys.isDisjoint(with: collectorKeys) { return .collector }
        if !keys.isEmpty { return .yaml(describeYAML(keys)) }
        if looksLikeAlloy(text) { return .alloy }
        if looksLikeJSONLines(lines) { return .telemetry }
        return .text
    }

    /// JSON lines (or documents) whose first line is not an object: the first non-blank line is a whole JSON value
    /// (`null`, `42`, `"x"`) and a later line begins an object or an array, or most lines do (a damaged or foreign
    /// first line). The telemetry reader then reports the odd lines one by one (`unknown-input`, `invalid-json`)
    /// and reads the rest. Text with a JSON snippet here and there, or a title that happens to be a JSON value,
    /// stays text.
    static func looksLikeJSONLines(_ lines: [Substring]) -> Bool {
        let lines = lines.filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
        guard let first = lines.first else { return false }
        let opening = lines.count { $0.hasPrefix("{") || $0.hasPrefix("[") }
        guard opening > 0 else { return false }
        let trimmed = first.trimmingCharacters(in: .whitespaces)
        if let c = trimmed.utf8.first, "\"-0123456789tfn".utf8.contains(c),
           (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: .fragmentsAllowed)) != nil {
            return true
        }
        return opening * 2 > lines.count
    }

    /// Whether `bytes` are UTF-8, allowing a character cut off at the end.
    static func isUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        (0...min(3, bytes.count)).contains { String(validating: bytes.dropLast($0), as: UTF8.self) != nil }
    }

    /// `key:` at the start of a line (a top-level YAML mapping key, quoted or not), with the `---` document marker
    /// and comments ignored.
    static func topLevelKey(_ line: Substring) -> String? {
        var scalars = Substring.UnicodeScalarView(line.unicodeScalars)
        var quote: Unicode.Scalar?
        if let q = scalars.first, q == "\"" || q == "'" {
            quote = q
            scalars = scalars.dropFirst()
        }
        guard let head = scalars.first, isKeyStart(head) else { return nil }
        let key = scalars.prefix(while: { isKeyPart($0) })
        var rest = scalars.dropFirst(key.count)
        if let quote {
            guard rest.first == quote else { return nil }
            rest = rest.dropFirst()
        }
        rest = rest.drop(while: { $0 == " " || $0 == "\t" })
        guard rest.first == ":" else { return nil }
        let after = rest.dropFirst().first
        guard after == nil || after == " " || after == "\t" else { return nil }
        return String(String.UnicodeScalarView(key))
    }

    static func isKeyStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
    }

    static func isKeyPart(_ c: Unicode.Scalar) -> Bool {
        isKeyStart(c) || ("0"..."9").contains(c) || c == "." || c == "-" || c == "/"
    }

    /// Whether the first statement is an Alloy block or attribute (`loki.process "p" {`, `logging {`,
    /// `name = value`), comments skipped as Alloy's scanner skips them.
    static func looksLikeAlloy(_ bytes: ArraySlice<UInt8>) -> Bool {
        var lexer = AlloyLexer(Array(bytes.prefix(64 << 10)))
        var token = lexer.next()
        while token.kind == .terminator { token = lexer.next() }
        guard token.kind == .ident else { return false }
        token = lexer.next()
        while token.kind == .dot {
            guard lexer.next().kind == .ident else { return false }
            token = lexer.next()
        }
        if token.kind == .string { token = lexer.next() }
        return token.kind == .lcurly || token.kind == .assign
    }

    static func describeYAML(_ keys: Set<String>) -> String {
        if keys.contains("apiVersion") && keys.contains("kind") { return "a Kubernetes manifest" }
        if !keys.isDisjoint(with: prometheusKeys) && keys.contains("scrape_configs") { return "a Prometheus config" }
        if !keys.isDisjoint(with: lokiKeys) { return "a Loki config" }
        let shown = keys.sorted().prefix(5).joined(separator: ", ")
        return "YAML with the top-level keys \(shown)\(keys.count > 5 ? ", ..." : "")"
    }
}
