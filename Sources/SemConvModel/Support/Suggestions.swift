/// "Did you mean" support shared by every command.
public enum Suggestions {
    /// Levenshtein distance between two strings (by Unicode scalars).
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidates closest to `name`, best first, within a distance that scales with the name's length
    /// (`threshold`, default a third of it but at least 2). A candidate that shares nothing with the name (the
    /// distance is the longer one's length: `v` and `h2`) is never suggested.
    public static func nearest<S: Sequence>(to name: String, in candidates: S, limit: Int = 3,
                                            threshold: Int? = nil) -> [String]
    where S.Element == String {
        let threshold = threshold ?? max(2, name.count / 3)
        let scored = candidates.compactMap { candidate -> (Int, String)? in
            guard candidate != name, abs(candidate.count - name.count) <= threshold else { return nil }
            let d = editDistance(name, candidate)
            return d <= threshold && d < max(name.count, candidate.count) ? (d, candidate) : nil
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(limit).map(\.1)
    }

    /// The distance within which a value is taken for a misspelt enum member: a quarter of its length, at least
    /// one edit. Values are short (`h2`, `ios`, `wifi`), so the looser threshold for names would match unrelated
    /// members.
    public static func memberThreshold(_ value: String) -> Int { max(1, value.count / 4) }

    /// ` (did you mean 'x'?)`, or an empty string when nothing is close.
    public static func didYouMean<S: Sequence>(_ name: String, in candidates: S, threshold: Int? = nil) -> String
    where S.Element == String {
        let best = nearest(to: name, in: candidates, limit: 3, threshold: threshold)
        guard !best.isEmpty else { return "" }
        return " (did you mean " + best.map { "'\($0)'" }.joined(separator: " or ") + "?)"
    }
}
