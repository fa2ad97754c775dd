import NIOCore
import NIOHTTP1
import SemConvLint

/// OTLP/HTTP as the OTLP specification ("OTLP/HTTP") and the Collector's `otlpreceiver/otlphttp.go` serve it:
/// `POST /v1/logs|traces|metrics` with `application/x-protobuf` or `application/json`, optionally gzip or zstd;
/// `200` with the empty `Export*ServiceResponse` in the request's encoding; a `google.rpc.Status` body with 400
/// (undecodable), 413 (too large), 429/503 + `Retry-After` (busy); 415 (content type or encoding) and 405 (method)
/// as plain text, like the Collector. Also `GET /health` and `POST /stop`.
///
/// CORS (`--otlp-http-allow-origin`, like the Collector's `cors.allowed_origins`): `OPTIONS` preflights on the
/// signal paths, any requested header allowed (the OpenTelemetry JS exporters send `Content-Type` and the headers
/// they are configured with), `Retry-After` exposed.
struct OTLPHTTPEndpoint: HTTPEndpoint {
    let intake: LiveIntake
    let control: LiveControl
    var cors = CORSPolicy(allowedOrigins: [], allowedHeaders: nil, exposedHeaders: ["retry-after"])
    /// `POST /stop` needs `Authorization: Bearer <token>` when set (`--stop-token`).
    var stopToken: String?
    /// Whether the listener is bound to a loopback address: otherwise `POST /stop` without a token is refused.
    var loopback = true

    enum Encoding { case protobuf, json }

    static let signals: [String: OTLPSignal] = ["/v1/logs": .logs, "/v1/traces": .traces, "/v1/metrics": .metrics]

    func respond(toHead head: HTTPRequestHead) -> HTTPResponse? {
        let path = HTTPRequest.path(of: head)
        if Self.signals[path] != nil {
            if head.method == .OPTIONS { return cors.preflight(head) }
            return answer(toHead: head).map { withCORS($0, head) }
        }
        return answer(toHead: head)
    }

    private func withCORS(_ response: HTTPResponse, _ head: HTTPRequestHead) -> HTTPResponse {
        var r = response
        for (name, value) in cors.headers(for: head) { r.headers.replaceOrAdd(name: name, value: value) }
        return r
    }

    private func answer(toHead head: HTTPRequestHead) -> HTTPResponse? {
        let path = HTTPRequest.path(of: head)
        switch path {
        case "/health":
            guard head.method == .GET || head.method == .HEAD else { return methodNotAllowed("GET") }
            return control.isReady ? .text(.ok, "ok\n") : .text(.serviceUnavailable, "starting\n")
        case "/stop":
            guard head.method == .POST else { return methodNotAllowed("POST") }
            return stopRefusal(head)
        default:
            guard Self.signals[path] != nil else {
                return .text(.notFound, "404 not found: OTLP/HTTP paths are /v1/logs, /v1/traces and /v1/metrics\n")
            }
            guard head.method == .POST else { return methodNotAllowed("POST") }
            guard Self.encoding(of: head) != nil else {
                rejected(LiveStatus(http: 415, grpc: .unimplemented, message: "Content-Type '\(head.headers.first(name: "content-type") ?? "")' is "
                                    + "not application/json or application/x-protobuf"), head: head)
                return .text(.unsupportedMediaType,
                             "415 unsupported media type, supported: [application/json, application/x-protobuf]\n")
            }
            guard BodyEncoding(header: head.headers.first(name: "content-encoding")) != nil else {
                rejected(LiveStatus(http: 415, grpc: .unimplemented, message: "Content-Encoding '\(head.headers.first(name: "content-encoding") ?? "")' "
                                    + "is not \(BodyEncoding.supported)"), head: head)
                return .text(.unsupportedMediaType,
                             "415 unsupported Content-Encoding, supported: \(BodyEncoding.supported)\n")
            }
            return nil
        }
    }

    func respond(to request: HTTPRequest, on eventLoop: any EventLoop) -> EventLoopFuture<HTTPResponse> {
        if request.path == "/stop" {
            return control.stopAndReport(on: eventLoop).map { report in
                var headers = HTTPHeaders()
                headers.add(name: "content-type", value: report.contentType)
                return HTTPResponse(status: .ok, headers: headers, body: Array(report.text.utf8), close: true)
            }
        }
        let head = request.head
        let signal = Self.signals[request.path]!
        let encoding = Self.encoding(of: head)!
        let bodyEncoding = BodyEncoding(header: head.headers.first(name: "content-encoding"))!
        let format: TelemetryUnitFormat = encoding == .json ? .otlpJSON : .otlpProtobuf(signal)
        return intake.check(request.body, encoding: bodyEncoding, format: format, listener: .otlpHTTP, on: eventLoop)
            .map { result in
                switch result {
                case let .failed(status): return failure(status, head: head)
                case let .checked(reply):
                    if let bad = reply.result.undecodable { return failure(.undecodable(bad.redacted()), head: head) }
                    return withCORS(Self.success(encoding), head)
                }
            }
    }

    /// Who may stop live-check: with `--stop-token`, whoever sends it; without, only a loopback listener takes
    /// `POST /stop` (anyone who can reach a non-loopback address could otherwise end the run).
    private func stopRefusal(_ head: HTTPRequestHead) -> HTTPResponse? {
        if let stopToken {
            let given = head.headers.first(name: "authorization") ?? ""
            return FaroEndpoint.constantTimeEquals(given, "Bearer " + stopToken) ? nil
                : .text(.unauthorized, "401 POST /stop needs 'Authorization: Bearer <token>' (the --stop-token value)\n")
        }
        return loopback ? nil
            : .text(.forbidden, "403 POST /stop is refused on a non-loopback listener; start live-check with --stop-token "
                    + "and send 'Authorization: Bearer <token>', or stop it with SIGINT/SIGTERM\n")
    }

    func awaitsStop(_ head: HTTPRequestHead) -> Bool { HTTPRequest.path(of: head) == "/stop" }

    func rejected(_ status: LiveStatus, head: HTTPRequestHead) {
        guard Self.signals[HTTPRequest.path(of: head)] != nil else { return }
        intake.rejected(status, listener: .otlpHTTP, request: "\(head.method.rawValue) \(HTTPRequest.path(of: head))")
    }

    func failure(_ status: LiveStatus, head: HTTPRequestHead) -> HTTPResponse {
        var headers = HTTPHeaders()
        if let retry = status.retryAfter { headers.add(name: "retry-after", value: String(retry)) }
        let encoding = Self.encoding(of: head) ?? .json
        headers.add(name: "content-type", value: Self.contentType(encoding))
        return withCORS(HTTPResponse(status: HTTPResponseStatus(statusCode: status.http), headers: headers,
                                     body: encoding == .json ? StatusMessage.json(status) : StatusMessage.protobuf(status)),
                        head)
    }

    /// The empty `Export*ServiceResponse` (no `partial_success`: the specification's full success).
    static func success(_ encoding: Encoding) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: contentType(encoding))
        return HTTPResponse(status: .ok, headers: headers, body: encoding == .json ? Array("{}".utf8) : [])
    }

    static func contentType(_ encoding: Encoding) -> String {
        encoding == .json ? "application/json" : "application/x-protobuf"
    }

    /// The media type of `Content-Type` (parameters such as `charset` ignored, case-insensitive).
    static func encoding(of head: HTTPRequestHead) -> Encoding? {
        let media = (head.headers.first(name: "content-type") ?? "").split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch media {
        case "application/json": return .json
        case "application/x-protobuf": return .protobuf
        default: return nil
        }
    }

    private func methodNotAllowed(_ allowed: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "allow", value: allowed)
        return .text(.methodNotAllowed, "405 method not allowed, supported: [\(allowed)]\n", headers: headers)
    }
}
