/// Where a character of a string literal's value is in the source: a finding about part of a string (a regex named
/// group) points at that part, not at the opening quote. Columns count Unicode scalars, like every position here.
enum LiteralPosition {
    /// How the literal is written, which decides how many source characters each value character takes.
    enum Style {
        /// Alloy `"..."` and YAML `"..."`: a backslash escape (`\n`, `\x41`, `\101`, `\u0041`, `\U00000041`) is one
        /// character of the value.
        case doubleQuoted
        /// YAML `'...'`: `''` is one `'`.
        case singleQuoted
        /// Alloy `` `...` `` (told by its backquote) and YAML plain scalars: the value as written.
        case raw
    }

    /// The line and column of value character `offset` (in scalars) of the literal that starts at `line`:`column`
    /// of `source` (at its opening quote, or its first character when unquoted); nil when the literal is not there
    /// or is shorter. A YAML scalar folded over lines is not followed (nil from its first line break).
    static func locate(_ offset: Int, inLiteralAt line: Int, column: Int, of source: [UInt8], style: Style,
                       yaml: Bool = false) -> (line: Int, column: Int)? {
        let scalars = Array(String(decoding: source, as: UTF8.self).unicodeScalars)
        var i = scalars.first == "\u{FEFF}" ? 1 : 0  // a byte order mark takes no column
        var l = 1, c = 1
        while i < scalars.count, (l, c) != (line, column) {
            if scalars[i] == "\n" { l += 1; c = 1 } else { c += 1 }
            i += 1
        }
        guard i < scalars.count else { return nil }
        var style = style
        if scalars[i] == "`" { style = .raw }  // an Alloy raw string
        if scalars[i] == "\"" || scalars[i] == "'" || scalars[i] == "`" {
            i += 1  // the opening quote
            c += 1
        }
        var produced = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\n" {
                if yaml { return nil }
                if produced == offset { return (l, c) }
                produced += 1
                l += 1
                c = 1
                i += 1
                continue
            }
            if produced == offset { return (l, c) }
            var width = 1
            switch style {
            case .doubleQuoted where s == "\\":
                let e = i + 1 < scalars.count ? scalars[i + 1] : " "
                width = switch e {
                case "x": 4
                case "u": 6
                case "U": 10
                case "0"..."7" where !yaml: 4
                default: 2
                }
            case .singleQuoted where s == "'":
                width = 2
            default:
                break
            }
            produced += 1
            i += width
            c += width
        }
        return nil
    }
}
