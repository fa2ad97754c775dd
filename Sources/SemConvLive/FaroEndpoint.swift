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

    /// Alloy's `defaultAllowedHeaders`.
    static let allowedHeaders = ["content-type", "content-encoding", "traceparent", "x-api-key", "x-faro-session-id",
                                 "x-scope-orgid"]
    /// rs/cors' default allowed methods.
    static let allowedMethods = ["GET", "POST", "HEAD"]

    func respond(toHead head: HTTPRequestHead) -> HTTPResponse? {
        switch HTTPRequest.path(of: head) {
        case "/-/ready":
            return control.isReady ? .text(.ok, "ready") : .text(.serviceUnavailable, "starting")
        case "/collect":
            if head.method == .OPTIONS { return preflight(head) }
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

    /// `Access-Control-Allow-Origin` for an allowed `Origin`, as rs/cors adds to actual requests.
    func cors(_ head: HTTPRequestHead) -> HTTPHeaders {
        var headers = HTTPHeaders()
        guard !allowedOrigins.isEmpty else { return headers }
        headers.add(name: "vary", value: "Origin")
        if let origin = head.headers.first(name: "origin"), let allowed = allow(origin) {
            headers.add(name: "access-control-allow-origin", value: allowed)
        }
        return headers
    }

    /// A CORS preflight: 204, with the CORS headers only when origin, method and headers are all allowed.
    func preflight(_ head: HTTPRequestHead) -> HTTPResponse {
        var headers = HTTPHeaders()
        guard !allowedOrigins.isEmpty else {
            return HTTPResponse(status: .methodNotAllowed, headers: headers)
        }
        headers.add(name: "vary", value: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
        let method = (head.headers.first(name: "access-control-request-method") ?? "").uppercased()
        let requested = (head.headers.first(name: "access-control-request-headers") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if let origin = head.headers.first(name: "origin"), let allowed = allow(origin),
           Self.allowedMethods.contains(method), requested.allSatisfy(Self.allowedHeaders.contains)
        {
            headers.add(name: "access-control-allow-origin", value: allowed)
            headers.add(name: "access-control-allow-methods", value: method)
            if !requested.isEmpty { headers.add(name: "access-control-allow-headers", value: requested.joined(separator: ", ")) }
        }
        return HTTPResponse(status: .noContent, headers: headers)
    }

    /// The `Access-Control-Allow-Origin` value for `origin`, or nil when it is not allowed.
    private func allow(_ origin: String) -> String? {
        if allowedOrigins.contains("*") { return "*" }
        return allowedOrigins.contains { $0.caseInsensitiveCompare(origin) == .orderedSame } ? origin : nil
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
