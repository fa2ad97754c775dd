import Foundation
import SemConvGen
@testable import SemConvModel
import XCTest

/// Generated Swift across an upgrade: code written against the Swift generated for one upstream release is
/// type-checked against the Swift generated for the next. Renames and deprecations must give warnings, never
/// errors; every error must be on a use of a symbol that `GeneratedSymbols.broken` (what `semconv diff` lists)
/// names, and every symbol it names must fail.
///
/// The consumer uses the whole API of the older output, one statement per line (each constant, key function, enum
/// type, case, member and an exhaustive switch over it, each event and body struct, property and initializer call
/// with every argument and with the required ones), so an error's line says which symbol broke.
final class UpgradeCompileTests: XCTestCase {
    static let fixtures = GenPaths.packageRoot + "/Tests/SemConvModelTests/Fixtures/upstream"

    func registry(_ version: String, resolver: RegistrySourceResolver) throws -> Registry {
        let dir = try resolver.resolve(Self.fixtures + "/semantic-conventions-\(version).tar.gz[model]").directory
        return RegistryLoader.load(roots: [dir], checks: false).registry
    }

    /// Each pair stands for kinds of change (see the comments): `broken` must be among the symbols the pair names
    /// (with the change), `kept` among the ones it does not name although the item changed.
    static let pairs: [(old: String, new: String, broken: [String], kept: [String])] = [
        // Event bodies removed: the Body struct, the body property and init(body:) go.
        ("1.30.0", "1.31.0", ["SemConv.Events.DeviceAppLifecycle.Body: removed",
                              "SemConv.Events.DeviceAppLifecycle(body:): no parameter 'body:' any more"], []),
        // az.service_request_id deprecated (renamed): the event property stays, deprecated. A body removed.
        ("1.34.0", "1.35.0", ["SemConv.Events.AzResourceLog.Body: removed"], ["SemConv.Events.AzResourceLog.azServiceRequestId"]),
        // New namespaces over two deprecated attributes' names; renamed attributes.
        ("1.38.0", "1.39.0", ["SemConv.rpc.system: removed"], []),
        // Event attributes deprecated (kept through a deprecated overload), one dropped from an event.
        ("1.39.0", "1.40.0", ["SemConv.Events.FeatureFlagEvaluation.errorMessage: removed"], []),
        // An event's attributes reordered; a new enum member (gen_ai.operation.name gained invoke_workflow).
        ("1.40.0", "1.41.0", ["switch over SemConv.gen_ai.operation.NameValues: new case .invokeWorkflow (an exhaustive switch must handle it)"],
         []),
        // gen_ai.request.model deprecated: its event property stays, deprecated; a required attribute made optional.
        ("1.41.0", "1.42.0", ["SemConv.Events.GenAiEvaluationResult.genAiEvaluationName: type String -> String?"],
         ["SemConv.Events.GenAiClientInferenceOperationDetails.genAiRequestModel"]),
        // A body replaced by required attributes: the initializer requires new arguments.
        ("1.43.0", "1.44.0", ["SemConv.Events.BrowserWebVital(body:): now requires 'browserWebVitalName:' (SemConv.browser.web_vital.NameValues), "
                              + "'browserWebVitalValue:' (Double), 'browserWebVitalDelta:' (Double), 'browserWebVitalId:' (String); no parameter 'body:' any more"],
         []),
    ]

    func testConsumerOfOlderOutputCompilesAgainstNewerOutput() throws {
        guard let swiftc = ExternalTool.find("swiftc") else { throw XCTSkip("swiftc not on PATH") }
        let cache = NSTemporaryDirectory() + "semconv-upgrade-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let resolver = RegistrySourceResolver(cacheDirectory: cache)
        for (old, new, expected, kept) in Self.pairs {
            let before = try registry(old, resolver: resolver), after = try registry(new, resolver: resolver)
            let symbols = GeneratedSymbols.list(for: before)
            let broken = GeneratedSymbols.broken(from: before, to: after)
            let dir = cache + "/compile-\(new)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            var files: [String] = []
            for output in Generator.render(registry: after, templatesDirectory: GenPaths.swiftTemplates).outputs {
                try output.content.write(toFile: dir + "/" + output.path, atomically: true, encoding: .utf8)
                files.append(dir + "/" + output.path)
            }
            // Statements start on line 3 (after the prelude and the function line); line n uses symbols[n - 3].
            let consumer = GeneratedSymbols.consumerPrelude + "func useEverything() {\n"
                + symbols.map { "    " + $0.usage }.joined(separator: "\n") + "\n}\n"
            try consumer.write(toFile: dir + "/Consumer.swift", atomically: true, encoding: .utf8)
            let output = try typecheck(swiftc, files + [dir + "/Consumer.swift"])
            var errorLines = Set<Int>(), warnings = 0
            for line in output.split(separator: "\n") where line.contains("Consumer.swift:") {
                let parts = line.split(separator: ":")
                guard let i = parts.firstIndex(where: { $0.hasSuffix("Consumer.swift") }), i + 1 < parts.count,
                      let number = Int(parts[i + 1]) else { continue }
                if line.contains(": error:") { errorLines.insert(number) }
                if line.contains(": warning:") { warnings += 1 }
            }
            let failing = Set(errorLines.compactMap { n in symbols.indices.contains(n - 3) ? symbols[n - 3].name : nil })
            let named = Set(broken.map(\.symbol.name))
            // Every error is on a symbol the diff names; every symbol the diff names does break.
            XCTAssertEqual(failing.subtracting(named).sorted(), [], "\(old) -> \(new): errors on symbols the diff does not name:\n"
                           + output.split(separator: "\n").filter { $0.contains(": error:") }.prefix(8).joined(separator: "\n"))
            XCTAssertEqual(named.subtracting(failing).sorted(), [], "\(old) -> \(new): named as broken but still compiles")
            XCTAssertFalse(errorLines.contains { $0 < 3 || $0 > symbols.count + 2 }, "\(old) -> \(new): error outside the usages")
            let described = Set(broken.map { "\($0.symbol.name): \($0.change)" })
            for e in expected { XCTAssertTrue(described.contains(e), "\(old) -> \(new): expected \(e)") }
            for k in kept {
                XCTAssertTrue(symbols.contains { $0.name == k }, "\(old) -> \(new): \(k) is a symbol")
                XCTAssertFalse(named.contains(k), "\(old) -> \(new): \(k) keeps working")
            }
            XCTAssertGreaterThan(warnings, 0, "\(old) -> \(new): deprecations should warn")
            XCTAssertGreaterThan(symbols.count, 1000)
        }
    }

    func typecheck(_ swiftc: String, _ files: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swiftc)
        process.arguments = ["-typecheck", "-swift-version", "6"] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output
    }
}
