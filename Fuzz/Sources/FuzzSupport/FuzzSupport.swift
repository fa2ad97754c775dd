import Foundation
import SemConvModel

/// Helpers shared by the fuzz entry points. Everything here runs once per process.
public enum FuzzSupport {
    /// The swift-semconv package root: `$SEMCONV_HOME`, else three levels above this source file
    /// (`Fuzz/Sources/FuzzSupport/`), so the binaries work wherever they were built.
    public static let packageRoot: String = {
        if let home = ProcessInfo.processInfo.environment["SEMCONV_HOME"], !home.isEmpty { return home }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// The bundled registry (`model/`), loaded once without the `check` rules. Aborts if it does not load
    /// cleanly: fuzzing against a broken registry would only fuzz the error paths.
    public static let bundledRegistry: Registry = {
        let result = RegistryLoader.load(roots: [packageRoot + "/model"], checks: false)
        if result.inputUnusable || result.hasErrors {
            fatalError("cannot load the bundled registry from \(packageRoot)/model: \(result.diagnostics.map(\.message))")
        }
        return result.registry
    }()

    /// A new private (0700) directory under the system temporary directory, removed at exit.
    public static func makeTempDirectory(_ label: String) -> String {
        var template = Array((NSTemporaryDirectory() + "/semconv-fuzz-\(label)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else { fatalError("mkdtemp failed") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        temporaryDirectories.append(path)
        if temporaryDirectories.count == 1 { atexit { FuzzSupport.removeTemporaryDirectories() } }
        return path
    }

    /// Writes `bytes` to `path`, replacing it; aborts on failure (the harness itself is broken then).
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("cannot open \(path)") }
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            guard n > 0 else { fatalError("cannot write \(path)") }
            offset += n
        }
        close(fd)
    }

    public static func write(_ text: String, to path: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { write($0, to: path) }
    }

    nonisolated(unsafe) private static var temporaryDirectories: [String] = []

    static func removeTemporaryDirectories() {
        for dir in temporaryDirectories { try? FileManager.default.removeItem(atPath: dir) }
    }
}
