import Foundation

/// Runs a system tool (`git`, `tar`, `unzip`, `curl`, ...) found on `PATH`, with no terminal prompts, and captures
/// its output. Libraries stay quiet: nothing is printed, failures come back as values.
package enum ExternalTool {
    package struct Output: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
        package var succeeded: Bool { status == 0 }

        /// The last non-empty lines of standard error (or output), for messages.
        package var diagnostic: String {
            let text = stderr.trimmingWhitespace.isEmpty ? stdout : stderr
            let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
            return lines.suffix(3).joined(separator: "; ")
        }

        /// The first line of standard error (or output) that says what went wrong, as `speaker: text` (the tool's
        /// name unless the line names another, like `gzip:` under tar): progress and retry chatter (`Archive: ...`,
        /// `[file.zip]`, curl's `Warning: ...`) left out, a tool's own path shortened to its name, a
        /// sentence that continues on the next line (unzip's) cut at its end. Nil when the tool said nothing.
        package func firstRelevantLine(tool: String) -> String? {
            let text = stderr.trimmingWhitespace.isEmpty ? stdout : stderr
            let noise = ["archive:", "warning:", "hint:", "cloning into", "remote: counting", "remote: enumerating"]
            for raw in text.split(whereSeparator: \.isNewline) {
                var line = String(raw).trimmingWhitespace
                let lower = line.lowercased()
                // unzip names the archive first, as `[file.zip]`.
                guard !line.isEmpty, !noise.contains(where: lower.hasPrefix), !(line.hasPrefix("[") && line.hasSuffix("]"))
                else { continue }
                // `/usr/bin/tar: ...` -> `tar: ...`
                if line.hasPrefix("/"), let colon = line.firstIndex(of: ":"), !line[..<colon].contains(" ") {
                    line = (String(line[..<colon]) as NSString).lastPathComponent + line[colon...]
                }
                // "End-of-central-directory signature not found.  Either this file is not" -> the first sentence.
                if let end = line.range(of: ".  ") { line = String(line[..<end.lowerBound]) + "." }
                // A line that names its speaker (`gzip: ...`, `fatal: ...`) stays as it is; others get the tool's name.
                let speaker = line.prefix { $0.isLetter || $0.isNumber || "_-.".contains($0) }
                if !speaker.isEmpty, line.dropFirst(speaker.count).hasPrefix(":") { return line }
                return "\((tool as NSString).lastPathComponent): \(line)"
            }
            return nil
        }
    }

    /// The absolute path of `name` on `PATH`, or nil.
    package static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments`; throws only when it cannot be started.
    package static func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
                            environment extra: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        // Never wait for a password or a host-key question: a CI job would hang.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_ASKPASS"] = "true"
        environment["LC_ALL"] = "C"
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        // Read both pipes while the tool runs, so a chatty tool cannot block on a full pipe.
        let group = DispatchGroup()
        let errBox = DataBox()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}
