import ArgumentParser
import Foundation
import SemConvLint
import SemConvModel

/// `semconv report ...`: work on JSON reports.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Work on JSON reports written with --reporter json.",
        subcommands: [Merge.self])

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Combine JSON reports (e.g. of live-check shards) into one.",
            discussion: """
                Findings are merged and sorted; summaries and per-rule counts are summed; registry coverage is
                united. Shards that split telemetry by device.id (sessions never span devices) merge into the report
                a single instance would have written.
                Example:
                  semconv report merge shard-1.json shard-2.json --output live.json
                Exit status: 0, 1 when the merged findings reach --fail-on, 2 when a report cannot be read.
                """)

        @Argument(help: ArgumentHelp("JSON reports to merge.", valueName: "report"))
        var reports: [String]

        @Option(help: ArgumentHelp("Write the merged report to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Option(name: .customLong("fail-on"), help: "Exit 1 when a merged finding is at least this severe: error, warning or never.")
        var failOn: FailThreshold = .error

        func run() throws {
            var inputs: [(name: String, bytes: [UInt8])] = []
            for path in reports {
                guard let data = FileManager.default.contents(atPath: path) else {
                    Output.error("cannot read '\(path)'; pass JSON reports written with --reporter json")
                    throw ExitCode(2)
                }
                inputs.append((path, Array(data)))
            }
            let merged: JSONValue
            do { merged = try ReportMerge.merge(inputs) } catch {
                Output.error("\(error)")
                throw ExitCode(2)
            }
            let text = merged.rendered(indent: 2) + "\n"
            if let output {
                do { try Output.writeFile(text, to: output) } catch {
                    Output.error("cannot write '\(output)': \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            } else {
                Output.write(text)
            }
            let severities = (merged["findings"]?.arrayValue ?? []).compactMap { $0["severity"]?.stringValue }
                .compactMap(Severity.init(rawValue:))
            if failOn.isFailure(severities: severities) { throw ExitCode(1) }
        }
    }
}
