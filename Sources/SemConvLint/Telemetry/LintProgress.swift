import Foundation

/// How far a telemetry lint run is. The linter hands one to `LintOptions.progress` after each chunk it has checked
/// (every few MiB), on the thread that runs the lint; the command line draws it (on a terminal only).
public struct LintProgress: Sendable, Equatable {
    /// The input being read.
    public var file: String
    /// Bytes read so far, over all inputs (decompressed bytes for gzip input).
    public var bytesRead: Int
    /// The size of all inputs, when known (plain files; not standard input or gzip).
    public var totalBytes: Int?
    /// Records checked so far.
    public var records: Int
    /// Findings so far (including those beyond the per-rule listing limit).
    public var findings: Int

    public init(file: String, bytesRead: Int, totalBytes: Int?, records: Int, findings: Int) {
        self.file = file
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.records = records
        self.findings = findings
    }

    /// One status line, e.g. `12.6 MB of 268.4 MB · 45,210 records/s · 12 findings · 0:14 left`.
    public func line(elapsed: Double) -> String {
        var parts = [totalBytes.map { "\(Self.bytes(bytesRead)) of \(Self.bytes($0))" } ?? Self.bytes(bytesRead)]
        if elapsed > 0 { parts.append("\(Self.grouped(Int(Double(records) / elapsed))) records/s") }
        parts.append("\(Self.grouped(findings)) finding\(findings == 1 ? "" : "s")")
        if let total = totalBytes, bytesRead > 0, elapsed > 0, total >= bytesRead {
            let left = Double(total - bytesRead) / (Double(bytesRead) / elapsed)
            parts.append("\(Self.duration(left)) left")
        }
        return parts.joined(separator: " · ")
    }

    static func bytes(_ n: Int) -> String {
        if n < 1000 { return "\(n) B" }
        let units = ["kB", "MB", "GB", "TB"]
        var value = Double(n) / 1000, unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: "%.1f %@", value, units[unit])
    }

    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    /// The total size of `paths` when every one is a plain file (not `-`, not gzip); nil otherwise.
    public static func totalSize(of paths: [String]) -> Int? {
        var total = 0
        for path in paths {
            guard path != "-", let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            let magic = (try? handle.read(upToCount: 2)) ?? Data()
            guard magic != Data([0x1F, 0x8B]),
                  let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { return nil }
            total += size
        }
        return total
    }
}
