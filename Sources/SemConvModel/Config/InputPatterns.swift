import Foundation

/// The inputs a command reads when they come from `semconv.yaml` (`lint.inputs`) or the command line: paths or glob
/// patterns.
public enum InputPatterns {
    /// Expands glob patterns to the files they match, each pattern's matches sorted: `*`, `?` and `[…]` within one
    /// path component (a leading `.` is matched only by a `.` in the pattern), and `**` as a whole component for zero
    /// or more directories (`recs/**/*.ndjson` matches `recs/a.ndjson` and `recs/x/y/a.ndjson`). Other entries stay
    /// as they are. A file named twice (by overlapping patterns, or through a symbolic or hard link) is read once, where it
    /// is first named; so is standard input (`-`), which a second read would find already consumed. A pattern that
    /// matches nothing, and a file named in the config that does not exist, is an error at `origin`; on the command
    /// line both are left to the reader, which reports them with the findings of the other inputs.
    public static func expand(_ entries: [String], origin: SettingOrigin) -> (paths: [String], diagnostics: [Diagnostic]) {
        var paths: [String] = []
        var seen = Set<String>()
        var diagnostics: [Diagnostic] = []
        let location: SourceLocation? = if case let .file(l) = origin { l } else { nil }
        func add(_ path: String) {
            if seen.insert(identity(path)).inserted { paths.append(path) }
        }
        for entry in entries {
            guard isPattern(entry) else {
                if let location, entry != "-", !FileManager.default.fileExists(atPath: entry) {
                    diagnostics.append(Diagnostic(.error, rule: "unreadable-input",
                                                  message: "'lint.inputs' names '\(entry)', which does not exist", at: location,
                                                  fix: "create the file, or change 'lint.inputs' (paths are relative to the config file's directory)"))
                    continue
                }
                add(entry)
                continue
            }
            let found = matches(entry)
            if found.isEmpty, location == nil {
                // On the command line the reader reports it (`input-unreadable`, "no file matches"), with the
                // findings of the other inputs, as it reports a missing file.
                add(entry)
                continue
            }
            if found.isEmpty {
                diagnostics.append(Diagnostic(.error, rule: "unreadable-input", message: "no file matches '\(entry)'",
                                              at: location ?? SourceLocation(file: entry),
                                              fix: "check the pattern (relative to the config file's directory; '**' stands for any number of directories)"))
            }
            found.forEach(add)
        }
        return (paths, diagnostics)
    }

    /// The paths `pattern` matches, sorted.
    static func matches(_ pattern: String) -> [String] {
        let absolute = pattern.hasPrefix("/")
        let components = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var found = Set<String>()
        walk(absolute ? "/" : "", components[...], into: &found)
        return found.sorted()
    }

    /// Adds to `found` the paths under `prefix` (a path ending in "/" or empty for the working directory) that match
    /// `rest`.
    private static func walk(_ prefix: String, _ rest: ArraySlice<String>, into found: inout Set<String>) {
        guard let component = rest.first else {
            if !prefix.isEmpty { found.insert(prefix == "/" ? prefix : String(prefix.dropLast())) }
            return
        }
        let remaining = rest.dropFirst()
        let directory = prefix.isEmpty ? "." : prefix
        if component == "**" {
            walk(prefix, remaining, into: &found)
            // Real directories only: a symbolic link to a parent would never end.
            for name in entries(of: directory) where !name.hasPrefix(".") {
                if isRealDirectory(prefix + name) {
                    walk(prefix + name + "/", rest, into: &found)
                } else if remaining.isEmpty {
                    found.insert(prefix + name)
                }
            }
            return
        }
        guard isPattern(component) else {
            let path = prefix + component
            if FileManager.default.fileExists(atPath: path) { walk(path + "/", remaining, into: &found) }
            return
        }
        for name in entries(of: directory) where fnmatch(component, name, FNM_PERIOD) == 0 {
            walk(prefix + name + "/", remaining, into: &found)
        }
    }

    private static func entries(of directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }

    private static func isRealDirectory(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeDirectory
    }

    /// What makes two names the same file: the resolved real path (the standardized path when it cannot be had).
    /// The entries (not patterns) that name a file an earlier entry named already, each with that earlier entry:
    /// read once (see `expand`), which the command says rather than leave a user to wonder why a file named twice
    /// shows once in the counts. Overlapping patterns are expected to overlap and are not listed.
    public static func repeatedNames(_ entries: [String]) -> [(entry: String, earlier: String)] {
        var first: [String: String] = [:]
        var repeated: [(entry: String, earlier: String)] = []
        for entry in entries where !isPattern(entry) {
            let key = identity(entry)
            if let earlier = first[key] { repeated.append((entry, earlier)) } else { first[key] = entry }
        }
        return repeated
    }

    /// Whether `text` (an input entry or one path component) is a glob pattern: it holds `*`, `?` or `[`.
    public static func isPattern(_ text: some StringProtocol) -> Bool { text.contains { "*?[".contains($0) } }

    /// What makes two names one file: its device and inode (`./a`, `x/../a`, a symbolic or a hard link), else, for a
    /// name that does not exist, the normalized path.
    /// Standard input (`-`) is the file it is redirected from (`lint - a.ndjson < a.ndjson` names one file twice),
    /// else itself.
    static func identity(_ path: String) -> String {
        var info = stat()
        if path == "-" {
            guard fstat(STDIN_FILENO, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return "\0stdin" }
            return "\(info.st_dev):\(info.st_ino)"
        }
        if stat(path, &info) == 0 { return "\(info.st_dev):\(info.st_ino)" }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
