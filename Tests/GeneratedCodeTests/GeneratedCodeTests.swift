import XCTest

/// Uses the code generated from the bundled registry (Generated/, also the golden files of SemConvGenTests).
final class GeneratedCodeTests: XCTestCase {
    func testAttributeKeysAreGroupedByNamespace() {
        XCTAssertEqual(SemConv.session.id, "session.id")
        XCTAssertEqual(SemConv.session.previousId, "session.previous_id")
        XCTAssertEqual(SemConv.device.id, "device.id")
        XCTAssertEqual(SemConv.network.connection.type, "network.connection.type")
        XCTAssertEqual(SemConv.user.hash, "user.hash")
    }

    func testOpenEnumKeepsACustomValue() {
        XCTAssertEqual(SemConv.network.connection.TypeValues.wifi.rawValue, "wifi")
        XCTAssertEqual(SemConv.network.connection.TypeValues.custom("satellite").rawValue, "satellite")
    }

    func testSessionStartBuilderRecordsRequiredAndSetOptionalAttributes() {
        let first = SemConv.Events.SessionStart(sessionId: "s-1")
        XCTAssertEqual(SemConv.Events.SessionStart.name, "session.start")
        XCTAssertEqual(first.attributes, [SemConv.Attribute(key: "session.id", value: .string("s-1"))])
        let next = SemConv.Events.SessionStart(sessionId: "s-2", sessionPreviousId: "s-1")
        XCTAssertEqual(next.attributes.map(\.key), ["session.id", "session.previous_id"])
        XCTAssertEqual(next.attributes.last?.value, .string("s-1"))
    }

    func testSessionEndBuilderTypesItsAttributes() {
        let end = SemConv.Events.SessionEnd(sessionId: "s-1", sessionForegroundDuration: 12.5, sessionCrashCount: 1)
        XCTAssertEqual(end.attributes, [
            SemConv.Attribute(key: "session.id", value: .string("s-1")),
            SemConv.Attribute(key: "session.foreground_duration", value: .double(12.5)),
            SemConv.Attribute(key: "session.crash_count", value: .int(1)),
        ])
    }
}
