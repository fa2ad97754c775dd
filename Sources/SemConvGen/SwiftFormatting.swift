import Foundation

/// Re-indents generated Swift by its braces (4 spaces per level, `case` at the level of its `switch`), trims
/// trailing whitespace and tidies blank lines, so templates need not track indentation through nested partials.
public enum SwiftFormatting {
    public static func reindent(_ text: String) -> String {
        // Written straight into `out`. A blank line is held back until the next line shows whether it stays: it is
        // dropped before a closing brace and at the end, and never follows an opening brace or another blank line.
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 2)
        var hasLines = false, blankPending = false, lastOpensBlock = false
        var depth = 0
        var blocks: [Bool] = []  // true for a switch block
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var start = raw.startIndex, end = raw.endIndex
            while start < end, raw[start] == 0x20 || raw[start] == 0x09 { start = raw.index(after: start) }
            while end > start, raw[raw.index(before: end)] == 0x20 || raw[raw.index(before: end)] == 0x09 || raw[raw.index(before: end)] == 0x0D {
                end = raw.index(before: end)
            }
            let line = String(decoding: raw[start..<end], as: UTF8.self)
            if line.isEmpty {
                if hasLines, !blankPending, !lastOpensBlock { blankPending = true }
                continue
            }
            let (opens, closes, leadingCloses) = braces(line)
            var level = depth - leadingCloses
            let inSwitch = blocks.dropLast(leadingCloses).last ?? false
            if inSwitch, line.hasPrefix("case ") || line.hasPrefix("default:") || line.hasPrefix("@unknown default") {
                level -= 1
            }
            if line.hasPrefix("}") { blankPending = false }
            if hasLines { out += blankPending ? "\n\n" : "\n" }
            for _ in 0..<max(level, 0) { out += "    " }
            out += line
            hasLines = true
            blankPending = false
            lastOpensBlock = line.hasSuffix("{")
            for _ in 0..<closes where !blocks.isEmpty { blocks.removeLast() }
            for i in 0..<opens { blocks.append(i == opens - 1 && line.hasPrefix("switch ")) }
            depth = max(depth + opens - closes, 0)
        }
        return out + "\n"
    }

    /// Braces outside strings and comments: opened, closed, and closed before any other code on the line.
    static func braces(_ line: String) -> (Int, Int, Int) {
        var opens = 0, closes = 0, leading = 0, sawCode = false
        var inString = false, escaped = false
        var previous: Unicode.Scalar = " "
        for c in line.unicodeScalars {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                previous = c
                continue
            }
            if c == "/", previous == "/" { break }
            switch c {
            case "\"": inString = true; sawCode = true
            case "{": opens += 1; sawCode = true
            case "}":
                if opens > 0 { opens -= 1 } else {
                    closes += 1
                    if !sawCode { leading += 1 }
                }
            case " ", "\t": break
            default: if c != "/" { sawCode = true }
            }
            previous = c
        }
        return (opens, closes, leading)
    }
}
