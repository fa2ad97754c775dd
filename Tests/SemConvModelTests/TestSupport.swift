import Foundation
import XCTest

/// Paths relative to the package root, for fixtures and the shared data beside the checkout.
enum TestPaths {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var fixtures: String { packageRoot + "/Tests/SemConvModelTests/Fixtures" }
    static var bundledModel: String { packageRoot + "/model" }
    static func requireUpstream() throws -> String {
        try SharedData.require(SharedData.upstreamModel, "the upstream registry (semantic-conventions v1.40.0)")
    }
}

/// A temporary directory removed when the test ends.
final class TempDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "semconv-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }
}
