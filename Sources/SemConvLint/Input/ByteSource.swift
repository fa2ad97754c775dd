#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SemConvModel

/// Why an input cannot be read, with what to do.
struct InputError: Error {
    var message: String
    var fix: String?

    /// A read of `raw` failed before anything was read: `cannot read standard input: Is a directory`.
    static func readFailed(_ raw: RawInput) -> InputError {
        InputError(message: "cannot read \(raw.name): \(raw.lastError)",
                   fix: raw.isStandardInput ? StandardInputStream.fix : "check that the file can be read")
    }
}

/// Standard input (descriptor 0): the one place that tells a read error of it (a directory, a closed descriptor)
/// from its end, for telemetry (`ByteSource.open("-")`) and configs (`read(upTo:)`) alike.
public enum StandardInputStream {
    /// Whether descriptor 0 was closed when the process started (`semconv lint - <&-`). It is then held open on
    /// /dev/null, so that no file opened later becomes descriptor 0 and is read as standard input, and reading
    /// standard input fails with EBADF. `semconv` evaluates this first thing; any other caller at its first read.
    public static let closedAtStart: Bool = {
        var info = stat()
        guard fstat(STDIN_FILENO, &info) != 0, errno == EBADF else { return false }
        let fd = systemOpen("/dev/null")
        if fd > STDIN_FILENO {
            _ = dup2(fd, STDIN_FILENO)
            _ = systemClose(fd)
        }
        return true
    }()

    static let fix = "check the command that feeds standard input (it must be a file or a pipe, open for reading), "
        + "or name the files to lint"

    /// Up to `limit` bytes of standard input (fewer at its end), or why it cannot be read: a read error is never
    /// taken for the end. `already`: bytes read from it before (for the message).
    static func read(upTo limit: Int, already: Int = 0) -> Result<[UInt8], InputError> {
        let raw = RawInput.standardInput()
        let bytes = raw.peek(limit)
        guard raw.failed else { return .success(bytes) }
        var error = InputError.readFailed(raw)
        if already + bytes.count > 0 { error.message += " after \(already + bytes.count) bytes" }
        return .failure(error)
    }
}

/// A problem met while reading an input that was opened: compressed data that is corrupt or cut off. Whatever came
/// before it has been read.
struct SourceFailure: Sendable {
    /// What is wrong and where in the file (`the gzip stream ends early at byte 903205 of the file`); the readers
    /// add where in the content reading stopped (`FrameReader`, `TelemetryLinter.finishSource`).
    var message: String
    var fix: String?
    /// Nothing could be read: the input is unusable as a whole (`input-unreadable`, exit status 2); otherwise it was
    /// cut short by corrupt or truncated data (`invalid-frame`).
    var unusable: Bool

    /// What to do about an input that ends early: the compressed stream, or the last message or line, is cut off.
    static let cutFix = "the file is still being written, or was cut off when copied: lint a copy taken after the "
        + "Collector has rotated or closed it, or recover the rest of the file"
}

/// Telemetry bytes from a file, standard input or memory, decompressed when they are gzip or zstd.
///
/// What the content is comes from its first bytes, never from a file name (the Collector's file exporter writes
/// any `path` it is given, and rotation renames files):
/// - gzip (`1f 8b`) or zstd (a frame or skippable frame magic, see `Decompression.format(of:)`): decompressed in
///   process as the bytes are read, in bounded memory; concatenated members and frames are one stream. The
///   decompressed bytes are then looked at again (one level: compression inside compression is not unpacked).
/// - `layout`: the first decompressed byte tells text from length-prefixed messages. A length prefix is 4 bytes,
///   big-endian, so the first message of the Collector's `format: proto` files (and of `compression: zstd` files
///   without the native-compression feature gate) starts with `00` unless it is 16 MiB or longer; any byte below
///   `0x20` other than tab, CR and LF does. Text (NDJSON, JSON) starts with `{`, `[`, white space or a UTF-8 BOM.
final class ByteSource {
    /// How the (decompressed) bytes are laid out.
    enum Layout: Sendable {
        /// Lines: NDJSON, one OTLP/JSON request (or flat event, or Faro payload) per line.
        case text
        /// Messages, each preceded by its length as a 4-byte big-endian unsigned integer (see `FrameReader`).
        case lengthPrefixed
    }

    private let raw: RawInput
    private var decoder: DecompressingReader?
    /// Bytes looked at to detect the content, returned before anything else.
    private var pending: [UInt8] = []
    private var pendingRead = 0
    /// The compression found at the start of the input.
    private(set) var compression: Decompression.Format?
    private(set) var layout: Layout = .text
    /// Why reading stopped early, when it did (reads return 0 from then on).
    private(set) var failure: SourceFailure?
    /// Decompressed bytes read so far.
    private var decoded = 0

    private init(raw: RawInput) {
        self.raw = raw
        pending = raw.peek(4)
        if pending.isEmpty, raw.failed {
            let error = InputError.readFailed(raw)
            failure = SourceFailure(message: error.message, fix: error.fix, unusable: true)
            return
        }
        if let format = pending.withUnsafeBytes({ Decompression.format(of: $0) }) {
            compression = format
            do {
                decoder = try DecompressingReader(Decompressor(format), upstream: raw, prefix: pending)
            } catch {
                pending = []
                failure = SourceFailure(message: "\(raw.name) is \(format.rawValue)-compressed: \(error.message)",
                                        fix: error.fix, unusable: true)
                return
            }
            pending = []
            var head = [UInt8](repeating: 0, count: 4)
            var got = 0
            while got < 4 {
                let n = head.withUnsafeMutableBytes { readDecoded($0.baseAddress! + got, 4 - got) }
                if n <= 0 { break }
                got += n
            }
            pending = Array(head[..<got])
        }
        if let first = pending.first, first < 0x20, first != 0x09, first != 0x0A, first != 0x0D {
            layout = .lengthPrefixed
        }
    }

    /// Bytes already in memory (no descriptor); detected like a file.
    convenience init(memory: [UInt8], name: String = "<memory>") {
        self.init(raw: RawInput(memory: memory, name: name))
    }

    /// Opens a file, or standard input for `-`; `replaying` holds bytes already read from standard input (to tell its
    /// content), returned first.
    static func open(_ path: String, replaying prefix: [UInt8] = []) -> Result<ByteSource, InputError> {
        let raw: RawInput
        if path == "-" {
            raw = RawInput.standardInput(replaying: prefix)
        } else {
            switch RawInput.open(path) {
            case .success(let file): raw = file
            case .failure(let error): return .failure(error)
            }
        }
        let source = ByteSource(raw: raw)
        if let failure = source.failure, failure.unusable {
            raw.close()
            return .failure(InputError(message: failure.message, fix: failure.fix))
        }
        return .success(source)
    }

    /// Reads up to `count` bytes; 0 at the end of the input (or after a failure, see `failure`), -1 on a read
    /// error of the descriptor (`lastError`).
    func read(_ into: UnsafeMutableRawPointer, _ count: Int) -> Int {
        if pendingRead < pending.count {
            let n = min(count, pending.count - pendingRead)
            pending.withUnsafeBytes { into.copyMemory(from: $0.baseAddress! + pendingRead, byteCount: n) }
            pendingRead += n
            return n
        }
        if failure != nil { return 0 }
        return decoder == nil ? raw.read(into, count) : readDecoded(into, count)
    }

    private func readDecoded(_ into: UnsafeMutableRawPointer, _ count: Int) -> Int {
        guard let decoder else { return 0 }
        let n = decoder.read(into, count)
        if n >= 0 {
            decoded += n
            return n
        }
        if let error = decoder.failure {
            // Nothing could be read at all: the input is unusable; otherwise what came before the damage was read.
            let format = decoder.format.rawValue
            let at = error.offset.map { " at byte \($0) of the file" } ?? ""
            var message: String, fix: String
            if error.kind == .truncated {
                message = "the \(format) stream ends early\(at)"
                fix = SourceFailure.cutFix
            } else {
                message = "the \(format) data is corrupt\(at) (\(error.reason ?? error.message))"
                fix = error.fix ?? "the compressed data is damaged: re-export the file (check it with '\(format) -t')"
            }
            if decoded == 0 { message += "; nothing could be read" }
            failure = SourceFailure(message: message, fix: fix, unusable: decoded == 0)
            return 0
        }
        return -1
    }

    /// Why the last failed `read` failed (captured on the reading thread).
    var lastError: String { decoder?.upstreamError ?? raw.lastError }

    /// A failure that ended the input early, reported once the input is consumed.
    func finish() -> SourceFailure? { failure }

    func close() { raw.close() }
}

/// A descriptor or a buffer, read in order; the bottom of a `ByteSource`.
final class RawInput {
    let fd: Int32
    let name: String
    private let ownsFD: Bool
    private var memory: [UInt8] = []
    private var memoryRead = 0
    /// Bytes read from `fd` before this input was made, returned before reading `fd` again.
    private var prefix: [UInt8]
    private var prefixRead = 0
    private(set) var lastError = ""
    /// A read failed (`lastError` says why); `peek` stops there, so this tells a read error from the end.
    private(set) var failed = false
    var isStandardInput: Bool { fd == STDIN_FILENO && !ownsFD }

    init(fd: Int32, ownsFD: Bool, name: String, prefix: [UInt8] = []) {
        self.fd = fd
        self.ownsFD = ownsFD
        self.name = name
        self.prefix = prefix
    }

    init(memory: [UInt8], name: String) {
        fd = -1
        ownsFD = false
        self.memory = memory
        self.name = name
        prefix = []
    }

    /// Standard input; `prefix` holds bytes already read from it, returned first.
    static func standardInput(replaying prefix: [UInt8] = []) -> RawInput {
        RawInput(fd: STDIN_FILENO, ownsFD: false, name: "standard input", prefix: prefix)
    }

    /// Opens the file at `path` (not a directory) for reading.
    static func open(_ path: String) -> Result<RawInput, InputError> {
        let fd = systemOpen(path)
        if fd < 0 {
            let code = errno
            if code == ENOENT, InputPatterns.isPattern(path) {
                return .failure(InputError(message: "no file matches '\(path)'",
                                           fix: "check the pattern ('*', '?' and '[…]' match within a path component, "
                                               + "'**' any number of directories)"))
            }
            return .failure(InputError(message: "cannot read '\(path)': \(String(cString: strerror(code)))",
                                       fix: "check the path (use '-' for standard input)"))
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            _ = systemClose(fd)
            return .failure(InputError(message: "'\(path)' is a directory", fix: "pass the files inside it"))
        }
        return .success(RawInput(fd: fd, ownsFD: true, name: "'\(path)'"))
    }

    /// Reads the first `count` bytes or fewer at the end; they are not read again (callers keep them).
    func peek(_ count: Int) -> [UInt8] {
        // Grown as bytes arrive (64 KiB, then fourfold), so a small file does not cost a `count`-byte buffer.
        var head: [UInt8] = []
        var got = 0
        while got < count {
            if got == head.count { head += repeatElement(0, count: min(count, max(64 << 10, 4 * got)) - got) }
            let n = head.withUnsafeMutableBytes { read($0.baseAddress! + got, $0.count - got) }
            if n <= 0 { break }
            got += n
        }
        head.removeLast(head.count - got)
        return head
    }

    func read(_ into: UnsafeMutableRawPointer, _ count: Int) -> Int {
        if fd < 0 {
            let n = min(count, memory.count - memoryRead)
            if n > 0 { memory.withUnsafeBytes { into.copyMemory(from: $0.baseAddress! + memoryRead, byteCount: n) } }
            memoryRead += n
            return n
        }
        if prefixRead < prefix.count {
            let n = min(count, prefix.count - prefixRead)
            prefix.withUnsafeBytes { into.copyMemory(from: $0.baseAddress! + prefixRead, byteCount: n) }
            prefixRead += n
            return n
        }
        if isStandardInput, StandardInputStream.closedAtStart { return fail(EBADF) }
        while true {
            let n = systemRead(fd, into, count)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return fail(errno) }
            return n
        }
    }

    private func fail(_ code: Int32) -> Int {
        lastError = String(cString: strerror(code))
        failed = true
        return -1
    }

    func close() {
        if ownsFD { _ = systemClose(fd) }
    }
}

/// Decompresses a `RawInput` as it is read: a 1 MiB window of compressed bytes, whatever the ratio.
final class DecompressingReader {
    private let decompressor: Decompressor
    private let upstream: RawInput
    private let input: UnsafeMutableRawBufferPointer
    private var start = 0, end = 0
    private var upstreamEnded = false
    /// Compressed bytes consumed so far (error offsets).
    private var consumed = 0
    private(set) var failure: DecompressionError?
    private(set) var upstreamError: String?
    var format: Decompression.Format { decompressor.format }

    init(_ decompressor: Decompressor, upstream: RawInput, prefix: [UInt8]) {
        self.decompressor = decompressor
        self.upstream = upstream
        input = .allocate(byteCount: max(1 << 20, prefix.count), alignment: 16)
        prefix.withUnsafeBytes { input.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        end = prefix.count
    }

    deinit { input.deallocate() }

    /// Decompressed bytes into `into`; 0 at the end, -1 on a failure (`failure`, or `upstreamError` for a read
    /// error of the compressed input).
    func read(_ into: UnsafeMutableRawPointer, _ count: Int) -> Int {
        if failure != nil || upstreamError != nil { return -1 }
        let output = UnsafeMutableRawBufferPointer(start: into, count: count)
        while true {
            if start == end, !upstreamEnded {
                let n = upstream.read(input.baseAddress!, input.count)
                if n < 0 {
                    upstreamError = upstream.lastError
                    return -1
                }
                if n == 0 { upstreamEnded = true } else { start = 0; end = n }
            }
            let step: (consumed: Int, produced: Int)
            do {
                step = try decompressor.step(UnsafeRawBufferPointer(rebasing: input[start..<end]), into: output,
                                             offset: consumed)
            } catch {
                failure = error
                return -1
            }
            start += step.consumed
            consumed += step.consumed
            if step.produced > 0 { return step.produced }
            if start == end, upstreamEnded {
                if decompressor.midFrame {
                    failure = decompressor.truncated(at: consumed)
                    return -1
                }
                return 0
            }
            if step.consumed == 0, start < end {
                failure = DecompressionError.corrupt(format, "the decoder made no progress", offset: consumed)
                return -1
            }
        }
    }
}

@inline(__always) private func systemOpen(_ path: String) -> Int32 { open(path, O_RDONLY) }
@inline(__always) private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
@inline(__always) private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }
