import ArgumentParser
import Dispatch
import Foundation
import SemConvLint
import SemConvLive
import SemConvModel

/// How findings are shown while live-check runs.
enum StreamFormat: String, CaseIterable, ExpressibleByArgument {
    case text, jsonl, none
}

struct LiveCheck: ParsableCommand, FlagSource {
    static let configuration = CommandConfiguration(
        commandName: "live-check",
        abstract: "Receive OTLP (HTTP and gRPC) and Faro telemetry from running apps and check it live.",
        discussion: """
            Listens on loopback for OTLP/HTTP (4318) and OTLP/gRPC (4317) by default; --faro ADDR adds a Faro
            receiver (POST /collect, like Alloy's faro.receiver on 12347). Each listener prints
            'listening <otlp-http|otlp-grpc|faro> <host:port>' on standard error before it accepts. Requests go
            through the same decoders, rules and session lifecycle as 'semconv lint'; a finding's file is the
            listener and its line the request number on it. Findings stream to standard error (--stream); the final
            report goes to standard output or --output when live-check stops: SIGINT, SIGTERM, POST /stop on the
            OTLP/HTTP listener (which answers with the report), --duration, or --idle-timeout.
            Examples:
              semconv live-check --otlp-http 127.0.0.1:0 --otlp-grpc off --reporter json --output live.json
              semconv live-check --faro 127.0.0.1:12347 --faro-allow-origin http://localhost:3000
              curl -s -X POST http://127.0.0.1:4318/stop      # stop and print the report
            Exit status as lint: 0, 1 with findings at --fail-on, 2 when a listener cannot open or the registry is unusable.
            """)

    @Option(name: .customLong("otlp-http"),
            help: ArgumentHelp("OTLP/HTTP listen address, or 'off' (default: the config's live-check.otlp-http, else 127.0.0.1:4318).",
                               valueName: "addr"))
    var otlpHTTP: String?

    @Option(name: .customLong("otlp-grpc"),
            help: ArgumentHelp("OTLP/gRPC listen address, or 'off' (default: the config's live-check.otlp-grpc, else 127.0.0.1:4317).",
                               valueName: "addr"))
    var otlpGRPC: String?

    @Option(help: ArgumentHelp("Faro receiver listen address (default: the config's live-check.faro, else off; Alloy uses 12347).",
                               valueName: "addr"))
    var faro: String?

    @Option(name: .customLong("faro-allow-origin"),
            help: ArgumentHelp("Browser origin allowed to send Faro payloads (CORS; repeatable; '*' for any).",
                               valueName: "origin"))
    var faroAllowOrigins: [String] = []

    @Option(name: .customLong("otlp-http-allow-origin"),
            help: ArgumentHelp("Browser origin allowed to send OTLP/HTTP (CORS; repeatable; '*' for any).",
                               valueName: "origin"))
    var otlpHTTPAllowOrigins: [String] = []

    @Option(name: .customLong("stop-token"),
            help: ArgumentHelp("Require 'Authorization: Bearer TOKEN' on POST /stop (needed for /stop when --otlp-http is not loopback).",
                               valueName: "token"))
    var stopToken: String?

    @Option(name: .customLong("faro-api-key"),
            help: ArgumentHelp("Require this key in the x-api-key header of Faro requests (like Alloy's api_key).",
                               valueName: "key"))
    var faroAPIKey: String?

    @OptionGroup var project: ConfigOptions
    @OptionGroup var registry: RegistryOptions
    @OptionGroup var checks: TelemetryCheckOptions
    @OptionGroup var report: ReportOptions

    @Option(help: ArgumentHelp("Write the final report to this file instead of standard output (a regular file atomically; a FIFO or device in place).",
                               valueName: "file"))
    var output: String?

    @Option(help: "Findings as they are decided, on standard error: text, jsonl or none.")
    var stream: StreamFormat = .text

    @Option(help: ArgumentHelp("Stop after this long (e.g. 90s, 10m, 1h).", valueName: "dur"))
    var duration: String?

    @Option(name: .customLong("idle-timeout"),
            help: ArgumentHelp("Stop after this long without a telemetry request; 0 never stops on its own.",
                               valueName: "dur"))
    var idleTimeout = "0"

    @Option(name: .customLong("report-every"),
            help: ArgumentHelp("Also write the report so far to --output this often (for long staging runs).",
                               valueName: "dur"))
    var reportEvery: String?

    @Option(name: .customLong("max-body-size"),
            help: ArgumentHelp("Largest request body in bytes, after decompression (413 above).", valueName: "bytes"))
    var maxBodySize = 64 << 20

    @Option(name: .customLong("max-pending"),
            help: ArgumentHelp("Requests waiting to be checked before clients get 429 / RESOURCE_EXHAUSTED.",
                               valueName: "n"))
    var maxPending = 64

    @Option(name: .customLong("max-connections"), help: ArgumentHelp("Open connections per listener.", valueName: "n"))
    var maxConnections = 256

    func validate() throws {
        for (name, value) in [("--duration", duration), ("--idle-timeout", idleTimeout), ("--report-every", reportEvery)] {
            if let value, DurationText.seconds(value) == nil {
                throw ValidationError("\(name) '\(value)': expected a duration such as 30s, 5m, 1h or 500ms")
            }
        }
        if reportEvery != nil && output == nil { throw ValidationError("--report-every needs --output FILE") }
        if maxBodySize < 1024 { throw ValidationError("--max-body-size must be at least 1024 bytes") }
        if maxPending < 1 { throw ValidationError("--max-pending must be at least 1") }
        if maxConnections < 1 { throw ValidationError("--max-connections must be at least 1") }
    }

    func apply(to flags: inout ProjectSettings.Flags) {
        flags.otlpHTTP = otlpHTTP
        flags.otlpGRPC = otlpGRPC
        flags.faro = faro
    }

    func run() throws {
        // A reader that goes away (`semconv live-check | head -1`) must not kill live-check: writes then fail with
        // EPIPE, which `LiveOutput` takes as "stop writing there".
        signal(SIGPIPE, SIG_IGN)
        let settings = try project.settings(.liveCheck, registry, report, checks, self)
        let reporting = try Reporting(settings)
        var listeners: [LiveListener: ListenAddress] = [:]
        let addresses = [(LiveListener.otlpHTTP, settings.otlpHTTP.value), (.otlpGRPC, settings.otlpGRPC.value),
                         (.faro, settings.faro.value)]
        for (listener, text) in addresses {
            do {
                if let address = try ListenAddress.parse(text) { listeners[listener] = address }
            } catch {
                throw ValidationError("\(listener.flag) \(error)")
            }
        }
        if listeners.isEmpty { throw ValidationError("every listener is off: give --otlp-http, --otlp-grpc or --faro an address") }
        // Before listening: a report that cannot be written would lose everything received.
        if let output, let problem = Output.unwritable(output) {
            Output.error("--output '\(output)': cannot write the report there: \(problem); pass a writable path")
            throw ExitCode(2)
        }
        var problems: [Diagnostic] = []
        let ruleSettings = checks.ruleSettings(settings, problems: &problems)
        if !problems.isEmpty {
            Output.problems(problems)
            throw ExitCode(2)
        }
        let checkedRegistry = try TelemetryCheckOptions.registry(settings, registry: registry, reporting: reporting)
        var configuration = LiveCheckConfiguration(
            listeners: listeners, maxBodySize: maxBodySize, maxPending: maxPending, maxConnections: maxConnections,
            duration: duration.flatMap(DurationText.seconds), idleTimeout: DurationText.seconds(idleTimeout),
            reportEvery: reportEvery.flatMap(DurationText.seconds), reporter: reporting.reporter,
            reportContext: reporting.context(detector: ValueDetector(registry: checkedRegistry)),
            faroAllowedOrigins: faroAllowOrigins, faroAPIKey: faroAPIKey)
        configuration.otlpHTTPAllowedOrigins = otlpHTTPAllowOrigins
        configuration.stopToken = stopToken
        var options = LintOptions(registry: checkedRegistry, rules: ruleSettings)
        checks.apply(settings, to: &options)
        let format = stream
        let detector = ValueDetector(registry: checkedRegistry)
        let output = self.output
        var onSnapshot: (@Sendable (LintReport, RenderedReport) -> Void)?
        if let output {
            onSnapshot = { _, rendered in try? Output.writeFile(rendered.text, to: output) }
        }
        let server = LiveCheckServer(configuration: configuration, options: options,
                                     onFindings: { findings in Self.stream(findings, as: format, detector: detector) },
                                     onNotice: { notice in Self.stream(notice: notice, as: format) },
                                     onSnapshot: onSnapshot)

        let bound: [(LiveListener, String)]
        do {
            bound = try blocking { try await server.start() }
        } catch {
            Output.error("\(error)")
            throw ExitCode(2)
        }
        for (listener, address) in bound { LiveOutput.standardError.write("listening \(listener.rawValue) \(address)\n") }
        let signals = Self.onTerminationSignals { server.stop(StopReason.signal) }
        let outcome = try blocking { await server.run() }
        signals.forEach { $0.cancel() }

        let findings = outcome.report.diagnostics
        LiveOutput.standardError.write("live-check stopped (\(outcome.reason.rawValue)): \(outcome.report.files) requests, "
                                       + "\(findings.count) finding\(findings.count == 1 ? "" : "s")\n")
        if let output {
            do { try Output.writeFile(outcome.rendered.text, to: output) } catch {
                LiveOutput.standardError.write("semconv: cannot write '\(output)': \(error.localizedDescription)\n")
                throw ExitCode(2)
            }
        } else {
            LiveOutput.standardOutput.write(outcome.rendered.text)
        }
        if reporting.failOn.isFailure(findings) { throw ExitCode(1) }
    }

    static func stream(_ findings: [Diagnostic], as format: StreamFormat, detector: ValueDetector) {
        guard format != .none, !LiveOutput.standardError.isClosed else { return }
        var text = ""
        for d in findings.map({ $0.redacted(by: detector) }) {
            switch format {
            case .text: text += TextReporter.lines(d)
            case .jsonl: text += JSONReporter.finding(d).rendered() + "\n"
            case .none: break
            }
        }
        LiveOutput.standardError.write(text)
    }

    /// A stream line that is not a finding: `note: ...` (text) or `{"notice": "..."}` (jsonl).
    static func stream(notice: String, as format: StreamFormat) {
        switch format {
        case .text: LiveOutput.standardError.write(notice + "\n")
        case .jsonl: LiveOutput.standardError.write(JSONValue.object([("notice", .string(notice))]).rendered() + "\n")
        case .none: break
        }
    }

    /// SIGINT and SIGTERM call `stop` once; a second signal exits at once (130).
    static func onTerminationSignals(_ stop: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        let once = StopOnce()
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if once.first() { stop() } else { Foundation.exit(130) }
            }
            source.resume()
            return source
        }
    }
}

/// Standard output or error written with `write(2)`: a closed reader (EPIPE, or any other write error) marks the
/// stream closed and later writes are dropped, instead of FileHandle's crash. Thread-safe (findings stream from the
/// checker's thread while the main thread prints status lines).
final class LiveOutput: @unchecked Sendable {
    static let standardOutput = LiveOutput(fd: 1)
    static let standardError = LiveOutput(fd: 2)

    private let fd: Int32
    private let lock = NSLock()
    private var closed = false

    private init(fd: Int32) { self.fd = fd }

    /// Whether a write failed (the reader is gone).
    var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                closed = true
                return
            }
        }
    }
}

private final class StopOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false

    func first() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        defer { fired = true }
        return !fired
    }
}

/// Runs async work from the synchronous command (the main thread is not part of Swift's cooperative pool).
private func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    try outcome(of: body).get()
}

private func outcome<T: Sendable>(of body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return box.result!
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
