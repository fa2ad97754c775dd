import Foundation
import SemConvModel

/// SARIF 2.1.0, as GitHub code scanning loads it.
///
/// Paths are written relative to a base directory (`ReportContext.basePath`, default the working directory) with
/// `uriBaseId` `%SRCROOT%`, whose absolute `file://` URI is given once in `originalUriBaseIds`, so findings map to
/// repository files whatever form of path the command line used. A file outside the base keeps an absolute
/// `file://` URI. A file inside a fetched registry source (git, archive; `ReportContext.fetchedLocation`) has its
/// path inside the source as `uri` and the source as written (`https://host/repo.git@v1.40.0`, `../repo@main`) as
/// `uriBaseId`, described (with no `uri`: it is no place on disk) in `originalUriBaseIds`, so the log is the same
/// on every machine and never names the cache or a deleted temporary directory. Every rule named by a result is described in `tool.driver.rules` (summary, default level, help
/// link to the README) from `ReportContext.rules`. Columns count Unicode code points (`columnKind`). Binary input has
/// no lines: `startLine` is the message number, the message text starts with the position (`message 3, byte 17 of the
/// message: ...`) and the region's `properties` hold `messageNumber`, `byteOffset` and `byteOffsetIn`.
public struct SARIFReporter: Reporter {
    public static let name = "sarif"
    /// The `uriBaseId` of relative paths.
    public static let baseID = "%SRCROOT%"

    public init() {}

    public func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        let ruleIDs = Array(Set(diagnostics.map(\.rule))).sorted()
        let known = Dictionary(context.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rules: [JSONValue] = ruleIDs.map { id in
            let rule = known[id]
            var pairs: [(String, JSONValue)] = [
                ("id", .string(id)), ("name", .string(id)),
                ("shortDescription", .object([("text", .string(rule?.summary ?? id))])),
            ]
            if let rationale = rule?.rationale { pairs.append(("fullDescription", .object([("text", .string(rationale))]))) }
            if let rule {
                let level = rule.defaultSeverity.map(Self.level) ?? "none"
                var configuration: [(String, JSONValue)] = [("level", .string(level))]
                if rule.defaultSeverity == nil { configuration.append(("enabled", .bool(false))) }
                pairs.append(("defaultConfiguration", .object(configuration)))
                if let fix = rule.fix { pairs.append(("help", .object([("text", .string(fix))]))) }
            }
            pairs.append(("helpUri", .string(SemConvVersion.helpURI(rule: id))))
            return .object(pairs)
        }
        let base = ReportPaths.base(context.basePath)
        var sources: [String] = []
        /// A `physicalLocation`: the file (under a registry source when it was fetched) and the region.
        func physical(_ location: SourceLocation) -> JSONValue {
            let artifact: JSONValue
            if let fetched = context.fetchedLocation(location.file) {
                if !sources.contains(fetched.source) { sources.append(fetched.source) }
                artifact = .object([("uri", .string(Self.encode(fetched.path))), ("uriBaseId", .string(fetched.source))])
            } else {
                artifact = Self.artifactLocation(location.file, base: base)
            }
            var region: [(String, JSONValue)] = [("startLine", .int(max(location.line, 1)))]
            if location.column > 0 { region.append(("startColumn", .int(location.column))) }
            if location.binaryPosition != nil {
                // Binary input has no lines: the region's property bag holds the position.
                region.append(("properties", .object(JSONReporter.binaryPosition(location))))
            }
            return .object([("artifactLocation", artifact), ("region", .object(region))])
        }
        let results: [JSONValue] = diagnostics.map { d in
            var message = d.message
            if let fix = d.fix { message += " Fix: \(fix)" }
            // Binary input has no lines: the text names the position.
            if let binary = d.location.binaryPosition { message = "\(binary): \(message)" }
            var result: [(String, JSONValue)] = [
                ("ruleId", .string(d.rule)),
                ("ruleIndex", .int(ruleIDs.firstIndex(of: d.rule) ?? 0)),
                ("level", .string(Self.level(d.severity))),
                ("message", .object([("text", .string(message))])),
                ("locations", .array([.object([("physicalLocation", physical(d.location))])])),
            ]
            if !d.related.isEmpty {
                // The other records a finding points at (the session an overlap began with, the records after an
                // end), as SARIF's `relatedLocations`, each with an id and its position in words.
                result.append(("relatedLocations", .array(d.related.enumerated().map { i, location in
                    .object([("id", .int(i + 1)), ("physicalLocation", physical(location)),
                             ("message", .object([("text", .string(location.description))]))])
                })))
            }
            return .object(result)
        }
        let doc = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("semconv")),
                    ("version", .string(context.toolVersion)),
                    ("semanticVersion", .string(context.toolVersion)),
                    ("informationUri", .string(SemConvVersion.repositoryURL)),
                    ("rules", .array(rules)),
                ]))])),
                ("originalUriBaseIds", .object([
                    (Self.baseID, .object([("uri", .string(Self.fileURI(base, directory: true)))])),
                ] + sources.sorted().map { source in
                    (source, .object([("description", .object([("text", .string("registry source \(source)"))]))]))
                })),
                ("columnKind", .string("unicodeCodePoints")),
            ] + Self.invocations(context) + [
                ("results", .array(results)),
            ])])),
        ])
        return doc.rendered(indent: 2) + "\n"
    }

    /// Findings not listed (over the per-rule cap) as a notification of the run, so the log says what it left out.
    static func invocations(_ context: ReportContext) -> [(String, JSONValue)] {
        guard let unlisted = context.unlisted else { return [] }
        return [("invocations", .array([.object([
            ("executionSuccessful", .bool(true)),
            ("toolExecutionNotifications", .array([.object([
                ("level", .string("note")),
                ("message", .object([("text", .string(unlisted.sentence))])),
            ])])),
        ])]))]
    }

    static func level(_ severity: Severity) -> String { severity == .info ? "note" : severity.rawValue }

    /// The `uri` of findings in standard input (GitHub code scanning needs a non-empty one): a relative reference
    /// with no base, described as standard input.
    public static let standardInputURI = "stdin"

    /// `{"uri": relative, "uriBaseId": "%SRCROOT%"}` for a file under `base`, `{"uri": "file:///…"}` otherwise;
    /// inputs that are not files (`<stdin>`) get `standardInputURI` and a description.
    static func artifactLocation(_ file: String, base: String) -> JSONValue {
        if ReportPaths.isStream(file) {
            let name = file == "<stdin>" ? "standard input" : file
            return .object([("uri", .string(standardInputURI)), ("description", .object([("text", .string(name))]))])
        }
        if let relative = ReportPaths.relative(file, to: base) {
            return .object([("uri", .string(encode(relative))), ("uriBaseId", .string(baseID))])
        }
        return .object([("uri", .string(fileURI(ReportPaths.absolute(file), directory: false)))])
    }

    /// `file:///abs/path` (with a trailing slash for a directory, as `originalUriBaseIds` requires).
    static func fileURI(_ path: String, directory: Bool) -> String {
        var uri = "file://" + encode(path)
        if directory, !uri.hasSuffix("/") { uri += "/" }
        return uri
    }

    /// Percent-encodes everything but unreserved characters, `/` and the sub-delimiters a path may hold.
    static func encode(_ path: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        allowed.insert(charactersIn: "!$&'()*+,;=:@")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
