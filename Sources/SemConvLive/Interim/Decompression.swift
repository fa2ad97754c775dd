// INTERIM: stands in for the binary-input branch's in-memory `Decompression` (same names and signatures) until that
// branch lands; deleted by the merge. Runs the system's gzip/zstd with a bounded output.
import Foundation

public struct DecompressionError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case libraryMissing, corrupt, truncated, tooLarge }
    public var kind: Kind
    public var message: String
    public var fix: String?
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, fix: String? = nil, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.fix = fix
        self.offset = offset
    }

    public var description: String { message }
}

public enum Decompression {
    public enum Format: String, Sendable { case gzip, zstd }

    public static func decompress(_ bytes: [UInt8], format: Format, limit: Int) throws(DecompressionError) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [format.rawValue, "-dc"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw DecompressionError(.libraryMissing, "'\(format.rawValue)' could not be run")
        }
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: bytes)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        var out: [UInt8] = []
        let handle = output.fileHandleForReading
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            out += data
            if out.count > limit {
                process.terminate()
                process.waitUntilExit()
                throw DecompressionError(.tooLarge, "the \(format.rawValue) body decompresses to more than \(limit) bytes")
            }
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DecompressionError(.corrupt, "the \(format.rawValue) body is corrupt or truncated")
        }
        return out
    }
}
