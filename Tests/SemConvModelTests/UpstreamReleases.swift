import Foundation
import SemConvModel
import XCTest

/// The upstream releases committed as archives under Fixtures/upstream, loaded once per test run through the
/// archive registry source (into a temporary cache).
enum UpstreamReleases {
    static let versions = (26...44).map { "1.\($0).0" }
    static var pairs: [(String, String)] { Array(zip(versions, versions.dropFirst())) }

    static func archive(_ version: String) -> String {
        TestPaths.fixtures + "/upstream/semantic-conventions-\(version).tar.gz"
    }

    private static let state = State()

    /// The resolved registry of `version` (model/ of the archive).
    static func registry(_ version: String) throws -> Registry {
        try state.registry(version)
    }

    /// The directory the archive unpacked to (holding model/, schemas/ and LICENSE).
    static func root(_ version: String) throws -> String {
        try state.root(version)
    }

    private final class State: @unchecked Sendable {
        let lock = NSLock()
        let cache = NSTemporaryDirectory() + "semconv-upstream-cache-" + UUID().uuidString
        var registries: [String: Registry] = [:]
        var roots: [String: String] = [:]

        func root(_ version: String) throws -> String {
            lock.lock()
            defer { lock.unlock() }
            if let r = roots[version] { return r }
            let resolver = RegistrySourceResolver(cacheDirectory: cache)
            let resolved = try resolver.resolve(archive(version))
            roots[version] = resolved.directory
            return resolved.directory
        }

        func registry(_ version: String) throws -> Registry {
            let dir = try root(version) + "/model"
            lock.lock()
            if let r = registries[version] {
                lock.unlock()
                return r
            }
            lock.unlock()
            let loaded = RegistryLoader.load(roots: [dir])
            let errors = loaded.diagnostics.filter { $0.severity == .error }
            XCTAssertEqual(errors.map(\.message), [], "upstream \(version) checks without errors")
            lock.lock()
            registries[version] = loaded.registry
            lock.unlock()
            return loaded.registry
        }

        deinit { try? FileManager.default.removeItem(atPath: cache) }
    }

    /// The `rename_attributes` maps (of every section: `all`, `spans`, `metrics`, ...) and the `rename_metrics`
    /// map of the version's own section of its schema file.
    static func upstreamRenames(_ version: String) throws -> (attributes: [String: String], metrics: [String: String]) {
        let text = try String(contentsOfFile: try root(version) + "/schemas/\(version)", encoding: .utf8)
        return SchemaFileSection.renames(in: text, version: version)
    }
}

/// Reads the renames of one version section of an OpenTelemetry schema file, independently of our writer
/// (a line-based reader for the shapes upstream writes, by hand up to v1.33.0 and with Weaver since).
enum SchemaFileSection {
    static func renames(in text: String, version: String) -> (attributes: [String: String], metrics: [String: String]) {
        var attributes: [String: String] = [:], metrics: [String: String] = [:]
        var inVersion = false
        var map: String?  // "attributes" inside an attribute_map, "metrics" inside rename_metrics
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || trimmed.isEmpty { continue }
            let indent = line.prefix { $0 == " " }.count
            if indent == 2 { inVersion = trimmed == "\(version):"; continue }
            guard inVersion else { continue }
            if indent <= 4 { map = nil; continue }
            if trimmed == "attribute_map:" { map = "attributes"; continue }
            if trimmed.hasPrefix("- rename_metrics:") { map = "metrics"; continue }
            if trimmed.hasPrefix("- ") || trimmed.hasSuffix(":") { map = nil; continue }
            guard let map, let colon = trimmed.range(of: ": ") else { continue }
            let key = String(trimmed[..<colon.lowerBound]), value = String(trimmed[colon.upperBound...])
            if map == "attributes" { attributes[key] = value } else { metrics[key] = value }
        }
        return (attributes, metrics)
    }
}
