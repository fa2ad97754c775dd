import Foundation
import SemConvGen
import SemConvModel
import XCTest

/// Type-checks snippets against the code generated from the bundled model with `swiftc`: wrong telemetry must
/// not compile.
final class CompileTests: XCTestCase {
    func swiftc() throws -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/swiftc"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw XCTSkip("swiftc not on PATH")
    }

    /// Type-checks `snippet` with the generated files; returns swiftc's exit status and output.
    func typecheck(_ snippet: String) throws -> (Int32, String) {
        let dir = NSTemporaryDirectory() + "semconv-compile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let registry = RegistryLoader.load(roots: [GenPaths.model]).registry
        let outputs = Generator.render(registry: registry, templatesDirectory: GenPaths.swiftTemplates).outputs
        var files: [String] = []
        for output in outputs {
            try output.content.write(toFile: dir + "/" + output.path, atomically: true, encoding: .utf8)
            files.append(dir + "/" + output.path)
        }
        try snippet.write(toFile: dir + "/Snippet.swift", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try swiftc())
        process.arguments = ["-typecheck", "-swift-version", "6"] + files + [dir + "/Snippet.swift"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testValidUseCompiles() throws {
        let (status, output) = try typecheck("""
            func record() -> [SemConv.Attribute] {
                SemConv.Events.SessionStart(sessionId: "b", sessionPreviousId: "a").attributes
            }
            """)
        XCTAssertEqual(status, 0, output)
    }

    func testSessionStartWithoutSessionIdDoesNotCompile() throws {
        let (status, output) = try typecheck("""
            let event = SemConv.Events.SessionStart(sessionPreviousId: "a")
            """)
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(output.contains("missing argument for parameter 'sessionId'"), output)
    }

    func testForbiddenAttributeHasNoParameterAndNoConstant() throws {
        let (status, output) = try typecheck("""
            let event = SemConv.Events.SessionStart(sessionId: "b", userEmail: "a@example.com")
            let key = SemConv.user.email
            """)
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(output.contains("extra argument 'userEmail' in call"), output)
        XCTAssertTrue(output.contains("type 'SemConv.user' has no member 'email'"), output)
    }
}
