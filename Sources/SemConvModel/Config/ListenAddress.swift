import Foundation

/// A listen address as given on the command line: `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (loopback). Port 0 asks
/// the system for a free port. The host must be an IP address or `localhost` (resolved to 127.0.0.1), so what is
/// bound is exactly what was asked for. Read from `--otlp-http`, `--otlp-grpc`, `--faro` and the config's
/// `live-check` section (checked when the config is read).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `text`; nil for `off`. Throws a message that says what form is expected.
    public static func parse(_ text: String) throws(ListenAddressError) -> ListenAddress? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased() == "off" { return nil }
        var host: Substring
        let portText: Substring
        if t.hasPrefix("[") {
            guard let close = t.firstIndex(of: "]"), t[t.index(after: close)...].hasPrefix(":") else {
                throw ListenAddressError(text: text, reason: "an IPv6 address needs the form [::1]:PORT")
            }
            host = t[t.index(after: t.startIndex)..<close]
            portText = t[t.index(close, offsetBy: 2)...]
        } else {
            guard let colon = t.lastIndex(of: ":") else {
                throw ListenAddressError(text: text, reason: "expected HOST:PORT, e.g. 127.0.0.1:4318, or 'off'")
            }
            host = t[..<colon]
            portText = t[t.index(after: colon)...]
            if host.contains(":") {
                throw ListenAddressError(text: text, reason: "put an IPv6 address in brackets, e.g. [::1]:4318")
            }
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ListenAddressError(text: text, reason: "the port must be a number from 0 to 65535 (0 picks a free port)")
        }
        if host.isEmpty || host == "localhost" { host = "127.0.0.1" }
        let address = ListenAddress(host: String(host), port: port)
        guard address.isIPv4 || address.isIPv6 else {
            throw ListenAddressError(text: text, reason: "the host must be an IP address (e.g. 127.0.0.1, 0.0.0.0, [::1]) or localhost")
        }
        return address
    }

    var isIPv4: Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in p.count <= 3 && UInt8(p) != nil }
    }

    /// 127.0.0.0/8 or ::1.
    public var isLoopback: Bool { (isIPv4 && host.hasPrefix("127.")) || host == "::1" }

    var isIPv6: Bool { host.contains(":") && host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }

    /// `127.0.0.1:4318` or `[::1]:4318`.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

public struct ListenAddressError: Error, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "'\(text)': \(reason)" }
}
