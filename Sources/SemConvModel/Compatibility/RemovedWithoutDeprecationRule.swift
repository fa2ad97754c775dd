/// An attribute or enum member (any stability), or a stable metric, event or entity, of the baseline is gone without
/// having been deprecated first.
struct RemovedWithoutDeprecationRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "removed-without-deprecation", category: .compatibility, defaultSeverity: .error,
        summary: "an attribute or enum member (any stability), or a stable metric, event or entity, of the baseline is gone, and the baseline had not deprecated it",
        rationale: "Instrumentation and queries written against the baseline keep using the name. OpenTelemetry's policy: "
            + "once in the registry, an attribute or enum member stays (at any stability), and so does a stable signal; "
            + "it may be deprecated, and removed only after that. Unstable signals: see unstable-signal-removed.",
        fix: "restore the item with 'deprecated: {reason: renamed, renamed_to: ...}' or '{reason: obsoleted, note: ...}'",
        triggering: [
            RuleExample(.yaml, """
                groups:
                  - ↓id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.kept
                        type: string
                        stability: development
                        brief: Kept.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.kept
                        type: string
                        stability: development
                        brief: Kept.
                      - id: demo.gone
                        type: string
                        stability: development
                        brief: Removed outright.
                """], note: "an attribute removed: the finding is on the group that defined it"),
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.state
                        type:
                          ↓members:
                            - id: on
                              value: "on"
                        stability: stable
                        brief: A state.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.state
                        type:
                          members:
                            - id: on
                              value: "on"
                            - id: off
                              value: "off"
                        stability: stable
                        brief: A state.
                """], note: "an enum member removed: the finding is on the enum's members"),
            RuleExample(.yaml, """
                ↓groups:
                  - id: metric.demo.other
                    type: metric
                    metric_name: demo.other
                    instrument: counter
                    unit: "1"
                    stability: development
                    brief: Another metric.
                """, context: ["baseline": """
                groups:
                  - id: metric.demo.requests
                    type: metric
                    metric_name: demo.requests
                    instrument: counter
                    unit: "{request}"
                    stability: stable
                    brief: Requests.
                  - id: metric.demo.other
                    type: metric
                    metric_name: demo.other
                    instrument: counter
                    unit: "1"
                    stability: development
                    brief: Another metric.
                """], note: "a metric removed along with its group: the finding is on the first line of the file it was in"),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.kept
                        type: string
                        stability: development
                        brief: Kept.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.kept
                        type: string
                        stability: development
                        brief: Kept.
                      - id: demo.old
                        type: string
                        stability: development
                        brief: Deprecated in the baseline.
                        deprecated:
                          reason: renamed
                          renamed_to: demo.kept
                """], note: "removing what the baseline had already deprecated"),
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.kept
                        type: string
                        stability: development
                        brief: Kept.
                      - id: demo.old
                        type: string
                        stability: development
                        brief: Deprecated now, not removed.
                        deprecated:
                          reason: obsoleted
                          note: No replacement.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.kept
                        type: string
                        stability: development
                        brief: Kept.
                      - id: demo.old
                        type: string
                        stability: development
                        brief: Still here.
                """], note: "deprecating instead of removing"),
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        var out = removals(input, stable: true) { what, location, change, was in
            finding("\(what) was removed without being deprecated first", at: location, fix: description.fix ?? "",
                    attribute: change.item == .attribute ? change.name : nil,
                    event: change.item == .attribute ? nil : change.name, related: [was])
        }
        // Enum members: every member stays, whatever its stability (it may be deprecated).
        for (key, old) in input.baseline.registry.attributes.sorted(by: { $0.key < $1.key }) {
            guard let new = input.current.registry.attributes[key],
                  case let .enumeration(a) = old.type, case let .enumeration(b) = new.type else { continue }
            let kept = Set(b.members.map(\.id))
            for member in a.members where !kept.contains(member.id) && member.deprecated == nil {
                out.append(finding("enum member '\(member.id)' of '\(key)' was removed without being deprecated first",
                                   at: new.fieldLocations["type"] ?? new.location,
                                   fix: "keep the member with 'deprecated: {reason: obsoleted, note: ...}'",
                                   attribute: key, related: [member.location]))
            }
        }
        return out
    }
}

/// An unstable metric, event or entity of the baseline is gone without having been deprecated first.
struct UnstableSignalRemovedRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "unstable-signal-removed", category: .compatibility, defaultSeverity: .warning,
        summary: "a metric, event or entity that was not yet stable is gone, and the baseline had not deprecated it",
        rationale: "Unstable signals may change, but users of a development signal still deserve a deprecation "
            + "(upstream itself did this for system.network.packets in v1.37.0 and the vcs.repo entity in v1.43.0).",
        fix: "deprecate the signal first (reason: renamed with renamed_to, or obsoleted), remove it in a later release",
        triggering: [
            RuleExample(.yaml, """
                groups:
                  - ↓id: event.demo.done
                    type: event
                    name: demo.done
                    stability: development
                    brief: Something finished.
                """, context: ["baseline": """
                groups:
                  - id: event.demo.done
                    type: event
                    name: demo.finished
                    stability: development
                    brief: Something finished.
                """], note: "an event renamed without deprecating the old name: the finding is on the group that had it"),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                groups:
                  - id: event.demo.done
                    type: event
                    name: demo.done
                    stability: development
                    brief: Something finished.
                """, context: ["baseline": """
                groups:
                  - id: event.demo.done
                    type: event
                    name: demo.done
                    stability: development
                    brief: Something finished.
                  - id: event.demo.finished
                    type: event
                    name: demo.finished
                    stability: development
                    brief: Something finished (old name).
                    deprecated:
                      reason: renamed
                      renamed_to: demo.done
                """], note: "removing an event the baseline had deprecated"),
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        removals(input, stable: false) { what, location, change, was in
            finding("\(what) (\(change.stability ?? "no stability")) was removed without being deprecated first",
                    at: location, fix: description.fix ?? "", event: change.name, related: [was])
        }
    }
}

/// Items removed without deprecation: attributes and stable signals (`stable: true`), or unstable signals.
private func removals(_ input: CompatibilityInput, stable: Bool,
                      _ make: (String, SourceLocation, RegistryChange, SourceLocation) -> Diagnostic) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for change in input.diff.changes where change.kind == .removed && !change.wasDeprecated {
        guard let was = change.baselineLocation else { continue }
        let groupID: String?
        switch change.item {
        case .attribute:
            guard stable else { continue }
            groupID = input.baseline.definingGroup[change.name]?.id
        case .metric, .event, .entity:
            guard CompatibilityInput.isStable(change.stability) == stable else { continue }
            groupID = input.baseline.groups(change.item)[change.name]?.id
        case .span, .attributeGroup:
            continue  // span ids are not stable upstream yet; attribute groups are an authoring device
        }
        out.append(make("\(change.item.label) '\(change.name)'", input.placeRemoved(groupID: groupID, baselineLocation: was),
                        change, was))
    }
    return out
}
