import Yams

/// Decodes `file_format: definition/2` files (the newer upstream format that can be mixed into a `groups:` tree).
enum Definition2Format {
    static func decode(_ root: Node, reader r: NodeReader, into file: inout SpecFile) {
        // Filled in below once the format reference is written.
    }
}
