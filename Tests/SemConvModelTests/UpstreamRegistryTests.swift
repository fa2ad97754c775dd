import Foundation
import SemConvModel
import XCTest

final class UpstreamRegistryTests: XCTestCase {
    /// Counts attribute definitions straight from the text (entries `      - id:` under groups), independently of
    /// the loader.
    func independentAttributeIDs(in root: String) throws -> Set<String> {
        var ids = Set<String>()
        let enumerator = FileManager.default.enumerator(atPath: root)!
        while let name = enumerator.nextObject() as? String {
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            let text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("      - id: ") {
                ids.insert(line.dropFirst("      - id: ".count).trimmingCharacters(in: .whitespaces))
            }
        }
        return ids
    }

    func testUpstreamV1_40LoadsWithoutErrors() throws {
        let root = try TestPaths.requireUpstream()
        let result = RegistryLoader.load(roots: [root])
        let errors = result.diagnostics.filter { $0.severity == .error }
        XCTAssertEqual(errors.map { "\($0.location): \($0.message)" }, [])
        XCTAssertFalse(result.inputUnusable)
        XCTAssertEqual(result.registry.fileCount, 242)
    }

    func testResolvedUpstreamContainsEveryDefinedAttribute() throws {
        let root = try TestPaths.requireUpstream()
        let expected = try independentAttributeIDs(in: root)
        XCTAssertEqual(expected.count, 904)
        let registry = RegistryLoader.load(roots: [root], checks: false).registry
        XCTAssertEqual(Set(registry.attributes.keys), expected)
        let json = ResolvedJSON.document(for: registry)
        XCTAssertEqual(json["attributes"]?.arrayValue?.count, 904)
    }

    func testUpstreamResolutionFollowsRefsAndExtends() throws {
        let registry = RegistryLoader.load(roots: [try TestPaths.requireUpstream()], checks: false).registry
        let start = try XCTUnwrap(registry.eventsByName["session.start"])
        XCTAssertEqual(start.attribute("session.id")?.requirementLevel, .required)
        XCTAssertEqual(start.attribute("session.id")?.attribute.brief, "The ID of the new session being started.")
        guard case .conditionallyRequired(let text)? = start.attribute("session.previous_id")?.requirementLevel else {
            return XCTFail("previous_id should be conditionally required")
        }
        XCTAssertTrue(text.contains("continuation of a previous session"))
        // Enum type from the definition, requirement level from the ref.
        let netType = try XCTUnwrap(registry.attributes["network.connection.type"])
        guard case .enumeration(let e) = netType.type else { return XCTFail("enum expected") }
        XCTAssertEqual(e.members.map(\.id), ["wifi", "wired", "cell", "unavailable", "unknown"])
        // Template attributes resolve by prefix.
        XCTAssertEqual(registry.attribute(forKey: "http.request.header.x-forwarded-for")?.key, "http.request.header")
        // Body of an older-style event.
        let webVital = try XCTUnwrap(registry.groups.values.first { $0.body?.id == "browser.web_vital" })
        XCTAssertEqual(webVital.body?.fields.first?.id, "name")
        // Metrics keep name, instrument and unit.
        let metric = try XCTUnwrap(registry.groups["metric.http.server.request.duration"])
        XCTAssertEqual(metric.metricName, "http.server.request.duration")
        XCTAssertEqual(metric.instrument, "histogram")
        XCTAssertEqual(metric.unit, "s")
        XCTAssertFalse(metric.attributes.isEmpty)
    }

    func testNamespaceCollisionsOnlyOnDeprecatedKeysUpstream() throws {
        let registry = RegistryLoader.load(roots: [try TestPaths.requireUpstream()], checks: false).registry
        let keys = registry.attributes.keys.sorted()
        let colliding = keys.filter { k in keys.contains { $0.hasPrefix(k + ".") } }
            .filter { registry.attributes[$0]?.type.isTemplate == false }
        XCTAssertEqual(colliding.count, 9, "\(colliding)")
        XCTAssertTrue(colliding.contains("db.system"))
        XCTAssertTrue(colliding.allSatisfy { registry.attributes[$0]?.deprecated != nil })
    }
}
