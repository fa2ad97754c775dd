import Foundation
@testable import SemConvModel
import XCTest

final class SHA256Tests: XCTestCase {
    func testFIPSVectors() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testIncrementalUpdatesEqualOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for split in [0, 1, 55, 56, 63, 64, 65, 500, 1000] {
            var h = SHA256()
            h.update(Array(bytes[..<split]))
            h.update(Array(bytes[split...]))
            XCTAssertEqual(h.finalizeHex(), SHA256.hex(bytes), "split at \(split)")
        }
    }

    func testAgreesWithSystemSha256sum() throws {
        guard let tool = ExternalTool.find("sha256sum") else { throw XCTSkip("sha256sum not found on PATH (coreutils)") }
        let dir = try TempDirectory()
        let data = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) })
        let path = try dir.write("blob", data)
        let expected = String(try ExternalTool.run(tool, [path]).stdout.prefix(64))
        XCTAssertEqual(SHA256.hex(data), expected)
    }
}
