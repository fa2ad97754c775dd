import FuzzSupport
import SemConvLint
import SemConvModel

/// Telemetry lint of in-memory NDJSON against the bundled registry, then every reporter on the findings.
///
/// The first input byte is a control byte, the rest is the telemetry:
/// - bits 0-1: the input kind (auto, otlp, events, faro);
/// - bit 2: two jobs with a 1-byte parallel threshold (the multi-threaded chunk split);
/// - bit 3: at most 2 listed findings per rule (the "not listed" accounting);
/// - bit 4: the text reporter renders for a terminal (colours).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let kinds: [InputKind] = [.auto, .otlp, .events, .faro]
    var options = LintOptions(registry: FuzzSupport.bundledRegistry, input: kinds[Int(control & 3)])
    if control & 4 != 0 {
        options.jobs = 2
        options.parallelMinBytes = 1
    }
    if control & 8 != 0 { options.maxFindingsPerRule = 2 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let report = Linter.lint(telemetry: bytes, file: "fuzz.ndjson", options: options)
    let context = ReportContext(files: report.files, extraSummary: report.extraSummary, isTerminal: control & 16 != 0)
    var total = 0
    for kind in ReporterKind.allCases {
        total &+= kind.reporter.render(report.diagnostics, context: context).utf8.count
    }
    return total == -1 ? 1 : 0
}
