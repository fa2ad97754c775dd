import SemConvModel

/// `invalid-utf8`: a string holding bytes that are not UTF-8 (once per unit).
enum InvalidUTF8Rule {
    static let description = RuleDescription(
        id: TelemetryRuleID.invalidUTF8.id, category: .telemetry, defaultSeverity: .warning,
        summary: "A string holds bytes that are not UTF-8.",
        rationale: "JSON text must be UTF-8; backends drop or mangle other bytes.",
        fix: "Write UTF-8.",
        nonTriggering: [
            RuleExample(.ndjson, #"{"event":"screen_view","session_id":"s1","screen":"Übersicht 🙂"}"#),
        ])

    static func check(_ ctx: UnitRuleContext) {
        guard ctx.sink.settings.isOn(.invalidUTF8) else { return }
        let batch = ctx.batch
        for i in 0..<batch.slots.count {
            let slot = batch.slots[i]
            guard slot.flags.contains(.nonASCII), !slot.flags.contains(.inScratch),
                  !isValidUTF8(batch.rawBytes(ofSlot: Int32(i))) else { continue }
            guard let severity = ctx.sink.admit(.invalidUTF8) else { return }
            ctx.report(.invalidUTF8, severity, "a string holds bytes that are not valid UTF-8", offset: slot.offset,
                       path: batch.path(slot.pathAnchor), fix: "write UTF-8 (JSON text must be UTF-8)")
            return
        }
    }

    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
