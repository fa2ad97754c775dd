import Foundation
import XCTest

/// The shared data sets (`../shared/data` beside the checkout: upstream registries, OTLP examples, Alloy and Promtail
/// configs). Tests that need them skip without them, and every skip names what is missing and where it was looked
/// for. One file, linked into each test target that uses it.
enum SharedData {
    /// `../shared/data`, from the package root (this file is `Tests/<target>/SharedData.swift`).
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/data").standardizedFileURL.path

    /// The upstream semantic-conventions registry, v1.40.0.
    static let upstreamModel = "semconv-v1.40.0/model"

    /// The absolute path of `relative` (a file or directory under the shared data); throws an `XCTSkip` that names
    /// `what` it is and where it was looked for when it is absent. Call it at the top of a test (or in
    /// `setUpWithError`), never inside an assertion's expression.
    static func require(_ relative: String, _ what: String) throws -> String {
        let path = root + "/" + relative
        guard FileManager.default.fileExists(atPath: path) else {
            throw XCTSkip("needs \(what) at \(path) (the shared data sets beside the checkout); absent")
        }
        return path
    }
}
