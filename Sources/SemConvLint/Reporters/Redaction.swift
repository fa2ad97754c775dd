import SemConvModel

/// The last line of defence for privacy: every reporter prints findings through `redacted()`, so a value that looks
/// like personal data or a credential (e-mail, phone number, token, URL carrying credentials) is never printed whole,
/// whichever rule echoed it, wherever it sits: in a quoted part of the message or fix, in a path's keys, or in the
/// attribute, event and session fields. `detector` carries the registry's vocabulary (sensitive query keys); the
/// default one knows only the structural detectors.
extension Diagnostic {
    public func redacted(by detector: ValueDetector = ValueDetector()) -> Diagnostic {
        var memo = RedactionMemo(detector: detector)
        var d = self
        memo.redact(&d)
        return d
    }
}

/// Redaction over many findings: texts that recur finding after finding (the message, fix and attribute of every
/// finding about the same key; one file's event and session names) are compared with the last few seen, not
/// scanned again, and a quoted part equal to the last clean one is not run through the detectors again.
struct RedactionMemo {
    private let r: Redaction
    private var quoted = RecentTexts(), whole = RecentTexts()
    private var lastClean: [UInt8] = []

    init(detector: ValueDetector) { r = Redaction(detector: detector) }

    /// Masks `d` in place (see `Diagnostic.redacted(by:)`).
    mutating func redact(_ d: inout Diagnostic) {
        d.message = quotedParts(d.message)
        if let fix = d.fix { d.fix = quotedParts(fix) }
        if let path = d.path { d.path = r.quotedParts(of: path, clean: &lastClean) }
        if let attribute = d.attribute { d.attribute = whole.get(attribute, r.whole) }
        if let event = d.event { d.event = whole.get(event, r.whole) }
        if let session = d.session { d.session = whole.get(session, r.whole) }
    }

    private mutating func quotedParts(_ text: String) -> String {
        quoted.get(text) { [r] in
            var clean: [UInt8] = []
            return r.quotedParts(of: $0, clean: &clean)
        }
    }
}

/// The last few (text, result) pairs of a pure function of a string (`==` on strings sharing storage costs nothing).
private struct RecentTexts {
    private var keys: [String] = [], values: [String] = []
    private var next = 0
    static let size = 8

    mutating func get(_ text: String, _ make: (String) -> String) -> String {
        for i in keys.indices where keys[i] == text { return values[i] }
        let value = make(text)
        if keys.count < Self.size {
            keys.append(text)
            values.append(value)
        } else {
            keys[next] = text
            values[next] = value
            next = (next + 1) % Self.size
        }
        return value
    }
}

struct Redaction {
    let detector: ValueDetector

    /// `value` masked when the value detectors flag it.
    func whole(_ value: String) -> String {
        detector.detect(value) != nil ? ValueDetector.mask(value) : value
    }

    /// Masks each part of `text` between a pair of quotes (' or ") that the detectors flag, keeping the quotes'
    /// positions; text with nothing to mask comes back unchanged. Scans the UTF-8 bytes (quotes are ASCII, so they
    /// never occur inside a multi-byte character) and builds a new string only when something is masked.
    func quotedParts(of text: String) -> String {
        var clean: [UInt8] = []
        return quotedParts(of: text, clean: &clean)
    }

    /// `quotedParts(of:)`; `clean` is a quoted part known clean (skipped without the detectors) and becomes the
    /// last one found clean.
    func quotedParts(of text: String, clean: inout [UInt8]) -> String {
        var copy = text
        return copy.withUTF8 { u in
            var flagged: [Range<Int>] = []
            var quote: UInt8 = 0, start = 0
            var i = 0
            let n = u.count
            while i < n {
                let c = u[i]
                if quote != 0 {
                    if c == quote {
                        if i > start {
                            let part = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: u[start..<i]))
                            if !bytesEqual(part, clean) {
                                if detector.detect(part) != nil { flagged.append(start..<i) } else { clean = Array(part) }
                            }
                        }
                        quote = 0
                    }
                } else if c == 0x27 || c == 0x22 {
                    quote = c
                    start = i + 1
                }
                i &+= 1
            }
            guard !flagged.isEmpty else { return text }  // an unpaired quote: the rest is kept as it is
            var result = "", at = 0
            for r in flagged {
                result += String(decoding: u[at..<r.lowerBound], as: UTF8.self)
                // `mask` gives `'ab***' (n characters)`; inside the existing quotes only `ab***` is kept.
                result += ValueDetector.mask(String(decoding: u[r], as: UTF8.self)).dropFirst().prefix { $0 != "'" }
                at = r.upperBound
            }
            return result + String(decoding: u[at...], as: UTF8.self)
        }
    }
}

extension JSONValue {
    /// The summary as reporters show it: strings and object keys that the detectors flag are masked (session ids and
    /// event names come from the telemetry).
    func redacted(by detector: ValueDetector) -> JSONValue {
        let r = Redaction(detector: detector)
        switch self {
        case let .string(s): return .string(r.whole(s))
        case let .array(items): return .array(items.map { $0.redacted(by: detector) })
        case let .object(pairs): return .object(pairs.map { (r.whole($0.0), $0.1.redacted(by: detector)) })
        default: return self
        }
    }
}
