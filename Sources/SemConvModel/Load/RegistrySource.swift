/// A registry source as written on the command line (`--registry`) or in `semconv.yaml` (`registries:`): today a
/// directory (or a single YAML file). Both spellings go through `location(of:relativeTo:)`, so a new kind of source
/// is added in this one place.
public enum RegistrySource {
    /// Where `entry` is, as a path usable from the working directory: an absolute path or a source that is not a
    /// path (`scheme://…`) stays as it is; a relative path is taken from `base` (the config file's directory; `nil`
    /// or "." for the working directory).
    public static func location(of entry: String, relativeTo base: String? = nil) -> String {
        guard let base, base != ".", !entry.hasPrefix("/"), !entry.contains("://") else { return entry }
        return base + "/" + entry
    }
}
