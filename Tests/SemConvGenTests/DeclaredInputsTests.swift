import Foundation
import SemConvGen
import XCTest

/// The build plugin's declared-input list: files read but not declared make the next build run again.
final class DeclaredInputsTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "semconv-declared-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir + "/registry/sub", withIntermediateDirectories: true)
        for file in ["registry/a.yaml", "registry/sub/b.yml", "registry/README.md", "semconv.yaml"] {
            try "x: 1\n".write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        }
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func testFilesReadButNotDeclaredAreListedAndTheListIsTouched() throws {
        let list = dir + "/declared-inputs.txt"
        let declared = ["semconv.yaml", "registry", "registry/a.yaml", "registry/sub", "registry/sub/b.yml"]
        try declared.map { dir + "/" + $0 }.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let roots = [dir + "/registry", dir + "/semconv.yaml", dir + "/not-here", "https://example.com/model.tar.gz"]
        XCTAssertEqual(DeclaredInputs.undeclared(roots: roots, listFile: list), [])
        try "x: 2\n".write(toFile: dir + "/registry/sub/new.yaml", atomically: true, encoding: .utf8)
        try "not read".write(toFile: dir + "/registry/notes.txt", atomically: true, encoding: .utf8)
        XCTAssertEqual(DeclaredInputs.undeclared(roots: roots, listFile: list), [dir + "/registry/sub/new.yaml"])

        let old = Date(timeIntervalSinceNow: -3600)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: list)
        DeclaredInputs.markStale(list)
        let modified = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: list)[.modificationDate] as? Date)
        XCTAssertGreaterThan(modified, old.addingTimeInterval(60))
        XCTAssertEqual(try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").count, declared.count,
                       "the content stays as the plugin wrote it")
    }

    func testAMissingListMeansEverythingIsUndeclared() {
        XCTAssertEqual(DeclaredInputs.undeclared(roots: [dir + "/semconv.yaml"], listFile: dir + "/none.txt"),
                       [dir + "/semconv.yaml"])
    }
}
