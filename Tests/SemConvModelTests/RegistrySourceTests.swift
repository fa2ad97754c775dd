import Foundation
@testable import SemConvModel
import XCTest

/// Registry sources: the syntax, git repositories (local bare repositories over file://), archives (paths and
/// file:// URLs), the cache and its errors. No network.
final class RegistrySourceTests: XCTestCase {
    // MARK: Syntax

    func testParseSyntax() throws {
        let dir = try TempDirectory()
        try dir.write("model/a.yaml", "groups: []\n")
        XCTAssertEqual(try RegistrySource.parse(dir.path + "/model"), .directory(dir.path + "/model"))
        XCTAssertEqual(try RegistrySource.parse("model", relativeTo: dir.path), .directory(dir.path + "/model"))
        XCTAssertEqual(try RegistrySource.parse(dir.path + "[model]"), .directory(dir.path + "/model"))
        XCTAssertEqual(try RegistrySource.parse("https://github.com/open-telemetry/semantic-conventions.git@v1.40.0[model]"),
                       .git(url: "https://github.com/open-telemetry/semantic-conventions.git", ref: "v1.40.0", subfolder: "model"))
        XCTAssertEqual(try RegistrySource.parse("https://host/org/repo.git"), .git(url: "https://host/org/repo.git", ref: nil, subfolder: nil))
        XCTAssertEqual(try RegistrySource.parse("https://user@host/org/repo.git@release/1.x"),
                       .git(url: "https://user@host/org/repo.git", ref: "release/1.x", subfolder: nil))
        XCTAssertEqual(try RegistrySource.parse("git@github.com:org/repo.git@abc1234[model/sub]"),
                       .git(url: "git@github.com:org/repo.git", ref: "abc1234", subfolder: "model/sub"))
        XCTAssertEqual(try RegistrySource.parse("file:///srv/r.git@v1"), .git(url: "file:///srv/r.git", ref: "v1", subfolder: nil))
        XCTAssertEqual(try RegistrySource.parse("https://host/a/v1.40.0.zip[model]"),
                       .archive(location: "https://host/a/v1.40.0.zip", subfolder: "model"))
        XCTAssertEqual(try RegistrySource.parse("x.tar.gz", relativeTo: "/base"), .archive(location: "/base/x.tar.gz", subfolder: nil))
        XCTAssertThrowsError(try RegistrySource.parse("x.tar.gz[../etc]"))
        XCTAssertThrowsError(try RegistrySource.parse("x.tar.gz[/abs]"))
        XCTAssertThrowsError(try RegistrySource.parse("  "))
        XCTAssertThrowsError(try RegistrySource.parse("ssh://host/x.zip"))
        // The printed form reads back as the same source.
        for text in ["https://h/r.git@v1[model]", "/tmp/x.tar.gz[model]"] {
            XCTAssertEqual(try RegistrySource.parse(text).description, text)
        }
    }

    func testLocalRepositoryPathAtRef() throws {
        let repo = try GitFixture()
        let source = try RegistrySource.parse(repo.bare + "@v1")
        XCTAssertEqual(source, .git(url: repo.bare, ref: "v1", subfolder: nil))
    }

    /// A local repository given by a relative path works from any directory: git fetches from an absolute path.
    func testRelativeLocalRepositoryPath() throws {
        let repo = try GitFixture()
        let relative = Self.relativePath(from: FileManager.default.currentDirectoryPath, to: repo.work)
        XCTAssertTrue(relative.hasPrefix(".."), relative)
        let source = try RegistrySource.parse(relative + "@v1[model]")
        XCTAssertEqual(source, .git(url: repo.work, ref: "v1", subfolder: "model"))
        let resolver = RegistrySourceResolver(cacheDirectory: try TempDirectory().path)
        let resolved = try resolver.resolve(relative + "@v1[model]")
        XCTAssertEqual(try String(contentsOfFile: resolved.directory + "/a.yaml", encoding: .utf8), repo.versions[0])
        // Reports name files after the source as written, not after the cache.
        XCTAssertEqual(resolver.displayPath(resolved.directory + "/a.yaml"), relative + "@v1:model/a.yaml")
    }

    func testSyntaxErrorsSayWhatIsWrong() throws {
        XCTAssertThrowsError(try RegistrySource.parse("sc@v1.40.0[model")) { error in
            let e = error as! RegistrySourceError
            XCTAssertEqual(e.message, "the sub-folder '[model' is missing its closing ']'")
            XCTAssertEqual(e.fix, "write the sub-folder as [FOLDER] at the end, e.g. sc@v1.40.0[model]")
        }
        let dir = try TempDirectory()
        XCTAssertThrowsError(try RegistrySource.parse(dir.path + "/nosuchrepo@v1.40.0[model]")) { error in
            XCTAssertEqual((error as! RegistrySourceError).message,
                           "'\(dir.path)/nosuchrepo' is neither a directory nor a git repository")
        }
        try dir.write("plain/a.yaml", "groups: []\n")
        XCTAssertThrowsError(try RegistrySource.parse(dir.path + "/plain@v1")) { error in
            XCTAssertEqual((error as! RegistrySourceError).message,
                           "'\(dir.path)/plain' is a directory but not a git repository, so '@v1' names no ref")
        }
    }

    /// A missing sub-folder: the closest folder first, then the others (files are not folders), and a long list
    /// says how many it leaves out.
    func testMissingSubfolderListsFoldersClosestFirst() throws {
        let dir = try TempDirectory()
        for i in 0..<25 { try dir.write("src/dir\(String(format: "%02d", i))/x.yaml", "groups: []\n") }
        try dir.write("src/models/x.yaml", "groups: []\n")
        try dir.write("src/modle.txt", "a file\n")
        try runTool("tar", ["-czf", dir.path + "/r.tar.gz", "-C", dir.path + "/src", "."])
        let resolver = RegistrySourceResolver(cacheDirectory: try TempDirectory().path)
        XCTAssertThrowsError(try resolver.resolve(dir.path + "/r.tar.gz[model]")) { error in
            let e = error as! RegistrySourceError
            XCTAssertEqual(e.message, "sub-folder 'model' not found (did you mean 'models'?)")
            XCTAssertTrue(e.fix.hasPrefix("the source has 26 folders: models, dir00, dir01,"), e.fix)
            XCTAssertTrue(e.fix.hasSuffix(", dir18, and 6 more"), e.fix)
            XCTAssertFalse(e.fix.contains("modle.txt"), e.fix)
        }
    }

    /// A cache entry whose files were deleted is noticed (its manifest no longer matches) and fetched again.
    func testDamagedCacheEntryIsFetchedAgain() throws {
        let dir = try TempDirectory()
        try dir.write("src/model/a.yaml", "groups: []\n")
        try dir.write("src/model/b.yaml", "groups: []\n")
        try runTool("tar", ["-czf", dir.path + "/r.tar.gz", "-C", dir.path + "/src", "model"])
        let cache = try TempDirectory()
        let first = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(dir.path + "/r.tar.gz[model]")
        XCTAssertTrue(try RegistrySourceResolver(cacheDirectory: cache.path).resolve(dir.path + "/r.tar.gz[model]").fromCache)
        try FileManager.default.removeItem(atPath: first.directory + "/b.yaml")
        let again = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(dir.path + "/r.tar.gz[model]")
        XCTAssertFalse(again.fromCache, "a damaged entry is not used")
        XCTAssertTrue(FileManager.default.fileExists(atPath: again.directory + "/b.yaml"))
        // The same for a git tree, which is read from the cache without the network otherwise.
        let repo = try GitFixture()
        let tree = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(repo.url + "@v1[model]")
        try "x".write(toFile: tree.directory + "/a.yaml", atomically: true, encoding: .utf8)  // cut short
        let refetched = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(repo.url + "@v1[model]")
        XCTAssertFalse(refetched.fromCache)
        XCTAssertEqual(try String(contentsOfFile: refetched.directory + "/a.yaml", encoding: .utf8), repo.versions[0])
    }

    /// Tool failures: the one line of theirs that says what went wrong, not their whole chatter.
    func testToolOutputIsReducedToItsFirstRelevantLine() {
        func line(_ stderr: String, _ tool: String) -> String? {
            ExternalTool.Output(status: 1, stdout: "", stderr: stderr).firstRelevantLine(tool: tool)
        }
        XCTAssertEqual(line("[x.zip]\n  End-of-central-directory signature not found.  Either this file is not\n  a zipfile\n"
                            + "unzip:  cannot find zipfile directory in one of x.zip or\n", "/usr/bin/unzip"),
                       "unzip: End-of-central-directory signature not found.")
        XCTAssertEqual(line("gzip: stdin: not in gzip format\n/usr/bin/tar: Child returned status 1\n", "/usr/bin/tar"),
                       "gzip: stdin: not in gzip format")
        XCTAssertEqual(line("/usr/bin/tar: Unexpected EOF in archive\n/usr/bin/tar: Unexpected EOF in archive\n", "/usr/bin/tar"),
                       "tar: Unexpected EOF in archive")
        XCTAssertEqual(line("Warning: Problem : timeout. Will retry in 1 seconds. 2 retries left.\n"
                            + "curl: (6) Could not resolve host: x.invalid\ncurl: (6) Could not resolve host: x.invalid\n", "curl"),
                       "curl: (6) Could not resolve host: x.invalid")
        XCTAssertNil(line("\n", "git"))
    }

    static func relativePath(from base: String, to target: String) -> String {
        let a = URL(fileURLWithPath: base).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let b = URL(fileURLWithPath: target).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let common = zip(a, b).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: a.count - common) + b[common...]).joined(separator: "/")
    }

    // MARK: Git

    func testGitTagBranchCommitAndSubfolder() throws {
        let repo = try GitFixture()
        let cache = try TempDirectory()
        let resolver = RegistrySourceResolver(cacheDirectory: cache.path)
        let v1 = try resolver.resolve(repo.url + "@v1[model]")
        XCTAssertFalse(v1.fromCache)
        XCTAssertEqual(v1.revision, repo.commits[0])
        XCTAssertEqual(try String(contentsOfFile: v1.directory + "/a.yaml", encoding: .utf8), repo.versions[0])
        let main = try resolver.resolve(repo.url + "@main[model]")
        XCTAssertEqual(main.revision, repo.commits[1])
        XCTAssertEqual(try String(contentsOfFile: main.directory + "/a.yaml", encoding: .utf8), repo.versions[1])
        let head = try resolver.resolve(repo.url + "[model]")
        XCTAssertEqual(head.revision, repo.commits[1])
        let byCommit = try resolver.resolve(repo.url + "@" + repo.commits[0] + "[model]")
        XCTAssertEqual(byCommit.directory, v1.directory)
        XCTAssertTrue(byCommit.fromCache, "the commit of v1 is already cached")
        let abbreviated = try RegistrySourceResolver(cacheDirectory: try TempDirectory().path).resolve(
            repo.url + "@" + String(repo.commits[0].prefix(10)) + "[model]")
        XCTAssertEqual(abbreviated.revision, repo.commits[0])
        // The tree is a plain checkout, without .git.
        XCTAssertFalse(FileManager.default.fileExists(atPath: (v1.directory as NSString).deletingLastPathComponent + "/.git"))
    }

    /// A tag is resolved from the cache alone: the second run works with the repository gone.
    func testSecondRunOfATagReadsNoNetwork() throws {
        let repo = try GitFixture()
        let cache = try TempDirectory()
        let first = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(repo.url + "@v1[model]")
        XCTAssertFalse(first.fromCache)
        try FileManager.default.removeItem(atPath: repo.bare)
        let second = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(repo.url + "@v1[model]")
        XCTAssertTrue(second.fromCache)
        XCTAssertEqual(second.directory, first.directory)
        // A branch moves, so it is looked up again: with the repository gone that is a clear error.
        XCTAssertThrowsError(try RegistrySourceResolver(cacheDirectory: cache.path).resolve(repo.url + "@main")) { error in
            let e = error as! RegistrySourceError
            XCTAssertTrue(e.message.hasPrefix("cannot reach the git repository"), e.message)
            XCTAssertEqual(e.diagnostic.rule, "unreadable-input")
        }
    }

    func testBranchIsLookedUpAgainAndFollowsNewCommits() throws {
        let repo = try GitFixture()
        let cache = try TempDirectory()
        let first = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(repo.url + "@main[model]")
        XCTAssertEqual(first.revision, repo.commits[1])
        let unchanged = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(repo.url + "@main[model]")
        XCTAssertTrue(unchanged.fromCache, "same commit: read from the cache after one ls-remote")
        let third = try repo.commit("groups: []\n# v3\n", tag: nil)
        let moved = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(repo.url + "@main[model]")
        XCTAssertFalse(moved.fromCache)
        XCTAssertEqual(moved.revision, third)
    }

    func testGitErrorsNameTheSourceAndWhatToDo() throws {
        let repo = try GitFixture()
        let resolver = RegistrySourceResolver(cacheDirectory: try TempDirectory().path)
        XCTAssertThrowsError(try resolver.resolve(repo.url + "@v9")) { error in
            let e = error as! RegistrySourceError
            XCTAssertEqual(e.source, repo.url + "@v9")
            XCTAssertTrue(e.message.contains("no tag, branch or commit 'v9'"), e.message)
            XCTAssertTrue(e.message.contains("did you mean 'v1'"), e.message)
        }
        XCTAssertThrowsError(try resolver.resolve(repo.url + "@v1[modle]")) { error in
            let e = error as! RegistrySourceError
            XCTAssertTrue(e.message.contains("sub-folder 'modle' not found (did you mean 'model'?)"), e.message)
            XCTAssertTrue(e.fix.contains("model"), e.fix)
        }
        XCTAssertThrowsError(try resolver.resolve("file:///nonexistent/repo.git@v1")) { error in
            XCTAssertTrue((error as! RegistrySourceError).message.hasPrefix("cannot reach the git repository"))
        }
    }

    func testNoCacheFetchesIntoTemporaryFilesThatAreRemoved() throws {
        let repo = try GitFixture()
        let cache = try TempDirectory()
        let resolver = RegistrySourceResolver(cacheDirectory: cache.path, useCache: false)
        let resolved = try resolver.resolve(repo.url + "@v1[model]")
        XCTAssertFalse(resolved.fromCache)
        XCTAssertTrue(FileManager.default.fileExists(atPath: resolved.directory + "/a.yaml"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache.path), [], "the cache is left alone")
        resolver.removeTemporaryFiles()
        XCTAssertFalse(FileManager.default.fileExists(atPath: resolved.directory))
    }

    /// A source written relative to a config's directory is fetched from there and named as written, with or
    /// without the cache; `semconv resolve`'s JSON names no cache or temporary path.
    func testFetchedFilesAreNamedAfterTheSourceAsWritten() throws {
        let repo = try GitFixture()
        try repo.dir.write("work/model/a.yaml", "groups:\n  - id: registry.demo\n    type: attribute_group\n    brief: Demo.\n"
                           + "    attributes:\n      - id: demo.count\n        type: int\n        stability: stable\n        brief: A count.\n")
        try runTool("git", ["-C", repo.work, "commit", "-qam", "demo"])
        try runTool("git", ["-C", repo.work, "tag", "v2"])
        let config = repo.dir.path + "/project"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        var documents: [String] = []
        for useCache in [true, false] {
            let cache = try TempDirectory()
            let resolver = RegistrySourceResolver(cacheDirectory: cache.path, useCache: useCache)
            let resolved = try resolver.resolve("../work@v2[model]", relativeTo: config)
            XCTAssertEqual(resolver.displayPath(resolved.directory + "/a.yaml"), "../work@v2:model/a.yaml")
            XCTAssertEqual(resolver.fetchedLocation(resolved.directory + "/a.yaml")?.source, "../work@v2")
            XCTAssertEqual(resolver.fetchedLocation(resolved.directory + "/a.yaml")?.path, "model/a.yaml")
            XCTAssertNil(resolver.fetchedLocation(config + "/a.yaml"))
            let loaded = RegistryLoader.load(roots: [resolved.directory], checks: false, sources: resolver)
            let json = ResolvedJSON.document(for: loaded.registry, display: resolver.displayPath).rendered(indent: 2)
            XCTAssertTrue(json.contains("\"../work@v2:model/a.yaml:6:13\""), json)
            XCTAssertTrue(json.contains("\"../work@v2:model\""), json)
            XCTAssertFalse(json.contains(cache.path) || json.contains(NSTemporaryDirectory() + "semconv-source"), json)
            documents.append(json)
            resolver.removeTemporaryFiles()
        }
        XCTAssertEqual(documents[0], documents[1], "the same with and without the cache")
    }

    // MARK: Archives

    func testTarGzAndZipArchivesByPathAndURL() throws {
        let dir = try TempDirectory()
        try dir.write("src/registry-1.0/model/a.yaml", "groups: []\n")
        try dir.write("src/registry-1.0/LICENSE", "license\n")
        try runTool("tar", ["-czf", dir.path + "/r.tar.gz", "-C", dir.path + "/src", "registry-1.0"])
        let cache = try TempDirectory()
        let resolver = RegistrySourceResolver(cacheDirectory: cache.path)
        let tgz = try resolver.resolve(dir.path + "/r.tar.gz[model]")
        XCTAssertTrue(tgz.directory.hasSuffix("/registry-1.0/model"), "the single top-level folder is the root")
        XCTAssertEqual(tgz.revision, try sha256sum(dir.path + "/r.tar.gz"))
        XCTAssertFalse(tgz.fromCache)
        let again = try RegistrySourceResolver(cacheDirectory: cache.path).resolve(dir.path + "/r.tar.gz[model]")
        XCTAssertTrue(again.fromCache, "same path, size and time: no archive read")
        XCTAssertEqual(again.directory, tgz.directory)
        // The same bytes by URL share the cache entry (content-addressed).
        let url = try RegistrySourceResolver(cacheDirectory: cache.path).resolve("file://" + dir.path + "/r.tar.gz[model]")
        XCTAssertTrue(url.fromCache)
        XCTAssertEqual(url.directory, tgz.directory)

        guard ExternalTool.find("zip") != nil else { throw XCTSkip("zip not found on PATH (apt-get install zip)") }
        try runTool("zip", ["-qr", dir.path + "/r.zip", "registry-1.0"], in: dir.path + "/src")
        let zip = try resolver.resolve("file://" + dir.path + "/r.zip[model]")
        XCTAssertTrue(FileManager.default.fileExists(atPath: zip.directory + "/a.yaml"))
        // A URL is not fetched again: the second run works with the file gone.
        try FileManager.default.removeItem(atPath: dir.path + "/r.zip")
        let zipAgain = try RegistrySourceResolver(cacheDirectory: cache.path).resolve("file://" + dir.path + "/r.zip[model]")
        XCTAssertTrue(zipAgain.fromCache)
    }

    func testArchiveErrors() throws {
        let dir = try TempDirectory()
        let resolver = RegistrySourceResolver(cacheDirectory: try TempDirectory().path)
        XCTAssertThrowsError(try resolver.resolve(dir.path + "/missing.tar.gz")) { error in
            XCTAssertEqual((error as! RegistrySourceError).message, "archive not found")
        }
        try dir.write("bad.tar.gz", "not an archive")
        XCTAssertThrowsError(try resolver.resolve(dir.path + "/bad.tar.gz")) { error in
            let e = error as! RegistrySourceError
            XCTAssertEqual(e.message, "cannot unpack the archive")
            XCTAssertEqual(e.detail, "gzip: stdin: not in gzip format")
        }
        XCTAssertThrowsError(try resolver.resolve("file://" + dir.path + "/none.zip")) { error in
            XCTAssertTrue((error as! RegistrySourceError).message.hasPrefix("cannot download the archive"))
        }
    }

    /// Several runs filling one cache at once each get a complete tree, and the cache keeps one entry.
    func testConcurrentRunsShareOneCacheEntry() throws {
        let dir = try TempDirectory()
        for i in 0..<40 { try dir.write("src/model/f\(i).yaml", "groups: []\n") }
        try runTool("tar", ["-czf", dir.path + "/r.tar.gz", "-C", dir.path + "/src", "model"])
        let cache = try TempDirectory()
        let (cachePath, archive) = (cache.path, dir.path + "/r.tar.gz")
        let results = parallelMap(count: 6) { _ in
            Result { try RegistrySourceResolver(cacheDirectory: cachePath).resolve(archive).directory }
        }
        let dirs = try results.map { try $0.get() }
        XCTAssertEqual(Set(dirs).count, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dirs[0]).count, 40)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache.path + "/archives").count, 1)
    }

    /// A manifest's dependencies are sources too: loaded first, so the registry can refer to their attributes.
    func testManifestDependenciesAreResolvedAndLoadedFirst() throws {
        let dir = try TempDirectory()
        try dir.write("dep/model/base.yaml", """
            groups:
              - id: registry.base
                type: attribute_group
                brief: Base attributes.
                attributes:
                  - id: base.name
                    type: string
                    stability: development
                    brief: A name from the dependency.
            """)
        try runTool("tar", ["-czf", dir.path + "/dep.tar.gz", "-C", dir.path + "/dep", "model"])
        try dir.write("app/manifest.yaml", """
            name: app
            semconv_version: 0.1.0
            dependencies:
              - name: base
                registry_path: ../dep.tar.gz[model]
            """)
        try dir.write("app/events.yaml", """
            groups:
              - id: event.app.started
                type: event
                name: app.started
                stability: development
                brief: The app started.
                attributes:
                  - ref: base.name
            """)
        let cache = try TempDirectory()
        let loaded = RegistryLoader.load(roots: [dir.path + "/app"], sources: RegistrySourceResolver(cacheDirectory: cache.path))
        XCTAssertEqual(loaded.diagnostics.filter { $0.severity == .error }.map(\.message), [])
        XCTAssertEqual(loaded.registry.groups["event.app.started"]?.attribute("base.name")?.attribute.brief,
                       "A name from the dependency.")
        XCTAssertEqual(ManifestInfo.version(in: [dir.path + "/app"]), "0.1.0")

        try dir.write("bad/manifest.yaml", "name: bad\ndependencies:\n  - name: gone\n    registry_path: ../missing.tar.gz\n")
        try dir.write("bad/a.yaml", "groups: []\n")
        let bad = RegistryLoader.load(roots: [dir.path + "/bad"], sources: RegistrySourceResolver(cacheDirectory: cache.path))
        XCTAssertTrue(bad.inputUnusable)
        let problem = try XCTUnwrap(bad.diagnostics.first { $0.rule == "unreadable-input" })
        XCTAssertEqual(problem.location, SourceLocation(file: dir.path + "/bad/manifest.yaml", line: 4, column: 20))
        XCTAssertEqual(problem.message, "dependency '../missing.tar.gz' cannot be loaded: archive not found")
    }

    /// The upstream fixtures load through the archive source.
    func testUpstreamArchiveFixtureLoads() throws {
        let root = try UpstreamReleases.root("1.40.0")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/LICENSE"))
        XCTAssertEqual(try UpstreamReleases.registry("1.40.0").attributes.count, 904)
    }

    // MARK: Helpers

    func sha256sum(_ path: String) throws -> String {
        guard let tool = ExternalTool.find("sha256sum") else { throw XCTSkip("sha256sum not found on PATH (coreutils)") }
        return String(try ExternalTool.run(tool, [path]).stdout.prefix(64))
    }
}

@discardableResult
func runTool(_ tool: String, _ arguments: [String], in directory: String? = nil) throws -> String {
    guard let path = ExternalTool.find(tool) else { throw XCTSkip("\(tool) not found on PATH (apt-get install \(tool))") }
    let output = try ExternalTool.run(path, arguments, in: directory)
    guard output.succeeded else {
        throw NSError(domain: "test", code: Int(output.status), userInfo: [NSLocalizedDescriptionKey: "\(tool) \(arguments): \(output.diagnostic)"])
    }
    return output.stdout
}

/// A bare git repository with a `model/a.yaml`: commit 0 tagged v1 (annotated), commit 1 on main.
final class GitFixture {
    let dir: TempDirectory
    let bare: String
    var url: String { "file://" + bare }
    let work: String
    private(set) var commits: [String] = []
    let versions = ["groups: []\n# v1\n", "groups: []\n# v2\n"]

    init() throws {
        dir = try TempDirectory()
        bare = dir.path + "/remote.git"
        work = dir.path + "/work"
        try runTool("git", ["init", "-q", "--bare", "-b", "main", bare])
        try runTool("git", ["init", "-q", "-b", "main", work])
        try runTool("git", ["-C", work, "config", "user.email", "test@example.com"])
        try runTool("git", ["-C", work, "config", "user.name", "Test"])
        try runTool("git", ["-C", work, "remote", "add", "origin", bare])
        commits.append(try commit(versions[0], tag: "v1"))
        commits.append(try commit(versions[1], tag: nil))
    }

    @discardableResult
    func commit(_ content: String, tag: String?) throws -> String {
        try dir.write("work/model/a.yaml", content)
        try runTool("git", ["-C", work, "add", "-A"])
        try runTool("git", ["-C", work, "commit", "-q", "-m", "registry"])
        if let tag { try runTool("git", ["-C", work, "tag", "-a", tag, "-m", tag]) }
        try runTool("git", ["-C", work, "push", "-q", "origin", "main", "--tags"])
        return try runTool("git", ["-C", work, "rev-parse", "HEAD"]).trimmingWhitespace
    }
}
