import Foundation
import SemConvGen
import SemConvModel
import XCTest

/// Templates that would crash the Mustache parser, recurse forever or run for hours are errors, quickly.
final class TemplateHostileTests: XCTestCase {
    static let registry = RegistryLoader.load(roots: [GenPaths.model]).registry

    /// Renders a one-entry template directory whose entry is `a.mustache`, plus the given partials.
    func render(_ template: String, partials: [String: String] = [:]) throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "templates:\n  - template: a.mustache\n    output: a.txt\n    apply: once\n"
            .write(to: dir.appendingPathComponent("templates.yaml"), atomically: true, encoding: .utf8)
        try template.write(to: dir.appendingPathComponent("a.mustache"), atomically: true, encoding: .utf8)
        for (name, text) in partials {
            try text.write(to: dir.appendingPathComponent(name + ".mustache"), atomically: true, encoding: .utf8)
        }
        let result = Generator.render(registry: Self.registry, templatesDirectory: dir.path)
        return result.diagnostics.map { "\(URL(fileURLWithPath: $0.location.file).lastPathComponent):\($0.location.line):\($0.location.column) \($0.rule) \($0.message)" }
    }

    func testDeepSectionsAndHugeTemplatesAreOneError() throws {
        let deep = String(repeating: "{{#attributes}}", count: 10_000) + String(repeating: "{{/attributes}}", count: 10_000)
        XCTAssertEqual(try render(deep), ["a.mustache:1:481 template-syntax sections nested more than 32 deep"])
        XCTAssertEqual(try render("x", partials: ["p": deep]), ["p.mustache:1:481 template-syntax sections nested more than 32 deep"])
        let huge = String(repeating: "{{#attributes}}", count: 100_000)
        XCTAssertEqual(try render(huge), ["a.mustache:0:0 template-config template is 1500000 bytes, more than the 1 MiB limit"])
    }

    func testSetDelimiterIsRejected() throws {
        XCTAssertEqual(try render("{{=<% %>=}}<%#attributes%><%/attributes%>"),
                       ["a.mustache:1:1 template-syntax set-delimiter tags are not supported"])
    }

    func testNestedListsOverTheWholeRegistryStop() throws {
        let nested = String(repeating: "{{#attributes}}", count: 8) + "x" + String(repeating: "{{/attributes}}", count: 8)
        XCTAssertEqual(try render(nested), ["a.mustache:1:1 template-too-expensive rendering stopped: more than 2000000 section iterations or runaway partial recursion"])
    }

    func testEndlessPartialRecursion() throws {
        XCTAssertEqual(try render("{{> p}}", partials: ["p": "x{{> q}}", "q": "{{> p}}"]), [
            "p.mustache:1:2 template-syntax '{{> q}}' here makes partial 'q' include itself outside any section, so rendering never ends",
            "q.mustache:1:1 template-syntax '{{> p}}' here makes partial 'p' include itself outside any section, so rendering never ends",
        ])
        // Recursion through a section over data that does not shrink is stopped at run time.
        for section in ["params", "attributes"] {
            XCTAssertEqual(try render("{{> p}}", partials: ["p": "{{#\(section)}}{{> p}}{{/\(section)}}"]),
                           ["a.mustache:1:1 template-too-expensive rendering stopped: more than 2000000 section iterations or runaway partial recursion"])
        }
    }

    func testBinaryTemplate() throws {
        XCTAssertEqual(try render("{{#attributes}}\u{0}{{/attributes}}"), ["a.mustache:0:0 template-config template is not UTF-8 text"])
    }
}
