#if OTLP
import Dispatch
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Sends the session through swift-otel over OTLP/HTTP (protobuf, gzip), as an app instrumented with
/// swift-distributed-tracing would: every record becomes a span at its own time; an event record's span carries the
/// event as a span event (with the event's typed attributes), the others carry their attributes themselves.
enum OTLPExport {
    static let isAvailable = true

    static func send(_ batches: [[Record]], resource: [SemConv.Attribute], endpoint: String) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task {
            do { try await export(batches, resource: resource, endpoint: endpoint) } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    static func export(_ batches: [[Record]], resource: [SemConv.Attribute], endpoint: String) async throws {
        var config = OTel.Configuration.default
        config.serviceName = "session-demo"
        for attribute in resource {
            if case let .string(value) = attribute.value { config.resourceAttributes[attribute.key] = value }
        }
        config.logs.enabled = false
        config.metrics.enabled = false
        config.traces.sampler = .alwaysOn
        config.traces.otlpExporter.protocol = .httpProtobuf
        config.traces.otlpExporter.compression = .gzip
        config.traces.otlpExporter.endpoint = (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + "/v1/traces"
        config.traces.batchSpanProcessor.scheduleDelay = .milliseconds(100)
        let observability = try OTel.bootstrap(configuration: config)
        let group = ServiceGroup(services: [observability], gracefulShutdownSignals: [], cancellationSignals: [],
                                 logger: Logger(label: "session-demo"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            for batch in batches {
                for record in batch { emit(record) }
            }
            // A graceful shutdown flushes the batch span processor before the exporter stops.
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func emit(_ record: Record) {
        let at = DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: record.time)
        let span = startSpan(record.event ?? record.body, context: .topLevel, ofKind: .internal, at: at)
        if let event = record.event {
            if let session = record.attributes.first(where: { $0.key == SemConv.session.id }) {
                span.attributes[session.key] = spanAttribute(session.value)
            }
            var attributes = SpanAttributes()
            for a in record.attributes { attributes[a.key] = spanAttribute(a.value) }
            span.addEvent(SpanEvent(name: event, at: at, attributes: attributes))
        } else {
            for a in record.attributes { span.attributes[a.key] = spanAttribute(a.value) }
        }
        span.end(at: at)
    }

    static func spanAttribute(_ value: SemConv.AttributeValue) -> SpanAttribute {
        switch value {
        case .string(let s): .string(s)
        case .int(let i): .int64(Int64(i))
        case .double(let d): .double(d)
        case .bool(let b): .bool(b)
        case .stringArray(let a): .stringArray(a)
        case .intArray(let a): .int64Array(a.map(Int64.init))
        case .doubleArray(let a): .doubleArray(a)
        case .boolArray(let a): .boolArray(a)
        case .map(let m): .string(m.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        }
    }
}

private final class Outcome: @unchecked Sendable {
    var error: (any Error)?
}
#else
/// Built without the OTLP trait: there is no exporter (`--otlp-endpoint` is refused before this is reached).
enum OTLPExport {
    static let isAvailable = false

    static func send(_ batches: [[Record]], resource: [SemConv.Attribute], endpoint: String) throws {
        throw UsageError("--otlp-endpoint needs a build with the OTLP trait: swift build --traits OTLP")
    }
}
#endif
