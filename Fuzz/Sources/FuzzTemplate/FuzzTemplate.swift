import FuzzSupport
import SemConvGen
import SemConvModel

/// Strict template loading and Mustache rendering against the bundled registry. The input is the template
/// `t.mustache` of a private template directory made once per process, whose `templates.yaml` applies it once and
/// per namespace; `p.mustache` is a fixed partial (and `t` itself can be used as a partial, `{{> t}}`).
/// `Generator.render` only returns the outputs: nothing is written anywhere but the input file in that directory.
nonisolated(unsafe) private var templateDirectory: String?

private let config = """
    params:
      root: Fuzz
      flag: "true"
    templates:
      - template: t.mustache
        output: "once.txt"
        apply: once
      - template: t.mustache
        output: "ns/{{namespace.path}}.swift"
        apply: namespace
        format: swift
    """

private let partial = "{{#attributes}}{{name}}: {{type}}\n{{/attributes}}"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let dir: String
    if let made = templateDirectory {
        dir = made
    } else {
        dir = FuzzSupport.makeTempDirectory("template")
        FuzzSupport.write(config, to: dir + "/templates.yaml")
        FuzzSupport.write(partial, to: dir + "/p.mustache")
        templateDirectory = dir
    }
    FuzzSupport.write(UnsafeBufferPointer(start: data, count: size), to: dir + "/t.mustache")
    let result = Generator.render(registry: FuzzSupport.bundledRegistry, templatesDirectory: dir)
    var total = result.diagnostics.count
    for output in result.outputs { total &+= output.path.utf8.count &+ output.content.utf8.count }
    return total == -1 ? 1 : 0
}
