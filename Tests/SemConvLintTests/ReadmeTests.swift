import Foundation
import SemConvModel
import XCTest
@testable import SemConvLint

/// README examples are run, so they cannot rot. The convention in README.md:
///
/// - An ```` ```alloy ```` block, or a ```` ```yaml ```` block holding `scrape_configs:` (Promtail) or preceded by an
///   annotation (a Collector config by its content, else read as Promtail), is preceded by
///   `<!-- expect: RULE@LINE:COL ... -->` (or `<!-- expect: none -->`): linting the block gives exactly these findings.
/// - A ```` ```console ```` block is preceded by `<!-- run -->`: each `$ semconv ...` (or `$ swift run semconv ...`) line is run from the package
///   root with the built `semconv`, and its output must be exactly the lines shown after it.
final class ReadmeTests: XCTestCase {
    struct Block {
        var language: String
        var text: String
        /// The line of the opening fence.
        var line: Int
        /// The HTML comment on the line before the fence, if any.
        var annotation: String?
    }

    static func blocks(_ markdown: String) -> [Block] {
        var blocks: [Block] = []
        let lines = markdown.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard line.hasPrefix("```"), line.count > 3 else { i += 1; continue }
            let language = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            let annotation = i > 0 && lines[i - 1].hasPrefix("<!--") ? lines[i - 1] : nil
            var body: [String] = []
            var j = i + 1
            while j < lines.count, !lines[j].hasPrefix("```") { body.append(lines[j]); j += 1 }
            blocks.append(Block(language: language, text: body.joined(separator: "\n") + "\n", line: i + 1,
                                annotation: annotation))
            i = j + 1
        }
        return blocks
    }

    static var readme: String {
        get throws { try String(contentsOfFile: ConfigLintTests.packageRoot + "/README.md", encoding: .utf8) }
    }

    func testEveryConfigExampleGivesTheFindingsItDocuments() throws {
        var checked = 0
        for block in Self.blocks(try Self.readme) {
            let annotated = block.annotation?.hasPrefix("<!-- expect:") ?? false
            let yaml = block.language == "yaml" && (block.text.contains("scrape_configs:") || annotated)
            guard block.language == "alloy" || yaml else { continue }
            guard let annotation = block.annotation, annotation.hasPrefix("<!-- expect:") else {
                XCTFail("README.md:\(block.line): a config example needs <!-- expect: ... --> on the line before it")
                continue
            }
            let expected = annotation.dropFirst("<!-- expect:".count).dropLast(3).split(separator: " ").map(String.init)
                .filter { $0 != "none" }.sorted()
            // A YAML example is a Collector config when its content says so, else Promtail.
            let findings = !yaml
                ? ConfigLinter.lintAlloy(bytes: Array(block.text.utf8), file: "README.alloy", registry: ConfigLintTests.registry)
                : ConfigContent.detect(Array(block.text.utf8)[...]) == .collector
                ? ConfigLinter.lintCollector(text: block.text, file: "README.yaml", registry: ConfigLintTests.registry)
                : ConfigLinter.lintPromtail(text: block.text, file: "README.yaml", registry: ConfigLintTests.registry)
            XCTAssertEqual(findings.map { "\($0.rule)@\($0.location.line):\($0.location.column)" }.sorted(), expected,
                           "README.md:\(block.line): \(findings.map(\.message))")
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 15)
    }

    /// The built `semconv` next to the test bundle (SwiftPM builds every product before it runs tests).
    static func executable() throws -> String {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("semconv").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw XCTSkip("no built semconv next to \(directory.path)")
    }

    func testEveryShownCommandPrintsWhatItShows() throws {
        let binary = try Self.executable()
        var runs = 0
        for block in Self.blocks(try Self.readme) where block.language == "console" {
            XCTAssertEqual(block.annotation, "<!-- run -->", "README.md:\(block.line): a console block is run: mark it <!-- run -->")
            var commands: [(String, [String])] = []
            for line in block.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                if line.hasPrefix("$ ") {
                    commands.append((String(line.dropFirst(2)), []))
                } else if !commands.isEmpty {
                    commands[commands.count - 1].1.append(String(line))
                }
            }
            XCTAssertFalse(commands.isEmpty, "README.md:\(block.line): no '$ ' command")
            for (written, shown) in commands {
                // `swift run semconv ...` (the README's first run) runs the same built binary.
                let command = written.hasPrefix("swift run semconv ") ? String(written.dropFirst("swift run ".count)) : written
                XCTAssertTrue(command.hasPrefix("semconv "), "README.md:\(block.line): \(command)")
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", binary + " " + command.dropFirst("semconv ".count) + " 2>&1"]
                process.currentDirectoryURL = URL(fileURLWithPath: ConfigLintTests.packageRoot)
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                XCTAssertEqual(String(decoding: output, as: UTF8.self), shown.map { $0 + "\n" }.joined(),
                               "README.md:\(block.line): $ \(command)")
                runs += 1
            }
        }
        XCTAssertGreaterThanOrEqual(runs, 1)
    }
}
