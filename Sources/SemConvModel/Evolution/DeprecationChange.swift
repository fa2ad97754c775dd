/// What a deprecation means for the schema: a rename to a known target, an obsoletion, or something else.
/// Compared between releases by meaning, not by text: a new note on the same rename is a documentation update.
enum DeprecationMeaning: Hashable {
    case renamed(String)
    case obsoleted
    case uncategorized

    var changeKind: RegistryChange.Kind {
        switch self {
        case .renamed: .renamed
        case .obsoleted: .obsoleted
        case .uncategorized: .uncategorized
        }
    }

    /// The meaning of `deprecation` on the item `name`. The older plain-string form counts as a rename when its
    /// text is one of the phrasings upstream used for renames ("Replaced by `x`.", "Use `x` instead.", "Renamed to
    /// `x`.") and names exactly one item that `isKnown` accepts; any other text is uncategorized. Structured
    /// deprecations mean what their `reason` says. A rename to the item itself (upstream v1.27.0 says of
    /// `messaging.servicebus.destination.subscription_name` "Replaced by
    /// `messaging.servicebus.destination.subscription_name`") renames nothing: it is uncategorized.
    static func of(_ deprecation: Deprecation, name: String, isKnown: (String) -> Bool) -> DeprecationMeaning {
        switch deprecation.reason {
        case "renamed":
            guard let target = deprecation.renamedTo, target != name else { return .uncategorized }
            return .renamed(target)
        case "obsoleted": return .obsoleted
        default:
            guard deprecation.isTextForm, let text = deprecation.note, let target = textFormTarget(text),
                  target != name, isKnown(target) else { return .uncategorized }
            return .renamed(target)
        }
    }

    static let renamePhrases = ["replaced by ", "use ", "renamed to ", "deprecated, use ", "deprecated: use ",
                                "deprecated. use ", "moved to "]
    static let renameEndings = ["", " attribute", " metric", " event", " instead", " attribute instead", " metric instead",
                                " event instead"]

    /// `x` in "Replaced by `x`." (one back-quoted name and nothing else but the fixed phrasing).
    static func textFormTarget(_ text: String) -> String? {
        var t = Substring(text.trimmingWhitespace)
        while t.hasSuffix(".") { t = t.dropLast() }
        let lower = t.lowercased()
        guard let phrase = renamePhrases.first(where: { lower.hasPrefix($0) }) else { return nil }
        let rest = t.dropFirst(phrase.count)
        let parts = rest.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, !parts[1].isEmpty, !parts[1].contains(" ") else { return nil }
        guard renameEndings.contains(parts[2].lowercased()) else { return nil }
        return String(parts[1])
    }
}
