import XCTest
@testable import SemConvLint

final class ConfigParserTests: XCTestCase {
    func parse(_ text: String) -> AlloyFile { AlloyParser.parse(text) }

    func messages(_ text: String) -> [String] {
        parse(text).errors.map { "\($0.pos.line):\($0.pos.column): \($0.message)" }
    }

    func attr(_ text: String) -> AlloyExpr {
        let file = parse("x = \(text)\n")
        XCTAssertEqual(file.errors.map(\.message), [], text)
        return file.body.attribute("x")?.value ?? .bad(AlloyPos(line: 0, column: 0))
    }

    func testLiterals() {
        XCTAssertEqual(attr("\"a\\tb\\n\\\"c\\u00e9\\x41\"").stringValue, "a\tb\n\"céA")
        XCTAssertEqual(attr("`raw \\n ${x}`").stringValue, "raw \\n ${x}")
        guard case .literal(.number("42"), _) = attr("42") else { return XCTFail("number") }
        guard case .literal(.float("1.5e3"), _) = attr("1.5e3") else { return XCTFail("float") }
        guard case .literal(.bool(true), _) = attr("true") else { return XCTFail("bool") }
        guard case .literal(.null, _) = attr("null") else { return XCTFail("null") }
    }

    func testMultiLineRawString() {
        let file = parse("a = `line1\nline2`\nb = 1\n")
        XCTAssertEqual(file.errors.map(\.message), [])
        XCTAssertEqual(file.body.attribute("a")?.value.stringValue, "line1\nline2")
        XCTAssertEqual(file.body.attribute("b")?.pos, AlloyPos(line: 3, column: 1))
    }

    func testPrecedence() {
        // 1 + 2 * 3 ^ 2 ^ 1 || !a && b == c
        guard case .binary(.or, let lhs, let rhs, _) = attr("1 + 2 * 3 ^ 2 ^ 1 || !a && b == c") else {
            return XCTFail("|| is lowest")
        }
        guard case .binary(.plus, _, .binary(.star, _, .binary(.caret, _, .binary(.caret, _, _, _), _), _), _) = lhs else {
            return XCTFail("+ then * then right-assoc ^")
        }
        guard case .binary(.and, .unary(.not, _, _), .binary(.eq, _, _, _), _) = rhs else {
            return XCTFail("&& over ==, unary !")
        }
        guard case .binary(.minus, .binary(.minus, _, _, _), _, _) = attr("1 - 2 - 3") else {
            return XCTFail("- is left-assoc")
        }
        guard case .binary(.lte, _, _, _) = attr("(1 % 2) <= -3") else { return XCTFail("<=") }
    }

    func testPostfixReferencesAndCalls() {
        let expr = attr("coalesce(sys.env(\"HOST\"), constants.hostname)[0].x")
        guard case .access(.index(.call(let fn, let args, _), _, _), "x", _) = expr else { return XCTFail("postfix") }
        XCTAssertEqual(fn.referencePath, ["coalesce"])
        XCTAssertEqual(args.count, 2)
        XCTAssertEqual(attr("loki.write.default.receiver").referencePath, ["loki", "write", "default", "receiver"])
    }

    func testArraysAndObjectsWithTrailingCommas() {
        guard case .array(let items, _) = attr("[\n  1,\n  2,\n]") else { return XCTFail("array") }
        XCTAssertEqual(items.count, 2)
        guard case .object(let fields, _) = attr("{\n  a = 1,\n  \"b.c\" = [1, 2],\n}") else { return XCTFail("object") }
        XCTAssertEqual(fields.map(\.key), ["a", "b.c"])
        XCTAssertEqual(fields[1].keyPos, AlloyPos(line: 3, column: 3))
        guard case .object(let one, _) = attr("{ a = 1 }") else { return XCTFail("single-line object") }
        XCTAssertEqual(one.count, 1)
        guard case .array(let empty, _) = attr("[]") else { return XCTFail("empty") }
        XCTAssertEqual(empty.count, 0)
    }

    func testBlocksLabelsAndComments() {
        let file = parse("""
        // line comment
        /* block
           comment */
        logging {
          level = "info" // trailing
        }
        loki.process "a" {
          stage.match {
            selector = "{app=\\"x\\"}"
          }
        }
        declare "mod" {
          argument "in" { optional = true }
          export "out" { value = argument.in.value }
        }
        import.file "lib" { filename = "lib.alloy" }
        """)
        XCTAssertEqual(file.errors.map(\.message), [])
        XCTAssertEqual(file.body.blocks.map(\.fullName), ["logging", "loki.process", "declare", "import.file"])
        XCTAssertEqual(file.body.blocks[1].label, "a")
        XCTAssertEqual(file.body.blocks[1].pos, AlloyPos(line: 7, column: 1))
        XCTAssertEqual(file.body.blocks[1].body.blocks[0].fullName, "stage.match")
        XCTAssertEqual(file.body.blocks[2].body.blocks.map(\.fullName), ["argument", "export"])
    }

    func testByteOrderMarkAndCRLF() {
        let file = AlloyParser.parse([0xEF, 0xBB, 0xBF] + Array("a = 1\r\nb {\r\n  c = \"x\"\r\n}\r\n".utf8))
        XCTAssertEqual(file.errors.map(\.message), [])
        XCTAssertEqual(file.body.attribute("a")?.pos, AlloyPos(line: 1, column: 1))
        XCTAssertEqual(file.body.blocks.first?.body.attribute("c")?.value.stringValue, "x")
    }

    func testHashIsIllegalAtExactPosition() {
        let errors = messages("a = 1\n  # comment\nb = 2 # again\n")
        XCTAssertEqual(errors.count, 2)
        XCTAssertTrue(errors[0].hasPrefix("2:3: illegal character U+0023 '#'"), errors[0])
        XCTAssertTrue(errors[1].hasPrefix("3:7: illegal character U+0023"), errors[1])
    }

    func testMissingCommas() {
        XCTAssertEqual(messages("x = {\n  a = 1\n  b = 2,\n}\n"), ["2:8: missing ',' in field list"])
        XCTAssertEqual(messages("x = [\n  1,\n  2\n]\n"), ["3:4: missing ',' in expression list"])
        XCTAssertEqual(messages("x = f(\n  1\n)\n"), ["2:4: missing ',' in argument list"])
        XCTAssertEqual(messages("x = [1 2]\n"), ["1:8: missing ',' in expression list"])
    }

    func testOtherErrorsAndRecovery() {
        XCTAssertEqual(messages("a = \"open\nb = 1\n").first, "1:5: string literal not terminated")
        XCTAssertEqual(messages("/* never closed").first, "1:1: block comment not terminated")
        XCTAssertEqual(messages("a = `raw").first, "1:5: string literal not terminated")
        XCTAssertEqual(messages("a = \"\\q\"\n").first, "1:7: unknown escape sequence")
        XCTAssertEqual(messages("a = 1e\n").first, "1:5: exponent has no digits")
        XCTAssertEqual(messages("a = $\n").first, "1:5: illegal character U+0024 '$'")
        XCTAssertEqual(messages("a.b = 1\n"), ["1:1: attribute names may only consist of a single identifier with no \".\""])
        XCTAssertEqual(messages("a = 1 b = 2\n"),
                       [#"1:7: expected a newline after a statement, got IDENT (Alloy: "expected TERMINATOR, got IDENT")"#])
        XCTAssertEqual(messages("a = \n"), ["2:1: expected expression, got EOF"])
        XCTAssertEqual(messages("blk \"l\" 1\n"), ["1:9: expected block body, got NUMBER"])
        XCTAssertEqual(messages("}\n"), [#"1:1: unexpected '}' outside of any block (Alloy: "expected identifier, got }")"#])
        // Alloy then skips to the next identifier and reports the statement it starts (and skips it).
        XCTAssertEqual(messages("a {\n}\n}\n}\nb {\n}\n"), [
            #"3:1: unexpected '}' outside of any block (Alloy: "expected identifier, got }")"#,
            #"5:1: after the stray '}', Alloy skips this statement (Alloy: "expected TERMINATOR, got IDENT")"#,
        ])
        XCTAssertEqual(messages("blk bad {\n}\n"), ["1:5: expected block label, got IDENT"])
        XCTAssertEqual(messages("attr \"l\" = 1\n"), ["1:6: attribute names may not have labels"])
        // A missing comma is reported at the newline, or at a comment that runs to the line end (as Alloy does).
        XCTAssertEqual(messages("x = [\n  2 /* c */\n]\n"), ["2:5: missing ',' in expression list"])
        XCTAssertEqual(messages("x = [\n  2  \n]\n"), ["2:6: missing ',' in expression list"])
        XCTAssertEqual(messages("x = { 1 = 2 }\n"), ["1:7: expected field name (string or identifier), got NUMBER"])
        XCTAssertEqual(messages("a = (1\n"), ["1:7: expected ), got TERMINATOR"])
        XCTAssertEqual(messages("a = x[1\n"), ["1:8: expected ], got TERMINATOR"])
        XCTAssertEqual(messages("a = x.\n"), ["2:1: expected IDENT, got EOF"])
        XCTAssertEqual(messages("a = \"\\xZZ\"\n"), ["1:7: illegal character U+005A 'Z' in escape sequence"])
        XCTAssertEqual(messages("a = \"\\UFFFFFFFF\"\n"), ["1:7: escape sequence is invalid Unicode code point"])
        XCTAssertEqual(attr("\"\\101\\a\"").stringValue, "A\u{07}")
        XCTAssertEqual(messages("a = 1 | 2\n"), ["1:8: missing second | in ||"])
        // Recovery: every bad statement is reported, good ones are kept.
        let file = parse("a = = 1\nb = 2\nc = )\nblk {\n  d = [1 2]\n  e = 3\n}\n")
        XCTAssertEqual(file.errors.count, 3)
        XCTAssertEqual(file.body.attribute("b")?.value.referencePath, nil)
        XCTAssertEqual(file.body.blocks.first?.body.attribute("e")?.pos, AlloyPos(line: 6, column: 3))
    }

    /// Columns count Unicode scalars, whatever the bytes before them, as every reader here does.
    func testColumnsCountScalars() {
        XCTAssertEqual(messages("x = \"héllo → 🙂\" $\n"), ["1:17: illegal character U+0024 '$'"])
        XCTAssertEqual(messages("/* ✓ */ a = 1 | 2\n"), ["1:16: missing second | in ||"])
        XCTAssertEqual(messages("größe = 1\nblk \"ünïcode label\" {}\n"),
                       ["2:5: expected block label to be a valid identifier, but got \"ünïcode label\""])
    }

    /// Blocks left open are one error at the end of the file, as Alloy keeps one error per line; it names the block
    /// whose '}' is missing, told by the indentation, else the innermost one.
    func testUnclosedBlockIsReported() {
        XCTAssertEqual(messages("a {\n  b {\n    c = 1\n"), ["4:1: expected }, got EOF: block b opened at 2:3 is never closed"])
        // b's '}' is missing: the one at 5:1 lines up with a and closes b.
        XCTAssertEqual(messages("a {\n  b {\n    c = 1\n  d = 2\n}\n"),
                       ["6:1: expected }, got EOF: block b opened at 2:3 is never closed (the '}' at 5:1 lines up with an enclosing block)"])
        // b is closed on its own line but c, which follows it at the same depth, sits in it.
        XCTAssertEqual(messages("a {\n  b {\n    x = 1\n  c {\n  }\n  }\n"),
                       ["7:1: expected }, got EOF: block b opened at 2:3 is never closed (c at 4:3 lines up with it rather than sitting inside it)"])
        // A comment or raw string that never ends: reported at its start, as Alloy's scanner does.
        XCTAssertEqual(messages("a = 1\n/* disabled\nb {\n}\n"), ["2:1: block comment not terminated"])
        XCTAssertEqual(messages("a {\n  t = `x\n  b = 1\n}\n"),
                       ["2:7: string literal not terminated", "5:1: expected }, got EOF: block a opened at 1:1 is never closed"])
    }

    /// Every way of nesting an Alloy construct 100,000 deep (brackets, objects, parentheses, calls, indexes, unary
    /// and binary operator chains, blocks) stops at the nesting limit with one finding, and the next statement is
    /// parsed again.
    func testDeepNestingIsOneFindingAndNoCrash() {
        let n = 100_000
        func r(_ s: String, _ k: Int = n) -> String { String(repeating: s, count: k) }
        let limit = AlloyParser.maxNesting
        let cases: [(String, String)] = [
            ("brackets", "x = " + r("[") + r("]")),
            ("objects", "x = " + r("{a = ") + "1" + r("}")),
            ("parentheses", "x = " + r("(") + "1" + r(")")),
            ("calls", "x = " + r("f(") + "1" + r(")")),
            ("indexes", "x = a" + r("[0]")),
            ("accesses", "x = a" + r(".b")),
            ("unary", "x = " + r("-") + "1"),
            ("left-associative chain", "x = " + r("1 + ") + "1"),
            ("right-associative chain", "x = " + r("2 ^ ") + "1"),
            ("blocks", r("c {\n") + r("}\n")),
        ]
        for (name, text) in cases {
            let file = parse(text + "\nafter = 1\n")
            XCTAssertEqual(file.errors.map(\.message), ["nesting too deep (more than \(limit) levels)"], name)
            XCTAssertNotNil(file.body.attribute("after"), "\(name): parsing resumes after the deep statement")
        }
        // Just inside the limit is fine.
        XCTAssertEqual(parse("x = " + r("[", limit - 1) + r("]", limit - 1) + "\n").errors.map(\.message), [])
    }

    /// Named groups and where each `(` is, in Unicode scalars of the expression.
    func testRegexGroups() {
        let groups = regexGroups("^(?P<ts>\\S+) (?<level>\\w+) (?:x) (?=y) é(?P<msg>.*)")
        XCTAssertEqual(groups.map(\.name), ["ts", "level", "msg"])
        XCTAssertEqual(groups.map(\.offset), [1, 13, 40])
    }

    /// Every upstream config marked valid parses without errors; the invalid one is reported.
    func testSharedAlloyConfigs() throws {
        let dir = try SharedData.require("alloy", "the upstream Alloy configs")
        let sources = try String(contentsOfFile: dir + "/SOURCES.tsv", encoding: .utf8)
        var checked = 0
        for line in sources.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: "\t")
            guard columns.count >= 5 else { continue }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/" + columns[0])))
            let file = AlloyParser.parse(bytes)
            if columns[4].hasPrefix("invalid") {
                XCTAssertFalse(file.errors.isEmpty, String(columns[0]))
            } else {
                XCTAssertEqual(file.errors.map { "\($0.pos.line):\($0.pos.column) \($0.message)" }, [], String(columns[0]))
            }
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 18)
    }
}
