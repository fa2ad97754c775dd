import Foundation
@testable import SemConvLint
import SemConvModel
import XCTest

/// Files as the OpenTelemetry Collector's file exporter writes them (fixtures made by the OpenTelemetry Python SDK
/// and its OTLP encoders, `Fixtures/telemetry/binary/make_fixtures.py`): detection, decompression, framing and the
/// protobuf reader, checked against the Python `protobuf` package's decoding of the same messages.
final class BinaryInputTests: XCTestCase {
    static let dir = TelemetryTestSupport.fixtures.appendingPathComponent("binary")

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
    }

    /// Every message of a length-prefixed input, copied out of the reader's buffer, and the problems met.
    static func frames(_ bytes: [UInt8], maxMessage: Int = 16 << 20,
                       chunk: Int = 4 << 20) -> (messages: [[UInt8]], problems: [FrameReader.Problem]) {
        let source = ByteSource(memory: bytes)
        let reader = FrameReader(source: source, maxMessage: maxMessage, chunk: chunk)
        var messages: [[UInt8]] = [], problems: [FrameReader.Problem] = []
        while true {
            let batch = reader.nextBatch()
            if batch.isEmpty { break }
            for item in batch {
                switch item {
                case let .message(frame): messages.append(Array(frame.bytes))
                case let .problem(problem): problems.append(problem)
                }
            }
        }
        return (messages, problems)
    }

    // MARK: detection

    func testLayoutAndCompressionAreDetectedFromContent() throws {
        let cases: [(String, Decompression.Format?, ByteSource.Layout)] = [
            ("sdk.ndjson", nil, .text),
            ("sdk.ndjson.gz", .gzip, .text),
            ("sdk-json-native.zst", .zstd, .text),
            ("sdk-proto.bin", nil, .lengthPrefixed),
            ("sdk-proto-native.zst", .zstd, .lengthPrefixed),
            ("sdk-proto-zstd-frames.bin", nil, .lengthPrefixed),
            ("sdk-json-zstd-frames.bin", nil, .lengthPrefixed),
            ("sdk-json-prefixed.bin", nil, .lengthPrefixed),
            ("sdk-mixed.bin", nil, .lengthPrefixed),
        ]
        for (name, compression, layout) in cases {
            let source = ByteSource(memory: try Self.fixture(name))
            XCTAssertEqual(source.compression, compression, name)
            XCTAssertEqual(source.layout, layout, name)
            XCTAssertNil(source.failure, name)
        }
    }

    // MARK: decompression

    func testInMemoryDecompressionMatchesTheUncompressedFile() throws {
        let ndjson = try Self.fixture("sdk.ndjson")
        XCTAssertEqual(try Decompression.gunzip(Self.fixture("sdk.ndjson.gz"), limit: 1 << 20), ndjson)
        XCTAssertEqual(try Decompression.unzstd(Self.fixture("sdk-json-native.zst"), limit: 1 << 20), ndjson)
        XCTAssertEqual(Decompression.format(of: try Self.fixture("sdk-json-native.zst")), .zstd)
        XCTAssertEqual(Decompression.format(of: ndjson), nil)
    }

    func testDecompressionLimitStopsABomb() throws {
        // 64 MiB (zstd) and 16 MiB (gzip) of zeros in a few kilobytes; a 1 MiB limit must stop them.
        for (format, name) in [(Decompression.Format.zstd, "bomb.zst"), (.gzip, "bomb.gz")] {
            let compressed = try Self.fixture(name)
            XCTAssertLessThan(compressed.count, 20 << 10)
            XCTAssertThrowsError(try Decompression.decompress(compressed, format: format, limit: 1 << 20)) { error in
                XCTAssertEqual((error as? DecompressionError)?.kind, .tooLarge, "\(format)")
                XCTAssertTrue("\(error)".contains("more than 1048576 bytes"), "\(error)")
            }
        }
    }

    func testCorruptAndTruncatedCompressedDataAreErrors() throws {
        let zst = try Self.fixture("sdk-json-native.zst")
        XCTAssertThrowsError(try Decompression.unzstd(Array(zst[..<(zst.count / 2)]), limit: 1 << 20)) { error in
            XCTAssertEqual((error as? DecompressionError)?.kind, .truncated)
        }
        var corrupt = zst
        for i in 20..<60 { corrupt[i] ^= 0x5A }
        XCTAssertThrowsError(try Decompression.unzstd(corrupt, limit: 1 << 20)) { error in
            XCTAssertEqual((error as? DecompressionError)?.kind, .corrupt)
            XCTAssertNotNil((error as? DecompressionError)?.reason)
            // libzstd does not say where in its input the damage is.
            XCTAssertNil((error as? DecompressionError)?.offset)
        }
        let gz = try Self.fixture("sdk.ndjson.gz")
        XCTAssertThrowsError(try Decompression.gunzip(Array(gz[..<(gz.count - 9)]), limit: 1 << 20)) { error in
            XCTAssertEqual((error as? DecompressionError)?.kind, .truncated)
        }
        var damaged = gz
        for i in 20..<60 { damaged[i] ^= 0x5A }
        XCTAssertThrowsError(try Decompression.gunzip(damaged, limit: 1 << 20)) { error in
            XCTAssertEqual((error as? DecompressionError)?.kind, .corrupt)
            XCTAssertNotNil((error as? DecompressionError)?.offset)
        }
    }

    func testAMissingLibraryNamesWhatToInstall() {
        guard case let .failure(error) = ZstdLibrary.load(["libzstd-missing.so.9"]) else {
            return XCTFail("a library that does not exist loaded")
        }
        XCTAssertEqual(error.kind, .libraryMissing)
        XCTAssertTrue(error.message.contains("libzstd-missing.so.9"), error.message)
        XCTAssertTrue(error.fix?.contains("apt-get install libzstd1") == true, error.fix ?? "")
        guard case let .failure(zlib) = ZlibLibrary.load(["libz-missing.so.9"]) else {
            return XCTFail("a library that does not exist loaded")
        }
        XCTAssertTrue(zlib.fix?.contains("zlib1g") == true, zlib.fix ?? "")
    }

    // MARK: framing

    func testEveryFramingYieldsTheSameMessages() throws {
        let proto = Self.frames(try Self.fixture("sdk-proto.bin"))
        XCTAssertEqual(proto.messages.count, 7)
        XCTAssertTrue(proto.problems.isEmpty)
        // Small chunks: batches end at message boundaries, messages stay whole.
        XCTAssertTrue(Self.frames(try Self.fixture("sdk-proto.bin"), chunk: 100).messages == proto.messages)
        let native = Self.frames(try Decompression.unzstd(Self.fixture("sdk-proto-native.zst"), limit: 1 << 20))
        XCTAssertTrue(native.messages == proto.messages)
        let legacy = Self.frames(try Self.fixture("sdk-proto-zstd-frames.bin"))
        XCTAssertTrue(try legacy.messages.map { try Decompression.unzstd($0, limit: 1 << 20) } == proto.messages)
        let json = Self.frames(try Self.fixture("sdk-json-prefixed.bin"))
        let lines = try Self.fixture("sdk.ndjson").split(separator: 0x0A).map(Array.init)
        XCTAssertTrue(json.messages == lines)
    }

    func testATruncatedFrameIsOneProblemWithItsOffset() throws {
        let proto = try Self.fixture("sdk-proto.bin")
        let whole = Self.frames(proto).messages
        // Where each frame starts; cut 10 bytes into the 7th message.
        let starts = whole.indices.map { i in whole[..<i].reduce(0) { $0 + 4 + $1.count } }
        let cut = Self.frames(Array(proto[..<(starts[6] + 14)]))
        XCTAssertTrue(cut.messages == Array(whole[..<6]), "the six whole messages before the cut")
        XCTAssertEqual(cut.problems.count, 1)
        let problem = try XCTUnwrap(cut.problems.first)
        XCTAssertEqual(problem.rule, .invalidFrame)
        XCTAssertEqual(problem.number, 7)
        XCTAssertEqual(problem.offset, starts[6])
        XCTAssertEqual(problem.message, "the file ends early: message 7 declares \(whole[6].count) bytes but only 10 "
                       + "follow; the last complete message is 6")
        XCTAssertEqual(problem.fix, SourceFailure.cutFix)
        // Cut inside a length prefix.
        let inPrefix = Self.frames(Array(proto[..<(starts[6] + 2)]))
        XCTAssertEqual(inPrefix.messages.count, 6)
        XCTAssertEqual(inPrefix.problems.first?.message,
                       "the file ends early: message 7 ends 2 bytes into its length prefix; the last complete message is 6")
        // Cut after a whole message: nothing is wrong with the framing.
        XCTAssertTrue(Self.frames(Array(proto[..<starts[6]])).problems.isEmpty)
    }

    /// A length-prefixed file in a gzip or zstd stream that is cut off (inside a message or after one) or damaged is
    /// one finding: the compressed stream's problem, at the message reading stopped in and the byte offset of its
    /// length prefix in the decompressed file, naming the last complete message and what to do.
    func testACutOrDamagedCompressedStreamIsOneFinding() throws {
        for tool in ["gzip", "zstd"] where Self.tool(tool) == nil {
            throw XCTSkip("'\(tool)' is not installed (it makes the compressed inputs)")
        }
        let proto = try Self.fixture("sdk-proto.bin")
        // Enough messages for several zstd blocks, then messages 1-6 of another copy and 100 bytes of its 7th.
        var data: [UInt8] = []
        while data.count < 1 << 20 { data += proto }
        let whole = Self.frames(data).messages
        data += proto.prefix(proto.count - whole[6].count + 100)
        // Where message n starts: starts[n - 1].
        var starts = [0]
        for m in Self.frames(data).messages { starts.append(starts[starts.count - 1] + 4 + m.count) }
        func lint(_ bytes: [UInt8], _ name: String) -> [Diagnostic] {
            Linter.run(paths: [TelemetryTestSupport.temp(name, Data(bytes))],
                       options: TelemetryTestSupport.options()).diagnostics.filter { $0.rule == "invalid-frame" }
        }
        for tool in ["gzip", "zstd"] {
            // The last 8 compressed bytes go: gzip's trailer, or zstd's checksum and the end of its last block.
            let compressed = try Self.compress(data, with: tool)
            let cut = lint(Array(compressed.dropLast(8)), "cut-\(tool).bin")
            XCTAssertEqual(cut.count, 1, "\(tool): \(cut.map(\.message))")
            let finding = try XCTUnwrap(cut.first)
            let n = finding.location.line
            if tool == "gzip" { XCTAssertEqual(n, whole.count + 7, "the message cut inside") }
            XCTAssertEqual(finding.location.byte, ByteOffset(starts[n - 1], of: .decompressedFile), tool)
            XCTAssertTrue(finding.message.hasPrefix("the \(tool) stream ends early at byte \(compressed.count - 8) of the file"),
                          finding.message)
            XCTAssertTrue(finding.message.hasSuffix("; the last complete message is \(n - 1)"), finding.message)
            XCTAssertEqual(finding.fix, SourceFailure.cutFix)
            XCTAssertEqual(finding.location.description,
                           "\(finding.location.file): message \(n), byte \(starts[n - 1]) of the decompressed file")
        }
        // Cut where a message ends: the finding is at the message that would follow.
        let atBoundary = try Self.compress(Array(data[..<starts[whole.count]]), with: "gzip")
        let boundary = lint(Array(atBoundary.dropLast(8)), "cut-boundary.gz")
        XCTAssertEqual(boundary.map(\.location.line), [whole.count + 1])
        XCTAssertEqual(boundary.first?.message, "the gzip stream ends early at byte \(atBoundary.count - 8) of the file; "
                       + "the last complete message is \(whole.count)")
        // A damaged byte that the stream's checksum catches (zstd --check): one finding too.
        var damaged = try Self.compress(data, with: "zstd", ["--check"])
        damaged[damaged.count - 2] ^= 0x40
        let checksum = lint(damaged, "checksum.zst")
        XCTAssertEqual(checksum.count, 1, "\(checksum.map(\.message))")
        XCTAssertTrue(checksum.first?.message.hasPrefix("the zstd data is corrupt (") == true, checksum.first?.message ?? "")
        XCTAssertEqual(checksum.first?.location.byte?.space, .decompressedFile)
    }

    /// A gzip file whose only damage is its CRC (zlib finds it after writing all of the member's data) is read
    /// whole, then one `invalid-frame`: the bytes of the call that met the error were dropped before (a whole small
    /// file, or the last chunk of a large one).
    func testADamagedGzipChecksumKeepsTheData() throws {
        for (name, text) in [("small", try Self.fixture("sdk.ndjson")),
                             ("large", Array(repeating: try Self.fixture("sdk.ndjson"), count: 400).flatMap { $0 })] {
            var gz = try Self.compress(text, with: "gzip")
            gz[gz.count - 6] ^= 0x01  // the CRC32 of the trailer (then ISIZE, 4 bytes)
            let intact = Linter.run(paths: [TelemetryTestSupport.temp("\(name).ndjson", Data(text))],
                                    options: TelemetryTestSupport.options())
            let damaged = Linter.run(paths: [TelemetryTestSupport.temp("\(name)-crc.ndjson.gz", Data(gz))],
                                     options: TelemetryTestSupport.options())
            func records(_ r: LintReport) -> JSONValue? { Dictionary(r.extraSummary, uniquingKeysWith: { a, _ in a })["records"] }
            XCTAssertEqual(records(damaged), records(intact), name)
            let frames = damaged.diagnostics.filter { $0.rule == "invalid-frame" }
            XCTAssertEqual(frames.count, 1, "\(name): \(damaged.diagnostics.map(\.message))")
            XCTAssertTrue(frames.first?.message.contains("incorrect data check") == true, frames.first?.message ?? "")
            let others = damaged.diagnostics.filter { $0.rule != "invalid-frame" }
            XCTAssertEqual(others.count, intact.diagnostics.count, name)
            XCTAssertTrue(others.map(\.message) == intact.diagnostics.map(\.message), "\(name): the same findings")
        }
    }

    /// A bare request (an OTLP/HTTP body, no length prefix) cut anywhere is one `invalid-frame` at message 1 with
    /// the byte where decoding stopped: it was read as text again and again before (endless recursion, a crash).
    func testACutBareRequestIsOneFindingNotACrash() throws {
        let body = try XCTUnwrap(Self.frames(try Self.fixture("sdk-proto.bin")).messages.first)
        XCTAssertTrue(body.withUnsafeBytes { MessageUnit.looksLikeBareRequest($0) })
        let whole = Linter.run(paths: [TelemetryTestSupport.temp("whole.body.bin", Data(body))],
                               options: TelemetryTestSupport.options())
        XCTAssertEqual(whole.diagnostics.filter { $0.rule == "invalid-frame" }.count, 0)
        for keep in [6, 7, 50, body.count / 2, body.count - 7, body.count - 1] {
            let report = Linter.run(paths: [TelemetryTestSupport.temp("cut-\(keep).body.bin", Data(body.prefix(keep)))],
                                    options: TelemetryTestSupport.options())
            let frames = report.diagnostics.filter { $0.rule == "invalid-frame" }
            XCTAssertEqual(frames.count, 1, "cut to \(keep) bytes: \(report.diagnostics.map(\.message))")
            XCTAssertEqual(frames.first?.location.line, 1, "message 1")
            XCTAssertEqual(frames.first?.location.byte?.space, .message)
            XCTAssertFalse(report.diagnostics.contains { $0.rule == "invalid-json" }, "not read as text")
        }
    }

    /// The path of a program on `PATH`, if any.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `bytes` compressed by the system's `gzip` or `zstd` (`-c`, and `arguments`).
    static func compress(_ bytes: [UInt8], with tool: String, _ arguments: [String] = []) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try XCTUnwrap(Self.tool(tool)))
        process.arguments = ["-c"] + arguments
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let data = Data(bytes)
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](result)
    }

    func testAFourGigabyteLengthPrefixIsReadWithoutHoldingIt() throws {
        let proto = try Self.fixture("sdk-proto.bin")
        let bogus = proto + [0xFF, 0xFF, 0xFF, 0xF0] + Array("garbage after the last frame".utf8)
        let result = Self.frames(bogus, maxMessage: 1 << 20)
        XCTAssertEqual(result.messages.count, 7)
        XCTAssertEqual(result.problems.count, 1)
        XCTAssertEqual(result.problems.first?.rule, .invalidFrame)
        XCTAssertEqual(result.problems.first?.message, "message 8 declares 4294967280 bytes but only 28 follow: its "
                       + "length prefix is damaged, or the file is cut off or not length-prefixed; the last complete message is 7")
    }

    func testAMessageLongerThanTheLimitIsSkippedAndReadingGoesOn() throws {
        let small = Array("{}".utf8), big = [UInt8](repeating: 0x41, count: 5000)
        func frame(_ m: [UInt8]) -> [UInt8] { withUnsafeBytes(of: UInt32(m.count).bigEndian, Array.init) + m }
        let result = Self.frames(frame(small) + frame(big) + frame([]) + frame(small), maxMessage: 1024)
        XCTAssertEqual(result.messages, [small, small], "the empty 3rd message is numbered, not returned")
        XCTAssertEqual(result.problems.map(\.rule), [.lineTooLong])
        XCTAssertEqual(result.problems.first?.number, 2)
    }

    /// The units a `MessageReader` hands on, per framed fixture: the same requests whatever the framing.
    func testMessageReaderClassifiesEveryMessage() throws {
        func units(_ name: String) throws -> [(TelemetryUnitFormat, Int, Int)] {
            var out: [(TelemetryUnitFormat, Int, Int)] = []
            var problems: [MessageReader.Problem] = []
            var bytes = try Self.fixture(name)
            if Decompression.format(of: bytes) == .zstd { bytes = try Decompression.unzstd(bytes, limit: 1 << 20) }
            let count = MessageReader(maxMessage: 1 << 20).read(ByteSource(memory: bytes),
                check: { unit, format, number, _ in out.append((format, number, unit.count)) },
                report: { problems.append($0) })
            XCTAssertEqual(count, 7, name)
            XCTAssertTrue(problems.isEmpty, "\(name): \(problems.map(\.message))")
            return out
        }
        let proto = try units("sdk-proto.bin")
        XCTAssertEqual(proto.map(\.0), [.otlpProtobuf(.logs), .otlpProtobuf(.logs), .otlpProtobuf(.metrics),
                                         .otlpProtobuf(.logs), .otlpProtobuf(.traces), .otlpProtobuf(.logs),
                                         .otlpProtobuf(.logs)])
        XCTAssertEqual(proto.map(\.1), Array(1...7))
        for name in ["sdk-proto-zstd-frames.bin", "sdk-proto-native.zst"] {
            XCTAssertEqual(try units(name).map(\.0), proto.map(\.0), name)
            XCTAssertEqual(try units(name).map(\.2), proto.map(\.2), name)
        }
        for name in ["sdk-json-zstd-frames.bin", "sdk-json-prefixed.bin"] {
            XCTAssertEqual(try units(name).map(\.0), Array(repeating: .auto, count: 7), name)
        }
        XCTAssertEqual(try units("sdk-mixed.bin").map(\.0), [.otlpProtobuf(.logs), .auto, .otlpProtobuf(.metrics), .auto,
                                                            .otlpProtobuf(.traces), .auto, .otlpProtobuf(.logs)])
    }

    // MARK: protobuf, checked against Python's protobuf package

    /// Our reader's view of each message of `sdk-proto.bin` equals what Python's `protobuf` decoded from the same
    /// bytes (`sdk-proto.view.json`): the records, their attribute levels, event names, times, bodies and ids, with
    /// absent values left out.
    func testProtobufReaderAgreesWithPythonProtobuf() throws {
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.dir.appendingPathComponent("sdk-proto.view.json")))
        let messages = Self.frames(try Self.fixture("sdk-proto.bin")).messages
        let batch = TelemetryBatch()
        let decoder = OTLPProtobufDecoder(batch: batch)
        var views: [Any] = []
        for (i, message) in messages.enumerated() {
            message.withUnsafeBytes { bytes in
                guard case let .signal(signal) = OTLPProtobufSignal.detect(bytes) else {
                    return XCTFail("message \(i + 1) has no signal")
                }
                batch.reset(unit: bytes, number: i + 1, style: .binary)
                decoder.signal = signal
                decoder.decode(into: batch)
                XCTAssertTrue(batch.problems.isEmpty, "\(batch.problems.map(\.message))")
                views.append(["message": i + 1, "signal": signal.rawValue, "records": Self.view(batch)] as [String: Any])
            }
        }
        let ours = try JSONSerialization.jsonObject(with: JSONSerialization.data(withJSONObject: views))
        if !(ours as! NSArray).isEqual(expected as! NSArray) {
            let text = String(decoding: try JSONSerialization.data(withJSONObject: ours, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
            XCTFail("the protobuf reader's view differs from Python protobuf's:\n\(text)")
        }
    }

    /// A `KeyValue`'s bytes.
    static func kv(_ key: String, _ value: [UInt8]) -> [UInt8] {
        BinaryHostileInputTests.field(1, Array(key.utf8)) + BinaryHostileInputTests.field(2, value)
    }

    /// One `ExportLogsServiceRequest` holding the `LogRecord` bytes `record`, decoded into a fresh batch.
    static func decodeLogRecord(_ record: [UInt8]) -> TelemetryBatch {
        typealias H = BinaryHostileInputTests
        let message = H.field(1, H.field(2, H.field(2, record)))
        let batch = TelemetryBatch()
        message.withUnsafeBytes { raw in
            batch.reset(unit: raw, number: 1, style: .binary)
            OTLPProtobufDecoder(batch: batch).decode(into: batch)
        }
        return batch
    }

    /// Numbers and booleans keep their OTLP/JSON text (findings quote it), absent values make no occurrence.
    func testScalarValuesKeepTheirText() {
        typealias H = BinaryHostileInputTests
        let kv = Self.kv
        let int = [0x18] + H.varint(UInt64(bitPattern: -42)), double = [0x21] + withUnsafeBytes(of: 2.5, Array.init)
        // One record: int, double and bool attributes, an empty AnyValue (absent), a KeyValue without value (absent).
        let record = [0x09] + [UInt8](repeating: 1, count: 8) + H.field(6, kv("a", int)) + H.field(6, kv("b", double))
            + H.field(6, kv("c", [0x10, 0x01])) + H.field(6, kv("d", [])) + H.field(6, H.field(1, Array("e".utf8)))
        let batch = Self.decodeLogRecord(record)
        XCTAssertEqual(batch.records.count, 1)
        XCTAssertEqual((0..<batch.attributes.count).map { batch.keyString(of: batch.attributes[$0]) }, ["a", "b", "c"])
        XCTAssertEqual((0..<batch.attributes.count).map { batch.string(ofSlot: batch.attributes[$0].value) },
                       ["-42", "2.5", "true"])
        XCTAssertEqual(batch.int64(ofSlot: batch.attributes[0].value), -42)
    }

    /// A log record's fields in any order: attributes between other fields are all read, in order; the
    /// `event_name` field, wherever it sits (here after the attributes), keeps an `event.name` attribute an
    /// attribute; without it that attribute names the event. A double whose text is longer than a small string
    /// keeps all its digits.
    func testLogRecordFieldsInAnyOrder() {
        typealias H = BinaryHostileInputTests
        let kv = Self.kv
        func string(_ s: String) -> [UInt8] { H.field(1, Array(s.utf8)) }
        let double = [0x21] + withUnsafeBytes(of: 0.1 + 0.2, Array.init)
        let body = H.field(5, string("hello")), severity = H.field(3, Array("INFO".utf8))
        let middle = H.field(6, kv("a", string("1"))) + body + H.field(6, kv("event.name", string("app.x")))
            + severity + H.field(6, kv("b", double)) + H.field(9, [UInt8](repeating: 7, count: 16))
        for withField in [false, true] {
            let record = [0x09] + [UInt8](repeating: 1, count: 8) + middle
                + (withField ? H.field(12, Array("app.y".utf8)) : [])
            let batch = Self.decodeLogRecord(record)
            XCTAssertEqual(batch.records.count, 1)
            let keys = (0..<batch.attributes.count).map { batch.keyString(of: batch.attributes[$0]) }
            XCTAssertEqual(keys, withField ? ["a", "event.name", "b"] : ["a", "b"])
            XCTAssertEqual(batch.string(ofSlot: batch.records[0].eventName), withField ? "app.y" : "app.x")
            XCTAssertEqual(batch.string(ofSlot: batch.attributes[batch.attributes.count - 1].value), "0.30000000000000004")
            XCTAssertEqual(batch.string(ofSlot: batch.records[0].body), "hello")
            XCTAssertTrue(batch.records[0].traceID.isPresent)
        }
    }

    /// Nested values (a kvlist attribute, a body map holding a list of maps) are named by the same path in
    /// OTLP/JSON and in protobuf: a KeyValue's AnyValue is its `value` member, an array element is the AnyValue.
    func testNestedValuesHaveTheSamePathInBothForms() throws {
        typealias H = BinaryHostileInputTests
        typealias T = TelemetryTestSupport
        func s(_ text: String) -> [UInt8] { H.field(1, Array(text.utf8)) }
        let kv = Self.kv
        func kvlist(_ entries: [[UInt8]]) -> [UInt8] { H.field(6, entries.flatMap { H.field(1, $0) }) }
        func array(_ values: [[UInt8]]) -> [UInt8] { H.field(5, values.flatMap { H.field(1, $0) }) }
        let email = kv("user.email", s("c@example.com"))
        let body = kvlist([kv("user.email", s("a@example.com")), kv("list", array([kvlist([email])]))])
        let record = [0x09] + withUnsafeBytes(of: UInt64(1_772_359_200_000_000_000).littleEndian, Array.init)
            + H.field(5, body) + H.field(6, kv("m", kvlist([email])))
        let proto = H.field(1, H.field(2, H.field(2, record)))
        let json = #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1772359200000000000","body":{"kvlistValue":{"values":[{"key":"user.email","value":{"stringValue":"a@example.com"}},{"key":"list","value":{"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"user.email","value":{"stringValue":"c@example.com"}}]}}]}}}]}},"attributes":[{"key":"m","value":{"kvlistValue":{"values":[{"key":"user.email","value":{"stringValue":"c@example.com"}}]}}}]}]}]}]}"#
        func paths(_ bytes: [UInt8], _ name: String) -> [String] {
            let path = T.temp(name, Data(bytes))
            return Linter.run(paths: [path], options: T.options()).diagnostics
                .filter { $0.rule == "forbidden-attribute" }.compactMap(\.path).sorted()
        }
        let fromJSON = paths(Array(json.utf8) + [0x0A], "nested.ndjson")
        let fromProto = paths(Array(withUnsafeBytes(of: UInt32(proto.count).bigEndian, Array.init)) + proto, "nested.bin")
        let log = "resourceLogs[0].scopeLogs[0].logRecords[0]"
        XCTAssertEqual(fromJSON, [
            log + #".attributes["m"].value.kvlistValue.values["user.email"]"#,
            log + #".body.kvlistValue.values["list"].value.arrayValue.values[0].kvlistValue.values["user.email"]"#,
            log + #".body.kvlistValue.values["user.email"]"#,
        ])
        XCTAssertEqual(fromProto, fromJSON)
    }

    /// A batch's records as `make_fixtures.py` writes the Python view.
    static func view(_ batch: TelemetryBatch) -> [[String: Any]] {
        func value(_ s: Int32) -> [String: Any] {
            let slot = batch.slots[s]
            switch slot.kind {
            case .string: return ["string": batch.string(ofSlot: s)]
            case .int: return ["int": String(slot.scalar)]
            case .double: return ["double": "\(slot.double)"]
            case .bool: return ["bool": slot.scalar != 0]
            case .bytes: return ["bytes": hex(batch.rawBytes(ofSlot: s))]
            case .array:
                var items: [Any] = []
                batch.forEachChild(ofSlot: s) { items.append(value($0)) }
                return ["array": items]
            case .map:
                var entries: [Any] = []
                batch.forEachChild(ofSlot: s) { entries.append([batch.keyString(ofSlot: $0) ?? "", value($0)]) }
                return ["map": entries]
            }
        }
        func attributes(_ span: AttributeSpan) -> [Any] {
            span.range.map { i in [batch.keyString(of: batch.attributes[i]), value(batch.attributes[i].value)] }
        }
        func hex(_ bytes: UnsafeRawBufferPointer) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        let names: [RecordSignal: String] = [.logRecord: "logRecord", .span: "span", .spanEvent: "spanEvent",
                                             .metricDataPoint: "metricDataPoint"]
        return (0..<batch.records.count).map { i in
            let r = batch.records[i]
            var v: [String: Any] = ["signal": names[r.signal] ?? "?", "resource": attributes(r.resource),
                                    "scope": attributes(r.scope), "attributes": attributes(r.attributes),
                                    "time": String(r.time), "observedTime": String(r.observedTime),
                                    "endTime": String(r.endTime)]
            if r.signal == .spanEvent { v["parent"] = attributes(r.parent) }
            if r.eventName >= 0 { v["eventName"] = batch.string(ofSlot: r.eventName) }
            if r.body >= 0 { v["body"] = value(r.body) }
            if r.traceID.isPresent { v["traceId"] = hex(batch.bytes(r.traceID)) }
            if r.spanID.isPresent { v["spanId"] = hex(batch.bytes(r.spanID)) }
            return v
        }
    }
}
