import Foundation

/// The three kinds of listener `semconv live-check` runs. The raw value is what findings carry as their `file`
/// and what the `listening` line names.
public enum LiveListener: String, Sendable, CaseIterable, Hashable, Comparable {
    case otlpHTTP = "otlp-http"
    case otlpGRPC = "otlp-grpc"
    case faro

    /// The command-line flag that configures this listener (for error messages).
    public var flag: String { "--" + rawValue }

    public static func < (a: LiveListener, b: LiveListener) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
