import XCTest

@testable import SemConvLive
import SemConvModel

final class LiveArgumentTests: XCTestCase {
    func testListenAddresses() throws {
        XCTAssertEqual(try ListenAddress.parse("127.0.0.1:4318"), ListenAddress(host: "127.0.0.1", port: 4318))
        XCTAssertEqual(try ListenAddress.parse("localhost:0"), ListenAddress(host: "127.0.0.1", port: 0))
        XCTAssertEqual(try ListenAddress.parse(":4317"), ListenAddress(host: "127.0.0.1", port: 4317))
        XCTAssertEqual(try ListenAddress.parse("0.0.0.0:12347")?.description, "0.0.0.0:12347")
        XCTAssertEqual(try ListenAddress.parse("[::1]:4318")?.description, "[::1]:4318")
        XCTAssertNil(try ListenAddress.parse("off"))
        XCTAssertNil(try ListenAddress.parse("OFF"))
        for bad in ["4318", "127.0.0.1", "127.0.0.1:99999", "example.com:4318", "::1:4318", "[::1]4318", "1.2.3:80"] {
            XCTAssertThrowsError(try ListenAddress.parse(bad), bad)
        }
    }

    func testStatusMessages() {
        let busy = LiveStatus.rejected(.queueFull, retryAfter: 5)
        XCTAssertEqual(busy.http, 429)
        XCTAssertEqual(busy.grpc, .resourceExhausted)
        // google.rpc.Status{code: 8, message, details: [Any{type_url, RetryInfo{retry_delay{seconds: 5}}}]}
        let bytes = StatusMessage.protobuf(busy)
        XCTAssertEqual(Array(bytes.prefix(2)), [0x08, 0x08])
        XCTAssertEqual(Array(bytes.suffix(4)), [0x0A, 0x02, 0x08, 0x05])
        XCTAssertEqual(String(decoding: StatusMessage.json(LiveStatus.tooLarge(10)), as: UTF8.self),
                       "{\"code\":8,\"message\":\"the request body is larger than 10 bytes (after decompression); send smaller batches\"}")
        XCTAssertEqual(LiveStatus.rejected(.stopping, retryAfter: 1).http, 503)
    }
}
