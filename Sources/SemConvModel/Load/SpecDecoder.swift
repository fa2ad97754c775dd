import Yams

/// Turns one YAML file into a `SpecFile`, choosing the format by its content.
enum SpecDecoder {
    static func decode(path: String, rootIndex: Int, maxFileBytes: Int = YAMLSource.maxFileBytes) -> SpecFile {
        var file = SpecFile(path: path, rootIndex: rootIndex)
        let source = YAMLSource.load(path: path, maxBytes: maxFileBytes)
        file.diagnostics = source.diagnostics
        guard let root = source.root else { return file }
        let reader = NodeReader(file: path)
        decode(root: root, reader: reader, into: &file)
        file.diagnostics += reader.diagnostics
        return file
    }

    static func decode(root: Node, reader r: NodeReader, into file: inout SpecFile) {
        if case let .scalar(s) = root, s.isNull { return }  // an empty document
        guard case let .mapping(mapping) = root else {
            r.report(.error, "invalid-type",
                     "a registry file must be a mapping with 'groups:' (or 'file_format: definition/2'), found \(NodeReader.kindName(root))",
                     at: root, fix: "start the file with 'groups:'")
            return
        }
        // `file_format: definition/2` (or the older `version: "2"`) selects the newer format.
        if let format = mapping["file_format"] ?? mapping["version"] {
            let name = r.string(format, "file_format") ?? ""
            switch name {
            case "definition/2", "2":
                if mapping["file_format"] == nil {
                    r.report(.warning, "deprecated-file-format",
                             "'version: \"\(name)\"' is the deprecated way to select the definition/2 format", at: format,
                             fix: "write 'file_format: definition/2' instead of 'version'")
                }
                Definition2Format.decode(root, reader: r, into: &file)
                return
            case "definition/1", "1":
                break
            default:
                r.report(.error, "invalid-value", "unknown file_format '\(name)'", at: format,
                         fix: "use 'file_format: definition/2', or no file_format for the 'groups:' format")
                return
            }
        }
        guard let f = r.fields(root, of: "registry file", allowed: ["groups", "imports", "file_format", "version"],
                               required: ["groups"]) else { return }
        if let groups = f["groups"] { GroupsFormat.decode(groups: groups, reader: r, into: &file) }
    }
}
