import Foundation

/// A duration as the command line writes it: `500ms`, `30s`, `5m`, `2h`, combinations like `1m30s`, or a plain
/// number of seconds. `0` means "never" where an option says so.
public enum LiveDuration {
    /// Seconds in `text`, or nil when it is not a duration.
    public static func parse(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.isEmpty { return nil }
        if let plain = Double(t) { return plain >= 0 && plain.isFinite ? plain : nil }
        var total = 0.0
        var number = ""
        var rest = Substring(t)
        while let c = rest.first {
            if c.isNumber || c == "." {
                number.append(c)
                rest = rest.dropFirst()
                continue
            }
            guard let value = Double(number) else { return nil }
            let unit: Double
            if rest.hasPrefix("ms") { unit = 0.001; rest = rest.dropFirst(2) }
            else if c == "s" { unit = 1; rest = rest.dropFirst() }
            else if c == "m" { unit = 60; rest = rest.dropFirst() }
            else if c == "h" { unit = 3600; rest = rest.dropFirst() }
            else { return nil }
            total += value * unit
            number = ""
        }
        return number.isEmpty ? total : nil
    }
}
