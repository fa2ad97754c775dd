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
    /// positions; text with nothing to mask comes back unchanged.
    func quotedParts(of text: String) -> String {
        guard text.contains("'") || text.contains("\"") else { return text }
        var result = ""
        var part = ""
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q {
                    result += part.isEmpty ? "" : maskedInside(part)
                    result.append(c)
                    part = ""
                    quote = nil
                } else {
                    part.append(c)
                }
            } else {
                result.append(c)
                if c == "'" || c == "\"" { quote = c }
            }
        }
        return result + part  // an unpaired quote: the rest is kept as it is
    }

    /// A quoted part masked (without the quotes `mask` adds) when flagged.
    private func maskedInside(_ part: String) -> String {
        let masked = whole(part)
        guard masked != part else { return part }
        // mask gives `'ab***' (n characters)`; inside the existing quotes only `ab***` is kept.
        return String(masked.dropFirst().prefix { $0 != "'" })
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
