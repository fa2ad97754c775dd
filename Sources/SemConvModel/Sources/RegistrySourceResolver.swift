import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A registry source made local: the directory to load and how it got there.
public struct ResolvedRegistrySource: Sendable, Hashable {
    public var source: RegistrySource
    /// The directory (or YAML file) to load.
    public var directory: String
    /// The git commit or the archive's SHA-256, for fetched sources.
    public var revision: String?
    /// `true` when the cache answered without reading the network or the archive.
    public var fromCache: Bool
    /// For fetched sources: the root of the fetched tree (the repository's checkout, the archive's content), which
    /// `RegistrySourceResolver.displayPath` names after the source.
    public var tree: String?
}

/// Turns registry sources into local directories: directories as they are; git repositories and archives fetched
/// once into the user's cache and reused.
///
/// Cache (`$SEMCONV_CACHE_DIR`, else `$XDG_CACHE_HOME/semconv`, else `~/.cache/semconv`):
/// - `git/<commit>/`: the tree of a commit. Tags and commits are remembered for good, so a second run reads no
///   network; a branch (or `HEAD`) is looked up again with one `git ls-remote`, then read from the cache if unchanged.
/// - `archives/<sha256>/`: an unpacked archive, keyed by its content. A local archive is found again by path, size
///   and modification time, a URL by the URL itself (archive URLs are taken to be immutable; use `--no-cache` to
///   fetch one again).
/// - `index/`: the small records that map refs, paths and URLs to those keys.
/// Entries are written to `tmp/` and renamed into place, so concurrent runs never see half an entry; each has a
/// `<key>.manifest` beside it (file count and a hash of every path and size), written last, so an entry whose files
/// were deleted or cut short, or that never got its manifest, is removed and fetched again.
///
/// Uses the system's `git`, `tar`, `unzip` (or `python3`'s zipfile) and `curl`; an error names what to install.
public final class RegistrySourceResolver: @unchecked Sendable {
    public let cacheDirectory: String
    public let useCache: Bool
    private let lock = NSLock()
    private var temporaryPaths: [String] = []
    /// Fetched trees and the sources they came from (as written, without sub-folder), for `displayPath`.
    private var trees: [(root: String, label: String)] = []

    /// - Parameters:
    ///   - cacheDirectory: where fetched sources are kept (default: `defaultCacheDirectory`).
    ///   - useCache: `false` (`--no-cache`) fetches every remote source again into a temporary directory that
    ///     `removeTemporaryFiles()` deletes, and leaves the cache as it is.
    public init(cacheDirectory: String? = nil, useCache: Bool = true) {
        self.cacheDirectory = cacheDirectory ?? RegistrySourceResolver.defaultCacheDirectory
        self.useCache = useCache
    }

    deinit { removeTemporaryFiles() }

    /// `$SEMCONV_CACHE_DIR`, else `$XDG_CACHE_HOME/semconv`, else `~/.cache/semconv`.
    public static var defaultCacheDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["SEMCONV_CACHE_DIR"], !dir.isEmpty { return dir }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/semconv" }
        return NSHomeDirectory() + "/.cache/semconv"
    }

    /// Parses and resolves a source written as text (see `RegistrySource`). Paths inside a fetched tree are shown
    /// after this text (`displayPath`).
    public func resolve(_ text: String, relativeTo base: String? = nil) throws(RegistrySourceError) -> ResolvedRegistrySource {
        let resolved: ResolvedRegistrySource
        do {
            resolved = try resolve(RegistrySource.parse(text, relativeTo: base))
        } catch {
            var named = error
            named.source = text  // as the user wrote it
            throw named
        }
        if let tree = resolved.tree {
            let label = (try? RegistrySource.splitSubfolder(text.trimmingWhitespace))?.0 ?? text
            record(tree, label: label)
        }
        return resolved
    }

    /// The local directory for `source`, fetching it when it is not cached.
    public func resolve(_ source: RegistrySource) throws(RegistrySourceError) -> ResolvedRegistrySource {
        let resolved: ResolvedRegistrySource
        switch source {
        case let .directory(path):
            return ResolvedRegistrySource(source: source, directory: path, revision: nil, fromCache: false)
        case let .git(url, ref, subfolder):
            let (root, commit, cached) = try gitTree(url: url, ref: ref, source: source)
            resolved = ResolvedRegistrySource(source: source, directory: try locate(subfolder, in: root, source: source),
                                              revision: commit, fromCache: cached, tree: root)
            record(root, label: url + (ref.map { "@" + $0 } ?? ""))
        case let .archive(location, subfolder):
            // The sub-folder is looked up in the archive, then in its single top-level folder (GitHub's
            // `repo-1.40.0/`); without one, that folder is the registry.
            let (unpacked, hash, cached) = try archiveTree(location: location, source: source)
            let root = RegistrySourceResolver.contentRoot(unpacked)
            let directory: String
            if let subfolder, root != unpacked, FileManager.default.fileExists(atPath: unpacked + "/" + subfolder) {
                directory = unpacked + "/" + subfolder
            } else {
                directory = try locate(subfolder, in: root, source: source)
            }
            let tree = directory == root || directory.hasPrefix(root + "/") ? root : unpacked
            resolved = ResolvedRegistrySource(source: source, directory: directory, revision: hash, fromCache: cached, tree: tree)
            record(tree, label: location)
        }
        return resolved
    }

    /// `path` for reports: inside a tree this resolver fetched, `SOURCE:PATH` (the source as it was written, without
    /// its sub-folder, and the path inside the repository or archive, e.g.
    /// `https://github.com/open-telemetry/semantic-conventions.git@v1.40.0:model/url/registry.yaml`), the same on
    /// every machine and whatever the cache; any other path as it is.
    public func displayPath(_ path: String) -> String {
        fetchedLocation(path).map { $0.source + ":" + $0.path } ?? path
    }

    /// For a path inside a tree this resolver fetched: the source as written (without sub-folder) and the path
    /// inside it (empty for the tree itself); nil for any other path.
    public func fetchedLocation(_ path: String) -> (source: String, path: String)? {
        lock.lock()
        let known = trees
        lock.unlock()
        for (root, label) in known.sorted(by: { $0.root.count > $1.root.count })
        where path == root || path.hasPrefix(root + "/") {
            return (label, String(path.dropFirst(root.count).drop { $0 == "/" }))
        }
        return nil
    }

    private func record(_ root: String, label: String) {
        lock.lock()
        trees.removeAll { $0.root == root }
        trees.append((root, label))
        lock.unlock()
    }

    /// Deletes what `--no-cache` fetched. Safe to call more than once.
    public func removeTemporaryFiles() {
        lock.lock()
        let paths = temporaryPaths
        temporaryPaths = []
        lock.unlock()
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    // MARK: Git

    private func gitTree(url: String, ref: String?, source: RegistrySource) throws(RegistrySourceError) -> (String, String, Bool) {
        let git = try tool("git", for: source, install: "install git (e.g. apt-get install git, or xcode-select --install)")
        let recordKey = "git\n\(url)\n\(ref ?? "HEAD")"
        if useCache, let record = readIndex(recordKey), record.count == 2, record[1] == "immutable",
           isComplete(cachePath("git", record[0])) {
            return (cachePath("git", record[0]), record[0], true)
        }
        var commit: String?, immutable = false, fetchRef: String?
        if let ref, RegistrySourceResolver.isFullCommit(ref) {
            commit = ref.lowercased()
            immutable = true
        } else {
            let listing = try run(git, ["ls-remote", "--", url], source: source,
                                  failure: "cannot reach the git repository",
                                  fix: "check the URL and your network or credentials; for a private repository set up git credentials first")
            let refs = RegistrySourceResolver.parseLsRemote(listing.stdout)
            if let match = RegistrySourceResolver.match(ref ?? "HEAD", in: refs) {
                (commit, immutable, fetchRef) = (match.commit, match.immutable, match.name)
            } else if let ref, ref.count >= 4, ref.allSatisfy(\.isHexDigit) {
                fetchRef = nil  // an abbreviated commit: fetch everything, then find it
            } else {
                let names = refs.map { RegistrySourceResolver.shortName($0.name) }
                throw RegistrySourceError(
                    source: source.description,
                    message: "no tag, branch or commit '\(ref ?? "HEAD")' in \(url)" + Suggestions.didYouMean(ref ?? "HEAD", in: names),
                    fix: "use an existing tag, branch or full commit id after '@'")
            }
        }
        if useCache, let commit, isComplete(cachePath("git", commit)) {
            writeIndex(recordKey, [commit, immutable ? "immutable" : "moving"])
            return (cachePath("git", commit), commit, true)
        }
        let work = try temporaryDirectory(for: source)
        _ = try run(git, ["init", "-q", work], source: source, failure: "cannot create a git work directory", fix: "check free disk space")
        var fetched = false
        if let wanted = fetchRef ?? commit {
            fetched = (try? ExternalTool.run(git, ["-C", work, "fetch", "-q", "--depth", "1", "--", url, wanted]))?.succeeded ?? false
        }
        if !fetched {
            _ = try run(git, ["-C", work, "fetch", "-q", "--tags", "--", url, "+refs/heads/*:refs/remotes/source/*"], source: source,
                        failure: "cannot fetch from the git repository",
                        fix: "check the URL and ref, your network and your git credentials")
        }
        let target = fetched ? "FETCH_HEAD" : (ref ?? "HEAD")
        let revParse = try run(git, ["-C", work, "rev-parse", "--verify", "-q", target + "^{commit}"], source: source,
                               failure: "'\(ref ?? "HEAD")' is not a commit in \(url)", fix: "use an existing tag, branch or commit id")
        // What was fetched wins over what ls-remote said (a branch may have moved in between).
        let resolved = revParse.stdout.trimmingWhitespace
        _ = try run(git, ["-C", work, "-c", "advice.detachedHead=false", "checkout", "-q", "--detach", resolved], source: source,
                    failure: "cannot check out \(resolved)", fix: "check free disk space")
        try? FileManager.default.removeItem(atPath: work + "/.git")
        guard useCache else { return (work, resolved, false) }
        let final = try install(work, at: cachePath("git", resolved), source: source)
        writeIndex(recordKey, [resolved, immutable ? "immutable" : "moving"])
        return (final, resolved, false)
    }

    static func isFullCommit(_ ref: String) -> Bool {
        (ref.count == 40 || ref.count == 64) && ref.allSatisfy(\.isHexDigit)
    }

    /// `git ls-remote` output as (commit, ref name) pairs.
    static func parseLsRemote(_ text: String) -> [(commit: String, name: String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]).trimmingWhitespace, String(parts[1]).trimmingWhitespace)
        }
    }

    /// The commit `ref` names: a tag (peeled to its commit), a branch, or a full ref name such as `HEAD`.
    /// Tags are immutable (cached for good); branches and `HEAD` move.
    static func match(_ ref: String, in refs: [(commit: String, name: String)]) -> (commit: String, immutable: Bool, name: String)? {
        let table = Dictionary(refs.map { ($0.name, $0.commit) }, uniquingKeysWith: { first, _ in first })
        if let c = table["refs/tags/\(ref)^{}"] { return (c, true, "refs/tags/\(ref)") }
        if let c = table["refs/tags/\(ref)"] { return (c, true, "refs/tags/\(ref)") }
        if let c = table["refs/heads/\(ref)"] { return (c, false, "refs/heads/\(ref)") }
        if ref.hasPrefix("refs/tags/"), let c = table[ref + "^{}"] ?? table[ref] { return (c, true, ref) }
        if let c = table[ref] { return (c, false, ref) }
        return nil
    }

    static func shortName(_ name: String) -> String {
        var n = name
        for prefix in ["refs/tags/", "refs/heads/"] where n.hasPrefix(prefix) { n.removeFirst(prefix.count) }
        if n.hasSuffix("^{}") { n.removeLast(3) }
        return n
    }

    // MARK: Archives

    private func archiveTree(location: String, source: RegistrySource) throws(RegistrySourceError) -> (String, String, Bool) {
        let isURL = RegistrySource.hasScheme(location)
        var indexKey = "archive-url\n" + location
        if !isURL {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: location) else {
                throw RegistrySourceError(source: source.description, message: "archive not found",
                                          fix: "check the path, or give an http(s):// URL")
            }
            let real = URL(fileURLWithPath: location).resolvingSymlinksInPath().path
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            indexKey = "archive-path\n\(real)\n\(size)\n\(modified)"
        }
        if useCache, let record = readIndex(indexKey), let hash = record.first, isComplete(cachePath("archives", hash)) {
            return (cachePath("archives", hash), hash, true)
        }
        var file = location
        if isURL {
            file = try download(location, source: source)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw RegistrySourceError(source: source.description, message: "cannot read the archive", fix: "check that the file is readable")
        }
        let hash = SHA256.hex(data)
        if useCache, isComplete(cachePath("archives", hash)) {
            writeIndex(indexKey, [hash])
            return (cachePath("archives", hash), hash, true)
        }
        let work = try temporaryDirectory(for: source)
        try extract(file, named: location, into: work, source: source)
        guard useCache else { return (work, hash, false) }
        let final = try install(work, at: cachePath("archives", hash), source: source)
        writeIndex(indexKey, [hash])
        return (final, hash, false)
    }

    private func download(_ url: String, source: RegistrySource) throws(RegistrySourceError) -> String {
        let curl = try tool("curl", for: source, install: "install curl (e.g. apt-get install curl)")
        let file = try temporaryDirectory(for: source) + "/" + ((url as NSString).lastPathComponent.isEmpty ? "archive" : (url as NSString).lastPathComponent)
        _ = try run(curl, ["-fsSL", "--retry", "2", "--connect-timeout", "30", "-o", file, "--", url], source: source,
                    failure: "cannot download the archive", fix: "check the URL and your network")
        return file
    }

    private func extract(_ file: String, named name: String, into directory: String,
                         source: RegistrySource) throws(RegistrySourceError) {
        let lower = (name.split(separator: "?").first.map(String.init) ?? name).lowercased()
        if lower.hasSuffix(".zip") {
            if let unzip = ExternalTool.find("unzip") {
                _ = try run(unzip, ["-q", "-o", file, "-d", directory], source: source,
                            failure: "cannot unpack the zip archive", fix: "check that it is a valid .zip file")
            } else if let python = ExternalTool.find("python3") {
                _ = try run(python, ["-m", "zipfile", "-e", file, directory], source: source,
                            failure: "cannot unpack the zip archive", fix: "check that it is a valid .zip file")
            } else {
                throw RegistrySourceError(source: source.description, message: "unpacking a .zip archive needs 'unzip' or 'python3'",
                                          fix: "install unzip (e.g. apt-get install unzip), or use a .tar.gz archive")
            }
        } else {
            let tar = try tool("tar", for: source, install: "install tar (e.g. apt-get install tar)")
            let flags = lower.hasSuffix(".tar") ? "-xf" : "-xzf"
            _ = try run(tar, [flags, file, "-C", directory], source: source,
                        failure: "cannot unpack the archive", fix: "check that it is a valid .tar.gz, .tgz or .tar file")
        }
    }

    /// The directory a registry lives in: the archive's single top-level folder when it has exactly one
    /// (GitHub's `repo-1.40.0/`), else the archive root.
    static func contentRoot(_ directory: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }
        var isDirectory: ObjCBool = false
        if names.count == 1, FileManager.default.fileExists(atPath: directory + "/" + names[0], isDirectory: &isDirectory),
           isDirectory.boolValue {
            return directory + "/" + names[0]
        }
        return directory
    }

    // MARK: Sub-folders

    private func locate(_ subfolder: String?, in root: String, source: RegistrySource) throws(RegistrySourceError) -> String {
        guard let subfolder else { return root }
        let path = root + "/" + subfolder
        if FileManager.default.fileExists(atPath: path) { return path }
        let parent = (root + "/" + subfolder as NSString).deletingLastPathComponent
        let wanted = (subfolder as NSString).lastPathComponent
        let folders = RegistrySourceResolver.folders(in: parent)
        let near = Suggestions.nearest(to: wanted, in: folders, limit: 3)
        // The closest names first, then the rest in order; a long list is cut, and says so.
        let listed = near + folders.filter { !near.contains($0) }
        let shown = listed.prefix(20)
        let place = parent == root ? "the source" : "'\(parent.dropFirst(root.count + 1))'"
        throw RegistrySourceError(
            source: source.description,
            message: "sub-folder '\(subfolder)' not found" + Suggestions.didYouMean(wanted, in: folders),
            fix: folders.isEmpty ? "\(place) has no folders; check the sub-folder between [ ]"
                : "\(place) has \(folders.count) folder\(folders.count == 1 ? "" : "s"): " + shown.joined(separator: ", ")
                    + (listed.count > shown.count ? ", and \(listed.count - shown.count) more" : ""))
    }

    /// The names of the folders (not files) in `directory`, sorted, hidden ones left out.
    static func folders(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    // MARK: Cache plumbing

    private func cachePath(_ kind: String, _ key: String) -> String { cacheDirectory + "/" + kind + "/" + key }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static let manifestName = ".semconv-cache-manifest"

    /// What a complete entry holds: its file count and a hash over every file's path and size.
    static func manifest(of directory: String) -> String {
        var lines: [String] = []
        let fm = FileManager.default
        if let walker = fm.enumerator(atPath: directory) {
            while let relative = walker.nextObject() as? String {
                guard relative != manifestName,
                      let attributes = walker.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular
                else { continue }
                lines.append("\(relative)\t\((attributes[.size] as? NSNumber)?.int64Value ?? -1)")
            }
        }
        lines.sort()
        return "semconv cache entry 1\nfiles \(lines.count)\nsha256 \(SHA256.hex(Array(lines.joined(separator: "\n").utf8)))\n"
    }

    /// Whether the cache entry at `path` is whole (its manifest says what is there). An entry that is not (files
    /// deleted or cut short, no manifest) is moved out of the way, so that the caller fetches it again.
    private func isComplete(_ path: String) -> Bool {
        guard exists(path) else { return false }
        if let recorded = FileManager.default.contents(atPath: path + "/" + Self.manifestName),
           String(decoding: recorded, as: UTF8.self) == Self.manifest(of: path) {
            return true
        }
        let trash = cachePath("tmp", "damaged-" + UUID().uuidString)
        try? FileManager.default.createDirectory(atPath: cacheDirectory + "/tmp", withIntermediateDirectories: true)
        if rename(path, trash) == 0 { try? FileManager.default.removeItem(atPath: trash) }
        return false
    }

    private func indexPath(_ key: String) -> String { cachePath("index", SHA256.hex(Array(key.utf8))) }

    private func readIndex(_ key: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: indexPath(key)) else { return nil }
        let fields = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        return fields.isEmpty ? nil : fields
    }

    /// Best effort: a cache that cannot be written only costs a fetch next time.
    private func writeIndex(_ key: String, _ fields: [String]) {
        guard useCache else { return }
        let path = indexPath(key)
        let tmp = cachePath("tmp", "index-" + UUID().uuidString)
        do {
            try FileManager.default.createDirectory(atPath: cacheDirectory + "/index", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: cacheDirectory + "/tmp", withIntermediateDirectories: true)
            try Data((fields.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: tmp))
            if rename(tmp, path) != 0 { try? FileManager.default.removeItem(atPath: tmp) }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
        }
    }

    /// A fresh working directory: under the cache's `tmp/` (same file system, so the final rename is atomic), or
    /// the system's temporary directory with `--no-cache`.
    private func temporaryDirectory(for source: RegistrySource) throws(RegistrySourceError) -> String {
        let base = useCache ? cacheDirectory + "/tmp" : NSTemporaryDirectory() + "/semconv-source"
        let path = base + "/" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw RegistrySourceError(source: source.description,
                                      message: "cannot create a working directory in \(base): \(SystemError.describe(error))",
                                      fix: useCache ? "make the cache writable, point SEMCONV_CACHE_DIR elsewhere, or use --no-cache"
                                                    : "check TMPDIR and free disk space")
        }
        lock.lock()
        temporaryPaths.append(path)
        lock.unlock()
        return path
    }

    /// Renames a finished working directory into the cache, with its manifest inside, so that the entry and the
    /// proof that it is complete arrive together. When another run got there first, its copy is used.
    private func install(_ work: String, at destination: String, source: RegistrySource) throws(RegistrySourceError) -> String {
        try? FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        try? Data(RegistrySourceResolver.manifest(of: work).utf8).write(to: URL(fileURLWithPath: work + "/" + Self.manifestName))
        if rename(work, destination) == 0 { return destination }
        let reason = String(cString: strerror(errno))
        // Someone else's complete copy is as good; a damaged one has just been moved away, so try once more.
        if isComplete(destination) || rename(work, destination) == 0 { return destination }
        throw RegistrySourceError(source: source.description, message: "cannot write the cache entry \(destination): \(reason)",
                                  fix: "make \(cacheDirectory) writable, point SEMCONV_CACHE_DIR elsewhere, or use --no-cache")
    }

    private func tool(_ name: String, for source: RegistrySource, install: String) throws(RegistrySourceError) -> String {
        guard let path = ExternalTool.find(name) else {
            throw RegistrySourceError(source: source.description, message: "this source needs '\(name)', which is not on PATH",
                                      fix: install)
        }
        return path
    }

    @discardableResult
    private func run(_ executable: String, _ arguments: [String], source: RegistrySource, failure: String,
                     fix: String) throws(RegistrySourceError) -> ExternalTool.Output {
        let output: ExternalTool.Output
        do {
            output = try ExternalTool.run(executable, arguments)
        } catch {
            throw RegistrySourceError(source: source.description, message: failure, fix: fix,
                                      detail: "cannot run \(executable): \(SystemError.describe(error))")
        }
        guard output.succeeded else {
            throw RegistrySourceError(source: source.description, message: failure, fix: fix,
                                      detail: output.firstRelevantLine(tool: executable))
        }
        return output
    }
}
