import SemConvModel

/// The shared JSON document: `{"findings":[...],"summary":{"files":..,"errors":..,"warnings":..,"infos":..}}`. The
/// totals count every finding, also those over the per-rule cap that `findings` does not list. Findings in binary
/// input add `messageNumber`, `byteOffset` and `byteOffsetIn` (`binaryPosition(_:)`).
public struct JSONReporter: Reporter {
    public static let name = "json"

    public init() {}

    public func format(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        let c = SeverityCounts(diagnostics, unlisted: context.unlisted)
        var summary: [(String, JSONValue)] = [
            ("files", .int(context.files)), ("errors", .int(c.errors)), ("warnings", .int(c.warnings)),
            ("infos", .int(c.infos)),
        ]
        summary += context.extraSummary
        // The totals count every finding; `findingsNotListed` says how many are not in `findings`, this what lists them.
        if let unlisted = context.unlisted { summary.append(("findingsNotListedHint", .string(unlisted.hint))) }
        let doc = JSONValue.object([
            ("findings", .array(diagnostics.map(JSONReporter.finding))),
            ("summary", .object(summary)),
        ])
        return doc.rendered(indent: 2) + "\n"
    }

    /// One finding as a JSON object; optional members appear only when they apply.
    public static func finding(_ d: Diagnostic) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("rule", .string(d.rule)), ("severity", .string(d.severity.rawValue)), ("message", .string(d.message)),
            ("file", .string(d.location.file)), ("line", .int(max(d.location.line, 1))),
            ("column", .int(max(d.location.column, 1))),
        ]
        pairs += binaryPosition(d.location)
        if let v = d.attribute { pairs.append(("attribute", .string(v))) }
        if let v = d.event { pairs.append(("event", .string(v))) }
        if let v = d.session { pairs.append(("session", .string(v))) }
        if let v = d.path { pairs.append(("path", .string(v))) }
        if let v = d.fix { pairs.append(("fix", .string(v))) }
        if !d.related.isEmpty { pairs.append(("related", .array(d.related.map { .string($0.description) }))) }
        return .object(pairs)
    }

    /// Binary input: `messageNumber` (also the `line`), `byteOffset` and `byteOffsetIn` (`message`, `decompressed
    /// message`, `file`, `decompressed file`); nothing for text positions.
    static func binaryPosition(_ location: SourceLocation) -> [(String, JSONValue)] {
        guard let byte = location.byte else { return [] }
        return [("messageNumber", .int(location.line)), ("byteOffset", .int(byte.offset)),
                ("byteOffsetIn", .string(byte.space.name))]
    }
}
