// INTERIM: stands in for the record-model branch's `TelemetryStream` (same names and signatures) until that branch
// lands; deleted by the merge. It keeps every unit and lints them all at `finish()` through `Linter.lint`, so the
// final report is the file linter's; per-unit results only say whether the unit decodes.
import Foundation
import SemConvLint
import SemConvModel

public enum TelemetryUnitFormat: Sendable { case auto, otlpJSON, otlpProtobuf(OTLPSignal), flatEvents, faro }
public enum OTLPSignal: String, Sendable { case logs, traces, metrics }

public struct TelemetryUnitResult: Sendable {
    public var findings: [Diagnostic]
    public var records: Int
    public var undecodable: Diagnostic?
}

public final class TelemetryStream {
    private let options: LintOptions
    private var units: [(source: String, number: Int, line: [UInt8])] = []

    public init(options: LintOptions) {
        self.options = options
    }

    public func check(unit: UnsafeRawBufferPointer, format: TelemetryUnitFormat, source: String, number: Int)
        -> TelemetryUnitResult
    {
        if case .otlpProtobuf = format {
            let d = Diagnostic(.error, rule: "invalid-protobuf", message: "OTLP protobuf is not decoded yet",
                               at: SourceLocation(file: source, line: number, column: 1))
            return TelemetryUnitResult(findings: [d], records: 0, undecodable: d)
        }
        // One NDJSON line: a newline outside a string is whitespace, inside one it is invalid JSON either way.
        let line = unit.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
        units.append((source, number, line))
        var alone = options
        alone.input = format.inputKind
        let report = Linter.lint(telemetry: line, file: source, options: alone)
        let undecodable = report.diagnostics.first { ["invalid-json", "unknown-input", "nesting-too-deep"].contains($0.rule) }
        return TelemetryUnitResult(findings: [], records: undecodable == nil ? 1 : 0,
                                   undecodable: undecodable.map { var d = $0; d.location.line = number; return d })
    }

    public func finish() -> (remaining: [Diagnostic], report: LintReport) {
        var merged = LintReport()
        for source in Set(units.map(\.source)).sorted() {
            let mine = units.filter { $0.source == source }.sorted { $0.number < $1.number }
            var bytes: [UInt8] = []
            var numbers: [Int] = []
            for u in mine {
                bytes += u.line + [0x0A]
                numbers.append(u.number)
            }
            let report = Linter.lint(telemetry: bytes, file: source, options: options)
            merged.diagnostics += report.diagnostics.map { d in
                var d = d
                if d.location.line >= 1, d.location.line <= numbers.count { d.location.line = numbers[d.location.line - 1] }
                return d
            }
            merged.files += report.files
            if merged.extraSummary.isEmpty { merged.extraSummary = report.extraSummary }
        }
        merged.diagnostics.sort(by: Diagnostic.reportOrder)
        return (merged.diagnostics, merged)
    }
}

extension TelemetryUnitFormat {
    var inputKind: InputKind {
        switch self {
        case .auto, .otlpProtobuf: .auto
        case .otlpJSON: .otlp
        case .flatEvents: .events
        case .faro: .faro
        }
    }
}

extension TelemetryStream {
    /// The report so far, without ending the stream (for `--report-every`).
    public func currentReport() -> LintReport {
        let saved = units
        defer { units = saved }
        return finish().report
    }
}
