import Foundation
import SemConvModel

/// The state of one telemetry run, shared by files (`TelemetryLinter`) and streams (`TelemetryStream`): the report
/// being built (findings listed up to the per-rule cap, every finding counted), the summary counters, and the
/// session lifecycle fed with each piece's observations in input order.
final class TelemetryEngine: @unchecked Sendable {
    let options: LintOptions
    let index: RegistryIndex
    let settings: TelemetryRuleSettings
    let lifecycle: SessionLifecycle?
    private(set) var diagnostics: [Diagnostic] = []
    private var perRule: [Int]
    private var listedPerRule: [Int]
    private var stats: TelemetryStats
    var files = 0
    var inputUnusable = false
    private let ruleIndex: [String: Int]

    /// The checker units of a stream go through.
    private var streamChecker: TelemetryChecker?
    private var sources: Set<String> = []

    init(options: LintOptions) {
        self.options = options
        let index = RegistryIndex(options.registry)
        let settings = TelemetryRuleSettings(rules: options.rules, maxFindingsPerRule: options.maxFindingsPerRule)
        self.index = index
        self.settings = settings
        lifecycle = index.registry.policy.session.map {
            SessionLifecycle(policy: $0, settings: settings, eventNames: index.events.map(\.name),
                             maxLateness: options.maxLateness, maxOpenSessions: options.maxOpenSessions,
                             maxBufferedRecords: options.maxBufferedRecords)
        }
        perRule = Array(repeating: 0, count: TelemetryRuleID.allCases.count)
        listedPerRule = perRule
        stats = TelemetryStats(attributes: index.attributes.count, events: index.events.count)
        ruleIndex = Dictionary(uniqueKeysWithValues: TelemetryRuleID.allCases.map { ($0.id, $0.rawValue) })
    }

    func makeChecker() -> TelemetryChecker {
        TelemetryChecker(index: index, settings: settings, input: options.input, maxDepth: options.maxDepth,
                         maxLineLength: options.lineLimit)
    }

    /// Lets a checker build only the findings the report can still list.
    func setBudget(_ checker: TelemetryChecker) {
        for r in 0..<listedPerRule.count {
            checker.sink.budget[r] = max(0, settings.maxFindingsPerRule - listedPerRule[r])
        }
    }

    /// Takes a checker's output for a piece whose line numbers start after `lineOffset`, and feeds its observations
    /// to the session lifecycle. Pieces come in input order, one at a time (with several jobs, from whichever worker
    /// merges: the session pass runs in the merge, so it needs no thread of its own and overlaps the checking of
    /// later pieces by the other workers).
    func absorb(_ output: CheckerOutput, file: String, lineOffset: Int) {
        for var d in output.diagnostics {
            d.location.line += lineOffset
            list(d)
        }
        for r in 0..<perRule.count { perRule[r] += output.counts[r] }
        stats.merge(output.stats)
        guard let lifecycle, !output.observations.isEmpty else { return }
        let batch = ObservationBatch(file: file, lineOffset: lineOffset, observations: output.observations,
                                     arena: output.arena)
        lifecycle.observe(batch)
    }

    /// Lists a finding while its rule is under the cap.
    private func list(_ d: Diagnostic) {
        guard let r = ruleIndex[d.rule] else {
            diagnostics.append(d)
            return
        }
        guard listedPerRule[r] < settings.maxFindingsPerRule else { return }
        listedPerRule[r] += 1
        diagnostics.append(d)
    }

    /// A finding of the readers (unreadable input, over-long line, no telemetry).
    func report(_ rule: TelemetryRuleID, _ message: String, at location: SourceLocation, fix: String? = nil) {
        guard let severity = settings.severities[rule.rawValue] else { return }
        perRule[rule.rawValue] += 1
        list(Diagnostic(severity, rule: rule.id, message: message, at: location, fix: fix))
    }

    /// Lists the session pass's findings so far.
    func absorbLifecycle() {
        guard let lifecycle else { return }
        let (found, counts) = lifecycle.sink.drain()
        for r in 0..<perRule.count { perRule[r] += counts[r] }
        for d in found { list(d) }
    }

    /// Judges what is still open and builds the report.
    func finish() -> LintReport {
        lifecycle?.finish()
        absorbLifecycle()
        return LintReport(diagnostics: diagnostics, files: files, extraSummary: summary(), inputUnusable: inputUnusable)
    }

    /// Bytes checked so far over all inputs, and their total size when known (for `options.progress`).
    private var bytesRead = 0
    var totalBytes: Int?

    /// Tells `options.progress` how far the run is.
    func progressed(_ file: String, bytes: Int) {
        bytesRead += bytes
        guard let progress = options.progress else { return }
        progress(LintProgress(file: file, bytesRead: bytesRead, totalBytes: totalBytes, records: stats.records,
                              findings: perRule.reduce(0, +)))
    }

    /// Inputs decoded per kind so far (for `no-telemetry`).
    var unitsOfAnyKind: Int { stats.inputCounts.reduce(0, +) }

    // MARK: streams

    func check(unit: UnsafeRawBufferPointer, format: TelemetryUnitFormat, source: String,
               number: Int) -> TelemetryUnitResult {
        if sources.insert(source).inserted { files += 1 }
        let checker = streamChecker ?? makeChecker()
        streamChecker = checker
        checker.file = source
        setBudget(checker)
        var newlines = 0
        for b in unit where b == 0x0A { newlines += 1 }
        let trailing = unit.last == 0x0A ? 1 : 0
        // A unit is one position line: `line` is always `number` (the request number), `column` the position in
        // the whole unit, a newline counting as one character (a single-line unit: the column `lint` gives).
        let outcome = checker.check(unit: unit, number: number, format: format, multiline: false)
        if outcome.binary { checker.countMessages(1) } else { checker.countLines(1 + newlines - trailing) }
        let output = checker.drain()
        let before = diagnostics.count
        absorb(output, file: source, lineOffset: 0)
        absorbLifecycle()
        var undecodable: Diagnostic?
        if let problem = outcome.problem {
            undecodable = output.diagnostics.first { $0.rule == problem.id }
                ?? Diagnostic(.error, rule: problem.id, message: "the unit is not valid telemetry",
                              at: SourceLocation(file: source, line: number))
        }
        return TelemetryUnitResult(findings: options.rules.apply(Array(diagnostics[before...])),
                                   records: outcome.records, undecodable: undecodable)
    }

    /// Live streams: a request refused before its records were read (`live-request-rejected`); returns the
    /// finding when the rule is on.
    func reportRejected(source: String, number: Int, message: String, fix: String?) -> [Diagnostic] {
        let before = diagnostics.count
        report(.liveRequestRejected, message, at: SourceLocation(file: source, line: number), fix: fix)
        return options.rules.apply(Array(diagnostics[before...]))
    }

    /// Live streams: `no-telemetry` when no record was received at all (`requests` were taken); returns it.
    func reportIfNoTelemetry(source: String, requests: Int) -> [Diagnostic] {
        guard stats.records == 0 else { return [] }
        let before = diagnostics.count
        report(.noTelemetry, "live-check received no telemetry: \(requests) request\(requests == 1 ? "" : "s") checked, 0 records",
               at: SourceLocation(file: source),
               fix: "point the app's exporter (OTLP endpoint, Faro URL) at a listener printed in the 'listening' lines")
        return options.rules.apply(Array(diagnostics[before...]))
    }

    /// Where the event clock was when the wall clock was last read (`advanceClock(wallNow:)`).
    private var clockBase: (event: Int64, wall: Int64)?

    /// Live streams: lets the session lifecycle's event clock run with the wall clock since the newest record
    /// (`event + (wallNow - wall then)`), so the watermark (that clock minus `--max-lateness`) keeps moving when
    /// senders go quiet. Returns the findings this decides. A replay sent within seconds moves it by seconds only.
    func advanceClock(wallNow: Int64) -> [Diagnostic] {
        guard let lifecycle else { return [] }
        let event = lifecycle.eventClock
        guard event != .min else { return [] }
        guard let base = clockBase, base.event == event else {
            clockBase = (event, wallNow)
            return []
        }
        let target = base.event.addingSaturated(max(0, wallNow.subtractingSaturated(base.wall)))
        guard target > event else { return [] }
        let before = diagnostics.count
        lifecycle.advanceClock(to: target)
        clockBase = (lifecycle.eventClock, wallNow)
        absorbLifecycle()
        return options.rules.apply(Array(diagnostics[before...]))
    }

    /// The report so far, open sessions not yet judged (live-check's `--report-every`).
    func currentReport() -> LintReport {
        absorbLifecycle()
        let report = LintReport(diagnostics: diagnostics, files: files, extraSummary: summary(), inputUnusable: inputUnusable)
        return Linter.finished(report, options)
    }

    func finishStream() -> (remaining: [Diagnostic], report: LintReport) {
        let before = diagnostics.count
        let report = finish()
        return (options.rules.apply(Array(diagnostics[before...])), Linter.finished(report, options))
    }

    // MARK: summary

    func summary() -> [(String, JSONValue)] {
        let seenAttrs = index.attributes.indices.filter { stats.seenAttributes[$0] }.map { index.attributes[$0].key }
        let seenEvents = index.events.indices.filter { stats.seenEvents[$0] }.map { index.events[$0].name }
        let unseenEvents = index.events.indices.filter { !stats.seenEvents[$0] }.map { index.events[$0].name }
        var pairs: [(String, JSONValue)] = [
            ("lines", .int(stats.lines)),
            ("messages", .int(stats.messages)),
            ("records", .int(stats.records)),
            ("inputs", .object(stats.inputs.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("events", .object(stats.eventsByName(index).sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ]
        if let lifecycle { pairs.append(("sessions", lifecycle.summaryJSON())) }
        let counted = TelemetryRuleID.allCases.filter { perRule[$0.rawValue] > 0 }
        pairs.append(("findingsPerRule", .object(counted.map(\.id).sorted().map { id in
            (id, .int(perRule[ruleIndex[id]!]))
        })))
        let notListed = perRule.reduce(0, +) - listedPerRule.reduce(0, +)
        if notListed > 0 { pairs.append(("findingsNotListed", .int(notListed))) }
        pairs.append(("coverage", .object([
            ("attributes", .object([
                ("seen", .int(seenAttrs.count)), ("total", .int(index.attributes.count)),
                ("keys", .array(seenAttrs.map { .string($0) })),
            ])),
            ("events", .object([
                ("seen", .array(seenEvents.map { .string($0) })),
                ("unseen", .array(unseenEvents.map { .string($0) })),
            ])),
        ])))
        return pairs
    }
}
