import Foundation

/// What a registry's `manifest.yaml` (or `registry_manifest.yaml`) says about the registry itself.
public enum ManifestInfo {
    /// The registry version (`semconv_version`, else `version`) from the manifest of the last root that has one.
    public static func version(in roots: [String]) -> String? {
        for root in roots.reversed() {
            for name in ["manifest.yaml", "registry_manifest.yaml", "manifest.yml"] {
                let path = root + "/" + name
                guard FileManager.default.fileExists(atPath: path), let mapping = YAMLSource.load(path: path).root?.mapping
                else { continue }
                if let v = mapping["semconv_version"]?.string ?? mapping["version"]?.string, !v.isEmpty { return v }
            }
        }
        return nil
    }
}
