// SessionDemo: simulates a mobile app's session lifecycle with the typed event builders that the
// SemConvGenerator plugin generates at build time, and writes OTLP/JSON logs as NDJSON, one
// ExportLogsServiceRequest per line, exactly as the OpenTelemetry Collector's file exporter does.
//
//   swift run SessionDemo [--output FILE] [--inject-violations]
//   semconv lint FILE     # in this directory semconv.yaml adds registry/; clean output: no findings
import Foundation

struct Options {
    var output: String?
    var injectViolations = false

    init(_ arguments: [String]) throws {
        var args = arguments.dropFirst()
        while let arg = args.popFirst() {
            switch arg {
            case "--output":
                guard let file = args.popFirst() else { throw UsageError("--output needs a file name") }
                output = file
            case "--inject-violations": injectViolations = true
            case "--help", "-h":
                print("usage: SessionDemo [--output FILE] [--inject-violations]")
                exit(0)
            default: throw UsageError("unknown argument '\(arg)'")
            }
        }
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Encodes log records as OTLP/JSON (lowerCamelCase, int64 as strings, AnyValue objects).
struct OTLPWriter {
    var lines: [String] = []
    let resource: [SemConv.Attribute]

    static func json(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    static func anyValue(_ v: SemConv.AttributeValue) -> String {
        switch v {
        case .string(let s): "{\"stringValue\":\(json(s))}"
        case .int(let i): "{\"intValue\":\"\(i)\"}"
        case .double(let d): "{\"doubleValue\":\(d)}"
        case .bool(let b): "{\"boolValue\":\(b)}"
        case .stringArray(let a): "{\"arrayValue\":{\"values\":[\(a.map { anyValue(.string($0)) }.joined(separator: ","))]}}"
        case .intArray(let a): "{\"arrayValue\":{\"values\":[\(a.map { anyValue(.int($0)) }.joined(separator: ","))]}}"
        case .doubleArray(let a): "{\"arrayValue\":{\"values\":[\(a.map { anyValue(.double($0)) }.joined(separator: ","))]}}"
        case .boolArray(let a): "{\"arrayValue\":{\"values\":[\(a.map { anyValue(.bool($0)) }.joined(separator: ","))]}}"
        case .map(let m): "{\"kvlistValue\":{\"values\":\(attributes(m))}}"
        }
    }

    static func attributes(_ list: [SemConv.Attribute]) -> String {
        "[" + list.map { "{\"key\":\(json($0.key)),\"value\":\(anyValue($0.value))}" }.joined(separator: ",") + "]"
    }

    /// One batch of records from this app instance: one NDJSON line.
    mutating func batch(_ records: [(time: UInt64, event: String?, attributes: [SemConv.Attribute], body: String)]) {
        let encoded = records.map { r in
            var fields = ["\"timeUnixNano\":\"\(r.time)\"", "\"observedTimeUnixNano\":\"\(r.time + 1_000_000)\"",
                          "\"severityNumber\":9", "\"severityText\":\"INFO\"", "\"body\":{\"stringValue\":\(Self.json(r.body))}",
                          "\"attributes\":\(Self.attributes(r.attributes))"]
            if let event = r.event { fields.append("\"eventName\":\(Self.json(event))") }
            return "{" + fields.joined(separator: ",") + "}"
        }
        lines.append("{\"resourceLogs\":[{\"resource\":{\"attributes\":\(Self.attributes(resource))},"
            + "\"scopeLogs\":[{\"scope\":{\"name\":\"session-demo\",\"version\":\"1.0.0\"},\"logRecords\":[\(encoded.joined(separator: ","))]}]}]}")
    }
}

func run() throws {
    let options = try Options(CommandLine.arguments)
    let seconds: UInt64 = 1_000_000_000
    var clock: UInt64 = 1_767_225_600 * seconds  // 2026-01-01T00:00:00Z
    let device = "7d3c1f5e-2b0a-4c8e-9f61-0a1b2c3d4e5f"
    var writer = OTLPWriter(resource: [
        SemConv.Attribute(key: SemConv.service.version, value: .string("2.4.0")),
        SemConv.Attribute(key: SemConv.device.id, value: .string(device)),
        SemConv.Attribute(key: SemConv.os.name, value: .string("iOS")),
        SemConv.Attribute(key: SemConv.os.version, value: .string("18.1")),
    ])
    func tick(_ s: UInt64) -> UInt64 { clock += s * seconds; return clock }

    // Session 1: start, checkout, background/foreground, then a long background gap.
    let first = "5f0c6d2a-0001-4e7b-9a51-3c2d1e0f9a8b"
    let second = "5f0c6d2a-0002-4e7b-9a51-3c2d1e0f9a8b"
    let start1 = SemConv.Events.SessionStart(sessionId: first)
    let checkout = SemConv.Events.AppCheckout(sessionId: first, appCheckoutItemCount: 3, appCheckoutPaymentMethod: .card)
    let lifecycle = [SemConv.Attribute(key: SemConv.session.id, value: .string(first))]
    writer.batch([
        (tick(0), SemConv.Events.SessionStart.name, start1.attributes, "session started"),
        (tick(12), nil, lifecycle, "app entered foreground"),
        (tick(40), SemConv.Events.AppCheckout.name, checkout.attributes, "checkout completed"),
        (tick(5), nil, lifecycle, "app entered background"),
    ])
    // The app stays in the background longer than the 30-minute inactivity timeout: the session ends...
    let end1 = SemConv.Events.SessionEnd(sessionId: first, sessionForegroundDuration: 57, sessionBackgroundDuration: 0,
                                         sessionCrashCount: 0)
    writer.batch([(tick(60), SemConv.Events.SessionEnd.name, end1.attributes, "session ended: inactivity")])
    // ...and the next foreground starts a new session that names the previous one.
    _ = tick(45 * 60)
    let start2 = SemConv.Events.SessionStart(sessionId: second, sessionPreviousId: first)
    let lifecycle2 = [SemConv.Attribute(key: SemConv.session.id, value: .string(second))]
    writer.batch([
        (tick(0), SemConv.Events.SessionStart.name, start2.attributes, "session started"),
        (tick(3), nil, lifecycle2, "app entered foreground"),
    ])
    let end2 = SemConv.Events.SessionEnd(sessionId: second, sessionForegroundDuration: 20, sessionCrashCount: 0)
    writer.batch([(tick(17), SemConv.Events.SessionEnd.name, end2.attributes, "session ended: logout")])

    if options.injectViolations {
        // Known violations, written without the builders (which would not let most of them compile).
        let third = "5f0c6d2a-0003-4e7b-9a51-3c2d1e0f9a8b"
        let inThird = [SemConv.Attribute(key: SemConv.session.id, value: .string(third))]
        writer.batch([
            // 1. previous_id equal to id
            (tick(2), SemConv.Events.SessionStart.name,
             SemConv.Events.SessionStart(sessionId: third, sessionPreviousId: third).attributes, "session started"),
            // 2. an e-mail attribute (forbidden PII)
            (tick(1), nil, inThird + [SemConv.Attribute(key: "user.email", value: .string("jane.doe@example.com"))], "login"),
            // 3. an event without session.id
            (tick(1), SemConv.Events.AppCheckout.name,
             [SemConv.Attribute(key: "app.checkout.item_count", value: .int(1))], "checkout completed"),
        ])
        // 4. telemetry for a session after its session.end
        writer.batch([(tick(1), nil, [SemConv.Attribute(key: SemConv.session.id, value: .string(first))], "late record")])
    }

    let text = writer.lines.joined(separator: "\n") + "\n"
    if let output = options.output {
        try text.write(toFile: output, atomically: true, encoding: .utf8)
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("SessionDemo: \(error)\n".utf8))
    exit(2)
}
