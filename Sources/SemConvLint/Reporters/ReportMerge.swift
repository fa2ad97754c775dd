import SemConvModel

/// Why reports could not be merged (exit status 2).
public struct ReportMergeError: Error, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}

/// `semconv report merge`: one report from the JSON reports (`--reporter json`) of `lint` or `live-check` runs over
/// disjoint parts of the telemetry, e.g. live-check shards behind the Collector's `loadbalancing` exporter routed by
/// `device.id`. Sessions belong to one device, so each shard judges whole sessions and the parts add up:
///
/// - findings: all of them, in report order (file, line, column, rule, message);
/// - summary numbers (files, errors, records, per-rule counts, session counts, ...): summed; `max...`: the largest;
/// - lists of names (coverage keys, seen events, listed sessions): united, sorted as the linter sorts them
///   (sessions by `startUnixNano`, then id); counts by name keep name order;
///   `unseen` events: those no shard saw; the `seen` count of attributes: the size of the united list.
///
/// The registry is the same for every shard (`total` counts must agree), so merging the shards' reports gives
/// the report one instance would have written for all of the telemetry.
public enum ReportMerge {
    /// Merges parsed reports (name for error messages, bytes of the JSON document).
    public static func merge(_ reports: [(name: String, bytes: [UInt8])]) throws(ReportMergeError) -> JSONValue {
        var findings: [JSONValue] = []
        var summary: JSONValue?
        for (name, bytes) in reports {
            let doc = try parse(bytes, name: name)
            guard let fields = doc.objectValue, let list = doc["findings"]?.arrayValue, let part = doc["summary"],
                  part.objectValue != nil, fields.count >= 2
            else {
                throw ReportMergeError(file: name, message: "not a JSON report: expected {\"findings\": [...], \"summary\": {...}} as written by --reporter json")
            }
            findings += list
            summary = try summary.map { (base) throws(ReportMergeError) in try combine(base, part, path: "summary", name: name) } ?? part
        }
        findings.sort(by: findingOrder)
        var merged = summary ?? .object([])
        merged = fixCoverage(merged)
        return .object([("findings", .array(findings)), ("summary", merged)])
    }

    // MARK: combining

    static func combine(_ a: JSONValue, _ b: JSONValue, path: String, name: String) throws(ReportMergeError) -> JSONValue {
        let key = path.split(separator: ".").last.map(String.init) ?? ""
        if key.hasPrefix("max"), let x = a.number, let y = b.number { return x >= y ? a : b }
        switch (a, b) {
        case let (.int(x), .int(y)): return .int(x + y)
        case let (.double(x), .double(y)): return .double(x + y)
        case let (.int(x), .double(y)): return .double(Double(x) + y)
        case let (.double(x), .int(y)): return .double(x + Double(y))
        case let (.object(x), .object(y)):
            var pairs = x
            for (key, value) in y {
                if let i = pairs.firstIndex(where: { $0.0 == key }) {
                    if path.hasSuffix(".coverage.attributes"), key == "total" {
                        guard pairs[i].1 == value else {
                            throw ReportMergeError(file: name, message: "\(path).total differs from the first report's: the reports were checked against different registries")
                        }
                        continue
                    }
                    pairs[i].1 = try combine(pairs[i].1, value, path: path + "." + key, name: name)
                } else {
                    pairs.append((key, value))
                }
            }
            if path.hasSuffix(".coverage.events") {
                // An event is unseen only if no report saw it.
                let unseen = Set((x.first { $0.0 == "unseen" }?.1.arrayValue ?? []).compactMap(\.stringValue))
                    .intersection((y.first { $0.0 == "unseen" }?.1.arrayValue ?? []).compactMap(\.stringValue))
                if let i = pairs.firstIndex(where: { $0.0 == "unseen" }) {
                    pairs[i].1 = .array(unseen.sorted().map { .string($0) })
                }
            }
            // Counts by name (events, findingsPerRule) are listed in name order; keep it.
            if Self.isSorted(x), Self.isSorted(y) { pairs.sort { $0.0 < $1.0 } }
            return .object(pairs)
        case let (.array(x), .array(y)):
            return .array(union(x, y))
        case (.null, _): return b
        default:
            return a
        }
    }

    static func isSorted(_ pairs: [(String, JSONValue)]) -> Bool {
        zip(pairs, pairs.dropFirst()).allSatisfy { $0.0 < $1.0 }
    }

    /// Names: the sorted union. Objects with an `id` (listed sessions): one per id, sorted by start and id; others
    /// appended.
    static func union(_ x: [JSONValue], _ y: [JSONValue]) -> [JSONValue] {
        let all = x + y
        if all.allSatisfy({ $0.stringValue != nil }) {
            return Set(all.compactMap(\.stringValue)).sorted().map { .string($0) }
        }
        if all.allSatisfy({ $0["id"]?.stringValue != nil }) {
            // Listed sessions: one per id, in the linter's order (start time, then id).
            var byID: [String: JSONValue] = [:]
            for v in all { byID[v["id"]!.stringValue!] = byID[v["id"]!.stringValue!] ?? v }
            func start(_ v: JSONValue) -> Int { v["startUnixNano"]?.intValue ?? 0 }
            return byID.values.sorted { (start($0), $0["id"]!.stringValue!) < (start($1), $1["id"]!.stringValue!) }
        }
        return all
    }

    /// After merging: `unseen` events minus the seen ones, and `attributes.seen` = the number of keys seen.
    static func fixCoverage(_ summary: JSONValue) -> JSONValue {
        summary.updating(["coverage"]) { coverage in
            var c = coverage.updating(["events"]) { events in
                let seen = Set((events["seen"]?.arrayValue ?? []).compactMap(\.stringValue))
                return events.updating(["unseen"]) { unseen in
                    .array((unseen.arrayValue ?? []).filter { !seen.contains($0.stringValue ?? "") })
                }
            }
            c = c.updating(["attributes"]) { attributes in
                guard let keys = attributes["keys"]?.arrayValue else { return attributes }
                return attributes.updating(["seen"]) { _ in .int(keys.count) }
            }
            return c
        }
    }

    /// Report order, as `Diagnostic.reportOrder`.
    static func findingOrder(_ a: JSONValue, _ b: JSONValue) -> Bool {
        func key(_ v: JSONValue) -> (String, Int, Int, Int, String, String) {
            (v["file"]?.stringValue ?? "", v["line"]?.intValue ?? 0, v["column"]?.intValue ?? 0,
             v["byteOffset"]?.intValue ?? -1, v["rule"]?.stringValue ?? "", v["message"]?.stringValue ?? "")
        }
        return key(a) < key(b)
    }

    // MARK: parsing

    /// Parses a JSON document, keeping the order of object members.
    static func parse(_ bytes: [UInt8], name: String) throws(ReportMergeError) -> JSONValue {
        let tape = JSONTape(maxDepth: 64, maxLineLength: max(16, bytes.count))
        let failure = bytes.withUnsafeBytes { tape.parse($0) }
        if let failure {
            throw ReportMergeError(file: name, message: "invalid JSON at byte \(failure.offset): \(failure.message)")
        }
        return bytes.withUnsafeBytes { raw in
            _ = tape.parse(raw)
            return value(tape, 0)
        }
    }

    private static func value(_ tape: JSONTape, _ t: Int) -> JSONValue {
        switch tape.kind(t) {
        case .object:
            var pairs: [(String, JSONValue)] = []
            tape.members(t) { k, v in pairs.append((tape.string(k), value(tape, v))) }
            return .object(pairs)
        case .array:
            var items: [JSONValue] = []
            tape.elements(t) { _, v in items.append(value(tape, v)) }
            return .array(items)
        case .string: return .string(tape.string(t))
        case .number:
            if tape.toks[t].flags & Tok.integer != 0, let i = tape.int64(t) { return .int(Int(i)) }
            return .double(tape.double(t) ?? 0)
        case .bool: return .bool(tape.raw(t).first == UInt8(ascii: "t"))
        case .null: return .null
        }
    }
}

extension JSONValue {
    /// A number as a double (for comparisons).
    var number: Double? {
        switch self {
        case let .int(i): Double(i)
        case let .double(d): d
        default: nil
        }
    }

    var intValue: Int? {
        if case let .int(i) = self { return i }
        return nil
    }

    /// This value with the member at `path` replaced by `change(member)`; unchanged when the path is absent.
    func updating(_ path: [String], _ change: (JSONValue) -> JSONValue) -> JSONValue {
        guard let key = path.first else { return change(self) }
        guard var pairs = objectValue, let i = pairs.firstIndex(where: { $0.0 == key }) else { return self }
        pairs[i].1 = pairs[i].1.updating(Array(path.dropFirst()), change)
        return .object(pairs)
    }
}
