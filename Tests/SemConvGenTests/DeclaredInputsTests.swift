import Foundation
import SemConvGen
import XCTest

/// The build plugin's declared-input list: files read but not declared make the next build run again; hard links
/// stand in for files, so a deleted file is never a missing input.
final class DeclaredInputsTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "semconv-declared-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir + "/registry/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/work/inputs", withIntermediateDirectories: true)
        for file in ["registry/a.yaml", "registry/sub/b.yml", "registry/README.md", "semconv.yaml"] {
            try "x: 1\n".write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        }
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func writeList(_ lines: [String]) throws -> String {
        let list = dir + "/work/declared-inputs.txt"
        try (["# comment"] + lines).joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        return list
    }

    func testFilesReadButNotDeclaredAreListedAndTheListIsTouched() throws {
        let list = try writeList(["semconv.yaml", "registry", "registry/a.yaml", "registry/sub", "registry/sub/b.yml"]
            .map { dir + "/" + $0 })
        let inputs = try XCTUnwrap(DeclaredInputs(listFile: list))
        let roots = [dir + "/registry", dir + "/semconv.yaml", dir + "/not-here", "https://example.com/model.tar.gz"]
        XCTAssertEqual(inputs.undeclared(roots: roots), [])
        try "x: 2\n".write(toFile: dir + "/registry/sub/new.yaml", atomically: true, encoding: .utf8)
        try "not read".write(toFile: dir + "/registry/notes.txt", atomically: true, encoding: .utf8)
        XCTAssertEqual(inputs.undeclared(roots: roots), [dir + "/registry/sub/new.yaml"])

        let old = Date(timeIntervalSinceNow: -3600)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: list)
        inputs.markStale()
        let modified = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: list)[.modificationDate] as? Date)
        XCTAssertGreaterThan(modified, old.addingTimeInterval(60))
        XCTAssertEqual(DeclaredInputs(listFile: list)?.entries, inputs.entries, "the content stays as the plugin wrote it")
    }

    func testHardLinksFollowReplacedFilesAndOutliveDeletedOnes() throws {
        let fm = FileManager.default
        let original = dir + "/registry/a.yaml", link = dir + "/work/inputs/0-a.yaml"
        try fm.linkItem(atPath: original, toPath: link)
        let inputs = try XCTUnwrap(DeclaredInputs(listFile: try writeList([link + "\t" + original])))
        XCTAssertEqual(inputs.entries, [.init(declared: link, original: original)])
        XCTAssertEqual(inputs.undeclared(roots: [original]), [], "the original counts as declared")
        // An editor saves by writing a new file and renaming it over the old one: the link is renewed.
        try "x: 3\n".write(toFile: original, atomically: true, encoding: .utf8)
        XCTAssertEqual(try String(contentsOfFile: link, encoding: .utf8), "x: 1\n")
        inputs.relink()
        XCTAssertEqual(try String(contentsOfFile: link, encoding: .utf8), "x: 3\n")
        // A deleted original leaves the link, so SwiftPM never sees a missing input.
        try fm.removeItem(atPath: original)
        inputs.relink()
        XCTAssertTrue(fm.fileExists(atPath: link))
    }

    func testAnUnreadableListIsNil() {
        XCTAssertNil(DeclaredInputs(listFile: dir + "/none.txt"))
    }
}
