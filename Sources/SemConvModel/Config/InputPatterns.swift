import Foundation

/// The inputs a command reads when they come from `semconv.yaml` (`lint.inputs`): paths or glob patterns.
public enum InputPatterns {
    /// Expands glob patterns (`*`, `?`, `[…]`) to the files they match, sorted; other entries stay as they are (a
    /// missing file is reported by the reader). A pattern that matches nothing is an error at `origin`.
    public static func expand(_ entries: [String], origin: SettingOrigin) -> (paths: [String], diagnostics: [Diagnostic]) {
        var paths: [String] = []
        var diagnostics: [Diagnostic] = []
        for entry in entries {
            guard entry.contains(where: { "*?[".contains($0) }) else {
                paths.append(entry)
                continue
            }
            var matches = glob_t()
            defer { globfree(&matches) }
            let status = glob(entry, 0, nil, &matches)
            let found = status == 0 ? (0..<Int(matches.gl_pathc)).compactMap { i in
                matches.gl_pathv[i].map { String(cString: $0) }
            } : []
            if found.isEmpty {
                let location: SourceLocation = if case let .file(l) = origin { l } else { SourceLocation(file: entry) }
                diagnostics.append(Diagnostic(.error, rule: "unreadable-input", message: "no file matches '\(entry)'",
                                              at: location, fix: "check the pattern (relative to the config file's directory)"))
            }
            paths += found.sorted()
        }
        return (paths, diagnostics)
    }
}
