extension RuleExample {
    /// Compares the findings of one rule on this example (its unmarked text) with the example's markers: every marker
    /// needs one finding at its exact line and column, and no finding may sit anywhere else. Returns one line per
    /// difference (empty when the example holds), for test failures and `semconv rules` checks alike.
    public func mismatches(_ findings: [Diagnostic], rule: String) -> [String] {
        var expected = unmarked.markers.map { "\($0.line):\($0.column)" }
        var problems: [String] = []
        for finding in findings where finding.rule == rule {
            let at = "\(finding.location.line):\(finding.location.column)"
            if let index = expected.firstIndex(of: at) {
                expected.remove(at: index)
            } else {
                problems.append("unexpected \(rule) at \(at): \(finding.message)")
            }
        }
        problems += expected.map { "no \(rule) at \($0)" }
        return problems
    }
}
