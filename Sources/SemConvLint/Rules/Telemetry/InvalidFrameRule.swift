import SemConvModel

/// `invalid-frame`: binary input that cannot be read as framed: a length-prefixed message cut off or declaring more
/// bytes than follow, a compressed frame or stream that is corrupt or truncated, a protobuf message that is not
/// valid protobuf (a length past the end of its message, a varint longer than 10 bytes, ...). The finding is at the
/// message number and a byte offset (`SourceLocation.byte`); what the framing still allows is read. A file that ends
/// early, in a compressed stream that is cut off or damaged or not, is one finding naming the last complete message.
enum InvalidFrameRule {
    static let description = RuleDescription(
        id: TelemetryRuleID.invalidFrame.id, category: .telemetry, defaultSeverity: .error,
        summary: "A length-prefixed message, compressed frame or protobuf message is truncated or corrupt.",
        rationale: "What a damaged frame held is not checked; a file the Collector was still writing, or one cut "
            + "off in transfer, would otherwise pass with part of its telemetry unread. Messages before the damage, "
            + "and after it where the framing allows, are still checked.",
        fix: "Re-export or recover the file; a file the Collector is still writing ends with a partial message: "
            + "lint a copy taken after the Collector has rotated or closed it.")
}
