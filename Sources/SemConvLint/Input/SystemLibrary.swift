#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A shared library of the system, opened at run time with `dlopen`, so that reading compressed input needs no
/// headers, no link-time dependency and no set-up step: zlib (`libz.so.1`) and libzstd (`libzstd.so.1`) are part of
/// every Debian and Ubuntu base system (dpkg itself depends on both) and ship with macOS (zlib) or Homebrew (zstd).
struct SystemLibrary: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    let name: String

    /// Opens the first of `candidates` that loads; the error names every candidate and what to install.
    static func open(_ candidates: [String], what: String, install: String) -> Result<SystemLibrary, DecompressionError> {
        for name in candidates {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) { return .success(SystemLibrary(handle: handle, name: name)) }
        }
        return .failure(DecompressionError(
            .libraryMissing,
            "\(what) needs the system library \(candidates[0]), which could not be loaded (tried \(candidates.joined(separator: ", ")))",
            fix: install))
    }

    /// The function `symbol` as a C function pointer of type `T`.
    func function<T>(_ symbol: String, as type: T.Type) -> Result<T, DecompressionError> {
        guard let pointer = dlsym(handle, symbol) else {
            return .failure(DecompressionError(.libraryMissing, "\(name) has no function \(symbol); it is too old",
                                               fix: "update the library"))
        }
        return .success(unsafeBitCast(pointer, to: type))
    }
}

/// The parts of libzstd's decompression API (zstd.h, stable since 1.3) the readers use: streaming, and one frame of
/// known size in one call (a `ZSTD_DStream` is a `ZSTD_DCtx`).
struct ZstdLibrary: @unchecked Sendable {
    /// `ZSTD_inBuffer` / `ZSTD_outBuffer`: a pointer, a size and a position (`size_t` each after the pointer).
    struct Buffer {
        var pointer: UnsafeRawPointer?
        var size: Int
        var position: Int
    }

    let createDStream: @convention(c) () -> OpaquePointer?
    let freeDStream: @convention(c) (OpaquePointer?) -> Int
    let initDStream: @convention(c) (OpaquePointer?) -> Int
    let decompressStream: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int
    let isError: @convention(c) (Int) -> UInt32
    let errorName: @convention(c) (Int) -> UnsafePointer<CChar>?
    /// `ZSTD_getFrameContentSize(src, srcSize)`: the size the first frame's header declares; `UInt64.max` when it
    /// declares none, `UInt64.max - 1` when the bytes are not a frame header.
    let frameContentSize: @convention(c) (UnsafeRawPointer?, Int) -> UInt64
    /// `ZSTD_decompressDCtx(ctx, dst, dstCapacity, src, srcSize)`: every frame of `src` into `dst`; the size
    /// written, or an error code (`isError`).
    let decompressDCtx: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int) -> Int

    static let candidates = ["libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "/opt/homebrew/lib/libzstd.1.dylib",
                             "/usr/local/lib/libzstd.1.dylib"]
    static let install = "install the zstd library (Debian/Ubuntu: apt-get install libzstd1; Fedora: dnf install "
        + "libzstd; Alpine: apk add zstd-libs; macOS: brew install zstd), or decompress the input first with 'zstd -d'"

    /// Loaded once per process; the error when the library is missing.
    static let shared: Result<ZstdLibrary, DecompressionError> = load(candidates)

    static func load(_ candidates: [String]) -> Result<ZstdLibrary, DecompressionError> {
        SystemLibrary.open(candidates, what: "zstd-compressed input", install: install).flatMap { lib in
            Result {
                try ZstdLibrary(
                    createDStream: lib.function("ZSTD_createDStream", as: (@convention(c) () -> OpaquePointer?).self).get(),
                    freeDStream: lib.function("ZSTD_freeDStream", as: (@convention(c) (OpaquePointer?) -> Int).self).get(),
                    initDStream: lib.function("ZSTD_initDStream", as: (@convention(c) (OpaquePointer?) -> Int).self).get(),
                    decompressStream: lib.function("ZSTD_decompressStream", as: (@convention(c) (OpaquePointer?,
                        UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int).self).get(),
                    isError: lib.function("ZSTD_isError", as: (@convention(c) (Int) -> UInt32).self).get(),
                    errorName: lib.function("ZSTD_getErrorName", as: (@convention(c) (Int) -> UnsafePointer<CChar>?).self).get(),
                    frameContentSize: lib.function("ZSTD_getFrameContentSize", as: (@convention(c) (UnsafeRawPointer?,
                        Int) -> UInt64).self).get(),
                    decompressDCtx: lib.function("ZSTD_decompressDCtx", as: (@convention(c) (OpaquePointer?,
                        UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int) -> Int).self).get())
            }.mapError { $0 as! DecompressionError }
        }
    }

    func describe(_ code: Int) -> String { errorName(code).map { String(cString: $0) } ?? "error \(code)" }
}

/// The parts of zlib's inflate API (zlib.h, stable since 1.2) the readers use.
struct ZlibLibrary: @unchecked Sendable {
    /// `z_stream` on LP64 systems (Linux, macOS): the field order and sizes of zlib.h; 112 bytes.
    struct Stream {
        var nextIn: UnsafePointer<UInt8>? = nil
        var availIn: UInt32 = 0
        var totalIn: UInt = 0
        var nextOut: UnsafeMutablePointer<UInt8>? = nil
        var availOut: UInt32 = 0
        var totalOut: UInt = 0
        var message: UnsafePointer<CChar>? = nil
        var state: OpaquePointer? = nil
        var allocate: OpaquePointer? = nil
        var free: OpaquePointer? = nil
        var opaque: OpaquePointer? = nil
        var dataType: Int32 = 0
        var adler: UInt = 0
        var reserved: UInt = 0
    }

    static let ok: Int32 = 0, streamEnd: Int32 = 1, bufferError: Int32 = -5

    let version: @convention(c) () -> UnsafePointer<CChar>?
    let inflateInit2: @convention(c) (UnsafeMutableRawPointer, Int32, UnsafePointer<CChar>?, Int32) -> Int32
    let inflate: @convention(c) (UnsafeMutableRawPointer, Int32) -> Int32
    let inflateReset: @convention(c) (UnsafeMutableRawPointer) -> Int32
    let inflateEnd: @convention(c) (UnsafeMutableRawPointer) -> Int32

    static let candidates = ["libz.so.1", "libz.so", "libz.1.dylib", "/usr/lib/libz.1.dylib"]
    static let install = "install zlib (Debian/Ubuntu: apt-get install zlib1g; Fedora: dnf install zlib; Alpine: "
        + "apk add zlib), or decompress the input first with 'gzip -d'"

    static let shared: Result<ZlibLibrary, DecompressionError> = load(candidates)

    static func load(_ candidates: [String]) -> Result<ZlibLibrary, DecompressionError> {
        SystemLibrary.open(candidates, what: "gzip-compressed input", install: install).flatMap { lib in
            Result {
                try ZlibLibrary(
                    version: lib.function("zlibVersion", as: (@convention(c) () -> UnsafePointer<CChar>?).self).get(),
                    inflateInit2: lib.function("inflateInit2_", as: (@convention(c) (UnsafeMutableRawPointer, Int32,
                        UnsafePointer<CChar>?, Int32) -> Int32).self).get(),
                    inflate: lib.function("inflate", as: (@convention(c) (UnsafeMutableRawPointer, Int32) -> Int32).self).get(),
                    inflateReset: lib.function("inflateReset", as: (@convention(c) (UnsafeMutableRawPointer) -> Int32).self).get(),
                    inflateEnd: lib.function("inflateEnd", as: (@convention(c) (UnsafeMutableRawPointer) -> Int32).self).get())
            }.mapError { $0 as! DecompressionError }
        }
    }
}
