import SemConvModel
import XCTest

final class BundledModelTests: XCTestCase {
    func testBundledModelHasNoFindings() {
        let result = RegistryLoader.load(roots: [TestPaths.bundledModel])
        XCTAssertEqual(result.diagnostics.map { "\($0.location): \($0.message)" }, [])
    }

    func testSessionPolicyComesFromAnnotations() throws {
        let registry = RegistryLoader.load(roots: [TestPaths.bundledModel]).registry
        let session = try XCTUnwrap(registry.policy.session)
        XCTAssertEqual(session.inactivityTimeout, 1800)
        XCTAssertEqual(session.maxDuration, 4 * 3600)
        XCTAssertEqual(session.clockSkewTolerance, 5)
        XCTAssertEqual(session.idAttribute, "session.id")
        XCTAssertEqual(session.previousIdAttribute, "session.previous_id")
        XCTAssertEqual(session.startEvent, "session.start")
        XCTAssertEqual(session.endEvent, "session.end")
        XCTAssertEqual(session.contextAttributes, ["session.id", "device.id", "service.version", "os.name"])
        XCTAssertEqual(session.deviceAttributes, ["device.id"])
        XCTAssertEqual(registry.policy.ownedNamespaces, ["session"])
        XCTAssertTrue(registry.policy.isOwned("session.idd"))
        XCTAssertFalse(registry.policy.isOwned("sessions.id"))
    }

    /// A negative or NaN duration in the session policy is an error at its position, not a policy the session pass
    /// computes with; a huge one is a duration (never reached).
    func testSessionPolicyDurationsMustBeDurations() throws {
        let source = try String(contentsOfFile: TestPaths.bundledModel + "/session/registry.yaml", encoding: .utf8)
        XCTAssertTrue(source.contains("max_duration: 4h"))
        for (value, valid) in [("-5", false), (".nan", false), ("-1e30", false), ("1e30", true), (".inf", true)] {
            let dir = try TempDirectory()
            try dir.write("session/registry.yaml", source.replacingOccurrences(of: "max_duration: 4h", with: "max_duration: \(value)"))
            let result = RegistryLoader.load(roots: [dir.path])
            let messages = result.diagnostics.map(\.message)
            XCTAssertEqual(messages, valid ? [] : ["session policy 'max_duration' must be a duration such as 30m, 4h or 90s"], value)
            XCTAssertEqual(result.registry.policy.session?.maxDuration, valid ? Double(value.replacingOccurrences(of: ".inf", with: "inf")) : 4 * 3600, value)
        }
    }

    func testPrivacyCardinalityAndAliases() {
        let policy = RegistryLoader.load(roots: [TestPaths.bundledModel]).registry.policy
        for key in ["user.email", "user.full_name", "user.name", "user.id", "user.phone_number", "user.auth_token", "url.query"] {
            XCTAssertEqual(policy.privacy[key]?.forbidden, true, key)
        }
        XCTAssertEqual(policy.privacy["user.auth_token"]?.classification, "credential")
        XCTAssertEqual(policy.privacy["user.email"]?.replacement, "user.hash")
        XCTAssertEqual(policy.privacy["url.full"]?.forbidden, false)
        XCTAssertEqual(policy.cardinality["session.id"], .unbounded)
        XCTAssertEqual(policy.cardinality["user.id"], .unbounded)
        XCTAssertEqual(policy.cardinality["os.name"], .bounded)
        XCTAssertEqual(policy.canonicalAttribute("session_id"), "session.id")
        XCTAssertEqual(policy.canonicalAttribute("previous_session_id"), "session.previous_id")
        XCTAssertEqual(policy.canonicalAttribute("device_id"), "device.id")
        XCTAssertEqual(policy.canonicalAttribute("app_version"), "service.version")
        XCTAssertEqual(policy.canonicalAttribute("os_version"), "os.version")
        XCTAssertEqual(policy.canonicalAttribute("platform"), "os.name")
        XCTAssertEqual(policy.canonicalAttribute("network_type"), "network.connection.type")
        XCTAssertEqual(policy.canonicalEvent("session_start"), "session.start")
        XCTAssertEqual(policy.canonicalEvent("session_end"), "session.end")
        XCTAssertEqual(policy.canonicalAttribute("unmapped_key"), "unmapped_key")
    }

    func testSessionEventsMatchTheSpecification() throws {
        let registry = RegistryLoader.load(roots: [TestPaths.bundledModel]).registry
        let start = try XCTUnwrap(registry.eventsByName["session.start"])
        XCTAssertEqual(start.attributes.map(\.key), ["session.id", "session.previous_id"])
        XCTAssertEqual(start.attribute("session.id")?.requirementLevel, .required)
        guard case .conditionallyRequired(let condition)? = start.attribute("session.previous_id")?.requirementLevel else {
            return XCTFail("session.previous_id must be conditionally required")
        }
        XCTAssertTrue(condition.contains("If a previous session existed"))
        XCTAssertTrue(condition.contains("MUST differ"))
        let end = try XCTUnwrap(registry.eventsByName["session.end"])
        XCTAssertEqual(end.attribute("session.id")?.requirementLevel, .required)
    }

    func testBundledModelOverlaysUpstream() throws {
        let upstream = try TestPaths.requireUpstream()
        let result = RegistryLoader.load(roots: [upstream, TestPaths.bundledModel])
        XCTAssertFalse(result.hasErrors, "\(result.diagnostics.filter { $0.severity == .error }.map(\.message))")
        // Upstream definition count plus our new keys; our annotations win on shared keys.
        XCTAssertEqual(result.registry.policy.privacy["user.email"]?.forbidden, true)
        XCTAssertNotNil(result.registry.attributes["session.crash_count"])
        XCTAssertNotNil(result.registry.attributes["http.request.method"])
        XCTAssertEqual(result.registry.eventsByName["session.start"]?.location.file.hasSuffix("model/session/events.yaml"), true)
    }
}
