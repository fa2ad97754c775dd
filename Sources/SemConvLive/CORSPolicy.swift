import NIOHTTP1

/// CORS for browser senders, as rs/cors (behind Alloy's `faro.receiver` and the Collector's OTLP/HTTP receiver)
/// answers: only for allowed origins (`*` for any), preflights answered 204 with the CORS headers only when
/// origin, method and headers are all allowed; actual responses carry `Access-Control-Allow-Origin` and expose
/// `Retry-After` (so a browser SDK can honour 429/503) and the endpoint's own response headers. No origins
/// configured: no CORS headers at all, and a preflight is 405.
struct CORSPolicy: Sendable {
    var allowedOrigins: [String]
    /// Request headers a preflight may ask for (lowercase); nil allows whatever the preflight asks for.
    var allowedHeaders: [String]?
    /// Response headers the browser lets the script read.
    var exposedHeaders: [String]

    /// rs/cors' default allowed methods.
    static let allowedMethods = ["GET", "POST", "HEAD"]

    /// `Access-Control-Allow-Origin` (and `-Expose-Headers`) for an allowed `Origin` on an actual request.
    func headers(for head: HTTPRequestHead) -> HTTPHeaders {
        var headers = HTTPHeaders()
        guard !allowedOrigins.isEmpty else { return headers }
        headers.add(name: "vary", value: "Origin")
        if let origin = head.headers.first(name: "origin"), let allowed = allow(origin) {
            headers.add(name: "access-control-allow-origin", value: allowed)
            if !exposedHeaders.isEmpty {
                headers.add(name: "access-control-expose-headers", value: exposedHeaders.joined(separator: ", "))
            }
        }
        return headers
    }

    /// The answer to an `OPTIONS` preflight.
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
           Self.allowedMethods.contains(method), requested.allSatisfy({ allowedHeaders?.contains($0) ?? true })
        {
            headers.add(name: "access-control-allow-origin", value: allowed)
            headers.add(name: "access-control-allow-methods", value: method)
            if !requested.isEmpty { headers.add(name: "access-control-allow-headers", value: requested.joined(separator: ", ")) }
            headers.add(name: "access-control-max-age", value: "600")
        }
        return HTTPResponse(status: .noContent, headers: headers)
    }

    /// The `Access-Control-Allow-Origin` value for `origin`, or nil when it is not allowed.
    private func allow(_ origin: String) -> String? {
        if allowedOrigins.contains("*") { return "*" }
        return allowedOrigins.contains { $0.caseInsensitiveCompare(origin) == .orderedSame } ? origin : nil
    }
}
