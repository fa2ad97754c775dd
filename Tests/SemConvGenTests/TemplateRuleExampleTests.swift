import Foundation
import SemConvGen
import SemConvModel
import XCTest

/// Every template rule's examples are its tests. A `.mustache` example is the one template of a directory (its
/// `templates.yaml` renders it once; `partial:NAME` context entries add partials); a `.yaml` example is the
/// directory's `templates.yaml` (rendering `example.mustache`). The directory is loaded, rendered for the bundled model
/// and written (dry run); findings in the example's file must sit exactly at its markers.
final class TemplateRuleExampleTests: XCTestCase {
    static let registry = RegistryLoader.load(roots: [GenPaths.model]).registry
    /// Rules whose input is no template: an unwritable directory, a Markdown file (see OutputWriterTests, DocsTests).
    static let testedElsewhere: Set = ["output-write", "docs-marker"]

    func findings(_ example: RuleExample) throws -> (file: String, [Diagnostic]) {
        let dir = NSTemporaryDirectory() + "template-example-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir + "/templates", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = example.unmarked.text
        let config = example.format == .yaml ? text
            : "templates:\n  - template: example.mustache\n    output: out.txt\n"
        let template = example.format == .mustache ? text : "{{#attributes}}{{key}}\n{{/attributes}}"
        try config.write(toFile: dir + "/templates/templates.yaml", atomically: true, encoding: .utf8)
        try template.write(toFile: dir + "/templates/example.mustache", atomically: true, encoding: .utf8)
        for (key, value) in example.context where key.hasPrefix("partial:") {
            try value.write(toFile: dir + "/templates/\(key.dropFirst(8)).mustache", atomically: true, encoding: .utf8)
        }
        let result = Generator.render(registry: Self.registry, templatesDirectory: dir + "/templates")
        let written = OutputWriter(directory: dir + "/out", mode: .dryRun).write(result.outputs)
        let file = dir + "/templates/" + (example.format == .yaml ? "templates.yaml" : "example.mustache")
        return (file, result.diagnostics + written.diagnostics)
    }

    func testEveryExampleFiresExactlyAtItsMarkers() throws {
        for rule in TemplateSet.rules {
            XCTAssertEqual(rule.category, .template, rule.id)
            if !Self.testedElsewhere.contains(rule.id) {
                XCTAssertFalse(rule.triggering.isEmpty, "\(rule.id) has no triggering example")
            }
            // Findings of the rule must sit in the example's file (not in the generated directory or a partial).
            for problem in try rule.exampleMismatches({ example in
                let (file, found) = try findings(example)
                return found.map { $0.location.file == file ? $0 : Diagnostic($0.severity, rule: $0.rule,
                    message: "in \($0.location.file): \($0.message)", at: SourceLocation(file: file)) }
            }) {
                XCTFail("\(rule.id): \(problem)")
            }
            for example in rule.nonTriggering {
                XCTAssertEqual(try findings(example).1.map { "\($0.rule) \($0.message)" }, [], "\(rule.id): \(example.input)")
            }
        }
        XCTAssertEqual(Set(TemplateSet.rules.map(\.id)).count, TemplateSet.rules.count)
    }
}
