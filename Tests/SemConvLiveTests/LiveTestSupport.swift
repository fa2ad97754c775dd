import Foundation
import NIOConcurrencyHelpers
import SemConvLint
import SemConvModel
import XCTest

@testable import SemConvLive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shared set-up for the network tests: every server listens on 127.0.0.1 with port 0; every client call has a
/// timeout, so a hung server fails the test instead of hanging it.
enum LiveTest {
    /// The lint tests' recordings (Tests/SemConvLintTests/Fixtures/telemetry).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SemConvLintTests/Fixtures/telemetry")

    /// The bundled model, found as the CLI finds it.
    static let registry: Registry = RegistryLoader.load(roots: [BundledResources.modelDirectory ?? "model"], checks: false).registry

    static var options: LintOptions { LintOptions(registry: registry) }

    /// A configuration with the given listeners on 127.0.0.1:0.
    static func configuration(_ listeners: [LiveListener] = [.otlpHTTP], reporter: ReporterKind = .json)
        -> LiveCheckConfiguration
    {
        var c = LiveCheckConfiguration(reporter: reporter)
        c.listeners = Dictionary(uniqueKeysWithValues: listeners.map { ($0, ListenAddress(host: "127.0.0.1", port: 0)) })
        return c
    }

    /// The non-empty lines of a fixture recording.
    static func lines(_ fixture: String) throws -> [String] {
        try String(contentsOf: fixtures.appendingPathComponent(fixture), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    /// What `semconv lint` reports for `lines`, with `file` set to `listener` (the live-check naming).
    static func lintReport(_ lines: [String], as listener: LiveListener, input: InputKind = .auto) -> LintReport {
        var options = self.options
        options.input = input
        var report = Linter.lint(telemetry: Array((lines.joined(separator: "\n") + "\n").utf8), file: listener.rawValue,
                                 options: options)
        report.diagnostics = report.diagnostics.map { d in
            var d = d
            d.location.file = listener.rawValue
            return d
        }
        return report
    }
}

/// A live-check server running for one test.
final class RunningServer: @unchecked Sendable {
    let server: LiveCheckServer
    let ports: [LiveListener: Int]
    private let streamed = NIOLockedValueBox<[Diagnostic]>([])
    private let noticed = NIOLockedValueBox<[String]>([])
    private var run: Task<LiveCheckOutcome, Never>!

    init(_ configuration: LiveCheckConfiguration, options: LintOptions = LiveTest.options,
         onSnapshot: (@Sendable (LintReport, RenderedReport) -> Void)? = nil) async throws {
        let box = streamed, notices = noticed
        server = LiveCheckServer(configuration: configuration, options: options,
                                 onFindings: { findings in box.withLockedValue { $0 += findings } },
                                 onNotice: { notice in notices.withLockedValue { $0.append(notice) } },
                                 onSnapshot: onSnapshot)
        let bound = try await server.start()
        var ports: [LiveListener: Int] = [:]
        for (listener, address) in bound { ports[listener] = Int(address.split(separator: ":").last!)! }
        self.ports = ports
        let server = self.server
        run = Task { await server.run() }
    }

    var port: Int { ports[.otlpHTTP] ?? ports.values.first! }

    /// Stream notices so far (a rule reaching the cap of listed findings).
    var notices: [String] { noticed.withLockedValue { $0 } }

    /// Findings streamed so far.
    var streamedFindings: [Diagnostic] { streamed.withLockedValue { $0 } }

    /// Stops the server (as SIGINT would) and waits for its outcome.
    func stop(_ reason: StopReason = .signal) async -> LiveCheckOutcome {
        server.stop(reason)
        return await run.value
    }

    /// Waits for the server to stop on its own, at most `timeout` seconds.
    func outcome(within timeout: Double) async throws -> LiveCheckOutcome {
        let run = self.run!
        let watchdog = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            run.cancel()
        }
        defer { watchdog.cancel() }
        return await run.value
    }
}

/// An HTTP/1.1 response as the test client read it.
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }
}

struct SocketError: Error, CustomStringConvertible {
    var description: String
}

/// A blocking TCP client with timeouts, for speaking HTTP (well or badly) to the listeners.
final class TestSocket {
    let fd: Int32

    init(port: Int, timeout: Double = 10) throws {
        #if canImport(Glibc)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw SocketError(description: "socket() failed") }
        var tv = timeval(tv_sec: .init(timeout), tv_usec: .init((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw SocketError(description: "connect to port \(port) failed: errno \(errno)")
        }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemSend(fd, $0.baseAddress! + offset, bytes.count - offset) }
            guard n > 0 else { throw SocketError(description: "send failed: errno \(errno)") }
            offset += n
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads one byte chunk; empty at end of stream.
    func receive() throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
        guard n >= 0 else { throw SocketError(description: "receive timed out or failed: errno \(errno)") }
        return Array(buffer[0..<n])
    }

    /// Whether the server closes the connection within the socket timeout (pending response bytes are skipped).
    func closedByServer() -> Bool {
        while true {
            do {
                if try receive().isEmpty { return true }
            } catch {
                // A reset (the server closed with our bytes unread) is a close too; a timeout is not.
                return errno == ECONNRESET
            }
        }
    }

    private var pending: [UInt8] = []

    /// Reads one response (status line, headers, `Content-Length` body).
    func readResponse() throws -> RawResponse {
        while true {
            if let end = Self.find([13, 10, 13, 10], in: pending) {
                let head = String(decoding: pending[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
                let parts = head[0].split(separator: " ")
                guard parts.count >= 2, let status = Int(parts[1]) else {
                    throw SocketError(description: "bad status line '\(head[0])'")
                }
                let headers = head.dropFirst().compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
                while pending.count < end + 4 + length {
                    let chunk = try receive()
                    if chunk.isEmpty { throw SocketError(description: "connection closed inside a response body") }
                    pending += chunk
                }
                let body = Array(pending[(end + 4)..<(end + 4 + length)])
                pending.removeFirst(end + 4 + length)
                return RawResponse(status: status, headers: headers, body: body)
            }
            let chunk = try receive()
            if chunk.isEmpty { throw SocketError(description: "connection closed before a response") }
            pending += chunk
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}

enum HTTP {
    /// One request on a new connection.
    static func request(_ method: String = "POST", port: Int, path: String, body: [UInt8] = [],
                        headers: [(String, String)] = []) throws -> RawResponse {
        let socket = try TestSocket(port: port)
        try socket.send(raw(method, path: path, body: body, headers: headers))
        return try socket.readResponse()
    }

    static func raw(_ method: String, path: String, body: [UInt8], headers: [(String, String)]) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !headers.contains(where: { $0.0.lowercased() == "content-length" }) && (method == "POST" || !body.isEmpty) {
            text += "Content-Length: \(body.count)\r\n"
        }
        return Array((text + "\r\n").utf8) + body
    }

    static func postJSON(port: Int, path: String = "/v1/logs", _ json: String,
                         headers: [(String, String)] = []) throws -> RawResponse {
        try request(port: port, path: path, body: Array(json.utf8), headers: [("Content-Type", "application/json")] + headers)
    }
}

/// gzip through the system tool (test data only).
func gzip(_ bytes: [UInt8]) throws -> [UInt8] { try compress(bytes, with: "gzip") }

/// `tool -c` (gzip, zstd) over `bytes` (test data only).
func compress(_ bytes: [UInt8], with tool: String) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool, "-c", "-9"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread {
        try? input.fileHandleForWriting.write(contentsOf: bytes)
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}

private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    send(fd, bytes, count, Int32(MSG_NOSIGNAL))
    #else
    send(fd, bytes, count, 0)
    #endif
}
