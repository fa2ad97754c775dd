import FuzzSupport
import SemConvModel

/// Registry YAML loading, resolution and every `check` rule, on one fuzzed file. The input is written as
/// `registry.yaml` in a private directory made once per process (the loader reads directories, so this is the
/// public path the CLI takes too).
nonisolated(unsafe) private var registryDirectory: String?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let dir: String
    if let made = registryDirectory {
        dir = made
    } else {
        dir = FuzzSupport.makeTempDirectory("registry")
        registryDirectory = dir
    }
    FuzzSupport.write(UnsafeBufferPointer(start: data, count: size), to: dir + "/registry.yaml")
    let result = RegistryLoader.load(roots: [dir], checks: true)
    // Touch every finding so a malformed message or location is caught here, not in a reporter.
    var total = 0
    for d in result.diagnostics {
        total &+= d.message.utf8.count &+ d.location.line &+ d.location.column &+ d.rule.utf8.count
    }
    return total == -1 ? 1 : 0
}
