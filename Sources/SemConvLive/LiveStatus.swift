import SemConvModel

/// A failed request, as both protocols report it. The pairs follow the OTLP specification ("Failures",
/// "OTLP/HTTP Throttling") and the Collector's mapping (`receiver/otlpreceiver/internal/errors`,
/// `internal/statusutil`): 400 ↔ INVALID_ARGUMENT, 429 ↔ RESOURCE_EXHAUSTED (retryable only with RetryInfo),
/// 503 ↔ UNAVAILABLE, 413 ↔ RESOURCE_EXHAUSTED without retry info (non-retryable).
struct LiveStatus: Error, Sendable, Equatable {
    var http: Int
    var grpc: GRPCStatusCode
    var message: String
    /// Seconds the client should wait before retrying (`Retry-After`, gRPC `RetryInfo`); nil: do not retry.
    var retryAfter: Int?

    static func undecodable(_ d: Diagnostic) -> LiveStatus {
        LiveStatus(http: 400, grpc: .invalidArgument, message: "\(d.location): \(d.message) [\(d.rule)]")
    }

    static func tooLarge(_ limit: Int) -> LiveStatus {
        LiveStatus(http: 413, grpc: .resourceExhausted,
                   message: "the request body is larger than \(limit) bytes (after decompression); send smaller batches")
    }

    static func rejected(_ why: Rejection, retryAfter: Int) -> LiveStatus {
        switch why {
        case .queueFull:
            LiveStatus(http: 429, grpc: .resourceExhausted,
                       message: "live-check is busy checking earlier requests; retry after \(retryAfter)s",
                       retryAfter: retryAfter)
        case .overMemory:
            LiveStatus(http: 503, grpc: .resourceExhausted,
                       message: "live-check holds too many request bodies at once; retry after \(retryAfter)s",
                       retryAfter: retryAfter)
        case .stopping:
            LiveStatus(http: 503, grpc: .unavailable, message: "live-check is stopping", retryAfter: retryAfter)
        }
    }
}

/// The gRPC status codes live-check answers with.
enum GRPCStatusCode: Int, Sendable {
    case ok = 0, invalidArgument = 3, deadlineExceeded = 4, notFound = 5, resourceExhausted = 8, unimplemented = 12, internalError = 13
    case unavailable = 14, unauthenticated = 16

    /// The specification's name (`RESOURCE_EXHAUSTED`).
    var name: String {
        switch self {
        case .ok: "OK"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .unimplemented: "UNIMPLEMENTED"
        case .internalError: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .unauthenticated: "UNAUTHENTICATED"
        }
    }
}

/// Hand-encoded protobuf for the few small messages a receiver sends back (no generated code needed):
/// `google.rpc.Status` with an optional `google.rpc.RetryInfo` detail, and its proto3 JSON form.
enum StatusMessage {
    static let retryInfoType = "type.googleapis.com/google.rpc.RetryInfo"

    /// `google.rpc.Status{code, message, details: [Any{RetryInfo{retry_delay: Duration{seconds}}}]}`.
    static func protobuf(_ status: LiveStatus) -> [UInt8] {
        var out = ProtoWriter()
        out.varint(field: 1, UInt64(status.grpc.rawValue))
        out.bytes(field: 2, Array(status.message.utf8))
        if let retry = status.retryAfter {
            out.bytes(field: 3, retryInfoAny(seconds: retry))
        }
        return out.bytes
    }

    /// `google.protobuf.Any` holding `RetryInfo`: the `grpc-status-details-bin` detail gRPC clients read.
    static func retryInfoAny(seconds: Int) -> [UInt8] {
        var duration = ProtoWriter()
        duration.varint(field: 1, UInt64(max(0, seconds)))
        var info = ProtoWriter()
        info.bytes(field: 1, duration.bytes)
        var any = ProtoWriter()
        any.bytes(field: 1, Array(retryInfoType.utf8))
        any.bytes(field: 2, info.bytes)
        return any.bytes
    }


    /// Proto3 JSON of the same Status.
    static func json(_ status: LiveStatus) -> [UInt8] {
        var pairs: [(String, JSONValue)] = [("code", .int(status.grpc.rawValue)), ("message", .string(status.message))]
        if let retry = status.retryAfter {
            pairs.append(("details", .array([.object([("@type", .string(retryInfoType)),
                                                      ("retryDelay", .string("\(retry)s"))])])))
        }
        return Array(JSONValue.object(pairs).rendered().utf8)
    }
}

/// Appends protobuf fields (varint and length-delimited wire types only).
struct ProtoWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(field: Int, _ value: UInt64) {
        raw(UInt64(field << 3))
        raw(value)
    }

    mutating func bytes(field: Int, _ value: [UInt8]) {
        raw(UInt64(field << 3 | 2))
        raw(UInt64(value.count))
        bytes += value
    }

    private mutating func raw(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
}
