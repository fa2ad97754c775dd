import Foundation
import Yams

/// What a registry's `manifest.yaml` (or `registry_manifest.yaml`) says about the registry itself.
public enum ManifestInfo {
    /// The registry version (`semconv_version`, else `version`) from the manifest of the last root that has one.
    public static func version(in roots: [String]) -> String? {
        value(in: roots) { $0["semconv_version"]?.string ?? $0["version"]?.string }
    }

    /// The `schema_url` of the manifest of the last root that has one (upstream's since v1.43.0:
    /// `https://opentelemetry.io/schemas/1.44.0`).
    public static func schemaURL(in roots: [String]) -> String? {
        value(in: roots) { $0["schema_url"]?.string }
    }

    /// The version a schema file section is for: the last path segment of the manifest's `schema_url`, else
    /// `version(in:)`.
    public static func schemaVersion(in roots: [String]) -> String? {
        schemaURL(in: roots).flatMap { url in
            url.split(separator: "/").last.map(String.init).flatMap { $0.first?.isNumber == true ? $0 : nil }
        } ?? version(in: roots)
    }

    /// The manifest's `schema_url` when it is the URL of `version`'s schema file.
    public static func schemaURL(in roots: [String], version: String) -> String? {
        schemaURL(in: roots).flatMap { $0.split(separator: "/").last.map(String.init) == version ? $0 : nil }
    }

    private static func value(in roots: [String], _ read: (Node.Mapping) -> String?) -> String? {
        for root in roots.reversed() {
            for name in ["manifest.yaml", "registry_manifest.yaml", "manifest.yml"] {
                let path = root + "/" + name
                guard FileManager.default.fileExists(atPath: path), let mapping = YAMLSource.load(path: path).root?.mapping
                else { continue }
                if let v = read(mapping)?.trimmingWhitespace, !v.isEmpty { return v }
            }
        }
        return nil
    }
}
