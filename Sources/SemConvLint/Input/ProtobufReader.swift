/// Malformed protobuf: what is wrong and the byte offset in the message where it was found.
struct ProtobufError: Error, Sendable {
    var message: String
    var offset: Int
    /// Not malformed, but nested beyond the reader's caller's bound.
    var tooDeep = false
}

/// A zero-copy reader of the protobuf wire format (https://protobuf.dev/programming-guides/encoding/) over bytes in
/// memory: tags, varints, fixed 32/64-bit values and length-delimited payloads, read in place.
///
/// Every read checks its bounds and throws `ProtobufError` with the byte offset (from the start of the outermost
/// message) on malformed input: a varint longer than 10 bytes, a length running past the end of its enclosing
/// message, field number 0, wire types 6 and 7, an unterminated or mismatched group. Each call consumes at least
/// one byte or throws, so loops over fields always end; groups, the only construct skipped recursively, nest at
/// most `maxGroupDepth` deep. Readers for nested messages share the base pointer, so offsets stay absolute.
struct ProtobufReader {
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    static let maxGroupDepth = 64

    /// The outermost message's first byte (offsets are counted from here).
    let base: UnsafeRawPointer
    private(set) var position: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        // An empty buffer may have no address; any pointer is fine when nothing is read.
        base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        position = 0
        end = bytes.count
    }

    private init(base: UnsafeRawPointer, position: Int, end: Int) {
        self.base = base
        self.position = position
        self.end = end
    }

    var isAtEnd: Bool { position >= end }

    /// The next field's number and wire type.
    @inline(__always)
    mutating func tag() throws(ProtobufError) -> (field: Int, wire: WireType) {
        // Fast path: a one-byte key (fields 1-15), what nearly every OTLP tag is.
        if position < end {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte < 0x80, byte >= 8, let wire = WireType(rawValue: byte & 7) {
                position += 1
                return (Int(byte >> 3), wire)
            }
        }
        return try tagSlow()
    }

    @inline(never)
    private mutating func tagSlow() throws(ProtobufError) -> (field: Int, wire: WireType) {
        let at = position
        let key = try varint()
        guard key <= UInt64(UInt32.max) else { throw ProtobufError(message: "field key \(key) is out of range", offset: at) }
        let field = Int(key >> 3)
        guard field > 0 else { throw ProtobufError(message: "field number 0 is not valid", offset: at) }
        guard let wire = WireType(rawValue: UInt8(key & 7)) else {
            throw ProtobufError(message: "wire type \(key & 7) of field \(field) is not valid", offset: at)
        }
        return (field, wire)
    }

    @inline(__always)
    mutating func varint() throws(ProtobufError) -> UInt64 {
        // Fast path: one byte (lengths under 128, small numbers).
        if position < end {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte < 0x80 {
                position += 1
                return UInt64(byte)
            }
        }
        return try varintSlow()
    }

    @inline(never)
    private mutating func varintSlow() throws(ProtobufError) -> UInt64 {
        let at = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw ProtobufError(message: "varint runs past the end of its message", offset: at) }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            // The 10th byte holds bit 63 only: more is an overflow, a continuation an 11th byte.
            if shift == 63, byte > 1 { throw ProtobufError(message: "varint is longer than 10 bytes or overflows 64 bits", offset: at) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    @inline(__always)
    mutating func fixed64() throws(ProtobufError) -> UInt64 {
        guard end - position >= 8 else { throw ProtobufError(message: "fixed64 runs past the end of its message", offset: position) }
        let value = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        position += 8
        return value
    }

    @inline(__always)
    mutating func fixed32() throws(ProtobufError) -> UInt32 {
        guard end - position >= 4 else { throw ProtobufError(message: "fixed32 runs past the end of its message", offset: position) }
        let value = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        position += 4
        return value
    }

    /// A length-delimited payload: its first byte's offset and its length (in place, nothing copied).
    @inline(__always)
    mutating func lengthDelimited() throws(ProtobufError) -> (offset: Int, count: Int) {
        let at = position
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw ProtobufError(message: "length \(length) runs past the end of its message (\(end - position) bytes left)",
                                offset: at)
        }
        let start = position
        position += Int(length)
        return (start, Int(length))
    }

    /// The bytes of a length-delimited field.
    @inline(__always)
    mutating func bytes() throws(ProtobufError) -> UnsafeRawBufferPointer {
        let (offset, count) = try lengthDelimited()
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }

    /// A reader for an embedded message (a length-delimited field).
    @inline(__always)
    mutating func message() throws(ProtobufError) -> ProtobufReader {
        let (offset, count) = try lengthDelimited()
        return ProtobufReader(base: base, position: offset, end: offset + count)
    }

    /// Calls `body` with each embedded message of field `number` (a repeated or merged message field) and the offset
    /// of its tag, in order; every other field is skipped.
    func forEach(_ number: Int, _ body: (ProtobufReader, Int) throws(ProtobufError) -> Void) throws(ProtobufError) {
        var r = self
        while !r.isAtEnd {
            let at = r.position
            let (field, wire) = try r.tag()
            if field == number, wire == .lengthDelimited {
                try body(r.message(), at)
            } else {
                try r.skip(wire, field: field)
            }
        }
    }

    /// Skips the value of a field whose tag was just read (unknown fields, fields of the wrong wire type).
    @inline(__always)
    mutating func skip(_ wire: WireType, field: Int) throws(ProtobufError) {
        switch wire {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        case .startGroup, .endGroup: try skip(wire, field: field, depth: 0)
        }
    }

    /// A reader over `range` of this message (offsets of the outermost message), e.g. the part of a message where
    /// one repeated field's elements were seen.
    func slice(_ range: Range<Int>) -> ProtobufReader {
        precondition(range.lowerBound >= position && range.upperBound <= end)
        return ProtobufReader(base: base, position: range.lowerBound, end: range.upperBound)
    }

    private mutating func skip(_ wire: WireType, field: Int, depth: Int) throws(ProtobufError) {
        switch wire {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        case .startGroup:
            guard depth < Self.maxGroupDepth else {
                throw ProtobufError(message: "groups nest more than \(Self.maxGroupDepth) deep", offset: position)
            }
            let at = position
            while true {
                guard !isAtEnd else { throw ProtobufError(message: "group of field \(field) is not closed", offset: at) }
                let inner = try tag()
                if inner.wire == .endGroup {
                    guard inner.field == field else {
                        throw ProtobufError(message: "group of field \(field) is closed as field \(inner.field)", offset: position)
                    }
                    return
                }
                try skip(inner.wire, field: inner.field, depth: depth + 1)
            }
        case .endGroup:
            throw ProtobufError(message: "end of group \(field) without a start", offset: position)
        }
    }
}
