import Foundation
@testable import SemConvModel
import XCTest

/// Diff and compatibility checks on real upstream history: consecutive releases v1.37.0 ... v1.41.0.
final class UpstreamEvolutionTests: XCTestCase {
    /// Our renames against the ones upstream published in each release's own schema file section, v1.27.0 to
    /// v1.44.0: equal from v1.36.0 on; before that, every difference is one of those README "Renames" explains,
    /// listed here with its reason (`+` we report it and upstream does not, `-` the other way round).
    func testRenamesAgainstUpstreamSchemaFiles() throws {
        var found: [String] = []
        for (old, new) in UpstreamReleases.pairs {
            let diff = RegistryDiff.compare(baseline: try UpstreamReleases.registry(old),
                                            current: try UpstreamReleases.registry(new))
            let upstream = try UpstreamReleases.upstreamRenames(new)
            for (kind, ours, theirs) in [("attribute", diff.renames(.attribute), upstream.attributes),
                                         ("metric", diff.renames(.metric), upstream.metrics)] {
                let mine = Dictionary(uniqueKeysWithValues: ours.map { ($0.from, $0.to) })
                for key in Set(mine.keys).union(theirs.keys).sorted() where mine[key] != theirs[key] {
                    if let to = mine[key] { found.append("\(new) + \(kind) \(key): \(to)") }
                    if let to = theirs[key] { found.append("\(new) - \(kind) \(key): \(to)") }
                }
            }
        }
        XCTAssertEqual(found, Self.explainedDifferences.map(\.difference))
    }

    /// Every difference from upstream's schema files, with the reason (README, "Renames").
    static let explainedDifferences: [(difference: String, reason: String)] = [
        ("1.27.0 + attribute enduser.id: user.id",
         "omitted by the hand-written file (\"Replaced by `user.id` attribute.\")"),
        ("1.27.0 + attribute enduser.role: user.roles",
         "omitted by the hand-written file (\"Replaced by `user.roles` attribute.\")"),
        ("1.27.0 - attribute message.servicebus.destination.subscription_name: messaging.destination.subscription.name",
         "typo in the hand-written file; the model renames the attribute to itself in v1.27.0 and to this name in v1.28.0"),
        ("1.27.0 - attribute messaging.evenhubs.consumer.group: messaging.consumer.group.name",
         "typo in the hand-written file (evenhubs)"),
        ("1.27.0 + attribute messaging.eventhubs.consumer.group: messaging.consumer.group.name",
         "the attribute the typo means"),
        ("1.27.0 - attribute messaging.rocketmq.client_group: messaging.consumer.group.name",
         "the deprecation says more than a rename (\"... on the consumer spans. No replacement for producer spans.\")"),
        ("1.27.0 + attribute pool.name: db.client.connection.pool.name",
         "a rename pointed at a new target (from db.client.connections.pool.name): Weaver lists those again (v1.38.0), the hand-written file did not"),
        ("1.27.0 + attribute state: db.client.connection.state",
         "a rename pointed at a new target (from db.client.connections.state), as above"),
        ("1.27.0 - attribute tls.client.server_name: server.address",
         "the v1.27.0 text has a typo (\"Replaced by `server.address.\"), fixed in v1.28.0, where we report it"),
        ("1.27.0 + metric messaging.process.messages: messaging.client.consumed.messages",
         "omitted by the hand-written file (two metrics merged into one)"),
        ("1.27.0 + metric messaging.publish.duration: messaging.client.operation.duration",
         "omitted by the hand-written file (two metrics merged into one)"),
        ("1.27.0 - metric messaging.publish.messages: messaging.client.published.messages",
         "the model names `messaging.client.produced.messages`, which does not exist"),
        ("1.27.0 + metric messaging.receive.duration: messaging.client.operation.duration",
         "omitted by the hand-written file (two metrics merged into one)"),
        ("1.27.0 + metric messaging.receive.messages: messaging.client.consumed.messages",
         "omitted by the hand-written file (two metrics merged into one)"),
        ("1.28.0 + attribute db.cosmosdb.status_code: db.response.status_code",
         "omitted by the hand-written file (\"Replaced by `db.response.status_code`.\", PR #1424 added no schema entry)"),
        ("1.28.0 + attribute messaging.servicebus.destination.subscription_name: messaging.destination.subscription.name",
         "published a release early, under a typo (see 1.27.0)"),
        ("1.28.0 + attribute tls.client.server_name: server.address",
         "published a release early (see 1.27.0)"),
        ("1.29.0 - attribute system.device: network.interface.name",
         "not deprecated (it stays in use): renamed for five metrics only, with apply_to_metrics; no rename without a deprecation"),
        ("1.30.0 - attribute code.filepath: code.file.path",
         "published a release early: the model deprecates it in v1.31.0"),
        ("1.30.0 - attribute system.network.state: network.connection.state",
         "the text says more than a rename (\"Removed, report ... with `network.connection.state` attribute\"); the structured form follows in v1.34.0"),
        ("1.31.0 + attribute code.filepath: code.file.path",
         "see 1.30.0"),
        ("1.31.0 + attribute gen_ai.openai.request.response_format: gen_ai.output.type",
         "omitted by the hand-written file (\"Replaced by `gen_ai.output.type`.\")"),
        ("1.31.0 - attribute io.state: ios.app.state",
         "typo in the hand-written file (io.state)"),
        ("1.31.0 + attribute ios.state: ios.app.state",
         "the attribute the typo means"),
        ("1.31.0 - attribute system.cpu.logical_number: cpu.logical_number",
         "published early: the model deprecates it in v1.38.0, whose file lists it again"),
        ("1.33.0 + metric otel.sdk.exporter.span.exported.count: otel.sdk.exporter.span.exported",
         "later files moved these five renames to the v1.32.0 section"),
        ("1.33.0 + metric otel.sdk.exporter.span.inflight.count: otel.sdk.exporter.span.inflight",
         "as above"),
        ("1.33.0 + metric otel.sdk.processor.span.processed.count: otel.sdk.processor.span.processed",
         "as above"),
        ("1.33.0 + metric otel.sdk.span.ended.count: otel.sdk.span.ended",
         "as above"),
        ("1.33.0 + metric otel.sdk.span.live.count: otel.sdk.span.live",
         "as above"),
        ("1.34.0 + attribute http.response_content_length_uncompressed: http.response.body.size",
         "the structured form replaced text that named no existing item or said more than a rename"),
        ("1.34.0 + attribute otel.library.name: otel.scope.name",
         "as above"),
        ("1.34.0 + attribute otel.library.version: otel.scope.version",
         "as above"),
        ("1.34.0 + attribute system.network.state: network.connection.state",
         "as above (see 1.30.0)"),
        ("1.34.0 + metric messaging.publish.messages: messaging.client.sent.messages",
         "as above (see 1.27.0)"),
        ("1.35.0 + metric cpu.frequency: system.cpu.frequency",
         "upstream added these to the v1.34.0 section of later files"),
        ("1.35.0 + metric cpu.time: system.cpu.time",
         "as above"),
        ("1.35.0 + metric cpu.utilization: system.cpu.utilization",
         "as above"),
        ("1.39.0 - attribute rpc.connect_rpc.request.metadata: rpc.request.metadata",
         "a template attribute: a comment in our file (a transformation renames whole keys; the v1.30.0 file says so)"),
        ("1.39.0 - attribute rpc.connect_rpc.response.metadata: rpc.response.metadata",
         "as above"),
        ("1.39.0 - attribute rpc.grpc.request.metadata: rpc.request.metadata",
         "as above"),
        ("1.39.0 - attribute rpc.grpc.response.metadata: rpc.response.metadata",
         "as above"),
    ]

    /// The known numbers, so that a change in the reader shows up here and not only as a quiet parity shift.
    func testRenameCountsPerRelease() throws {
        var counts: [String] = []
        for (old, new) in UpstreamReleases.pairs {
            let diff = RegistryDiff.compare(baseline: try UpstreamReleases.registry(old),
                                            current: try UpstreamReleases.registry(new))
            counts.append("\(new): \(diff.renames(.attribute).count) attributes, \(diff.renames(.metric).count) metrics")
        }
        XCTAssertEqual(counts, ["1.27.0: 16 attributes, 5 metrics", "1.28.0: 3 attributes, 1 metrics", "1.29.0: 6 attributes, 0 metrics",
                                "1.30.0: 19 attributes, 2 metrics", "1.31.0: 4 attributes, 5 metrics", "1.32.0: 2 attributes, 0 metrics",
                                "1.33.0: 2 attributes, 5 metrics", "1.34.0: 4 attributes, 1 metrics", "1.35.0: 2 attributes, 4 metrics",
                                "1.36.0: 0 attributes, 0 metrics", "1.37.0: 8 attributes, 0 metrics", "1.38.0: 6 attributes, 32 metrics",
                                "1.39.0: 6 attributes, 3 metrics", "1.40.0: 1 attributes, 1 metrics", "1.41.0: 0 attributes, 6 metrics",
                                "1.42.0: 0 attributes, 1 metrics", "1.43.0: 0 attributes, 0 metrics", "1.44.0: 0 attributes, 3 metrics"])
    }

    /// Our otel-schema output is upstream's section, byte for byte, for every release upstream writes with Weaver
    /// and a template (v1.35.0 on) whose renames are equal; for v1.39.0 once the template attributes are taken out
    /// (a comment in ours, entries in theirs).
    func testOtelSchemaOutputMatchesUpstreamText() throws {
        let differing = Set(Self.explainedDifferences.map { String($0.difference.prefix { $0 != " " }) })
        var compared: [String] = []
        for (old, new) in UpstreamReleases.pairs where new.compare("1.35.0", options: .numeric) != .orderedAscending {
            guard !differing.contains(new) || new == "1.39.0" else { continue }
            let diff = RegistryDiff.compare(baseline: try UpstreamReleases.registry(old),
                                            current: try UpstreamReleases.registry(new))
            var ours = DiffReport(diff: diff, baseline: old, current: [new])
                .otelSchema(version: new, schemaURL: "https://opentelemetry.io/schemas/\(new)")
            let file = try String(contentsOfFile: try UpstreamReleases.root(new) + "/schemas/\(new)", encoding: .utf8)
            // Upstream's file: our section, then the earlier versions' sections (copied from the previous file, with
            // patch releases such as 1.41.1 in between).
            let lines = file.split(separator: "\n", omittingEmptySubsequences: false)
            let isVersion = { (i: Int) in lines[i].hasPrefix("  ") && !lines[i].hasPrefix("   ") }
            let own = lines.indices.first(where: isVersion) ?? lines.endIndex
            let next = lines.indices.first { $0 > own && isVersion($0) } ?? lines.endIndex
            var upstreamSection = lines[..<next].joined(separator: "\n")
            if new == "1.39.0" {
                let templates = diff.templateRenames.map { "              \($0.from): \($0.to)" }
                XCTAssertEqual(templates.count, 4)
                upstreamSection = upstreamSection.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !templates.contains(String($0)) }.joined(separator: "\n")
                ours = ours.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.hasPrefix("    #") }.joined(separator: "\n")
            }
            XCTAssertEqual(ours.trimmingWhitespace, upstreamSection.trimmingWhitespace, "\(new)")
            compared.append(new)
        }
        XCTAssertEqual(compared, (36...44).map { "1.\($0).0" })
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
