#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SemConvModel

/// `sensitive-value`: any string of the unit (attribute values, bodies, event names, unknown fields, attribute keys
/// the registry does not define) that looks like an e-mail address, a bearer token, a JWT, a phone number or a URL
/// with credentials (user info, or a real value for a query key the registry names sensitive: `ValueDetector`). The
/// value is masked in the message.
enum SensitiveValueRule {
    static let description = RuleDescription(
        id: TelemetryRuleID.sensitiveValue.id, category: .telemetry, defaultSeverity: .error,
        summary: "A string value looks like an e-mail, token, phone number or a URL with credentials (user info, or a real value for a query key the registry names sensitive).",
        rationale: "Personal data and credentials reach telemetry through free text (messages, URLs, bodies) as often as through named attributes.",
        fix: "Drop or hash the value before it is sent; redact URL query values to `REDACTED`.",
        triggering: [
            RuleExample(.ndjson, #"{"event":"support_request","session_id":"s1","note":↓"mail jane@example.com"}"#),
            RuleExample(.ndjson, #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":↓"Authorization: Bearer abcdefghijkl123"}}]}]}]}"#),
            RuleExample(.ndjson, #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"url.full","value":{"stringValue":↓"https://x.example/cb?token=secret123"}}]}]}]}]}"#),
            RuleExample(.ndjson, #"{"event":"image_load","session_id":"s1","url":↓"https://cdn.example/a.png?X-Amz-Signature=7f3a9c"}"#),
            RuleExample(.ndjson, #"{"event":"support_request","session_id":"s1","note":↓"+1 415 555 0100","callback":↓"(415) 555-0100","office":↓"+44 20 7946 0958","desk":↓"0049 30 1234567"}"#,
                        note: "phone numbers: international, with an area code in parentheses, with a 00 prefix"),
        ],
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"support_request","session_id":"s1","note":"hello world","url":"https://x.example/a?page=2"}"#),
            RuleExample(.ndjson, #"{"event":"image_load","session_id":"s1","url":"https://REDACTED:REDACTED@cdn.example/a.png?w=100&sig=REDACTED"}"#,
                        note: "redacted as the semantic conventions prescribe (url.full note)"),
            RuleExample(.ndjson, #"{"event":"support_request","session_id":"s1","user_email":"jane@example.com"}"#,
                        note: "a forbidden attribute is reported once, by forbidden-attribute"),
            RuleExample(.ndjson, #"{"event":"order_placed","session_id":"s1","order_id":"2026-03-01-123456","day":"01-03-2026 0930","isbn":"978-3-16-148410-0","ref":"000123-0-12345678","chunk":"1234-5678-9012"}"#,
                        note: "digits and dashes that are not phone numbers: a dashed id with a year prefix, a date, an ISBN-13 with its check digit, a session id with a one-digit group, UUID groups"),
        ])

    static func check(_ ctx: UnitRuleContext) {
        guard ctx.sink.settings.isOn(.sensitiveValue) else { return }
        let batch = ctx.batch
        for i in 0..<batch.attributes.count {
            let occurrence = batch.attributes[i]
            let id = Int(ctx.occurrenceIDs[i])
            if id < 0 {
                batch.withKey(of: occurrence) { key in
                    guard key.count >= 6, let what = ctx.cleanValues.detect(key),
                          let severity = ctx.sink.admit(.sensitiveValue) else { return }
                    let text = String(decoding: key, as: UTF8.self)
                    ctx.report(.sensitiveValue, severity,
                               "an attribute key holds what looks like \(what): \(ValueDetector.mask(text))",
                               offset: occurrence.offset, path: batch.path(occurrence.pathAnchor),
                               fix: "do not record personal data or credentials as attribute names")
                }
            }
            detect(ctx, occurrence.value) {
                id >= 0 ? ctx.index.attributes[id].key : batch.keyString(of: occurrence)
            }
        }
        for i in 0..<batch.slots.count {
            let slot = batch.slots[i]
            guard slot.kind == .string, !slot.flags.contains(.reported), !slot.flags.contains(.inScratch) else { continue }
            detect(ctx, Int32(i)) { batch.name(ofSlot: Int32(i)) }
        }
    }

    /// Runs the value detectors on string slot `s` unless already reported, and reports what they find.
    @inline(__always) private static func detect(_ ctx: UnitRuleContext, _ s: Int32, name: () -> String?) {
        let batch = ctx.batch
        let slot = batch.slots[s]
        guard slot.kind == .string, !slot.flags.contains(.reported) else { return }
        batch.slots[s].flags.insert(.reported)
        guard slot.span.count >= 6, let what = ctx.cleanValues.detect(batch.rawBytes(ofSlot: s)),
              let severity = ctx.sink.admit(.sensitiveValue) else { return }
        let value = batch.string(ofSlot: s)
        let attribute = name()
        ctx.report(.sensitiveValue, severity,
                   "\(attribute.map { "'\($0)' holds" } ?? "a value holds") what looks like \(what): \(ValueDetector.mask(value))",
                   offset: slot.offset, attribute: attribute, path: batch.path(slot.pathAnchor),
                   fix: "do not record personal data or credentials; drop or hash the value before it is sent")
    }
}

/// A small direct-mapped memo of values the detectors found clean (the detectors are pure functions of the bytes).
/// Only values that pass the cheap prefilter and are at most `width` bytes long are remembered; a hit is verified
/// byte for byte, so a collision only costs a detector run.
final class CleanValueCache {
    static let slots = 512, width = 64
    let detector: ValueDetector
    private let bytes: UnsafeMutablePointer<UInt8>
    private let lengths: UnsafeMutablePointer<UInt8>

    init(detector: ValueDetector) {
        self.detector = detector
        bytes = .allocate(capacity: Self.slots * Self.width)
        lengths = .allocate(capacity: Self.slots)
        lengths.initialize(repeating: 0, count: Self.slots)
    }

    deinit {
        bytes.deallocate()
        lengths.deallocate()
    }

    /// `detector.detect`, remembering clean values.
    @inline(__always) func detect(_ p: UnsafeRawBufferPointer) -> String? {
        let n = p.count
        guard n >= 6, let base = p.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        if ValueDetector.isPlainWordOrID(base, n) { return nil }
        guard n <= Self.width else { return detector.detect(p) }
        let head = UnsafeRawPointer(base).loadUnaligned(as: UInt32.self)
        let tail = UnsafeRawPointer(base + n - 4).loadUnaligned(as: UInt32.self)
        let mid = UnsafeRawPointer(base + n / 2 - 2).loadUnaligned(as: UInt32.self)
        var h = (UInt64(head) << 32 | UInt64(tail)) &* 0x9E37_79B9_7F4A_7C15
        h ^= UInt64(mid) &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(n)
        let slot = Int(truncatingIfNeeded: (h ^ (h >> 31)) & UInt64(Self.slots - 1))
        let stored = bytes + slot * Self.width
        if Int(lengths[slot]) == n, memcmp(stored, base, n) == 0 { return nil }
        let found = detector.detect(p)
        if found == nil {
            stored.update(from: base, count: n)
            lengths[slot] = UInt8(n)
        }
        return found
    }
}
