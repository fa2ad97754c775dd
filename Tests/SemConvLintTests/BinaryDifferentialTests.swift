import Foundation
@testable import SemConvLint
import SemConvModel
import XCTest

/// The recording of the OpenTelemetry Python SDK (`Fixtures/telemetry/binary`) in every form the Collector's file
/// exporter writes gives the same findings: same rule, attribute and path on the same line, the line of a
/// length-prefixed file being the message number. Files are linted under a name without extension, so only
/// their content can tell what they are.
final class BinaryDifferentialTests: XCTestCase {
    typealias T = TelemetryTestSupport

    static let forms = ["sdk.ndjson", "sdk.ndjson.gz", "sdk-json-native.zst", "sdk-proto.bin", "sdk-proto-native.zst",
                        "sdk-proto-zstd-frames.bin", "sdk-json-zstd-frames.bin", "sdk-json-prefixed.bin",
                        "sdk-mixed.bin"]

    static func lint(_ name: String, jobs: Int = 1) throws -> [Diagnostic] {
        let bytes = try Data(contentsOf: BinaryInputTests.dir.appendingPathComponent(name))
        let path = T.temp("telemetry-\(name.hashValue & 0xFFFF)-\(jobs)", bytes)
        return Linter.run(paths: [path], options: T.options(jobs: jobs)).diagnostics
    }

    /// What must agree across forms: `line rule attribute path` (columns and byte offsets differ by nature).
    static func key(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.location.line) \($0.rule) \($0.attribute ?? "-") \($0.path ?? "-")" }.sorted()
    }

    /// The NDJSON form's findings, against `sdk.expected` (`UPDATE_EXPECTED=1` rewrites it).
    func testTheNDJSONFormGivesTheExpectedFindings() throws {
        let actual = T.compact(try Self.lint("sdk.ndjson"))
        let url = BinaryInputTests.dir.appendingPathComponent("sdk.expected")
        if ProcessInfo.processInfo.environment["UPDATE_EXPECTED"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(actual, try String(contentsOf: url, encoding: .utf8))
        XCTAssertGreaterThanOrEqual(actual.split(separator: "\n").count, 8, "the recording holds real violations")
    }

    /// The summary counts text in lines and binary input in messages: the same 7 requests are 7 lines of NDJSON
    /// (compressed or not) and 7 messages in every length-prefixed form.
    func testTextIsCountedInLinesAndBinaryInputInMessages() throws {
        for name in Self.forms where name != "sdk-mixed.bin" {
            let bytes = try Data(contentsOf: BinaryInputTests.dir.appendingPathComponent(name))
            let path = T.temp("summary-\(name.hashValue & 0xFFFF)", bytes)
            let summary = JSONValue.object(Linter.run(paths: [path], options: T.options()).extraSummary)
            let text = name.hasPrefix("sdk.ndjson") || name == "sdk-json-native.zst"
            XCTAssertEqual(summary["lines"], .int(text ? 7 : 0), name)
            XCTAssertEqual(summary["messages"], .int(text ? 0 : 7), name)
        }
    }

    func testEveryFormGivesTheSameFindings() throws {
        let baseline = Self.key(try Self.lint("sdk.ndjson"))
        for name in Self.forms.dropFirst() {
            let found = Self.key(try Self.lint(name))
            XCTAssertEqual(found, baseline, "\(name): missing \(baseline.filter { !found.contains($0) }), "
                           + "unexpected \(found.filter { !baseline.contains($0) })")
        }
    }

    /// Messages are checked in pieces on every job: the same findings and summary for 1, 2 and 3 jobs, for every
    /// form, and for a file of several 4 MiB batches that ends cut off inside a message.
    func testJobsDoNotChangeBinaryOutput() throws {
        func run(_ path: String, _ jobs: Int) -> (String, String) {
            let report = Linter.run(paths: [path], options: T.options(jobs: jobs))
            return (T.compact(report.diagnostics), JSONValue.object(report.extraSummary).rendered())
        }
        var paths = try Self.forms.map { name in
            T.temp("jobs-\(name)", try Data(contentsOf: BinaryInputTests.dir.appendingPathComponent(name)))
        }
        let proto = try BinaryInputTests.fixture("sdk-proto.bin")
        var many: [UInt8] = []
        while many.count < 10 << 20 { many += proto }
        paths.append(T.temp("jobs-many-batches.bin", Data(many + proto.prefix(proto.count / 2))))
        for path in paths {
            let one = run(path, 1)
            for jobs in [2, 3] { XCTAssertTrue(run(path, jobs) == one, "\(path) with \(jobs) jobs") }
        }
        let last = run(paths.last!, 2)
        XCTAssertTrue(last.0.contains("invalid-frame"), "the cut-off message is reported: \(last.0.suffix(300))")
    }

    /// One helper cuts text chunks (at newlines) and message batches (anywhere) into pieces: consecutive, non-empty,
    /// covering everything, ending only where a piece may end, each no larger than the one before (the last ones
    /// small, so that the end of a chunk waits little for one worker); `runPieces` names each piece's worker.
    func testPiecesCoverTheInputAndNameTheirWorker() {
        XCTAssertEqual(TelemetryLinter.split(10, into: 3), [0..<6, 6..<9, 9..<10])
        let sizes = TelemetryLinter.split(2 << 20, into: 32).map(\.count)
        XCTAssertEqual(sizes.count, 32)
        XCTAssertEqual(sizes.reduce(0, +), 2 << 20)
        XCTAssertEqual(sizes, sizes.sorted(by: >), "each piece no larger than the one before")
        XCTAssertEqual(sizes.first, 129_024, "about 2/32 of the whole")
        XCTAssertEqual(sizes.last, 2048, "about 1/32² of the whole")
        XCTAssertEqual(TelemetryLinter.split(2, into: 48), [0..<1, 1..<2], "no empty pieces")
        XCTAssertEqual(TelemetryLinter.split(0, into: 1), [0..<0])
        XCTAssertEqual(TelemetryLinter.split(5, into: 1), [0..<5])
        let text = Array("a\nbb\nccc\ndddd\ne".utf8)
        let pieces = TelemetryLinter.split(text.count, into: 4) { cut in text[cut...].firstIndex(of: 0x0A).map { $0 + 1 } }
        XCTAssertEqual(pieces, [0..<9, 9..<14, 14..<15])
        XCTAssertTrue(pieces.dropLast().allSatisfy { text[$0.upperBound - 1] == 0x0A }, "text pieces end after a newline")
        XCTAssertEqual(TelemetryLinter.split(text.count, into: 4) { _ in nil }, [0..<text.count], "no boundary: one piece")
        var merged: [(Int, Int)] = []
        TelemetryLinter.runPieces(100, workers: 3) { p, w in (p, w) } merge: { merged.append($0) }
        XCTAssertEqual(merged.map(\.0), Array(0..<100), "merged in piece order")
        XCTAssertTrue(merged.allSatisfy { (0..<3).contains($0.1) }, "worker numbers index per-worker state")
        merged = []
        TelemetryLinter.runPieces(4, workers: 1) { p, w in (p, w) } merge: { merged.append($0) }
        XCTAssertEqual(merged.map(\.1), [0, 0, 0, 0], "one worker: worker 0 on the calling thread")
    }

    /// Binary findings name the message as the line, column 0, and the byte offset in the message (in its
    /// decompressed bytes for a compressed frame), JSON messages as well as protobuf ones; the message text names
    /// no position of its own.
    func testBinaryFindingsNameTheMessageAndByteOffset() throws {
        for (name, space) in [("sdk-proto.bin", ByteOffset.Space.message), ("sdk-proto-native.zst", .message),
                              ("sdk-proto-zstd-frames.bin", .decompressedMessage), ("sdk-json-prefixed.bin", .message),
                              ("sdk-json-zstd-frames.bin", .decompressedMessage)] {
            let found = try Self.lint(name)
            let email = try XCTUnwrap(found.first { $0.rule == "forbidden-attribute" && $0.attribute == "user.email" })
            XCTAssertEqual(email.location.line, 2, name)
            XCTAssertEqual(email.location.column, 0, name)
            XCTAssertEqual(email.location.byte?.space, space, name)
            XCTAssertEqual(email.location.binaryPosition, "message 2, byte \(email.location.byte?.offset ?? -1) of the \(space.name)")
            XCTAssertFalse(email.message.contains("byte"), email.message)
            XCTAssertTrue(found.allSatisfy { $0.location.byte != nil }, "\(name): every finding has a byte offset")
        }
        // The offset is the attribute's place in the message: the OTLP/JSON key-value object.
        let json = try BinaryInputTests.fixture("sdk-json-prefixed.bin")
        let email = try XCTUnwrap(try Self.lint("sdk-json-prefixed.bin").first { $0.attribute == "user.email" })
        let message2 = BinaryInputTests.frames(json).messages[1]
        let offset = try XCTUnwrap(email.location.byte?.offset)
        XCTAssertTrue(String(decoding: message2[offset...].prefix(40), as: UTF8.self).hasPrefix(#"{"key":"user.email""#),
                      String(decoding: message2[offset...].prefix(40), as: UTF8.self))
    }

    /// A damaged JSON message is found at its message number and the byte offset of the damage in the message, not
    /// at a line and column.
    func testADamagedJSONMessageIsFoundAtItsByteOffset() throws {
        var messages = BinaryInputTests.frames(try BinaryInputTests.fixture("sdk-json-prefixed.bin")).messages
        messages[2][101] = UInt8(ascii: "#")  // the colon after "stringValue"
        var file: [UInt8] = []
        for m in messages { file += withUnsafeBytes(of: UInt32(m.count).bigEndian, Array.init) + m }
        let report = Linter.lint(telemetry: file, file: "json.bin", options: T.options())
        let damaged = try XCTUnwrap(report.diagnostics.first { $0.rule == "invalid-json" })
        XCTAssertEqual(damaged.location, SourceLocation(file: "json.bin", message: 3, byte: 101, of: .message))
        XCTAssertEqual(damaged.fix, "check what wrote the file: each message must hold one complete JSON document")
    }

    /// What live-check does with request bodies: decompress (`Content-Encoding`), then check each body as one unit
    /// of its content type, or `.auto`. Same findings as linting the file.
    func testStreamingProtobufBodiesGivesTheFileFindings() throws {
        let file = Self.key(try Self.lint("sdk-proto.bin"))
        let frames = BinaryInputTests.frames(try BinaryInputTests.fixture("sdk-proto-zstd-frames.bin")).messages
        for auto in [false, true] {
            let stream = TelemetryStream(options: T.options())
            var found: [Diagnostic] = []
            for (i, frame) in frames.enumerated() {
                let body = try Decompression.unzstd(frame, limit: 1 << 20)
                let result = body.withUnsafeBytes { unit -> TelemetryUnitResult in
                    guard !auto, case let .signal(signal) = OTLPProtobufSignal.detect(unit) else {
                        return stream.check(unit: unit, format: .auto, source: "otlp-http", number: i + 1)
                    }
                    return stream.check(unit: unit, format: .otlpProtobuf(signal), source: "otlp-http", number: i + 1)
                }
                XCTAssertNil(result.undecodable)
                found += result.findings
            }
            found += stream.finish().remaining
            XCTAssertEqual(Self.key(found), file, auto ? ".auto" : ".otlpProtobuf")
        }
        // A body that is not protobuf: one undecodable finding with the byte offset.
        let stream = TelemetryStream(options: T.options())
        let bad = [UInt8]([0x0A, 0xFF, 0xFF, 0x03]).withUnsafeBytes {
            stream.check(unit: $0, format: .otlpProtobuf(.logs), source: "otlp-http", number: 1)
        }
        XCTAssertEqual(bad.undecodable?.rule, "invalid-frame")
        XCTAssertEqual(bad.undecodable?.message, "message is not a valid OTLP logs request: length 65535 runs past the end of "
                       + "its message (0 bytes left)")
        XCTAssertEqual(bad.undecodable?.location, SourceLocation(file: "otlp-http", message: 1, byte: 1, of: .message))
    }
}
