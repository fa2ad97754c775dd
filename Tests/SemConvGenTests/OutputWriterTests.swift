import Foundation
import SemConvGen
import XCTest

final class OutputWriterTests: XCTestCase {
    var dir = ""

    override func setUp() {
        dir = NSTemporaryDirectory() + "semconv-out-" + UUID().uuidString
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func out(_ path: String, _ content: String) -> TemplateSet.Output { TemplateSet.Output(path: path, content: content) }
    let marked = "// \(GeneratedFile.marker)\nlet a = 1\n"

    func testWritesOnlyChangedFilesAndRemovesStaleGeneratedOnes() throws {
        var result = OutputWriter(directory: dir, mode: .write).write([out("A.swift", marked), out("sub/B.swift", marked)])
        XCTAssertEqual(result.changed, ["A.swift", "sub/B.swift"])
        let modified = try FileManager.default.attributesOfItem(atPath: dir + "/A.swift")[.modificationDate] as? Date
        try "hand written".write(toFile: dir + "/Notes.swift", atomically: true, encoding: .utf8)
        result = OutputWriter(directory: dir, mode: .write).write([out("A.swift", marked)])
        XCTAssertEqual(result.changed, [])
        XCTAssertEqual(result.unchanged, ["A.swift"])
        XCTAssertEqual(result.removed, ["sub/B.swift"])  // ours, no longer produced
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/Notes.swift"))  // not ours: kept
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dir + "/A.swift")[.modificationDate] as? Date, modified)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testCheckAndDryRunWriteNothing() {
        let check = OutputWriter(directory: dir, mode: .check).write([out("A.swift", marked)])
        XCTAssertEqual(check.changed, ["A.swift"])
        let dry = OutputWriter(directory: dir, mode: .dryRun).write([out("A.swift", marked)])
        XCTAssertEqual(dry.changed, ["A.swift"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/A.swift"))
        _ = OutputWriter(directory: dir, mode: .write).write([out("A.swift", marked)])
        XCTAssertEqual(OutputWriter(directory: dir, mode: .check).write([out("A.swift", marked)]).changed, [])
    }

    func testNamesOutsideTheOutputDirectoryAreErrors() throws {
        for bad in ["../escape.swift", "/etc/passwd", "a/../../b.swift", ""] {
            let result = OutputWriter(directory: dir, mode: .write).write([out(bad, marked)])
            XCTAssertEqual(result.diagnostics.map(\.rule), ["output-path"], bad)
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: NSTemporaryDirectory())
        let viaLink = OutputWriter(directory: dir, mode: .write).write([out("link/x.swift", marked)])
        XCTAssertEqual(viaLink.diagnostics.first?.message, "'link/x.swift' resolves outside the output directory (symbolic link)")
    }

    func testSwiftReindentation() {
        let messy = "enum A {\n  static let x = \"{\"\nenum B {\n\n\nvar v: Int {\nswitch 1 {\ncase 1: 1\ndefault: 2\n}\n}\n\n}\n}\n"
        XCTAssertEqual(SwiftFormatting.reindent(messy), """
            enum A {
                static let x = "{"
                enum B {
                    var v: Int {
                        switch 1 {
                        case 1: 1
                        default: 2
                        }
                    }
                }
            }

            """)
    }
}
