import ArgumentParser
import Foundation
import SemConvLint
import SemConvModel

extension ReporterKind: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}

/// `--registry SOURCE` (repeatable) and `--no-cache`; the bundled model when no registry is given.
struct RegistryOptions: ParsableArguments {
    @Option(name: .customLong("registry"),
            help: ArgumentHelp("A registry: a directory, an archive (.tar.gz, .zip; path or URL) or a git repository "
                               + "(URL@REF), each with an optional [SUBFOLDER]; repeatable, later ones overlay earlier "
                               + "ones. Default: the bundled model/.", valueName: "source"))
    var directories: [String] = []

    @Flag(name: .customLong("no-cache"), help: "Fetch git and archive sources again instead of using the cache.")
    var noCache = false

    /// The local directories to load, fetching remote sources; exits with 2 when a source cannot be had or the
    /// bundled model cannot be found.
    func roots() throws -> [String] {
        if !directories.isEmpty { return try RegistrySources.resolve(directories, noCache: noCache) }
        guard let bundled = BundledResources.modelDirectory else {
            Output.error("cannot find the bundled registry (model/); pass --registry DIR or set SEMCONV_HOME")
            throw ExitCode(2)
        }
        return [bundled]
    }
}

/// Registry sources for the CLI: one resolver per cache setting for the whole run, so temporary copies made
/// with `--no-cache` are removed when the command ends (`SemConv.main` calls `cleanUp`).
enum RegistrySources {
    private static let state = Mutex()

    /// Local directories for `sources` (see `RegistrySource`); prints the problem and exits 2 when one fails.
    static func resolve(_ sources: [String], noCache: Bool) throws -> [String] {
        let resolver = state.resolver(useCache: !noCache)
        var roots: [String] = []
        for text in sources {
            do {
                roots.append(try resolver.resolve(text).directory)
            } catch {
                Output.error("registry source '\(error.source)': \(error.message)\n  fix: \(error.fix)")
                throw ExitCode(2)
            }
        }
        return roots
    }

    /// The run's resolver for this cache setting (for manifest dependencies, which the loader resolves).
    static func resolver(noCache: Bool) -> RegistrySourceResolver { state.resolver(useCache: !noCache) }

    static func cleanUp() { state.cleanUp() }

    private final class Mutex: @unchecked Sendable {
        private let lock = NSLock()
        private var resolvers: [Bool: RegistrySourceResolver] = [:]

        func resolver(useCache: Bool) -> RegistrySourceResolver {
            lock.lock()
            defer { lock.unlock() }
            if let r = resolvers[useCache] { return r }
            let r = RegistrySourceResolver(useCache: useCache)
            resolvers[useCache] = r
            return r
        }

        func cleanUp() {
            lock.lock()
            let all = Array(resolvers.values)
            lock.unlock()
            all.forEach { $0.removeTemporaryFiles() }
        }
    }
}

/// `--reporter` and `--fail-on`, shared by every command that reports findings.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: text, json, sarif or github.")
    var reporter: ReporterKind = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at least this severe: error, warning or never.")
    var failOn: FailThreshold = .error

    /// Prints the findings (values masked by `detector`: pass `ValueDetector(registry:)` once a registry is loaded)
    /// and returns the exit status they call for.
    func emit(_ diagnostics: [Diagnostic], files: Int, extraSummary: [(String, JSONValue)] = [],
              detector: ValueDetector = ValueDetector()) -> Int32 {
        let context = ReportContext(files: files, extraSummary: extraSummary,
                                    isTerminal: reporter == .text && isatty(STDOUT_FILENO) == 1, detector: detector)
        Output.write(reporter.reporter.render(diagnostics, context: context))
        return failOn.isFailure(diagnostics) ? 1 : 0
    }
}

enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("semconv: " + text + "\n").utf8))
    }
}
