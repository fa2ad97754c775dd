extension Int {
    /// A decimal whole number (optional sign, digits), beyond `Int` kept as `Int.max` or `Int.min`: still a number,
    /// for a range check to name (`--jobs 99999999999999999999`, `lint.jobs`); nil when the text is not one.
    public init?(saturating text: String) {
        if let value = Int(text) {
            self = value
            return
        }
        let negative = text.hasPrefix("-")
        let digits = negative || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        self = negative ? .min : .max
    }
}
