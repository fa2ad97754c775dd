import ArgumentParser
import Foundation
import SemConvLint
import SemConvModel

extension ReporterKind: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}

/// `--registry DIR` (repeatable); the bundled model when none is given.
struct RegistryOptions: ParsableArguments {
    @Option(name: .customLong("registry"),
            help: ArgumentHelp("A registry directory (repeatable; later ones overlay earlier ones). Default: the bundled model/.",
                               valueName: "dir"))
    var directories: [String] = []

    /// The directories to load, or exits with 2 when the bundled model cannot be found.
    func roots() throws -> [String] {
        if !directories.isEmpty { return directories }
        guard let bundled = BundledResources.modelDirectory else {
            Output.error("cannot find the bundled registry (model/); pass --registry DIR or set SEMCONV_HOME")
            throw ExitCode(2)
        }
        return [bundled]
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
