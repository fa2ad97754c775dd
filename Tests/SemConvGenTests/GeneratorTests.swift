import Foundation
import SemConvGen
import SemConvModel
import XCTest

enum GenPaths {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static var model: String { packageRoot + "/model" }
    static var swiftTemplates: String { packageRoot + "/templates/swift" }
    static var markdownTemplates: String { packageRoot + "/templates/markdown" }
    static var golden: String { packageRoot + "/Tests/GeneratedCodeTests/Generated" }
    static var fixtures: String { packageRoot + "/Tests/SemConvGenTests/Fixtures" }
    static var upstream: String { packageRoot + "/../shared/data/semconv-v1.40.0/model" }
}

final class GoldenTests: XCTestCase {
    func bundledOutputs() -> [TemplateSet.Output] {
        let registry = RegistryLoader.load(roots: [GenPaths.model]).registry
        let result = Generator.render(registry: registry, templatesDirectory: GenPaths.swiftTemplates)
        XCTAssertEqual(result.diagnostics.map(\.message), [])
        return result.outputs
    }

    /// The generated Swift for the bundled model is committed (and compiled by GeneratedCodeTests); it must match
    /// byte for byte. Regenerate with: swift run semconv generate --output Tests/GeneratedCodeTests/Generated
    func testBundledModelOutputMatchesGoldenFiles() throws {
        let outputs = bundledOutputs()
        XCTAssertEqual(outputs.map(\.path), ["SemConv.swift", "SemConv+Events.swift"])
        for output in outputs {
            let golden = try String(contentsOfFile: GenPaths.golden + "/" + output.path, encoding: .utf8)
            XCTAssertEqual(output.content, golden, "\(output.path) differs from the golden file")
        }
    }

    func testOutputIsDeterministic() {
        XCTAssertEqual(bundledOutputs(), bundledOutputs())
    }

    func testForbiddenAttributesHaveNoConstantOrParameter() throws {
        let outputs = bundledOutputs()
        let attributes = try XCTUnwrap(outputs.first { $0.path == "SemConv.swift" }?.content)
        XCTAssertFalse(attributes.contains("= \"user.email\""))
        XCTAssertTrue(attributes.contains("`user.email` is forbidden (pii) and has no constant"))
        XCTAssertTrue(attributes.contains("public static let hash = \"user.hash\""))
    }

    func testPreviousIdMustDifferIsDocumentedOnTheBuilder() throws {
        let events = try XCTUnwrap(bundledOutputs().first { $0.path == "SemConv+Events.swift" }?.content)
        XCTAssertTrue(events.contains("/// - Parameter sessionPreviousId: `session.previous_id`, required when: If a previous session existed"))
        XCTAssertTrue(events.contains("MUST differ from `session.id`."))
    }

    func testParametersAndStabilityFilter() throws {
        let registry = RegistryLoader.load(roots: [GenPaths.model]).registry
        let result = Generator.render(registry: registry, templatesDirectory: GenPaths.swiftTemplates,
                                      params: ["root": "Telemetry", "access": "internal"], stability: "stable")
        XCTAssertEqual(result.outputs.map(\.path), ["Telemetry.swift"])  // no stable events in the bundled model
        let text = try XCTUnwrap(result.outputs.first?.content)
        XCTAssertTrue(text.contains("internal enum Telemetry {}"))
        XCTAssertTrue(text.contains("internal static let version = \"service.version\""))
        XCTAssertFalse(text.contains("session.id"))
    }

    func testUnknownParameterIsAnError() {
        let registry = RegistryLoader.load(roots: [GenPaths.model]).registry
        let result = Generator.render(registry: registry, templatesDirectory: GenPaths.swiftTemplates, params: ["acess": "internal"])
        XCTAssertEqual(result.diagnostics.first?.message, "unknown parameter 'acess' (did you mean 'access'?)")
    }
}

final class TemplateErrorTests: XCTestCase {
    func errors(_ fixture: String) -> [String] {
        let registry = RegistryLoader.load(roots: [GenPaths.model]).registry
        let dir = GenPaths.fixtures + "/templates/" + fixture
        let result = Generator.render(registry: registry, templatesDirectory: dir)
        XCTAssertTrue(result.outputs.isEmpty, "no output may be produced from a broken template directory")
        return result.diagnostics.map {
            "\(($0.location.file as NSString).lastPathComponent):\($0.location.line):\($0.location.column): \($0.message) [\($0.rule)]"
        }
    }

    func testUnknownVariable() {
        XCTAssertEqual(errors("unknown-variable"),
                       ["list.mustache:3:12: unknown variable 'breif' (did you mean 'brief'?) [template-unknown-variable]"])
    }

    func testUnknownMemberAndUnknownParameterInOutputName() {
        XCTAssertEqual(errors("unknown-member"), [
            "list.mustache:1:12: unknown variable 'body.fieldz': 'fieldz' is not a member (did you mean 'fields'?) [template-unknown-variable]",
            "templates.yaml:5:13: unknown variable 'params.stlye': 'stlye' is not a member (did you mean 'style'?) [template-unknown-variable]",
        ])
    }

    func testUnclosedSection() {
        XCTAssertEqual(errors("unclosed-section"), [
            "list.mustache:3:1: section 'parameters' is never closed (the enclosing 'events' closes at line 5) [template-syntax]",
        ])
    }

    func testSyntaxError() {
        XCTAssertEqual(errors("syntax-error"), ["list.mustache:2:1: unfinished tag '{{key}' (missing '}}') [template-syntax]"])
    }

    func testUnknownConfigKey() {
        XCTAssertEqual(errors("bad-config-key"), [
            "templates.yaml:2:5: template entry is missing 'output' [template-config]",
            "templates.yaml:3:5: unknown key 'outptu' in template entry (did you mean 'output'?) [template-config]",
        ])
    }

    func testMissingConfig() throws {
        let registry = RegistryLoader.load(roots: [GenPaths.model]).registry
        let result = Generator.render(registry: registry, templatesDirectory: GenPaths.fixtures)
        XCTAssertEqual(result.diagnostics.first?.rule, "template-config")
        XCTAssertEqual(result.diagnostics.first?.message, "no templates.yaml in the template directory")
    }
}
