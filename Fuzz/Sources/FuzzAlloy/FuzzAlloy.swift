import FuzzSupport
import SemConvLint
import SemConvModel

/// The Alloy parser and the Alloy config lint (wiring and label data flow) against the bundled registry.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parsed = AlloyParser.parse(bytes)
    var total = parsed.errors.count
    for error in parsed.errors { total &+= error.pos.line &+ error.pos.column &+ error.message.utf8.count }
    let diagnostics = ConfigLinter.lintAlloy(bytes: bytes, file: "fuzz.alloy", registry: FuzzSupport.bundledRegistry)
    for d in diagnostics { total &+= d.message.utf8.count &+ d.location.line }
    return total == -1 ? 1 : 0
}
