/// A position in a source file. Lines and columns are 1-based; 0 means "unknown".
///
/// Binary input (length-prefixed messages, a protobuf request) has no lines: there `byte` is set, `line` is the
/// 1-based message number and `column` is 0 (see `ByteOffset`).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file path as the user gave it (or as found while walking a directory).
    public var file: String
    /// The line; the message number when `byte` is set.
    public var line: Int
    public var column: Int
    /// Binary input: the byte offset, and what it counts in.
    public var byte: ByteOffset?

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A position in binary input: message `message` (1-based), byte `offset` of `space`.
    public init(file: String, message: Int, byte offset: Int, of space: ByteOffset.Space) {
        self.file = file
        line = message
        column = 0
        byte = ByteOffset(offset, of: space)
    }

    /// `file:line:col`, leaving out unknown parts; `file: message 3, byte 17 of the message` for binary input.
    public var description: String {
        if let binary = binaryPosition { return "\(file): \(binary)" }
        var text = file
        if line > 0 {
            text += ":\(line)"
            if column > 0 { text += ":\(column)" }
        }
        return text
    }

    /// Binary input: `message 3, byte 17 of the message` (the one wording every reporter uses); nil otherwise.
    public var binaryPosition: String? {
        byte.map { "message \(line), byte \($0.offset) of the \($0.space.name)" }
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.byte?.offset ?? -1) < (rhs.file, rhs.line, rhs.column, rhs.byte?.offset ?? -1)
    }
}

/// A byte offset in binary input, and what it counts in: findings about a message's content count in the message
/// (or, for a message that was a compressed frame, in its decompressed bytes); findings about the framing count in
/// the file (or, for a gzip or zstd file, in its decompressed bytes, what `gzip -dc` / `zstd -dc` prints).
public struct ByteOffset: Hashable, Sendable {
    public enum Space: String, Sendable, CaseIterable {
        case message
        case decompressedMessage = "decompressed message"
        case file
        case decompressedFile = "decompressed file"

        /// How positions name it: `byte 17 of the decompressed message`.
        public var name: String { rawValue }
    }

    public var offset: Int
    public var space: Space

    public init(_ offset: Int, of space: Space) {
        self.offset = offset
        self.space = space
    }
}

/// How serious a finding is. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding, produced by any command (check, generate, lint) and printed by any reporter.
public struct Diagnostic: Hashable, Sendable {
    public var severity: Severity
    /// Stable rule id, e.g. `undefined-reference`.
    public var rule: String
    public var message: String
    public var location: SourceLocation
    /// A concrete suggestion for fixing the problem.
    public var fix: String?
    /// The attribute the finding is about, when there is one.
    public var attribute: String?
    /// The event (or group) the finding is about, when there is one.
    public var event: String?
    /// The session id the finding is about (telemetry lint), when there is one.
    public var session: String?
    /// A path inside the input, e.g. `resourceLogs[0].scopeLogs[0].logRecords[3].attributes["user.email"]`.
    public var path: String?
    /// Other places that matter for this finding (e.g. the first definition of a duplicate).
    public var related: [SourceLocation]

    public init(
        _ severity: Severity, rule: String, message: String, at location: SourceLocation,
        fix: String? = nil, attribute: String? = nil, event: String? = nil, session: String? = nil,
        path: String? = nil, related: [SourceLocation] = []
    ) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.location = location
        self.fix = fix
        self.attribute = attribute
        self.event = event
        self.session = session
        self.path = path
        self.related = related
    }

    /// Deterministic report order: by file, line, column, then rule and message.
    public static func reportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.location != b.location { return a.location < b.location }
        if a.rule != b.rule { return a.rule < b.rule }
        return a.message < b.message
    }

    /// `diagnostics` in `reportOrder` (stable); an array already in order comes back as it is, without copying
    /// a finding (linters mostly produce findings in order).
    public static func inReportOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var i = 1
        while i < diagnostics.count {
            if reportOrder(diagnostics[i], diagnostics[i - 1]) { return diagnostics.sorted(by: reportOrder) }
            i += 1
        }
        return diagnostics
    }

    /// The finding with the files of its location and related locations shown as `display` names them (e.g. a
    /// file in a fetched registry as `SOURCE:PATH`).
    public func withFiles(_ display: (String) -> String) -> Diagnostic {
        var d = self
        d.location = location.withFile(display)
        d.related = related.map { $0.withFile(display) }
        return d
    }
}

extension SourceLocation {
    /// The same position in the file as `display` names it.
    public func withFile(_ display: (String) -> String) -> SourceLocation {
        var location = self
        location.file = display(file)
        return location
    }
}

/// A user's setting for one rule: turn it off or change its severity.
public enum RuleSetting: String, Sendable, Hashable, CaseIterable {
    case off, info, warning, error

    /// The severity this setting gives, or `nil` when the rule is off.
    public var severity: Severity? {
        switch self {
        case .off: nil
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
    }
}

/// The `--fail-on` threshold shared by every command.
public enum FailThreshold: String, Sendable, CaseIterable {
    case error, warning, never

    /// Whether these findings should make the command exit with status 1.
    public func isFailure(_ diagnostics: [Diagnostic]) -> Bool {
        isFailure(severities: diagnostics.map(\.severity))
    }

    /// Whether findings of these severities should make the command exit with status 1.
    public func isFailure(severities: [Severity]) -> Bool {
        switch self {
        case .never: false
        case .warning: severities.contains { $0 >= .warning }
        case .error: severities.contains(.error)
        }
    }
}
