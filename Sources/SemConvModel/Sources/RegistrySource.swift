import Foundation

/// Where a registry comes from: a local directory, a git repository at a ref, or an archive, each with an optional
/// sub-folder. Every place that accepts a registry (`--registry`, `--baseline`, project configuration, manifest
/// dependencies) takes the same text and goes through `parse` and `RegistrySourceResolver.resolve`.
///
/// Syntax (Weaver's `URL@REF[SUBFOLDER]`):
///
///     DIR                           a local directory (or one YAML file)
///     DIR[SUBFOLDER]                a sub-folder of a local directory
///     ARCHIVE[SUBFOLDER]            a .tar.gz, .tgz, .tar or .zip file: a path, or an http(s):// or file:// URL
///     GIT_URL[@REF][SUBFOLDER]      a git repository (https://, ssh://, git://, file://, user@host:path, or a local
///                                   repository path followed by @REF) at a tag, branch or commit (default: HEAD)
///
/// Quote sources with `[...]` in a shell: unquoted brackets are glob patterns.
public enum RegistrySource: Hashable, Sendable, CustomStringConvertible {
    case directory(String)
    case git(url: String, ref: String?, subfolder: String?)
    case archive(location: String, subfolder: String?)

    static let archiveSuffixes = [".tar.gz", ".tgz", ".tar", ".zip"]

    /// `entry` as a source usable from the working directory: a relative directory or archive path taken from
    /// `base` (a config file's directory; nil or "." for the working directory), URLs and absolute paths as they
    /// are. An entry that does not parse is returned unchanged (resolving it reports the problem).
    public static func location(of entry: String, relativeTo base: String? = nil) -> String {
        guard let base, base != "." else { return entry }
        return (try? parse(entry, relativeTo: base))?.description ?? entry
    }

    /// Parses a source. Relative paths are taken relative to `base` (default: the current directory).
    public static func parse(_ text: String, relativeTo base: String? = nil) throws(RegistrySourceError) -> RegistrySource {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else {
            throw RegistrySourceError(source: text, message: "empty registry source",
                                      fix: "give a directory, an archive or a git URL such as https://host/repo.git@v1.0[model]")
        }
        func absolute(_ path: String) -> String {
            if path.hasPrefix("/") || path.hasPrefix("~") { return (path as NSString).expandingTildeInPath }
            guard let base else { return path }
            return (base as NSString).appendingPathComponent(path)
        }
        // A path that exists as written wins, brackets and '@' included.
        if !hasScheme(trimmed), FileManager.default.fileExists(atPath: absolute(trimmed)) {
            return isArchive(trimmed) ? .archive(location: absolute(trimmed), subfolder: nil) : .directory(absolute(trimmed))
        }
        let (main, subfolder) = try splitSubfolder(trimmed)
        if isArchive(main) {
            if hasScheme(main) {
                guard ["http://", "https://", "file://"].contains(where: main.lowercased().hasPrefix) else {
                    throw RegistrySourceError(source: text, message: "archives are read from a path or an http(s):// or file:// URL",
                                              fix: "download the archive first, or use a git URL for git repositories")
                }
                return .archive(location: main, subfolder: subfolder)
            }
            return .archive(location: absolute(main), subfolder: subfolder)
        }
        if hasScheme(main) || isSCPLike(main) {
            let (url, ref) = splitRef(main)
            return .git(url: url, ref: ref, subfolder: subfolder)
        }
        // A local repository at a ref: `../semantic-conventions@v1.40.0`. Its path is made absolute (from the
        // working directory when there is no base): git runs it from elsewhere.
        if let at = main.lastIndex(of: "@") {
            let path = absolute(String(main[..<at])), ref = String(main[main.index(after: at)...])
            if !ref.isEmpty, !path.isEmpty {
                if isGitRepository(path) {
                    let url = path.hasPrefix("/") ? path
                        : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
                    return .git(url: (url as NSString).standardizingPath, ref: ref, subfolder: subfolder)
                }
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                throw RegistrySourceError(
                    source: text,
                    message: exists && isDirectory.boolValue
                        ? "'\(main[..<at])' is a directory but not a git repository, so '@\(ref)' names no ref"
                        : "'\(main[..<at])' is neither a directory nor a git repository",
                    fix: "give a git repository (a clone, or a bare repository) before '@REF', or a URL such as "
                        + "https://host/org/repo.git@\(ref)")
            }
        }
        let directory = absolute(main)
        guard let subfolder else { return .directory(directory) }
        return .directory((directory as NSString).appendingPathComponent(subfolder))
    }

    /// The path `text` names when it is a local directory or archive that does not exist; nil when it exists, is
    /// fetched (git repositories, URLs: not looked at here) or does not parse (`parse` reports that). A cheap check
    /// for settings to report before anything is loaded.
    public static func missingLocalPath(_ text: String, relativeTo base: String? = nil) -> String? {
        let path: String
        switch try? parse(text, relativeTo: base) {
        case let .directory(directory)?: path = directory
        case let .archive(location, _)? where !hasScheme(location): path = location
        default: return nil
        }
        return FileManager.default.fileExists(atPath: path) ? nil : path
    }

    /// The source as a user would write it.
    public var description: String {
        switch self {
        case let .directory(path): return path
        case let .git(url, ref, subfolder): return url + (ref.map { "@" + $0 } ?? "") + (subfolder.map { "[\($0)]" } ?? "")
        case let .archive(location, subfolder): return location + (subfolder.map { "[\($0)]" } ?? "")
        }
    }

    /// `true` for sources that are fetched (git, archives) rather than read in place.
    public var isRemote: Bool {
        if case .directory = self { return false }
        return true
    }

    static func hasScheme(_ text: String) -> Bool {
        guard let range = text.range(of: "://") else { return false }
        let scheme = text[..<range.lowerBound]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// `git@github.com:org/repo.git`: user@host:path without a scheme.
    static func isSCPLike(_ text: String) -> Bool {
        guard let at = text.firstIndex(of: "@"), let colon = text.firstIndex(of: ":"), at < colon else { return false }
        let user = text[..<at], host = text[text.index(after: at)..<colon]
        return !user.isEmpty && !host.isEmpty && !user.contains("/") && !host.contains("/")
    }

    static func isArchive(_ text: String) -> Bool {
        let path = text.split(separator: "?", maxSplits: 1).first.map(String.init)?.lowercased() ?? text.lowercased()
        return archiveSuffixes.contains { path.hasSuffix($0) }
    }

    static func isGitRepository(_ path: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: path + "/.git")
            || (fm.fileExists(atPath: path + "/HEAD") && fm.fileExists(atPath: path + "/objects"))
    }

    /// `text[sub/folder]` → (`text`, `sub/folder`). The sub-folder must be relative and stay inside the source,
    /// and its bracket closed.
    static func splitSubfolder(_ text: String) throws(RegistrySourceError) -> (String, String?) {
        if let open = text.lastIndex(of: "["), !text[open...].contains("]") {
            throw RegistrySourceError(source: text, message: "the sub-folder '\(text[open...])' is missing its closing ']'",
                                      fix: "write the sub-folder as [FOLDER] at the end, e.g. \(text[..<open])[\(text[text.index(after: open)...])]")
        }
        guard text.hasSuffix("]"), let open = text.lastIndex(of: "[") else { return (text, nil) }
        let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmingWhitespace
        let main = String(text[..<open])
        let parts = inner.split(separator: "/", omittingEmptySubsequences: true)
        guard !inner.isEmpty, !inner.hasPrefix("/"), !parts.contains("..") else {
            throw RegistrySourceError(source: text, message: "sub-folder '\(inner)' must be a relative path inside the source",
                                      fix: "write the folder as it appears in the repository or archive, e.g. [model]")
        }
        return (main, parts.filter { $0 != "." }.joined(separator: "/"))
    }

    /// Splits `URL@REF`. The ref follows the first '@' in the URL's path (an '@' before the host is a user name).
    static func splitRef(_ text: String) -> (String, String?) {
        let pathStart: String.Index
        if let scheme = text.range(of: "://") {
            pathStart = text[scheme.upperBound...].firstIndex(of: "/") ?? text.endIndex
        } else if let colon = text.firstIndex(of: ":") {
            pathStart = colon  // user@host:path
        } else {
            pathStart = text.startIndex
        }
        guard let at = text[pathStart...].firstIndex(of: "@") else { return (text, nil) }
        let ref = String(text[text.index(after: at)...])
        return (String(text[..<at]), ref.isEmpty ? nil : ref)
    }
}

/// A registry source that cannot be parsed, fetched or unpacked: which source, what went wrong, what to do.
public struct RegistrySourceError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    public var fix: String
    /// The first relevant line a tool (git, tar, unzip, curl) wrote about it, e.g. `tar: Unexpected EOF in archive`.
    public var detail: String?

    public init(source: String, message: String, fix: String, detail: String? = nil) {
        self.source = source
        self.message = message
        self.fix = fix
        self.detail = detail
    }

    public var description: String { "\(source): \(message)\(detail.map { " (\($0))" } ?? "") (\(fix))" }

    /// The message with the tool's line in parentheses, for one-line forms.
    public var fullMessage: String { message + (detail.map { " (\($0))" } ?? "") }

    /// The error as a finding (rule `unreadable-input`; commands exit with status 2).
    public var diagnostic: Diagnostic {
        Diagnostic(.error, rule: "unreadable-input", message: "registry source '\(source)': \(fullMessage)",
                   at: SourceLocation(file: source), fix: fix)
    }
}
