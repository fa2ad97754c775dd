@testable import SemConvLint
import SemConvModel
import XCTest

/// `parseRFC3339`, the one reader of RFC 3339 text times (flat events, Faro): a time that names no instant (a day
/// beyond its month, hour 24, minute 60, an offset beyond ±23:59, trailing bytes) is no time, so the record's
/// timestamp is invalid (`timestamp-missing`) rather than read as another instant; a fraction of any length is a
/// time (digits beyond nanoseconds dropped).
final class TimestampParsingTests: XCTestCase {
    typealias T = TelemetryTestSupport

    static func parsed(_ text: String) -> (whole: Int64, nanos: Int64)? {
        Array(text.utf8).withUnsafeBytes { parseRFC3339($0) }
    }

    static let t0: Int64 = 1_772_359_200 // 2026-03-01T10:00:00Z

    func assertTime(_ text: String, _ whole: Int64, _ nanos: Int64 = 0, file: StaticString = #filePath, line: UInt = #line) {
        let p = Self.parsed(text)
        XCTAssertEqual(p?.whole, whole, text, file: file, line: line)
        XCTAssertEqual(p?.nanos, nanos, text, file: file, line: line)
    }

    func testValidTimes() {
        assertTime("2026-03-01T10:00:00Z", Self.t0)
        assertTime("2026-03-01t10:00:00z", Self.t0)
        assertTime("2026-03-01 10:00:00Z", Self.t0)
        assertTime("2026-03-01T10:00:00", Self.t0, 0)
        assertTime("2026-03-01T10:00:00.5", Self.t0, 500_000_000)
        assertTime("2026-03-01T12:30:00+02:30", Self.t0)
        assertTime("2026-03-01T00:01:00+23:59", Self.t0 - 10 * 3600 - 23 * 3600 - 58 * 60)
        assertTime("2026-02-28T10:01:00-23:59", Self.t0)
        assertTime("2026-03-01T23:59:59Z", Self.t0 + 13 * 3600 + 59 * 60 + 59)
        assertTime("2026-12-31T10:00:00Z", Self.t0 + 305 * 86400)
        assertTime("2024-02-29T10:00:00Z", Self.t0 - 731 * 86400, 0)
        assertTime("2000-02-29T00:00:00Z", 951_782_400)
        assertTime("2026-04-30T10:00:00Z", Self.t0 + 60 * 86400)
    }

    func testFractionsOfAnyLength() {
        assertTime("2026-03-01T10:00:00.5Z", Self.t0, 500_000_000)
        assertTime("2026-03-01T10:00:00.250+00:00", Self.t0, 250_000_000)
        assertTime("2026-03-01T10:00:00.123456789Z", Self.t0, 123_456_789)
        assertTime("2026-03-01T10:00:00.1234567891Z", Self.t0, 123_456_789)
        assertTime("2026-03-01T10:00:00.1234567890123Z", Self.t0, 123_456_789)
        assertTime("2026-03-01T10:00:00.999999999999999999999999999999Z", Self.t0, 999_999_999)
        XCTAssertNil(Self.parsed("2026-03-01T10:00:00.Z"), "a fraction has at least one digit")
        XCTAssertNil(Self.parsed("2026-03-01T10:00:00."))
    }

    func testInvalidDatesAndTimes() {
        for text in ["2026-02-30T10:00:00Z", "2026-02-29T10:00:00Z", "2100-02-29T10:00:00Z", "2026-04-31T10:00:00Z",
                     "2026-06-31T10:00:00Z", "2026-09-31T10:00:00Z", "2026-11-31T10:00:00Z", "2026-01-32T10:00:00Z",
                     "2026-03-00T10:00:00Z", "2026-00-10T10:00:00Z", "2026-13-01T10:00:00Z", "2026-13-45T25:61:00Z",
                     "2026-03-01T24:00:00Z", "2026-03-01T23:60:00Z", "2026-03-01T23:59:60Z", "2026-03-01T99:00:00Z",
                     "2026-03-01T10:00:00+99:99", "2026-03-01T10:00:00+24:00", "2026-03-01T10:00:00-23:60",
                     "2026-03-01T10:00:00+05x30", "2026-03-01T10:00:00+0530", "2026-03-01T10:00:00+05:3",
                     "2026-03-01T10:00:00Zjunk", "2026-03-01T10:00:00+02:00Z", "2026-03-01T10:00:00 ",
                     "2026-03-01X10:00:00Z", "2026-3-01T10:00:00Z", "soon"] {
            XCTAssertNil(Self.parsed(text), text)
        }
    }

    /// One parser reading a stream of times (it remembers the last date, hour and minute) answers each exactly as a
    /// fresh parser does: times sharing those 16 bytes with different seconds, fractions, offsets and tails, an
    /// invalid second or tail after a remembered minute, an invalid date between two valid ones.
    func testRememberedMinuteGivesTheSameAnswers() {
        let stream = ["2026-03-01T10:00:00Z", "2026-03-01T10:00:59.5Z", "2026-03-01T10:00:60Z", "2026-03-01T10:00:07+02:00",
                      "2026-03-01T10:00:07-23:59", "2026-03-01T10:00:07+24:00", "2026-03-01T10:00:7Z", "2026-03-01T10:00x07Z",
                      "2026-03-01T10:00:07Zjunk", "2026-03-01T10:00:07", "2026-02-30T10:00:00Z", "2026-02-30T10:00:01Z",
                      "2026-03-01T10:00:08.", "2026-03-01T10:01:00Z", "2026-03-01t10:01:00Z", "2026-03-01 10:01:00Z",
                      "2024-02-29T23:59:59Z", "2024-02-29T23:59:58.123456789Z", "2026-03-01T10:00:00Z"]
        var parser = RFC3339Parser()
        for text in stream + stream.reversed() {
            let remembered = Array(text.utf8).withUnsafeBytes { parser.parse($0) }
            let fresh = Self.parsed(text)
            XCTAssertEqual(remembered?.whole, fresh?.whole, text)
            XCTAssertEqual(remembered?.nanos, fresh?.nanos, text)
        }
        XCTAssertEqual(Array("2026-03-01T10:00:07+02:00".utf8).withUnsafeBytes { parser.parse($0) }?.whole,
                       Self.t0 + 7 - 7200)
        XCTAssertNil(Array("2026-02-30T10:00:01Z".utf8).withUnsafeBytes { parser.parse($0) })
    }

    /// The new user's file: invalid dates, times and offsets are invalid timestamps (line 5 was the only one), not
    /// other instants; the 100-hour offset no longer makes a session too long; a long fraction is a time.
    func testInvalidTimesAreInvalidTimestampsWhenLinted() {
        func line(_ session: String, _ event: String, _ time: String) -> String {
            #"{"event":"\#(event)","timestamp":"\#(time)","session_id":"\#(session)","device_id":"d\#(session)","version":"1","os_name":"iOS"}"#
        }
        let lines = [line("a", "session_start", "2026-02-30T10:00:00Z"), line("a", "session_end", "2026-02-30T10:05:00Z"),
                     line("b", "session_start", "2026-03-01T10:00:00+99:99"), line("b", "session_end", "2026-03-01T10:05:00+99:99"),
                     line("c", "session_start", "2026-13-45T25:61:00Z"), line("e", "session_start", "2026-03-01T10:00:00.1234567891Z"),
                     line("f", "session_start", "2026-03-01T24:00:00Z"), line("g", "session_start", "2026-03-01T10:00:00.1234567890123Z"),
                     line("g", "app_tap", "2026-03-01T10:01:00.5Z")]
        let report = T.lint(lines)
        XCTAssertEqual(report.diagnostics.map { "\($0.location.line) \($0.rule): \($0.message)" },
                       (1...5).map { "\($0) timestamp-missing: event 'session.\($0 % 2 == 1 ? "start" : "end")' has an invalid timestamp" }
                       + ["7 timestamp-missing: event 'session.start' has an invalid timestamp"])
    }

    /// An OTLP time beyond what a signed 64-bit count of nanoseconds holds is a valid `fixed64` (after the year
    /// 2262), not a malformed one: `timestamp-missing` says how far off it is, in OTLP/JSON and protobuf alike,
    /// while `"-5"` stays an invalid timestamp and a valid observed time stands in for either.
    func testTimesBeyondInt64AreNamedAsSuch() {
        typealias H = BinaryHostileInputTests
        let session = OTLP.session("s1", event: "session.start")
        func json(_ time: String, observed: String? = nil) -> String {
            session.replacingOccurrences(of: "\"timeUnixNano\":\"1772359200000000000\"",
                                         with: "\"timeUnixNano\":\"\(time)\"" + (observed.map { ",\"observedTimeUnixNano\":\"\($0)\"" } ?? ""))
        }
        let beyond = "event 'session.start' has a timestamp after the year 2262 (more than 2^63 - 1 nanoseconds since the epoch)"
        let lines = [json("18446744073709551615"), json("9223372036854775808"), json("-5"),
                     json("18446744073709551615", observed: "1772359200000000000"), json("9223372036854775807")]
        let times = T.lint(lines).diagnostics.filter { $0.rule == "timestamp-missing" }
        XCTAssertEqual(times.map { "\($0.location.line) \($0.message)" },
                       ["1 " + beyond, "2 " + beyond, "3 event 'session.start' has an invalid timestamp"])
        XCTAssertEqual(times.first?.fix?.hasPrefix("check the clock"), true)
        // The same record in protobuf: time_unix_nano (field 1, fixed64) 2^64 - 1.
        let kv = BinaryInputTests.kv
        let record = [0x09] + [UInt8](repeating: 0xFF, count: 8) + H.field(12, Array("session.start".utf8))
            + H.field(6, kv("session.id", H.field(1, Array("s1".utf8))))
        let batch = BinaryInputTests.decodeLogRecord(record)
        XCTAssertEqual(batch.records.count, 1)
        XCTAssertEqual(batch.records[0].time, 0)
        XCTAssertTrue(batch.records[0].flags.isSuperset(of: RecordFlags.timeFlags))
        let observed = BinaryInputTests.decodeLogRecord(record + [0x59] + withUnsafeBytes(of: UInt64(1_772_359_200_000_000_000).littleEndian, Array.init))
        XCTAssertEqual(observed.records.count, 1)
        XCTAssertEqual(observed.records[0].time, 1_772_359_200_000_000_000)
        XCTAssertTrue(observed.records[0].flags.isDisjoint(with: RecordFlags.timeFlags))
    }
}
