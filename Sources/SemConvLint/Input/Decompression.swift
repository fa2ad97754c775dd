/// Why compressed bytes could not be decompressed, with what to do.
public struct DecompressionError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// zlib or libzstd could not be loaded (the message names the library, `fix` what to install).
        case libraryMissing
        /// The data is not valid gzip or zstd.
        case corrupt
        /// The data ends inside a gzip member or zstd frame.
        case truncated
        /// The output would exceed the caller's limit (a decompression bomb, or a limit set too low).
        case tooLarge
    }

    public var kind: Kind
    /// One line, no trailing period.
    public var message: String
    public var fix: String?
    /// Byte offset in the compressed input where the problem was found, when known.
    public var offset: Int?
    /// `.corrupt`: what the library said, without the rest of `message` (`invalid block type`).
    public var reason: String?

    public init(_ kind: Kind, _ message: String, fix: String? = nil, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.fix = fix
        self.offset = offset
    }

    /// `.corrupt` data: `<format> data is corrupt: <reason>`.
    static func corrupt(_ format: Decompression.Format, _ reason: String, offset: Int?) -> DecompressionError {
        var error = DecompressionError(.corrupt, "\(format.rawValue) data is corrupt: \(reason)", offset: offset)
        error.reason = reason
        return error
    }

    public var description: String { message }
}

/// In-process gzip and zstd decompression through the system's zlib and libzstd (see `SystemLibrary`).
///
/// The OpenTelemetry Collector's file exporter writes zstd (its only `compression`); gzip is what log rotation
/// (logrotate, timberjack) leaves behind and what OTLP/HTTP clients send as `Content-Encoding: gzip`. The same
/// code serves whole files as a stream (`DecompressingReader`, bounded memory) and single buffers (`gunzip`,
/// `unzstd`: one length-prefixed message, one HTTP or gRPC body).
public enum Decompression {
    public enum Format: String, Sendable {
        case gzip, zstd
    }

    /// The compression `bytes` start with: the gzip magic `1f 8b`, or a zstd frame (`28 b5 2f fd`) or zstd
    /// skippable frame (`5? 2a 4d 18`, RFC 8878 §3.1.2), which may start a zstd stream.
    public static func format(of bytes: UnsafeRawBufferPointer) -> Format? {
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B { return .gzip }
        guard bytes.count >= 4 else { return nil }
        if bytes[0] == 0x28, bytes[1] == 0xB5, bytes[2] == 0x2F, bytes[3] == 0xFD { return .zstd }
        if bytes[0] & 0xF0 == 0x50, bytes[1] == 0x2A, bytes[2] == 0x4D, bytes[3] == 0x18 { return .zstd }
        return nil
    }

    public static func format(of bytes: [UInt8]) -> Format? {
        bytes.withUnsafeBytes { format(of: $0) }
    }

    /// Decompresses a whole gzip buffer (one or more members), refusing to produce more than `limit` bytes.
    ///
    /// - Throws: `DecompressionError`: `.libraryMissing` without zlib, `.corrupt`, `.truncated`, `.tooLarge`.
    public static func gunzip(_ bytes: [UInt8], limit: Int) throws(DecompressionError) -> [UInt8] {
        try decompress(bytes, format: .gzip, limit: limit)
    }

    /// Decompresses a whole zstd buffer (one or more frames), refusing to produce more than `limit` bytes.
    ///
    /// - Throws: `DecompressionError`: `.libraryMissing` without libzstd, `.corrupt`, `.truncated`, `.tooLarge`.
    public static func unzstd(_ bytes: [UInt8], limit: Int) throws(DecompressionError) -> [UInt8] {
        try decompress(bytes, format: .zstd, limit: limit)
    }

    /// Decompresses a whole buffer in `format`; at most `limit` bytes of output.
    public static func decompress(_ bytes: [UInt8], format: Format, limit: Int) throws(DecompressionError) -> [UInt8] {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(DecompressionError) -> [UInt8] in try decompress(raw, format: format, limit: limit) }
        }.get()
    }

    static func decompress(_ input: UnsafeRawBufferPointer, format: Format, limit: Int) throws(DecompressionError) -> [UInt8] {
        var output: [UInt8] = []
        try Decompressor(format).decompressAll(input, limit: limit, into: &output)
        return output
    }
}

/// One gzip or zstd decoding session: compressed bytes in, decompressed bytes out, in steps of any size.
final class Decompressor {
    let format: Decompression.Format
    private var zstd: (ZstdLibrary, OpaquePointer)?
    private var zlib: (ZlibLibrary, UnsafeMutablePointer<ZlibLibrary.Stream>)?
    /// The last step left a gzip member or zstd frame unfinished (the input must go on).
    private(set) var midFrame = false
    /// A gzip member ended; the next input starts another member.
    private var memberEnded = false
    /// An error met by a call that also produced bytes: those bytes are returned first, the error on the next call
    /// (zlib checks a member's CRC after writing all of its data, which is then whole and must not be dropped).
    private var deferred: DecompressionError?

    init(_ format: Decompression.Format) throws(DecompressionError) {
        self.format = format
        switch format {
        case .zstd:
            let lib = try ZstdLibrary.shared.get()
            guard let stream = lib.createDStream() else {
                throw DecompressionError(.corrupt, "libzstd could not allocate a decompression context")
            }
            _ = lib.initDStream(stream)
            zstd = (lib, stream)
        case .gzip:
            let lib = try ZlibLibrary.shared.get()
            let stream = UnsafeMutablePointer<ZlibLibrary.Stream>.allocate(capacity: 1)
            stream.initialize(to: ZlibLibrary.Stream())
            // windowBits 15 + 16: a gzip wrapper, the largest window.
            let status = lib.inflateInit2(stream, 15 + 16, lib.version(), Int32(MemoryLayout<ZlibLibrary.Stream>.size))
            guard status == ZlibLibrary.ok else {
                stream.deallocate()
                throw DecompressionError(.libraryMissing, "zlib refused to start (inflateInit2 status \(status))",
                                         fix: ZlibLibrary.install)
            }
            zlib = (lib, stream)
        }
    }

    /// Starts over for a new, independent input (keeps the context's memory).
    func reset() {
        if let (lib, stream) = zstd { _ = lib.initDStream(stream) }
        if let (lib, stream) = zlib { _ = lib.inflateReset(stream) }
        midFrame = false
        memberEnded = false
        deferred = nil
    }

    /// Decompresses the whole of `input` into `output` (replacing what it held), at most `limit` bytes.
    func decompressAll(_ input: UnsafeRawBufferPointer, limit: Int, into output: inout [UInt8]) throws(DecompressionError) {
        if decodeOneFrame(input, limit: limit, into: &output) { return }
        reset()
        output.removeAll(keepingCapacity: true)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        defer { scratch.deallocate() }
        var position = 0
        while true {
            let rest = UnsafeRawBufferPointer(rebasing: input[position...])
            let (consumed, produced) = try step(rest, into: scratch, offset: position)
            position += consumed
            if produced > 0 {
                guard output.count + produced <= limit else {
                    throw DecompressionError(.tooLarge, "\(format.rawValue) data decompresses to more than \(limit) bytes",
                                             fix: "check where the data comes from (a decompression bomb?), or raise the limit",
                                             offset: position)
                }
                output.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<produced]))
                continue
            }
            if position == input.count {
                if midFrame { throw truncated(at: position) }
                return
            }
            if consumed == 0 {
                throw DecompressionError.corrupt(format, "the decoder made no progress", offset: position)
            }
        }
    }

    /// A zstd frame whose header declares its size (what the Collector's `EncodeAll` and most encoders write),
    /// decoded in one call straight into `output`: no scratch buffer, no copy. False when that does not decode all
    /// of `input` to exactly that size (several frames, no declared size, damage, over `limit`): the streaming path
    /// then reads it, and words any error.
    private func decodeOneFrame(_ input: UnsafeRawBufferPointer, limit: Int, into output: inout [UInt8]) -> Bool {
        guard let (lib, context) = zstd else { return false }
        let declared = lib.frameContentSize(input.baseAddress, input.count)
        guard declared > 0, declared <= UInt64(max(0, limit)) else { return false }
        let size = Int(declared)
        var decoded = false
        output = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            let result = lib.decompressDCtx(context, buffer.baseAddress, size, input.baseAddress, input.count)
            decoded = lib.isError(result) == 0 && result == size
            count = decoded ? size : 0
        }
        return decoded
    }

    deinit {
        if let (lib, stream) = zstd { _ = lib.freeDStream(stream) }
        if let (lib, stream) = zlib {
            _ = lib.inflateEnd(stream)
            stream.deallocate()
        }
    }

    /// Decodes from `input` into `output`; returns the bytes consumed and produced. `offset` is the position of
    /// `input` in the whole compressed stream, for error messages.
    func step(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
              offset: Int) throws(DecompressionError) -> (consumed: Int, produced: Int) {
        if let deferred {
            self.deferred = nil
            throw deferred
        }
        if let (lib, stream) = zstd {
            var inBuffer = ZstdLibrary.Buffer(pointer: input.baseAddress, size: input.count, position: 0)
            var outBuffer = ZstdLibrary.Buffer(pointer: UnsafeRawPointer(output.baseAddress), size: output.count, position: 0)
            let result = withUnsafeMutableBytes(of: &outBuffer) { o in
                withUnsafeMutableBytes(of: &inBuffer) { i in lib.decompressStream(stream, o.baseAddress!, i.baseAddress!) }
            }
            if lib.isError(result) != 0 {
                // libzstd leaves the input position where the call started when it fails: the damage lies somewhere in
                // the bytes given (up to a window of the input, or the whole frame for a checksum), so no offset.
                throw DecompressionError.corrupt(.zstd, lib.describe(result), offset: nil)
            }
            // 0: a frame is complete and flushed; otherwise more input is expected or output is pending. A call
            // that moved nothing (no input left after a frame) says nothing about the frame.
            if inBuffer.position > 0 || outBuffer.position > 0 { midFrame = result != 0 }
            return (inBuffer.position, outBuffer.position)
        }
        guard let (lib, stream) = zlib, let outBase = output.baseAddress else { return (0, 0) }
        // zlib reads nothing when avail_in is 0; any valid pointer will do then.
        let inBase = input.baseAddress ?? UnsafeRawPointer(outBase)
        if memberEnded {
            if input.isEmpty { return (0, 0) }
            // Another member follows (gzip files may be concatenated, as `gzip -dc` reads them).
            _ = lib.inflateReset(stream)
            memberEnded = false
        }
        let inCount = min(input.count, Int(UInt32.max)), outCount = min(output.count, Int(UInt32.max))
        stream.pointee.nextIn = inBase.assumingMemoryBound(to: UInt8.self)
        stream.pointee.availIn = UInt32(inCount)
        stream.pointee.nextOut = outBase.assumingMemoryBound(to: UInt8.self)
        stream.pointee.availOut = UInt32(outCount)
        let status = lib.inflate(stream, 0)
        let consumed = inCount - Int(stream.pointee.availIn)
        let produced = outCount - Int(stream.pointee.availOut)
        switch status {
        case ZlibLibrary.streamEnd:
            memberEnded = true
            midFrame = false
        case ZlibLibrary.ok, ZlibLibrary.bufferError:
            if consumed > 0 || produced > 0 { midFrame = true }
        default:
            let reason = stream.pointee.message.map { String(cString: $0) } ?? "status \(status)"
            let error = DecompressionError.corrupt(.gzip, reason, offset: offset + consumed)
            if produced == 0 { throw error }
            deferred = error
            midFrame = true
        }
        return (consumed, produced)
    }

    func truncated(at offset: Int) -> DecompressionError {
        DecompressionError(.truncated, "\(format.rawValue) data ends inside a \(format == .gzip ? "member" : "frame"): "
                           + "it was cut off", fix: "recover the rest of the data, or re-export it", offset: offset)
    }
}
