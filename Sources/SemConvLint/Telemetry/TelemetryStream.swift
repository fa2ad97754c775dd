import SemConvModel

/// One unit's format. `.auto` detects per unit as files do.
public enum TelemetryUnitFormat: Sendable, Hashable {
    case auto
    /// OTLP/JSON (`ExportLogsServiceRequest`, `ExportTraceServiceRequest` or `ExportMetricsServiceRequest`).
    case otlpJSON
    /// An OTLP protobuf `Export*ServiceRequest` of the given signal.
    case otlpProtobuf(OTLPSignal)
    /// A flat JSON event (`{"event":"session_start","session_id":…}`).
    case flatEvents
    /// A Grafana Faro payload (`{"meta":…,"events":[…],"logs":[…]}`).
    case faro
}

/// The OTLP signal of a protobuf request.
public enum OTLPSignal: String, Sendable, Hashable, CaseIterable {
    case logs, traces, metrics
}

/// What checking one unit decided.
public struct TelemetryUnitResult: Sendable {
    /// Decided now: this unit's stateless findings plus the lifecycle findings judged now (which may be about
    /// records of earlier units). Severities are final (`--rules` applied); findings beyond the per-rule cap are
    /// only counted in the report.
    public var findings: [Diagnostic]
    /// Records decoded from this unit.
    public var records: Int
    /// Set when the unit is not valid input at all (answer 400 / INVALID_ARGUMENT); also listed in `findings`.
    public var undecodable: Diagnostic?

    public init(findings: [Diagnostic] = [], records: Int = 0, undecodable: Diagnostic? = nil) {
        self.findings = findings
        self.records = records
        self.undecodable = undecodable
    }
}

/// Checks telemetry units as they arrive (files use it too). Not thread-safe: one caller at a time.
///
/// A unit is one NDJSON line, one JSON document or one protobuf message. `source` becomes the findings' `file`
/// (a path, or `otlp-http` / `otlp-grpc` / `faro` for the network) and `number` their `line` (for protobuf, the
/// message number), also for a unit of several lines: `column` is then the 1-based position in the whole unit
/// (Unicode scalars, a newline counting as one). Feeding the lines of an NDJSON file one by one gives exactly the
/// findings of linting the file.
public final class TelemetryStream {
    private let engine: TelemetryEngine

    public init(options: LintOptions) {
        engine = TelemetryEngine(options: options)
    }

    public func check(unit: UnsafeRawBufferPointer, format: TelemetryUnitFormat, source: String,
                      number: Int) -> TelemetryUnitResult {
        engine.check(unit: unit, format: format, source: source, number: number)
    }

    /// Judges what is still open; returns the remaining findings and the whole report (same as `Linter.run` over
    /// the same units).
    /// The report so far without ending the stream: open sessions are not judged yet (for periodic reports).
    public func currentReport() -> LintReport {
        engine.currentReport()
    }

    /// Live streams: advances the session lifecycle's event clock with the wall clock (`wallNow`, ns since the
    /// epoch) since the newest record, so sessions of senders that went quiet are judged once the watermark passes
    /// them; returns the findings decided now. Call it periodically (live-check: every second).
    public func advanceClock(wallNow: Int64) -> [Diagnostic] {
        engine.advanceClock(wallNow: wallNow)
    }

    /// Live streams: a request refused before its records could be read (413, 415, decompression), as a
    /// `live-request-rejected` finding at `source:number`; returns the finding (none when the rule is off).
    public func reportRejected(source: String, number: Int, message: String, fix: String? = nil) -> [Diagnostic] {
        engine.reportRejected(source: source, number: number, message: message, fix: fix)
    }

    /// Live streams, before `finish`: a `no-telemetry` finding (at `source`) when no record arrived at all.
    public func reportIfNoTelemetry(source: String, requests: Int) -> [Diagnostic] {
        engine.reportIfNoTelemetry(source: source, requests: requests)
    }

    public func finish() -> (remaining: [Diagnostic], report: LintReport) {
        engine.finishStream()
    }
}
