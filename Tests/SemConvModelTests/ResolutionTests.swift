import SemConvModel
import XCTest

final class ResolutionTests: XCTestCase {
    func testOlderFormatWithPrefixesConstraintsAndBody() throws {
        let dir = try TempDirectory()
        try dir.write("old.yaml", """
            groups:
              - id: http
                prefix: http
                type: attribute_group
                brief: HTTP.
                attributes:
                  - id: method
                    type: string
                    required: always
                    brief: The method.
                    examples: GET
                  - id: flavor
                    brief: The flavor.
                    type:
                      allow_custom_values: false
                      members:
                        - id: http_1_1
                          value: '1.1'
                  - id: status_code
                    type: int
                    brief: Status.
                    required:
                      conditional: If a response was received.
              - id: http.client
                prefix: http
                extends: http
                brief: Client spans.
                span_kind: client
                constraints:
                  - any_of: [http.method]
                  - include: net
              - id: net
                type: attribute_group
                prefix: net
                brief: Net.
                attributes:
                  - id: peer.name
                    type: string
                    brief: Peer.
                    deprecated: Use server.address instead.
              - id: exception
                type: event
                prefix: exception
                brief: An exception.
            """)
        let result = RegistryLoader.load(roots: [dir.path])
        XCTAssertFalse(result.hasErrors, "\(result.diagnostics.map(\.message))")
        let registry = result.registry
        XCTAssertEqual(registry.attributes.keys.sorted(), ["http.flavor", "http.method", "http.status_code", "net.peer.name"])
        XCTAssertEqual(registry.attributes["http.method"]?.requirementLevel, .required)
        XCTAssertEqual(registry.attributes["http.status_code"]?.requirementLevel, .conditionallyRequired("If a response was received."))
        guard case .enumeration(let e)? = registry.attributes["http.flavor"]?.type else { return XCTFail() }
        XCTAssertFalse(e.allowsCustomValues)
        XCTAssertEqual(e.members.first?.value, .string("1.1"))
        let client = try XCTUnwrap(registry.groups["http.client"])
        XCTAssertEqual(client.type, .span)  // `type` defaults to span in old releases
        XCTAssertEqual(client.attributes.map(\.key), ["http.method", "http.flavor", "http.status_code", "net.peer.name"])
        XCTAssertEqual(registry.attributes["net.peer.name"]?.deprecated?.note, "Use server.address instead.")
        XCTAssertEqual(registry.groups["exception"]?.eventName, "exception")
        XCTAssertEqual(registry.attributes["http.method"]?.examples, [.string("GET")])
    }

    func testReferenceOverridesAndExtendsChain() throws {
        let dir = try TempDirectory()
        try dir.write("a.yaml", """
            groups:
              - id: registry.app
                type: attribute_group
                brief: App.
                attributes:
                  - id: app.screen.name
                    type: string
                    brief: Screen name.
                    examples: [Home, Cart]
                  - id: app.tries
                    type: int
                    brief: Tries.
              - id: app.base
                type: attribute_group
                brief: Base.
                attributes:
                  - ref: app.screen.name
                    requirement_level: recommended
              - id: event.app.view
                type: event
                name: app.view
                brief: A screen was shown.
                extends: app.base
                attributes:
                  - ref: app.screen.name
                    requirement_level: required
                    brief: The screen shown.
                  - ref: app.tries
                    requirement_level:
                      recommended: When retried.
            """)
        let registry = RegistryLoader.load(roots: [dir.path]).registry
        let view = try XCTUnwrap(registry.eventsByName["app.view"])
        XCTAssertEqual(view.attributes.map(\.key), ["app.screen.name", "app.tries"])
        XCTAssertEqual(view.attribute("app.screen.name")?.requirementLevel, .required)
        XCTAssertEqual(view.attribute("app.screen.name")?.attribute.brief, "The screen shown.")
        XCTAssertEqual(view.attribute("app.screen.name")?.attribute.examples, [.string("Home"), .string("Cart")])
        XCTAssertEqual(view.attribute("app.tries")?.requirementLevel, .recommended("When retried."))
        XCTAssertEqual(view.attribute("app.tries")?.location.line, 28)
        // The definition itself is untouched by the override.
        XCTAssertEqual(registry.attributes["app.screen.name"]?.brief, "Screen name.")
    }

    /// A group that re-`ref`s an attribute it already inherits (through `extends` or an include) overrides only the
    /// fields it sets; the rest, the requirement level included, come from the inherited entry (Weaver's rule).
    func testReferenceToAnInheritedAttributeKeepsWhatItDoesNotSet() throws {
        let dir = try TempDirectory()
        try dir.write("r.yaml", """
            groups:
              - id: registry.demo
                type: attribute_group
                brief: Demo.
                attributes:
                  - id: demo.route
                    type: string
                    stability: stable
                    brief: A route.
                  - id: demo.port
                    type: int
                    stability: stable
                    brief: A port.
              - id: attributes.demo.server
                type: attribute_group
                brief: Server attributes.
                attributes:
                  - ref: demo.route
                    requirement_level: required
                    note: Set it.
                  - ref: demo.port
                    requirement_level:
                      conditionally_required: If known.
              - id: span.demo.server
                type: span
                span_kind: server
                stability: stable
                brief: A server span.
                extends: attributes.demo.server
                attributes:
                  - ref: demo.route
                    sampling_relevant: true
                  - ref: demo.port
                    requirement_level: opt_in
              - id: span.demo.included
                type: span
                span_kind: server
                stability: stable
                brief: A span that includes the server attributes.
                constraints:
                  - include: attributes.demo.server
                attributes:
                  - ref: demo.route
                    brief: The route, here.
            """)
        let result = RegistryLoader.load(roots: [dir.path])
        XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }.map(\.message), [])
        let span = try XCTUnwrap(result.registry.groups["span.demo.server"])
        let route = try XCTUnwrap(span.attribute("demo.route"))
        XCTAssertEqual(route.requirementLevel, .required, "inherited, not reset to recommended")
        XCTAssertEqual(route.attribute.note, "Set it.")
        XCTAssertEqual(route.attribute.samplingRelevant, true)
        XCTAssertEqual(route.location.line, 31, "the group's own ref")
        XCTAssertEqual(span.attribute("demo.port")?.requirementLevel, .optIn, "a level the group sets wins")
        let included = try XCTUnwrap(result.registry.groups["span.demo.included"])
        XCTAssertEqual(included.attribute("demo.route")?.requirementLevel, .required)
        XCTAssertEqual(included.attribute("demo.route")?.attribute.brief, "The route, here.")
        XCTAssertEqual(included.attribute("demo.port")?.requirementLevel, .conditionallyRequired("If known."))
    }

    /// Our requirement levels equal the ones in upstream's generated docs: the attribute tables of a dozen v1.40.0
    /// groups (spans, metrics, events, an attribute group), copied unchanged into the fixture. 24 of their 194
    /// rows are attributes a group re-references over `extends`.
    func testRequirementLevelsMatchUpstreamGeneratedDocs() throws {
        let text = try String(contentsOfFile: TestPaths.fixtures + "/upstream/requirement-levels-1.40.0.md", encoding: .utf8)
        let registry = try UpstreamReleases.registry("1.40.0")
        let labels = ["Required": "required", "Conditionally Required": "conditionally_required",
                      "Recommended": "recommended", "Opt-In": "opt_in"]
        var group: String?, rows = 0, groups = 0
        var mismatches: [String] = []
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("<!-- semconv ") {
                group = line.dropFirst("<!-- semconv ".count).split(separator: " ").first.map(String.init)
                groups += 1
                continue
            }
            // | [`key`](link) | stability | `Level` condition | type | ...
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let group, cells.count > 4, cells[1].hasPrefix("[`") else { continue }
            let key = cells[1].dropFirst(2).prefix { $0 != "`" }.replacingOccurrences(of: ".<key>", with: "")
            let label = cells[3].dropFirst().prefix { $0 != "`" }
            let ours = registry.groups[group]?.attribute(key)?.requirementLevel.name
            rows += 1
            if ours != labels[String(label)] { mismatches.append("\(group) \(key): ours \(ours ?? "missing"), upstream \(label)") }
        }
        XCTAssertEqual(groups, 12)
        XCTAssertEqual(rows, 194)
        XCTAssertEqual(mismatches, [])
        let server = try XCTUnwrap(registry.groups["span.http.server"])
        XCTAssertEqual(["http.request.method", "url.scheme", "http.route", "server.port"].map { server.attribute($0)?.requirementLevel.name },
                       ["required", "required", "conditionally_required", "conditionally_required"])
    }

    func testLaterRegistryOverlaysEarlierAndMergesAnnotations() throws {
        let base = try TempDirectory(), overlay = try TempDirectory()
        try base.write("r.yaml", """
            groups:
              - id: registry.user
                type: attribute_group
                brief: User.
                attributes:
                  - id: user.email
                    type: string
                    brief: Upstream brief.
                    annotations:
                      code_generation: {exclude: false}
            """)
        try overlay.write("r.yaml", """
            groups:
              - id: registry.user.privacy
                type: attribute_group
                brief: Privacy.
                attributes:
                  - id: user.email
                    type: string
                    brief: Our brief.
                    annotations:
                      privacy: {forbidden: true, classification: pii}
            """)
        let result = RegistryLoader.load(roots: [base.path, overlay.path])
        XCTAssertFalse(result.hasErrors)
        let email = try XCTUnwrap(result.registry.attributes["user.email"])
        XCTAssertEqual(email.brief, "Our brief.")
        XCTAssertNotNil(email.annotations?["code_generation"])
        XCTAssertEqual(result.registry.policy.privacy["user.email"]?.forbidden, true)
    }

    func testResolvedJSONIsDeterministic() throws {
        let a = ResolvedJSON.document(for: RegistryLoader.load(roots: [TestPaths.bundledModel]).registry).rendered(indent: 2)
        let b = ResolvedJSON.document(for: RegistryLoader.load(roots: [TestPaths.bundledModel]).registry).rendered(indent: 2)
        XCTAssertEqual(a, b)
        XCTAssertTrue(a.contains("\"key\": \"session.id\""))
    }

    func testDurationsInPolicy() {
        // Through the public model: a policy with compound durations.
        XCTAssertEqual(DurationText.seconds("1h30m"), 5400)
        XCTAssertEqual(DurationText.seconds("250ms"), 0.25)
        XCTAssertEqual(DurationText.seconds("45"), 45)
        XCTAssertNil(DurationText.seconds("soon"))
        XCTAssertNil(DurationText.seconds("5x"))
    }
}

final class Definition2Tests: XCTestCase {
    func testMixedClassicAndDefinition2Files() throws {
        let result = RegistryLoader.load(roots: [TestPaths.fixtures + "/mixed-formats"])
        XCTAssertEqual(result.diagnostics.map { "\($0.location): \($0.message)" }, [])
        let registry = result.registry
        XCTAssertEqual(registry.attributes.keys.sorted(), ["shop.cart.size", "shop.payment.method"])
        XCTAssertEqual(registry.attributes["shop.payment.method"]?.location.line, 4)
        let checkout = try XCTUnwrap(registry.eventsByName["shop.checkout"])
        XCTAssertEqual(checkout.id, "event.shop.checkout")
        XCTAssertEqual(checkout.attributes.map(\.key), ["shop.cart.size", "shop.payment.method"])
        XCTAssertEqual(checkout.attribute("shop.cart.size")?.requirementLevel, .required)
        XCTAssertEqual(checkout.attribute("shop.payment.method")?.requirementLevel,
                       .conditionallyRequired("If the payment succeeded."))
        let span = try XCTUnwrap(registry.groups["span.shop.checkout.client"])
        XCTAssertEqual(span.spanKind, "client")
        XCTAssertEqual(registry.groups["shop.common"]?.visibility, "internal")
        let metric = try XCTUnwrap(registry.groups["metric.shop.checkout.duration"])
        XCTAssertEqual([metric.metricName, metric.instrument, metric.unit], ["shop.checkout.duration", "histogram", "s"])
        // A refinement extends the span it refines and inherits what it leaves out.
        let refinement = try XCTUnwrap(registry.groups["span.shop.checkout.client.mobile"])
        XCTAssertEqual(refinement.type, .span)
        XCTAssertEqual(refinement.brief, "The checkout request.")
        XCTAssertEqual(refinement.spanKind, "client")
        XCTAssertEqual(refinement.attributes.map(\.key), ["shop.cart.size", "shop.payment.method"])
        XCTAssertEqual(registry.groups["entity.shop"]?.attributes.first?.attribute.role, "identifying")
    }

    func testDefinition2ErrorsArePositioned() throws {
        let dir = try TempDirectory()
        try dir.write("v2.yaml", """
            file_format: definition/2
            attributes:
              - key: shop.total
                brief: Missing its type.
            events:
              - name: shop.paid
                brief: Paid.
                attributes:
                  - ref: shop.totl
                  - ref_group: shop.nothing
            """)
        let result = RegistryLoader.load(roots: [dir.path])
        let found = result.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule)" }
        XCTAssertEqual(found, ["3:5 missing-field", "9:14 undefined-reference", "10:20 undefined-reference"])
    }

    func testLegacyVersionKeyNestedAssociationsAndDeepMergedAnnotations() throws {
        let dir = try TempDirectory()
        try dir.write("v2.yaml", """
            version: "2"
            attributes:
              - key: shop.id
                type: string
                stability: development
                brief: Shop id.
                annotations:
                  config: {enabled: true, nested: {a: 1, b: 2}}
            metrics:
              - name: shop.orders
                instrument: counter
                unit: "{order}"
                stability: development
                brief: Orders.
                entity_associations:
                  - one_of: [shop, {all_of: [region, cluster]}]
                attributes:
                  - ref: shop.id
                    annotations:
                      config: {mode: slow, nested: {b: 99, c: 3}}
            """)
        let result = RegistryLoader.load(roots: [dir.path])
        // Still read as definition/2, with a deprecation warning on the old selector.
        XCTAssertEqual(result.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity) \($0.rule)" },
                       ["1:10 warning deprecated-file-format"])
        XCTAssertEqual(result.diagnostics.first?.fix, "write 'file_format: definition/2' instead of 'version'")
        let metric = try XCTUnwrap(result.registry.groups["metric.shop.orders"])
        XCTAssertEqual(metric.entityAssociations, ["shop", "region", "cluster"])
        let merged = metric.attribute("shop.id")?.attribute.annotations?["config"]
        XCTAssertEqual(merged?.rendered(), #"{"enabled":true,"nested":{"a":1,"b":99,"c":3},"mode":"slow"}"#)
    }
}
