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

extension RuleDescription {
    /// Runs every example through `findings` (the tool on the example's unmarked text) and returns each difference:
    /// a triggering example must fire exactly at its markers, a non-triggering one (which has no markers) never.
    public func exampleMismatches(_ findings: (RuleExample) throws -> [Diagnostic]) rethrows -> [String] {
        var problems: [String] = []
        for (example, triggering) in triggering.map({ ($0, true) }) + nonTriggering.map({ ($0, false) }) {
            if example.unmarked.markers.isEmpty == triggering {
                problems.append("\(triggering ? "triggering example without" : "non-triggering example with") markers:\n\(example.input)")
            }
            problems += try example.mismatches(findings(example), rule: id).map { "\($0)\n\(example.input)" }
        }
        return problems
    }
}
