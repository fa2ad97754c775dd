import FuzzSupport
import SemConvLint
import SemConvModel

/// The Promtail config lint (YAML pipeline stages, label data flow) against the bundled registry. The input is
/// decoded as UTF-8 with invalid sequences replaced, as `semconv lint` reads a config file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let diagnostics = ConfigLinter.lintPromtail(text: text, file: "fuzz.yaml", registry: FuzzSupport.bundledRegistry)
    var total = 0
    for d in diagnostics { total &+= d.message.utf8.count &+ d.location.line }
    return total == -1 ? 1 : 0
}
