import Foundation
import SemConvModel

/// What `semconv lint` does with each input: configs are linted as their tools load them, everything else is left
/// to the telemetry reader.
///
/// - A directory is one Alloy config: its top-level `*.alloy` files (not `.river`, no subdirectories), in name
///   order, as `alloy run DIR` loads it (`internal/alloycli/cmd_run.go`, `loadSourceFiles`).
/// - `.alloy` files named together from one directory are read the same way, as the directory they come from,
///   unless two of them declare the same block: then they cannot be one config and each is read alone (as
///   `alloy run FILE`). Collector files named together are merged as `otelcol --config A --config B` merges them,
///   unless two define the same component or pipeline.
/// - Any other input is told by its content (`ConfigContent`), standard input included: JSON and binary data are
///   telemetry, an Alloy, Promtail or Collector config is linted, other YAML or text is one `no-config` finding.
/// - A forced kind (`--input`, `lint.input`) that the content plainly contradicts is one `no-config` finding.
/// - Standard input that is empty is one `empty-input` warning; an empty file is nothing to report. Standard input
///   that cannot be read (a directory, a closed descriptor) is one `input-unreadable` error (exit status 2).
struct InputRouting {
    var report = LintReport()
    /// Telemetry inputs in the order given: the name findings carry, and how to open it.
    var telemetry: [(display: String, open: () -> Result<ByteSource, InputError>)] = []
    /// Their paths, `-` for standard input (for the progress total).
    var telemetryPaths: [String] = []
}

extension ConfigLinter {
    /// The name findings on standard input carry.
    static let standardInputName = "<stdin>"

    static func route(paths: [String], options: LintOptions) -> InputRouting {
        var routing = InputRouting()
        let forced = options.input
        var units: [ConfigUnit] = []
        var alloyFiles: [String] = []
        var collectorFiles: [String] = []
        func telemetry(_ path: String) {
            routing.telemetry.append((path, { ByteSource.open(path) }))
            routing.telemetryPaths.append(path)
        }
        for path in paths {
            if forced != .auto && !forced.isConfig {
                if path == "-" {
                    routing.telemetry.append((standardInputName, { ByteSource.open("-") }))
                    routing.telemetryPaths.append("-")
                } else if let problem = forcedTelemetryProblem(path, forced: forced) {
                    routing.report.files += 1
                    routing.report.diagnostics.append(problem)
                } else {
                    telemetry(path)
                }
                continue
            }
            if path == "-" {
                routeStandardInput(options: options, into: &routing, units: &units)
                continue
            }
            if isDirectory(path) {
                switch directoryUnit(path, forced: forced) {
                case .success(let unit): units.append(unit)
                case .failure(let problem):
                    routing.report.files += 1
                    routing.report.inputUnusable = true
                    routing.report.diagnostics.append(problem.finding)
                }
                continue
            }
            if forced == .auto, path.hasSuffix(".river") {
                units.append(ConfigUnit(kind: .alloy, paths: [path]))
            } else if forced == .auto || forced == .alloy, path.hasSuffix(".alloy") {
                alloyFiles.append(path)
            } else if forced == .collector {
                collectorFiles.append(path)
            } else if forced.isConfig {
                units.append(ConfigUnit(kind: forced, paths: [path], forced: true))
            } else if let head = readHead(path) {
                switch ConfigContent.detect(head[...], anyBinary: true) {
                case .empty, .telemetry: telemetry(path)
                case .alloy: units.append(ConfigUnit(kind: .alloy, paths: [path]))
                case .promtail: units.append(ConfigUnit(kind: .promtail, paths: [path]))
                case .collector: collectorFiles.append(path)
                case let other:
                    routing.report.files += 1
                    routing.report.diagnostics.append(ConfigRule.noConfigFinding(path, content: other, wanted: nil))
                }
            } else if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                units.append(ConfigUnit(kind: .promtail, paths: [path]))  // reported as config-unreadable
            } else {
                telemetry(path)  // reported as input-unreadable
            }
        }
        units += alloyGroups(alloyFiles, forced: forced == .alloy)
        units += collectorGroups(collectorFiles, forced: forced == .collector, report: &routing.report)
        routing.report.configs += units.count
        for unit in units {
            let result = lint(unit, options: options)
            routing.report.diagnostics += result.diagnostics
            routing.report.files += result.files
            routing.report.inputUnusable = routing.report.inputUnusable || result.inputUnusable
        }
        return routing
    }

    /// One `no-telemetry` finding when a telemetry kind is forced on a file that plainly is a config or other YAML
    /// (read as telemetry it would give one `invalid-json` per line), as a forced config kind on telemetry gives one
    /// `no-config`; nil when the file may be telemetry (JSON, binary, text that is neither) or cannot be read.
    static func forcedTelemetryProblem(_ path: String, forced: InputKind) -> Diagnostic? {
        guard let head = readHead(path) else { return nil }
        let content = ConfigContent.detect(head[...], anyBinary: true)
        switch content {
        case .alloy, .promtail, .collector, .yaml: break
        default: return nil
        }
        let wanted = UnitInputKind.allCases.first { $0.name == forced.rawValue }.map(JSONUnitDecoder.describe) ?? forced.rawValue
        return Diagnostic(.error, rule: TelemetryRuleID.noTelemetry.id,
                          message: "'\(path)' holds no \(wanted): it is \(content.description), but the input kind is forced to \(forced.rawValue)",
                          at: SourceLocation(file: path, line: 1, column: 1),
                          fix: content.configKind.map { "drop the forced kind (--input, lint.input) to lint it as the config it is, or force '--input \($0.rawValue)'" }
                              ?? "drop the forced kind (--input, lint.input), or name the telemetry files")
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The first bytes of a file (enough to tell its content), or nil when it cannot be read.
    static func readHead(_ path: String) -> [UInt8]? {
        // One read(2) of a regular file, not FileHandle's 4 KiB steps: this runs before any work starts.
        guard case .success(let raw) = RawInput.open(path) else { return nil }
        defer { raw.close() }
        return raw.peek(ConfigContent.headBytes)
    }

    /// Standard input: its first bytes tell what it is; telemetry is then read from there on, replaying them.
    static func routeStandardInput(options: LintOptions, into routing: inout InputRouting, units: inout [ConfigUnit]) {
        let name = standardInputName
        func unreadable(_ error: InputError) {
            routing.report.files += 1
            routing.report.inputUnusable = true
            routing.report.diagnostics.append(Diagnostic(.error, rule: TelemetryRuleID.inputUnreadable.id,
                                                         message: error.message, at: SourceLocation(file: name),
                                                         fix: error.fix))
        }
        let head: [UInt8]
        switch StandardInputStream.read(upTo: ConfigContent.headBytes) {
        case .success(let bytes): head = bytes
        case .failure(let error): return unreadable(error)
        }
        let content = ConfigContent.detect(head[...], anyBinary: !options.input.isConfig)
        if content == .empty {
            routing.report.files += 1
            routing.report.diagnostics.append(ConfigRule.emptyInputFinding(name, bytes: head.count))
            return
        }
        let kind = options.input.isConfig ? options.input : content.configKind
        guard let kind else {
            if content == .telemetry {
                routing.telemetry.append((name, { ByteSource.open("-", replaying: head) }))
                routing.telemetryPaths.append("-")
            } else {
                routing.report.files += 1
                routing.report.diagnostics.append(ConfigRule.noConfigFinding(name, content: content, wanted: nil))
            }
            return
        }
        var bytes = head
        if bytes.count == ConfigContent.headBytes {
            switch StandardInputStream.read(upTo: maxConfigBytes + 1 - bytes.count, already: bytes.count) {
            case .success(let more): bytes += more
            case .failure(let error): return unreadable(error)
            }
        }
        guard bytes.count <= maxConfigBytes else {
            routing.report.files += 1
            routing.report.inputUnusable = true
            routing.report.diagnostics.append(ConfigRule.unreadable(
                name, "standard input holds more than the \(maxConfigBytes >> 20) MiB a config file may have",
                fix: "check that this is the pipeline config"))
            return
        }
        units.append(ConfigUnit(kind: kind, paths: [name], forced: options.input.isConfig, contents: [name: bytes]))
    }

    /// A directory as Alloy loads it: its top-level `.alloy` files, in name order.
    static func directoryUnit(_ path: String, forced: InputKind) -> Result<ConfigUnit, Unreadable> {
        guard forced == .auto || forced == .alloy else {
            return .failure(Unreadable(finding: ConfigRule.unreadable(
                path, "'\(path)' is a directory, and a \(forced.configName) is one file",
                fix: "name the config file; a directory is read as one Alloy config (its .alloy files)")))
        }
        let base = path.hasSuffix("/") ? path : path + "/"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let files = names.filter { $0.hasSuffix(".alloy") && !isDirectory(base + $0) }.sorted().map { base + $0 }
        guard !files.isEmpty else {
            return .failure(Unreadable(finding: ConfigRule.unreadable(
                path, "'\(path)' is a directory without .alloy files",
                fix: "name the files to lint (telemetry in it: '\(base)*.ndjson', or '\(base)**' for every file under it); "
                    + "a directory is read as Alloy reads it: one config made of its .alloy files")))
        }
        return .success(ConfigUnit(kind: .alloy, paths: files, forced: forced == .alloy))
    }

    /// `.alloy` files named together, one config per directory unless two of a directory's files declare the same
    /// block.
    static func alloyGroups(_ paths: [String], forced: Bool) -> [ConfigUnit] {
        var byDirectory: [String: [String]] = [:]
        var order: [String] = []
        for path in paths {
            let directory = (path as NSString).deletingLastPathComponent
            if byDirectory[directory] == nil { order.append(directory) }
            byDirectory[directory, default: []].append(path)
        }
        return order.flatMap { directory -> [ConfigUnit] in
            let group = byDirectory[directory]!.sorted()
            guard group.count > 1 else { return [ConfigUnit(kind: .alloy, paths: group, forced: forced)] }
            var contents: [String: [UInt8]] = [:]
            var declared: Set<String> = []
            var clash = false
            for path in group {
                guard case .success(let bytes) = read(path) else { continue }
                contents[path] = bytes
                for block in AlloyParser.parse(bytes).body.blocks {
                    clash = !declared.insert(block.fullName + (block.label.map { ".\($0)" } ?? "")).inserted || clash
                }
            }
            if clash { return group.map { ConfigUnit(kind: .alloy, paths: [$0], forced: forced) } }
            return [ConfigUnit(kind: .alloy, paths: group, forced: forced, contents: contents)]
        }
    }

    /// Collector files named together: one config unless two define the same component or pipeline. When the kind
    /// is forced, a file that plainly is something else is a `no-config` finding instead.
    static func collectorGroups(_ paths: [String], forced: Bool, report: inout LintReport) -> [ConfigUnit] {
        var files: [(String, [UInt8])] = []
        var units: [ConfigUnit] = []
        for path in paths {
            guard case .success(let bytes) = read(path) else {
                units.append(ConfigUnit(kind: .collector, paths: [path], forced: forced))
                continue
            }
            if forced, let problem = contentProblem((path, bytes), as: .collector) {
                report.files += 1
                report.diagnostics.append(problem)
                continue
            }
            files.append((path, bytes))
        }
        guard files.count > 1 else {
            return units + files.map { ConfigUnit(kind: .collector, paths: [$0.0], contents: [$0.0: $0.1]) }
        }
        var defined: Set<String> = []
        var clash = false
        for (path, bytes) in files {
            for id in CollectorModel.definedIDs(YAMLSource.parse(data: Data(bytes), path: path).root) {
                clash = !defined.insert(id).inserted || clash
            }
        }
        if clash { return units + files.map { ConfigUnit(kind: .collector, paths: [$0.0], contents: [$0.0: $0.1]) } }
        return units + [ConfigUnit(kind: .collector, paths: files.map(\.0),
                                   contents: Dictionary(files, uniquingKeysWith: { a, _ in a }))]
    }
}
