import Foundation
@testable import SemConvModel
import XCTest

/// Diff and compatibility checks on real upstream history: consecutive releases v1.37.0 ... v1.41.0.
final class UpstreamEvolutionTests: XCTestCase {
    /// Our renames equal the ones upstream published in each release's own schema file section.
    func testRenamesEqualUpstreamSchemaFiles() throws {
        for (old, new) in UpstreamReleases.pairs {
            let diff = RegistryDiff.compare(baseline: try UpstreamReleases.registry(old),
                                            current: try UpstreamReleases.registry(new))
            let upstream = try UpstreamReleases.upstreamRenames(new)
            let attributes = Dictionary(uniqueKeysWithValues: diff.renames(.attribute).map { ($0.from, $0.to) })
            let metrics = Dictionary(uniqueKeysWithValues: diff.renames(.metric).map { ($0.from, $0.to) })
            XCTAssertEqual(attributes, upstream.attributes, "rename_attributes \(old) -> \(new)")
            XCTAssertEqual(metrics, upstream.metrics, "rename_metrics \(old) -> \(new)")
        }
    }

    /// The known numbers, so that a change in the reader shows up here and not only as a quiet parity shift.
    func testRenameCountsPerRelease() throws {
        var counts: [String] = []
        for (old, new) in UpstreamReleases.pairs {
            let diff = RegistryDiff.compare(baseline: try UpstreamReleases.registry(old),
                                            current: try UpstreamReleases.registry(new))
            counts.append("\(new): \(diff.renames(.attribute).count) attributes, \(diff.renames(.metric).count) metrics")
        }
        XCTAssertEqual(counts, ["1.38.0: 6 attributes, 32 metrics", "1.39.0: 10 attributes, 3 metrics",
                                "1.40.0: 1 attributes, 1 metrics", "1.41.0: 0 attributes, 6 metrics"])
    }

    /// Our otel-schema output is upstream's section, byte for byte (upstream writes it with Weaver and a template).
    func testOtelSchemaOutputMatchesUpstreamText() throws {
        for (old, new) in UpstreamReleases.pairs {
            let diff = RegistryDiff.compare(baseline: try UpstreamReleases.registry(old),
                                            current: try UpstreamReleases.registry(new))
            let ours = DiffReport(diff: diff, baseline: old, current: [new])
                .otelSchema(version: new, schemaURL: "https://opentelemetry.io/schemas/\(new)")
            let file = try String(contentsOfFile: try UpstreamReleases.root(new) + "/schemas/\(new)", encoding: .utf8)
            // Upstream's file: our section, then the earlier versions' sections (copied from the previous file).
            let upstreamSection = file.components(separatedBy: "\n  \(old):\n").first.map { $0 + "\n" } ?? ""
            XCTAssertEqual(ours.trimmingWhitespace, upstreamSection.trimmingWhitespace, "\(new)")
        }
    }

    /// Upstream enforces its own compatibility policy, so an error on a stable item here is our false positive.
    func testCheckBaselineFindsNoErrorsOnStableItemsUpstream() throws {
        for (old, new) in UpstreamReleases.pairs {
            let findings = CompatibilityChecks.check(baseline: try UpstreamReleases.registry(old),
                                                     current: try UpstreamReleases.registry(new))
            let errors = findings.filter { $0.severity == .error }
            XCTAssertEqual(errors.map { "\($0.rule): \($0.message)" }, [], "\(old) -> \(new)")
        }
    }

    /// Field-level changes that happened upstream are found (spot checks per release, each against the YAML).
    func testFieldLevelChangesOnUpstream() throws {
        // v1.41.0 made deployment.environment.name an enum (its values stay strings).
        let diff41 = RegistryDiff.compare(baseline: try UpstreamReleases.registry("1.40.0"),
                                          current: try UpstreamReleases.registry("1.41.0"))
        let env = try XCTUnwrap(diff41.changes.first { $0.item == .attribute && $0.name == "deployment.environment.name" })
        XCTAssertEqual(env.updates.first { $0.field == "type" }.map { "\($0.before ?? "") -> \($0.after ?? "")" },
                       "string -> enum of string")
        // v1.39.0: a metric whose unit and instrument changed (a copy-paste slip upstream, on a deprecated metric).
        let diff39 = RegistryDiff.compare(baseline: try UpstreamReleases.registry("1.38.0"),
                                          current: try UpstreamReleases.registry("1.39.0"))
        let metric = try XCTUnwrap(diff39.changes.first { $0.item == .metric && $0.name == "system.linux.memory.available" })
        XCTAssertEqual(metric.kind, .renamed)
        XCTAssertEqual(metric.renamedTo, "system.memory.linux.available")
        XCTAssertEqual(Set(metric.updates.map(\.field)).intersection(["unit", "instrument"]), ["unit", "instrument"])
        let unit = try XCTUnwrap(metric.updates.first { $0.field == "unit" })
        XCTAssertEqual(unit.before, "By")
        XCTAssertEqual(unit.after, "{packet}")
        XCTAssertTrue(unit.location?.file.hasSuffix("system/deprecated/metrics-deprecated.yaml") ?? false)
        XCTAssertEqual(unit.location?.line, 74)
        XCTAssertEqual(unit.location?.column, 11)
    }
}
