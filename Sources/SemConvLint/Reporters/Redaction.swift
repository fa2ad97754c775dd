import SemConvModel

/// The last line of defence for privacy: every reporter prints findings through `redacted()`, so a value that looks
/// like personal data or a credential (e-mail, phone number, token, URL carrying credentials) is never printed whole,
/// whichever rule echoed it, wherever it sits: in a quoted part of the message or fix, in a path's keys, or in the
/// attribute, event and session fields. `detector` carries the registry's vocabulary (sensitive query keys); the
/// default one knows only the structural detectors.
extension Diagnostic {
    public func redacted(by detector: ValueDetector = ValueDetector()) -> Diagnostic {
        let r = Redaction(detector: detector)
        var d = self
        d.message = r.quotedParts(of: message)
        d.fix = fix.map(r.quotedParts)
        d.path = path.map(r.quotedParts)
        d.attribute = attribute.map(r.whole)
        d.event = event.map(r.whole)
        d.session = session.map(r.whole)
        return d
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
        var copy = text
        return copy.withUTF8 { u in
            var flagged: [Range<Int>] = []
            var quote: UInt8 = 0, start = 0
            for i in u.indices {
                let c = u[i]
                if quote != 0 {
                    if c == quote {
                        if i > start, detector.detect(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: u[start..<i]))) != nil {
                            flagged.append(start..<i)
                        }
                        quote = 0
                    }
                } else if c == 0x27 || c == 0x22 {
                    quote = c
                    start = i + 1
                }
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
