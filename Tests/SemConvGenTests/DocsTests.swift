import Foundation
import SemConvGen
import SemConvModel
import XCTest

final class DocsTests: XCTestCase {
    let registry = RegistryLoader.load(roots: [GenPaths.model]).registry

    func testPagesPerNamespaceAndForEvents() throws {
        let result = Generator.render(registry: registry, templatesDirectory: GenPaths.markdownTemplates)
        XCTAssertEqual(result.diagnostics.map(\.message), [])
        XCTAssertEqual(result.outputs.map(\.path), [
            "attributes/device.md", "attributes/network.connection.md", "attributes/os.md", "attributes/service.md",
            "attributes/session.md", "attributes/url.md", "attributes/user.md", "events.md",
        ])
        let user = try XCTUnwrap(result.outputs.first { $0.path == "attributes/user.md" }?.content)
        XCTAssertTrue(user.contains("| `user.email` | string | A user's e-mail address. **Forbidden (pii):** An e-mail address identifies a person directly. Use `user.hash` instead. Cardinality: unbounded. |"), user)
        let events = try XCTUnwrap(result.outputs.last?.content)
        XCTAssertTrue(events.contains("| `session.id` | string | The identifier of the session being started. | `00112233-4455-6677-8899-aabbccddeeff` | required | development |"))
    }

    func testUpdateRewritesOnlyMarkerRegions() throws {
        let (set, problems) = TemplateSet.load(directory: GenPaths.markdownTemplates)
        XCTAssertEqual(problems.map(\.message), [])
        let vm = ViewModel(registry: registry, params: try XCTUnwrap(set).params)
        let text = "# Title\n\nKeep me.\n<!-- semconv event session.end -->\nstale\n<!-- endsemconv -->\nTail\n"
        let (updated, diagnostics) = MarkdownUpdater.update(text, file: "doc.md", set: try XCTUnwrap(set), vm: vm)
        XCTAssertEqual(diagnostics.map(\.message), [])
        XCTAssertTrue(updated.hasPrefix("# Title\n\nKeep me.\n<!-- semconv event session.end -->\n| Attribute |"))
        XCTAssertTrue(updated.hasSuffix("| development |\n<!-- endsemconv -->\nTail\n"))
        XCTAssertFalse(updated.contains("stale"))
        let (again, _) = MarkdownUpdater.update(updated, file: "doc.md", set: try XCTUnwrap(set), vm: vm)
        XCTAssertEqual(again, updated)
        let (_, bad) = MarkdownUpdater.update("<!-- semconv event session.strat -->\n", file: "doc.md", set: try XCTUnwrap(set), vm: vm)
        XCTAssertEqual(bad.map(\.message), ["marker is never closed"])
    }
}
