import Foundation
import Yams

/// Reads one YAML file into a Yams node tree, turning every failure into a positioned diagnostic.
public enum YAMLSource {
    /// Largest file we parse. Real registry files are far smaller; larger ones are almost surely not registry YAML.
    public static let maxFileBytes = 8 * 1024 * 1024

    /// The outcome of reading a YAML file: its root node (nil for an empty document) or diagnostics.
    public struct Result {
        public var root: Node?
        public var diagnostics: [Diagnostic]
    }

    /// Reads and composes `path`. Never throws: unreadable, non-UTF-8, oversized and malformed input become diagnostics.
    public static func load(path: String, maxBytes: Int = maxFileBytes) -> Result {
        let here = SourceLocation(file: path)
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                return Result(root: nil, diagnostics: [Diagnostic(
                    .error, rule: "unreadable-file", message: "'\(path)' is a directory, not a YAML file", at: here,
                    fix: "pass a YAML file")])
            }
            if let size = attributes[.size] as? Int, size > maxBytes {
                return Result(root: nil, diagnostics: [Diagnostic(
                    .error, rule: "file-too-large",
                    message: "file is \(size) bytes, more than the \(maxBytes)-byte limit for a registry file",
                    at: SourceLocation(file: path, line: 1, column: 1),
                    fix: "split the registry into smaller files, or check that this is really a registry YAML file")])
            }
            if attributes[.type] as? FileAttributeType == .typeRegular {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } else {
                // A pipe, process substitution (`--rules <(...)`) or /dev/stdin: read it as a stream, bounded.
                guard let handle = FileHandle(forReadingAtPath: path) else {
                    throw CocoaError(.fileReadNoPermission)
                }
                defer { try? handle.close() }
                data = try handle.read(upToCount: maxBytes + 1) ?? Data()
                if data.count > maxBytes {
                    return Result(root: nil, diagnostics: [Diagnostic(
                        .error, rule: "file-too-large",
                        message: "input is more than the \(maxBytes)-byte limit for a YAML file",
                        at: SourceLocation(file: path, line: 1, column: 1), fix: "check that this is the right input")])
                }
            }
        } catch {
            return Result(root: nil, diagnostics: [Diagnostic(
                .error, rule: "unreadable-file", message: "cannot read file: \(SystemError.describe(error))", at: here,
                fix: "check that the file exists and is readable")])
        }
        return parse(data: data, path: path)
    }

    /// Composes YAML text already in memory.
    public static func parse(data: Data, path: String) -> Result {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(bytes)
            return Result(root: nil, diagnostics: [Diagnostic(
                .error, rule: "yaml-syntax", message: "file is not valid UTF-8",
                at: SourceLocation(file: path, line: line, column: column),
                fix: "save the file as UTF-8")])
        }
        if let nul = text.utf8.firstIndex(of: 0) {
            let (line, column) = position(of: nul, in: text)
            return Result(root: nil, diagnostics: [Diagnostic(
                .error, rule: "yaml-syntax", message: "NUL byte in YAML text (binary file?)",
                at: SourceLocation(file: path, line: line, column: column),
                fix: "registry directories should contain only YAML files")])
        }
        if let key = aliasKey(in: text) {
            return Result(root: nil, diagnostics: [Diagnostic(
                .error, rule: "yaml-too-large",
                message: "alias '*\(key.name)' is used as a mapping key; keys must be plain names (an alias key is expanded without any bound)",
                at: SourceLocation(file: path, line: key.line, column: key.column),
                fix: "write the key out instead of using an alias")])
        }
        do {
            // The encoding is explicit: Yams' default reads the whole process environment on every call.
            let root = try Yams.compose(yaml: text, .basic, .default, .utf8)
            return Result(root: root, diagnostics: [])
        } catch let error as YamlError {
            return Result(root: nil, diagnostics: [diagnostic(for: error, path: path, text: text)])
        } catch {
            return Result(root: nil, diagnostics: [Diagnostic(
                .error, rule: "yaml-syntax", message: SystemError.describe(error), at: SourceLocation(file: path, line: 1, column: 1))])
        }
    }

    /// The first alias used as a mapping key (`*a: x`, `{*a: x}`, `? *a`), if any. Yams compares every key of a
    /// mapping while composing, expanding alias keys in full, so an alias of a nested alias bomb used as a key
    /// would run for hours before any node budget could stop it (found by fuzzing). Registry and config YAML only
    /// ever has plain keys. Quoted scalars, comments and block scalars are skipped; alias names are libyaml's
    /// (`[A-Za-z0-9_-]`).
    static func aliasKey(in text: String) -> (line: Int, column: Int, name: String)? {
        let b = Array(text.utf8)
        let n = b.count
        func isName(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
        }
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
        func endsKey(_ i: Int) -> Bool {  // ':' followed by a blank, a line end, a flow indicator or the end
            guard i < n, b[i] == 0x3A else { return false }
            return i + 1 >= n || [0x20, 0x09, 0x0A, 0x0D, 0x2C, 0x5D, 0x7D].contains(b[i + 1])
        }
        var i = 0, line = 1, lineStart = 0
        var blockParentIndent: Int?  // inside a block scalar introduced on a line with this indentation
        var tokenStart = true        // the previous byte separates tokens
        var explicitKey = false      // just after '? '
        while i < n {
            if i == lineStart {
                var j = i
                while j < n, b[j] == 0x20 { j += 1 }
                let blank = j >= n || b[j] == 0x0A || b[j] == 0x0D || b[j] == 0x23
                if let parent = blockParentIndent {
                    if blank || j - i > parent {
                        while i < n, b[i] != 0x0A { i += 1 }
                        if i < n { i += 1; line += 1; lineStart = i }
                        continue
                    }
                    blockParentIndent = nil
                }
                tokenStart = true
            }
            let c = b[i]
            switch c {
            case 0x0A:
                i += 1; line += 1; lineStart = i; continue
            case 0x23 where tokenStart:  // comment
                while i < n, b[i] != 0x0A { i += 1 }
                continue
            case 0x27 where tokenStart, 0x22 where tokenStart:  // quoted scalar, possibly over several lines
                i += 1
                while i < n {
                    if b[i] == 0x0A { line += 1; lineStart = i + 1 }
                    if c == 0x22, b[i] == 0x5C { i += 2; continue }
                    if b[i] == c {
                        if c == 0x27, i + 1 < n, b[i + 1] == 0x27 { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
                tokenStart = false
                continue
            case 0x7C where tokenStart, 0x3E where tokenStart:  // block scalar header: | or > with indicators, then the line end
                var j = i + 1
                while j < n, [0x2B, 0x2D].contains(b[j]) || (b[j] >= 0x31 && b[j] <= 0x39) { j += 1 }
                while j < n, isBlank(b[j]) { j += 1 }
                if j >= n || b[j] == 0x0A || b[j] == 0x0D || b[j] == 0x23 {
                    var indent = 0
                    while lineStart + indent < n, b[lineStart + indent] == 0x20 { indent += 1 }
                    blockParentIndent = indent
                    while i < n, b[i] != 0x0A { i += 1 }
                    continue
                }
            case 0x3F where tokenStart && (i + 1 >= n || isBlank(b[i + 1])):
                explicitKey = true
                i += 1
                continue
            case 0x2A where tokenStart:
                var j = i + 1
                while j < n, isName(b[j]) { j += 1 }
                if j > i + 1 {
                    var k = j
                    while k < n, isBlank(b[k]) { k += 1 }
                    if explicitKey || endsKey(k) {
                        return (line, i - lineStart + 1, String(decoding: b[(i + 1)..<j], as: UTF8.self))
                    }
                }
            default:
                break
            }
            if !isBlank(c) { explicitKey = false }
            tokenStart = isBlank(c) || [0x5B, 0x7B, 0x2C, 0x2D].contains(c)
            i += 1
        }
        return nil
    }

    static func diagnostic(for error: YamlError, path: String, text: String) -> Diagnostic {
        func make(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> Diagnostic {
            var message = problem
            var at = (line: mark.line, column: mark.column)
            if let context, !context.text.isEmpty {
                // A construct left open (an unclosed quote or bracket) is found only at the end of the file: report
                // it where it starts, which is where the fix goes.
                if reachesEnd(mark, in: text) {
                    message = "\(context.text) that starts here: \(problem) (at \(mark), the end of the file)"
                    at = (context.mark.line, context.mark.column)
                } else {
                    message = "\(problem) \(context.text) at \(context.mark)"
                }
            }
            if problem.contains("Maximum nesting level") {
                message = "YAML nested more than 1000 levels deep"
            }
            return Diagnostic(.error, rule: "yaml-syntax", message: "YAML syntax error: \(message)",
                              at: SourceLocation(file: path, line: at.line, column: at.column),
                              fix: "fix the YAML syntax at this position")
        }
        switch error {
        case let .scanner(context, problem, mark, _): return make(problem, context, mark)
        case let .parser(context, problem, mark, _): return make(problem, context, mark)
        case let .composer(context, problem, mark, _): return make(problem, context, mark)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.sorted().first ?? "?"
            let (line, column) = secondOccurrence(of: key, from: context.mark, in: text)
            return Diagnostic(.error, rule: "duplicate-key", message: "key '\(key)' appears twice in the same mapping",
                              at: SourceLocation(file: path, line: line, column: column),
                              fix: "remove one of the two '\(key)' entries")
        case let .reader(problem, offset, _, _):
            var line = 1, column = 1
            if let offset { (line, column) = position(ofCharacterOffset: offset, in: text) }
            return Diagnostic(.error, rule: "yaml-syntax", message: "YAML reader error: \(problem)",
                              at: SourceLocation(file: path, line: line, column: column))
        default:
            return Diagnostic(.error, rule: "yaml-syntax", message: "YAML error: \(error)",
                              at: SourceLocation(file: path, line: 1, column: 1))
        }
    }

    /// Whether `mark` is at the end of `text`: past its last character, or on its last line when only blanks follow.
    static func reachesEnd(_ mark: Mark, in text: String) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line <= lines.count else { return true }
        return lines[(mark.line - 1)...].enumerated().allSatisfy { offset, line in
            let rest = offset == 0 ? line.dropFirst(max(0, mark.column - 1)) : line[...]
            return rest.allSatisfy(\.isWhitespace)
        }
    }

    /// Where a duplicated key appears the second time at the mapping's indentation (the mark, as a fallback).
    static func secondOccurrence(of key: String, from mark: Mark, in text: String) -> (Int, Int) {
        var seen = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where index + 1 >= mark.line {
            let chars = Array(line)
            guard mark.column - 1 <= chars.count else { continue }
            let rest = String(chars[(mark.column - 1)...])
            let unquoted = rest.hasPrefix("- ") ? String(rest.dropFirst(2)) : rest
            if unquoted.hasPrefix(key + ":") || unquoted.hasPrefix("\"\(key)\":") || unquoted.hasPrefix("'\(key)':") {
                seen += 1
                if seen == 2 { return (index + 1, mark.column + (rest.count - unquoted.count)) }
            }
        }
        return (mark.line, mark.column)
    }

    static func position(of index: String.UTF8View.Index, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for scalar in text.unicodeScalars[..<index] {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    static func position(ofCharacterOffset offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for scalar in text.unicodeScalars.prefix(offset) {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, Int) {
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0..<0x80: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, i - lineStart + 1)
            }
            if i + length > bytes.count { return (line, i - lineStart + 1) }
            if length > 1 {
                let prefix = Array(bytes[i..<(i + length)])
                if String(validating: prefix, as: UTF8.self) == nil { return (line, i - lineStart + 1) }
            }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += length
        }
        return (line, 1)
    }
}
