/// What the OpenTelemetry Collector's file exporter writes, and how each form is read.
///
/// Verified in opentelemetry-collector-contrib `exporter/fileexporter` (`file_writer.go` `buildExportFunc`,
/// `exportMessageAsLine`, `exportMessageAsBuffer`; `marshaller.go`; `codec.go`; `compression_writer.go`;
/// `native_compression_test.go`; `factory.go`; `grouping_file_exporter.go`; `config.go`):
///
/// | `format` | `compression` | the file holds |
/// | --- | --- | --- |
/// | `json` (default) | none | one OTLP/JSON request per line (`exportMessageAsLine`: the marshaled bytes + `\n`) |
/// | `proto` | none | each request as protobuf, preceded by its length (`exportMessageAsBuffer`: 4 bytes, big-endian) |
/// | `json` | `zstd` | each request compressed on its own into one zstd frame (`EncodeAll`), then length-prefixed |
/// | `proto` | `zstd` | the same with protobuf inside each frame |
/// | `json` | `zstd` + feature gate `exporter.file.nativeCompression` (v0.154.0+) | a zstd stream of NDJSON |
/// | `proto` | `zstd` + that gate | a zstd stream of length-prefixed protobuf |
///
/// - The request is an `ExportLogsServiceRequest`, `ExportTraceServiceRequest` or `ExportMetricsServiceRequest`
///   (pdata's `ProtoMarshaler`/`JSONMarshaler`); one exporter serves every pipeline it is in, so one file mixes
///   logs, traces and metrics, message by message.
/// - With the gate, a zstd frame ends at each flush (`flush_interval`, default 1 s) or, with `rotation`, at each
///   write (one frame per message; a message larger than `max_megabytes` spans several frames). Frames are
///   concatenated: read as one stream, they give back the uncompressed layout.
/// - An `encoding` extension replaces the marshaler; under the gate its output is length-prefixed unless it is a
///   text encoding with `format: json`.
/// - `rotation` renames full files (`name-<timestamp>.ext`), `group_by` writes one file per value of a resource
///   attribute (`path` with a `*`): neither changes the content. `append` is refused with compression.
///
/// All of these are read, told apart by content alone (`ByteSource` for the file, `MessageUnit` per message).
enum MessageUnit {
    /// What one length-prefixed message holds.
    enum Content: Equatable {
        /// A JSON document (OTLP/JSON, or another JSON input the text readers know).
        case json
        /// An OTLP protobuf request of this signal.
        case protobuf(OTLPSignal)
        /// One gzip member or zstd frame (legacy `compression: zstd`); decompressed, it is one of the others.
        case compressed(Decompression.Format)
        /// Well-formed protobuf that is no OTLP logs, traces or metrics request (e.g. profiles).
        case unknown
    }

    /// Decides from the first bytes: a compression magic; `{` or `[` (after white space or a UTF-8 BOM) is JSON,
    /// as a protobuf `Export*ServiceRequest` starts with the tag of field 1 (`0x0a`) and never with those bytes;
    /// anything else is protobuf, whose records tell the signal (`OTLPProtobufSignal`).
    static func content(of bytes: UnsafeRawBufferPointer) -> Content {
        if let format = Decompression.format(of: bytes) { return .compressed(format) }
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") { return .json }
        switch OTLPProtobufSignal.detect(bytes) {
        case let .signal(signal): return .protobuf(signal)
        // Malformed: read as logs, so that the decoder reports what is wrong and where.
        case .malformed: return .protobuf(.logs)
        case .unknown: return .unknown
        }
    }

    /// The signal of a unit whose format is not known (`TelemetryUnitFormat.auto`, a line of a text file, a request
    /// body): well-formed OTLP protobuf of a signal, or nil to read it as text. Text starts with `{`, `[`, a space,
    /// tab, CR or UTF-8 BOM; anything else is protobuf only when it parses as a request whose records fit a signal.
    /// (A request starts with `0a`, the tag of field 1, which is also a newline: such a unit is protobuf when it
    /// parses as one, which JSON text after a newline does not.)
    static func binarySignal(_ bytes: UnsafeRawBufferPointer) -> OTLPSignal? {
        guard let first = bytes.first, first != UInt8(ascii: "{"), first != UInt8(ascii: "["), first != 0x20,
              first != 0x09, first != 0x0D, first != 0xEF else { return nil }
        if case let .signal(signal) = OTLPProtobufSignal.detect(bytes) { return signal }
        return nil
    }

    /// Whether an input starting with `head` (its first bytes, possibly not all of it) is one un-prefixed OTLP
    /// protobuf request, as an OTLP/HTTP exporter sends it as a request body: it starts with the tag of field 1
    /// (`0x0a`, `resource_logs`/`resource_spans`/`resource_metrics`) and a length, and that first resource block
    /// parses as protobuf whose first field is its resource (1), a scope block (2) or `schema_url` (3), each field
    /// within the block's length (fields cut off by the end of `head` are given the benefit of the doubt). Text
    /// that starts with a newline fails this: after `0a` comes `{`, `[`, white space or another newline, whose
    /// bytes do not make such a block.
    static func looksLikeBareRequest(_ head: UnsafeRawBufferPointer) -> Bool {
        guard head.count >= 3, head[0] == 0x0A else { return false }
        var r = ProtobufReader(head)
        do {
            _ = try r.tag()
            let length = try r.varint()
            let start = r.position
            guard length > 0, start < head.count, [0x0A, 0x12, 0x1A].contains(head[start]) else { return false }
            let end = Int(clamping: min(UInt64(head.count), UInt64(start) + length))
            var block = ProtobufReader(UnsafeRawBufferPointer(rebasing: head[start..<end]))
            var fields = 0
            while !block.isAtEnd {
                let (field, wire) = try block.tag()
                guard field <= 3, wire == .lengthDelimited else { return false }
                var peek = block
                let declared = try peek.varint()
                // A field past the block's declared end is malformed; one past what `head` holds may be complete.
                if UInt64(peek.position) + declared > length { return false }
                if UInt64(peek.position) + declared > UInt64(block.end) { return end == head.count }
                _ = try block.lengthDelimited()
                fields += 1
            }
            // A block wholly in `head` is followed by the next one (`0a`) or the end.
            return fields > 0 && (end == head.count || head[end] == 0x0A)
        } catch {
            return false
        }
    }

    enum Outcome {
        case unit(TelemetryUnitFormat, decompressed: [UInt8]?)
        case problem(UnitProblem)
    }

    /// The unit format of a message; a compressed message is decompressed (at most `limit` bytes out, with the
    /// reusable `decompressors`) and the bytes to check are then `decompressed`, else the message itself.
    ///
    /// - Returns: the format, or a problem (`invalid-frame` for corrupt or bombing compressed data,
    ///   `unknown-input` for a message that is neither JSON nor OTLP protobuf) whose offset counts in the message's
    ///   bytes as stored.
    static func format(of message: UnsafeRawBufferPointer, limit: Int,
                       decompressors: Decompressors = Decompressors()) -> Outcome {
        var content = content(of: message)
        var decompressed: [UInt8]?
        if case let .compressed(compression) = content {
            let bytes: [UInt8]
            do {
                bytes = try decompressors.decompress(message, format: compression, limit: limit)
            } catch where error.kind == .tooLarge {
                // As for a message longer than the limit before decompression (`FrameReader`): skipped, at its start.
                return .problem(UnitProblem(rule: .lineTooLong, message: "the message's \(compression.rawValue) frame "
                                            + "decompresses to more than the maximum of \(limit) bytes; skipped", offset: 0,
                                            fix: "raise --max-line-length (the largest message the reader holds in memory)"))
            } catch {
                return .problem(UnitProblem(rule: .invalidFrame, message: "the message's \(compression.rawValue) frame cannot be "
                                            + "decompressed: \(error.message)", offset: error.offset ?? 0,
                                            fix: error.fix ?? "the frame is damaged; re-export the file"))
            }
            content = bytes.withUnsafeBytes { self.content(of: $0) }
            if case .compressed = content {
                return .problem(UnitProblem(rule: .invalidFrame, message: "the message's compressed frame holds another "
                                            + "compressed frame; only one level is read", offset: 0,
                                            fix: "decompress the file first"))
            }
            decompressed = bytes
        }
        switch content {
        case .json: return .unit(.auto, decompressed: decompressed)
        case let .protobuf(signal): return .unit(.otlpProtobuf(signal), decompressed: decompressed)
        case .compressed, .unknown:
            return .problem(UnitProblem(rule: .unknownInput, message: "the message is neither OTLP/JSON nor an OTLP "
                                        + "protobuf logs, traces or metrics request", offset: 0,
                                        fix: "check what wrote the file (profiles and other signals are not read)"))
        }
    }

    /// One decompression context per format and one output buffer, reused message after message (a zstd context
    /// and its window are worth keeping: the legacy `compression: zstd` file holds a frame per message).
    final class Decompressors {
        private var contexts: [Decompression.Format: Decompressor] = [:]
        private var output: [UInt8] = []

        func decompress(_ input: UnsafeRawBufferPointer, format: Decompression.Format,
                        limit: Int) throws(DecompressionError) -> [UInt8] {
            let context: Decompressor
            if let existing = contexts[format] {
                context = existing
            } else {
                context = try Decompressor(format)
                contexts[format] = context
            }
            try context.decompressAll(input, limit: limit, into: &output)
            return output
        }
    }
}
