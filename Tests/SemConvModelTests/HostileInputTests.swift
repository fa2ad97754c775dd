import Foundation
import SemConvModel
import XCTest

/// Bad input never crashes or hangs: each case gives a clear, positioned error.
final class HostileInputTests: XCTestCase {
    func only(_ result: RegistryLoader.Result, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        XCTAssertEqual(result.diagnostics.count, 1, "\(result.diagnostics.map(\.message))", file: file, line: line)
        return result.diagnostics.first
    }

    func testMissingPathIsUnusableInput() {
        let result = RegistryLoader.load(roots: ["/nonexistent/semconv/model"])
        XCTAssertTrue(result.inputUnusable)
        XCTAssertEqual(only(result)?.rule, "unreadable-input")
        XCTAssertEqual(only(result)?.message, "registry path does not exist")
    }

    func testEmptyDirectoryIsUnusableInput() throws {
        let dir = try TempDirectory()
        let result = RegistryLoader.load(roots: [dir.path])
        XCTAssertTrue(result.inputUnusable)
        XCTAssertEqual(only(result)?.message, "no registry files (*.yaml, *.yml) in this directory")
    }

    func testNonYAMLText() throws {
        let dir = try TempDirectory()
        try dir.write("notes.yaml", "This is prose: with a colon\n  and: [an unclosed list\n")
        let d = only(RegistryLoader.load(roots: [dir.path]))
        XCTAssertEqual(d?.rule, "yaml-syntax")
        XCTAssertEqual(d?.message, "YAML syntax error: mapping values are not allowed in this context")
        XCTAssertEqual(d.map { "\($0.location.line):\($0.location.column)" }, "2:6")
    }

    /// An unclosed quote or bracket is found only at the end of the file; it is reported where it starts.
    func testUnclosedConstructIsReportedWhereItStarts() throws {
        let dir = try TempDirectory()
        try dir.write("shop.yaml", """
            groups:
              - id: registry.shop
                type: attribute_group
                brief: "Shop attributes.
                attributes:
                  - id: shop.cart.size
                    type: int
                    brief: Items.

            """)
        let d = only(RegistryLoader.load(roots: [dir.path]))
        XCTAssertEqual(d?.rule, "yaml-syntax")
        XCTAssertEqual(d.map { "\($0.location.line):\($0.location.column)" }, "4:12")
        XCTAssertEqual(d?.message, "YAML syntax error: while scanning a quoted scalar that starts here: found unexpected end of stream (at 9:1, the end of the file)")
        try dir.write("shop.yaml", "groups:\n  - id: registry.shop\n    type: [attribute_group\n")
        XCTAssertEqual(only(RegistryLoader.load(roots: [dir.path])).map { "\($0.location.line):\($0.location.column)" }, "3:11")
    }

    func testScalarDocumentIsNotARegistry() throws {
        let dir = try TempDirectory()
        try dir.write("plain.yaml", "just a sentence\n")
        let d = only(RegistryLoader.load(roots: [dir.path]))
        XCTAssertEqual(d?.rule, "invalid-type")
        XCTAssertEqual(d.map { "\($0.location.line):\($0.location.column)" }, "1:1")
    }

    func testBinaryData() throws {
        let dir = try TempDirectory()
        var bytes = [UInt8](repeating: 0, count: 4096)
        for i in bytes.indices { bytes[i] = UInt8((i * 73 + 11) % 256) }
        try dir.write("blob.yaml", Data(bytes))
        let d = only(RegistryLoader.load(roots: [dir.path]))
        XCTAssertEqual(d?.rule, "yaml-syntax")
        XCTAssertEqual(d?.message, "file is not valid UTF-8")
    }

    func testNULBytes() throws {
        let dir = try TempDirectory()
        try dir.write("nul.yaml", Data("groups:\n  - id: a\u{0}b\n".utf8))
        let d = only(RegistryLoader.load(roots: [dir.path]))
        XCTAssertEqual(d?.rule, "yaml-syntax")
        XCTAssertEqual(d.map { "\($0.location.line):\($0.location.column)" }, "2:10")
    }

    func testByteOrderMarkAndCRLFAreAccepted() throws {
        let dir = try TempDirectory()
        let text = "groups:\r\n  - id: registry.demo\r\n    type: attribute_group\r\n    brief: Demo.\r\n"
        try dir.write("bom.yaml", Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)))
        let result = RegistryLoader.load(roots: [dir.path])
        XCTAssertEqual(result.diagnostics.map(\.message), [])
        XCTAssertNotNil(result.registry.groups["registry.demo"])
    }

    func testAliasBombIsStoppedWithBoundedWork() throws {
        let result = RegistryLoader.load(roots: [TestPaths.fixtures + "/check/yaml-too-large"])
        let bomb = try XCTUnwrap(result.diagnostics.first { $0.rule == "yaml-too-large" })
        XCTAssertTrue(bomb.message.contains("billion laughs"))
    }

    /// Fuzzing regression (FuzzRegistry, timeout): an alias bomb used as a mapping key (`*h: event` inside a flow
    /// sequence) made Yams hash 9^8 nodes while composing, before any node budget applies.
    func testAliasBombAsMappingKeyIsRejectedBeforeComposing() throws {
        let result = RegistryLoader.load(roots: [TestPaths.fixtures + "/fuzz-regressions/alias-key-bomb.yaml"])
        let d = try XCTUnwrap(only(result))
        XCTAssertEqual(d.rule, "yaml-too-large")
        XCTAssertEqual("\(d.location.line):\(d.location.column)", "14:34")
        XCTAssertEqual(d.message, "alias '*h' is used as a mapping key; keys must be plain names (an alias key is expanded without any bound)")
        for key in ["*a: x", "{*a: x}", "? *a\n: x", "- *a : x"] {
            XCTAssertEqual(YAMLSource.parse(data: Data("a: &a 1\nb:\n  \(key)\n".utf8), path: "k.yaml").diagnostics.map(\.rule),
                           ["yaml-too-large"], key)
        }
        // Aliases as values, and '*x:' inside quotes, comments and block scalars, are fine.
        let fine = """
        a: &a [1, 2]
        b: *a
        c: [*a, *a]
        d: "*a: quoted"
        e: '*a: single'  # *a: comment
        f: |
          *a: in a block scalar
        g: x*a and *a b
        """
        XCTAssertEqual(YAMLSource.parse(data: Data(fine.utf8), path: "fine.yaml").diagnostics.map(\.message), [])
    }

    func testDeepNesting() throws {
        let dir = try TempDirectory()
        let depth = 10_000
        try dir.write("deep.yaml", "groups: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n")
        let d = only(RegistryLoader.load(roots: [dir.path]))
        XCTAssertEqual(d?.rule, "yaml-syntax")
        XCTAssertEqual(d?.message, "YAML syntax error: YAML nested more than 1000 levels deep")
        XCTAssertEqual(d?.location.line, 1)
    }

    func testDeepBlockNesting() throws {
        let dir = try TempDirectory()
        var text = ""
        for level in 0..<2_000 { text += String(repeating: " ", count: level) + "k:\n" }
        try dir.write("deep-block.yaml", text)
        let d = only(RegistryLoader.load(roots: [dir.path]))
        XCTAssertEqual(d?.rule, "yaml-syntax")
    }

    func testHugeFileIsRejectedBeforeReading() throws {
        let dir = try TempDirectory()
        let path = dir.path + "/huge.yaml"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        let chunk = Data(String(repeating: "# padding padding padding padding\n", count: 30_000).utf8)
        while handle.offsetInFile < 50 * 1024 * 1024 { handle.write(chunk) }
        handle.closeFile()
        let d = only(RegistryLoader.load(roots: [dir.path]))
        XCTAssertEqual(d?.rule, "file-too-large")
        XCTAssertEqual(d.map { "\($0.location.line):\($0.location.column)" }, "1:1")
    }

    func testUnreadableFileAndSymlinkLoop() throws {
        let dir = try TempDirectory()
        try dir.write("ok.yaml", "groups: []\n")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/loop", withDestinationPath: dir.path)
        let locked = try dir.write("sub/locked.yaml", "groups: []\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked) }
        let result = RegistryLoader.load(roots: [dir.path])
        XCTAssertTrue(result.diagnostics.contains { $0.rule == "unreadable-input" && $0.message.contains("symbolic link loop") })
        if getuid() != 0 {  // root can read anything
            XCTAssertTrue(result.diagnostics.contains { $0.rule == "unreadable-file" && $0.location.file == locked })
        }
        XCTAssertFalse(result.inputUnusable)
    }

    func testFileGivenInsteadOfDirectoryIsLoaded() throws {
        let dir = try TempDirectory()
        let file = try dir.write("one.yaml", "groups:\n  - id: g\n    type: attribute_group\n    brief: G.\n")
        let result = RegistryLoader.load(roots: [file])
        XCTAssertEqual(result.diagnostics.map(\.message), [])
        XCTAssertEqual(result.registry.fileCount, 1)
    }
}
