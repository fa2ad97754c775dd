/// The version of swift-semconv, shown by `semconv --version`, in SARIF output and in generated files.
public enum SemConvVersion {
    public static let current = "0.1.0"
    /// Where the project lives; rule help links point into its README.
    public static let repositoryURL = "https://github.com/swift-semconv/swift-semconv"

    /// The README anchor that documents `rule` (every rule id has one: `<a id="rule-ID">`).
    public static func helpURI(rule: String) -> String { repositoryURL + "#rule-" + rule }
}
