import NIOCore
import NIOHTTP1

/// `POST /collect` as Grafana Alloy's `faro.receiver` takes it (internal/component/faro/receiver: handler.go,
/// server.go): a Faro Web SDK JSON payload, optionally gzip; `x-api-key` checked when a key is set (401);
/// 413 over the body limit; 400 for a body that does not decode; 429 + `Retry-After` when busy; `202 ok` on
/// success. CORS as Alloy configures rs/cors: only for the allowed origins (`*` for any), preflights answered
/// 204, the same allowed request headers. `GET /-/ready` answers 200 like Alloy's.
struct FaroEndpoint: HTTPEndpoint {
    let intake: LiveIntake
    let control: LiveControl
    let allowedOrigins: [String]
    let apiKey: String?

    /// Alloy's `defaultAllowedHeaders`, plus the W3C `tracestate` and `baggage` a Faro transport may add beside
    /// `traceparent` (the Web SDK's fetch transport sends content-type, x-api-key, x-faro-session-id and the
    /// headers it is configured with).
    static let allowedHeaders = ["content-type", "content-encoding", "traceparent", "tracestate", "baggage", "x-api-key",
                                 "x-faro-session-id", "x-scope-orgid"]

    func respond(toHead head: HTTPRequestHead) -> HTTPResponse? {
        switch HTTPRequest.path(of: head) {
        case "/-/ready":
            return control.isReady ? .text(.ok, "ready") : .text(.serviceUnavailable, "starting")
        case "/collect":
            if head.method == .OPTIONS { return corsPolicy.preflight(head) }
            guard head.method == .POST else {
                return .text(.methodNotAllowed, "405 method not allowed, supported: [POST, OPTIONS]\n", headers: cors(head))
            }
            if let apiKey, !Self.constantTimeEquals(head.headers.first(name: "x-api-key") ?? "", apiKey) {
                return .text(.unauthorized, "API key not provided or incorrect\n", headers: cors(head))
            }
            guard BodyEncoding(header: head.headers.first(name: "content-encoding")) != nil else {
                rejected(LiveStatus(http: 415, grpc: .unimplemented, message: "Content-Encoding '\(head.headers.first(name: "content-encoding") ?? "")' "
                                    + "is not \(BodyEncoding.supported)"), head: head)
                return .text(.unsupportedMediaType, "unsupported Content-Encoding, supported: \(BodyEncoding.supported)\n",
                             headers: cors(head))
            }
            return nil
        default:
            return .text(.notFound, "404 page not found\n")
        }
    }

    func respond(to request: HTTPRequest, on eventLoop: any EventLoop) -> EventLoopFuture<HTTPResponse> {
        let head = request.head
        let encoding = BodyEncoding(header: head.headers.first(name: "content-encoding"))!
        return intake.check(request.body, encoding: encoding, format: .faro, listener: .faro, on: eventLoop)
            .map { result in
                switch result {
                case let .failed(status): return failure(status, head: head)
                case let .checked(reply):
                    if let bad = reply.result.undecodable { return failure(.undecodable(bad.redacted()), head: head) }
                    return .text(.accepted, "ok", headers: cors(head))
                }
            }
    }

    func rejected(_ status: LiveStatus, head: HTTPRequestHead) {
        guard HTTPRequest.path(of: head) == "/collect" else { return }
        intake.rejected(status, listener: .faro, request: "\(head.method.rawValue) /collect")
    }

    func failure(_ status: LiveStatus, head: HTTPRequestHead) -> HTTPResponse {
        var headers = cors(head)
        if let retry = status.retryAfter { headers.add(name: "retry-after", value: String(retry)) }
        return .text(HTTPResponseStatus(statusCode: status.http), status.message + "\n", headers: headers)
    }

    func cors(_ head: HTTPRequestHead) -> HTTPHeaders { corsPolicy.headers(for: head) }

    var corsPolicy: CORSPolicy {
        CORSPolicy(allowedOrigins: allowedOrigins, allowedHeaders: Self.allowedHeaders,
                   exposedHeaders: ["retry-after", "x-faro-session-status"])
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = x.count ^ y.count
        for i in 0..<max(x.count, y.count) {
            difference |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0))
        }
        return difference == 0
    }
}
