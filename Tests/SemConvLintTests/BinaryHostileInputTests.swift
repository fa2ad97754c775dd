import Foundation
@testable import SemConvLint
import XCTest

/// Hostile binary input for the protobuf reader and decoder: every failure is a problem with a byte offset, never a
/// crash, a hang or unbounded memory.
final class BinaryHostileInputTests: XCTestCase {
    /// Decodes `bytes` as `signal`; returns the batch's record count and problems.
    static func decode(_ bytes: [UInt8], _ signal: OTLPSignal = .logs,
                       maxDepth: Int = 128) -> (records: Int, problems: [UnitProblem]) {
        let batch = TelemetryBatch()
        let decoder = OTLPProtobufDecoder(batch: batch, signal: signal, maxDepth: maxDepth)
        return bytes.withUnsafeBytes { raw in
            batch.reset(unit: raw, number: 3, style: .binary)
            decoder.decode(into: batch)
            return (batch.records.count, batch.problems)
        }
    }

    // Minimal protobuf writing for hand-made messages.
    static func varint(_ v: UInt64) -> [UInt8] {
        var v = v, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        return out + [UInt8(v)]
    }

    static func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(payload.count)) + payload
    }

    /// `ExportLogsServiceRequest` with one log record holding `attribute` (a `KeyValue`'s bytes).
    static func logs(attribute: [UInt8]) -> [UInt8] {
        field(1, field(2, field(2, [0x09] + [UInt8](repeating: 1, count: 8) + field(6, attribute))))
    }

    func testAbsurdNestingIsOneProblem() {
        // An AnyValue holding an array holding an array ... 100,000 deep: built inside out, prefixes only.
        let leaf = Self.field(1, Array("leaf".utf8))
        var prefixes: [[UInt8]] = []
        var size = leaf.count
        for _ in 0..<100_000 {
            let inner = [0x0A] + Self.varint(UInt64(size))
            let outer = [0x2A] + Self.varint(UInt64(inner.count + size))
            prefixes.append(outer + inner)
            size += outer.count + inner.count
        }
        let value = Array(prefixes.reversed().joined()) + leaf
        let result = Self.decode(Self.logs(attribute: Self.field(1, Array("deep".utf8)) + Self.field(2, value)))
        XCTAssertEqual(result.records, 0)
        XCTAssertEqual(result.problems.map(\.rule), [.nestingTooDeep])
        XCTAssertTrue(result.problems.first?.message.contains("deeper than 128 levels") == true)
        XCTAssertGreaterThan(result.problems.first?.offset ?? 0, 40, "the offset of the AnyValue 128 levels down")
    }

    func testAbsurdLengthsAndVarintsAreProblemsWithOffsets() {
        let cases: [([UInt8], String, Int)] = [
            // A length of 2^62 for the first resource block.
            ([0x0A] + Self.varint(1 << 62), "length 4611686018427387904 runs past the end of its message (0 bytes left)", 1),
            // A varint of 11 bytes; a 10-byte varint whose last byte overflows 64 bits.
            ([0x08] + [UInt8](repeating: 0x80, count: 10) + [0x01], "varint is longer than 10 bytes or overflows 64 bits", 1),
            ([0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x02], "varint is longer than 10 bytes or overflows 64 bits", 1),
            // Field number 0, wire type 7, a group never closed, an end of group without a start.
            ([0x00], "field number 0 is not valid", 0),
            ([0x0F], "wire type 7 of field 1 is not valid", 0),
            ([0x0A, 0x00, 0x0B, 0x08, 0x01], "group of field 1 is not closed", 3),
            ([0x0C], "end of group 1 without a start", 1),
            // A fixed64 cut short.
            ([0x09, 0x01, 0x02], "fixed64 runs past the end of its message", 1),
        ]
        for (bytes, message, offset) in cases {
            let result = Self.decode(bytes)
            XCTAssertEqual(result.records, 0)
            XCTAssertEqual(result.problems.map(\.rule), [.invalidFrame], message)
            XCTAssertTrue(result.problems.first?.message.contains(message) == true,
                          "\(result.problems.first?.message ?? "none") lacks \(message)")
            XCTAssertEqual(result.problems.first?.offset, offset, message)
        }
    }

    func testGroupsAreSkippedButTheirNestingIsBounded() {
        // An unknown group field inside a log record is skipped like any unknown field.
        let record = [0x09] + [UInt8](repeating: 1, count: 8) + [0xA3, 0x01, 0x08, 0x05, 0xA4, 0x01]
        XCTAssertEqual(Self.decode(Self.field(1, Self.field(2, Self.field(2, record)))).records, 1)
        // Groups nested 10,000 deep stop at the bound.
        let deep = [UInt8](repeating: 0x0B, count: 10_000) + [UInt8](repeating: 0x0C, count: 10_000)
        let result = Self.decode(deep)
        XCTAssertEqual(result.problems.map(\.rule), [.invalidFrame])
        XCTAssertTrue(result.problems.first?.message.contains("groups nest more than 64 deep") == true)
    }

    /// Every prefix of a real SDK message, and the message with each byte flipped: the decoder returns (records or
    /// one problem), it never crashes or loops.
    func testEveryTruncationAndByteFlipOfARealMessageIsHandled() throws {
        let message = try XCTUnwrap(BinaryInputTests.frames(BinaryInputTests.fixture("sdk-proto.bin")).messages.first)
        XCTAssertEqual(Self.decode(message).records, 6)
        var problems = 0
        for cut in 0..<message.count {
            let result = Self.decode(Array(message[..<cut]))
            XCTAssertLessThanOrEqual(result.problems.count, 1)
            problems += result.problems.count
        }
        XCTAssertGreaterThan(problems, message.count / 2, "most truncations are malformed protobuf")
        for i in message.indices {
            var flipped = message
            flipped[i] ^= 0xFF
            for signal in OTLPSignal.allCases { XCTAssertLessThanOrEqual(Self.decode(flipped, signal).problems.count, 1) }
        }
    }

    /// Random bytes, deterministic: no crash, at most one problem each, and the detector agrees to stay quiet or
    /// name a signal.
    func testRandomBytesNeverCrash() {
        var rng = SplitMix(seed: 42)
        for n in 0..<3000 {
            let bytes = (0..<(n % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = bytes.withUnsafeBytes { OTLPProtobufSignal.detect($0) }
            XCTAssertLessThanOrEqual(Self.decode(bytes, OTLPSignal.allCases[n % 3]).problems.count, 1)
        }
    }

    func testSignalDetectionNeedsNoHint() throws {
        let messages = BinaryInputTests.frames(try BinaryInputTests.fixture("sdk-proto.bin")).messages
        let signals = messages.map { m in m.withUnsafeBytes { MessageUnit.content(of: $0) } }
        XCTAssertEqual(signals, [.protobuf(.logs), .protobuf(.logs), .protobuf(.metrics), .protobuf(.logs),
                                 .protobuf(.traces), .protobuf(.logs), .protobuf(.logs)])
        // A profiles request (field 1 resource_profiles whose records are Profile messages: field 1 is a repeated
        // ValueType message, field 3 a varint...) fits no signal once its fields contradict all three.
        let profile = Self.field(1, Self.field(2, Self.field(2, [0x18, 0x05, 0x21] + [UInt8](repeating: 0, count: 8)
                                                                   + [0x2A, 0x00, 0x35, 0, 0, 0, 0])))
        XCTAssertEqual(profile.withUnsafeBytes { MessageUnit.content(of: $0) }, .unknown)
        XCTAssertEqual(Array("  {\"resourceLogs\":[]}".utf8).withUnsafeBytes { MessageUnit.content(of: $0) }, .json)
    }

    func testACompressedMessageBombIsOneProblem() throws {
        let bomb = try BinaryInputTests.fixture("bomb.zst")
        guard case let .problem(problem) = bomb.withUnsafeBytes({ MessageUnit.format(of: $0, limit: 1 << 20) }) else {
            return XCTFail("a 64 MiB frame passed a 1 MiB limit")
        }
        // The same rule as a message longer than the limit before decompression, at the message's start.
        XCTAssertEqual(problem.rule, .lineTooLong)
        XCTAssertEqual(problem.offset, 0)
        XCTAssertTrue(problem.message.contains("decompresses to more than the maximum of 1048576 bytes; skipped"), problem.message)
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
