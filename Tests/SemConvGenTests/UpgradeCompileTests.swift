import Foundation
import SemConvGen
@testable import SemConvModel
import XCTest

/// Generated Swift across an upgrade: code written against the Swift generated for one upstream release is
/// type-checked against the Swift generated for the next. Renames and deprecations must give warnings, never
/// errors; every error must be on a use of a symbol that `GeneratedSymbols.removed` (what `semconv diff` lists)
/// names.
///
/// The consumer uses every symbol of the older output (each attribute constant, enum type and member, template
/// function and event builder with all its parameters), one statement per line, so an error's line says which
/// symbol broke.
final class UpgradeCompileTests: XCTestCase {
    static let fixtures = GenPaths.packageRoot + "/Tests/SemConvModelTests/Fixtures/upstream"

    func registry(_ version: String, resolver: RegistrySourceResolver) throws -> Registry {
        let dir = try resolver.resolve(Self.fixtures + "/semantic-conventions-\(version).tar.gz[model]").directory
        return RegistryLoader.load(roots: [dir], checks: false).registry
    }

    func testConsumerOfOlderOutputCompilesAgainstNewerOutput() throws {
        guard let swiftc = ExternalTool.find("swiftc") else { throw XCTSkip("swiftc not on PATH") }
        let cache = NSTemporaryDirectory() + "semconv-upgrade-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let resolver = RegistrySourceResolver(cacheDirectory: cache)
        // 1.38 -> 1.39 adds namespaces over two deprecated attributes' names and renames attributes; 1.39 -> 1.40
        // deprecates event attributes (which keep their initializer parameter through a deprecated overload) and
        // drops one from an event; 1.40 -> 1.41 reorders an event's attributes, and so its parameters.
        for (old, new) in [("1.38.0", "1.39.0"), ("1.39.0", "1.40.0"), ("1.40.0", "1.41.0")] {
            let before = try registry(old, resolver: resolver), after = try registry(new, resolver: resolver)
            let symbols = GeneratedSymbols.list(for: before)
            let removedSymbols = GeneratedSymbols.removed(from: before, to: after).map(\.symbol)
            let dir = cache + "/compile-\(new)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            var files: [String] = []
            for output in Generator.render(registry: after, templatesDirectory: GenPaths.swiftTemplates).outputs {
                try output.content.write(toFile: dir + "/" + output.path, atomically: true, encoding: .utf8)
                files.append(dir + "/" + output.path)
            }
            // Statements start on line 2; line n uses symbols[n - 2].
            let consumer = "func useEverything() {\n" + symbols.map { "    " + $0.usage }.joined(separator: "\n") + "\n}\n"
            try consumer.write(toFile: dir + "/Consumer.swift", atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: swiftc)
            process.arguments = ["-typecheck", "-swift-version", "6"] + files + [dir + "/Consumer.swift"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            var errorLines = Set<Int>(), warnings = 0
            for line in output.split(separator: "\n") where line.contains("Consumer.swift:") {
                let parts = line.split(separator: ":")
                guard let i = parts.firstIndex(where: { $0.hasSuffix("Consumer.swift") }), i + 1 < parts.count,
                      let number = Int(parts[i + 1]) else { continue }
                if line.contains(": error:") { errorLines.insert(number) }
                if line.contains(": warning:") { warnings += 1 }
            }
            let brokenLines = errorLines.compactMap { n in symbols.indices.contains(n - 2) ? symbols[n - 2] : nil }
            // An event builder call uses all its parameters at once: it is explained when any of them is named.
            let namedUsages = Set(removedSymbols.map(\.usage))
            let unexplained = brokenLines.filter { !namedUsages.contains($0.usage) }.map(\.name)
            let brokenUsages = Set(brokenLines.map(\.usage))
            let stillCompiling = removedSymbols.filter { !brokenUsages.contains($0.usage) }.map(\.name)
            // Every error is on a symbol the diff names; every symbol the diff names does break.
            XCTAssertEqual(unexplained.sorted(), [], "\(old) -> \(new): errors on symbols the diff does not name:\n"
                           + output.split(separator: "\n").filter { $0.contains(": error:") }.prefix(5).joined(separator: "\n"))
            XCTAssertEqual(stillCompiling.sorted(), [], "\(old) -> \(new): named as removed but still compiles")
            XCTAssertFalse(removedSymbols.isEmpty, "\(old) -> \(new): each of these upgrades breaks something")
            XCTAssertGreaterThan(warnings, 0, "\(old) -> \(new): deprecations should warn")
            XCTAssertGreaterThan(symbols.count, 1000)
        }
    }
}
