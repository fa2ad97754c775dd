/// A rename made since the baseline points at a name the current registry does not define.
struct RenameTargetMissingRule: CompatibilityRule {
    static let description = RuleDescription(
        id: "rename-target-missing", category: .compatibility, defaultSeverity: .error,
        summary: "an attribute, enum member, metric or event renamed since the baseline names a renamed_to the current registry lacks",
        rationale: "Schema transformations and upgrade notes send users to the new name; it has to exist.",
        fix: "define the new name in this release, or fix renamed_to",
        triggering: [
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.old
                        type: string
                        stability: development
                        brief: The old name.
                        deprecated:
                          reason: renamed
                          renamed_to: ↓demo.nowhere
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.old
                        type: string
                        stability: development
                        brief: The old name.
                """]),
        ],
        nonTriggering: [
            RuleExample(.yaml, """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.old
                        type: string
                        stability: development
                        brief: The old name.
                        deprecated:
                          reason: renamed
                          renamed_to: demo.new
                      - id: demo.new
                        type: string
                        stability: development
                        brief: The new name.
                """, context: ["baseline": """
                groups:
                  - id: registry.demo
                    type: attribute_group
                    brief: Demo attributes.
                    attributes:
                      - id: demo.old
                        type: string
                        stability: development
                        brief: The old name.
                """]),
        ])

    static func check(_ input: CompatibilityInput) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let fix = description.fix ?? ""
        // A member may be renamed to a member of another enum (when its attribute was renamed too), so any member
        // id or value in the registry counts, as for `invalid-renamed-to`.
        var anyMember = Set<String>()
        for a in input.current.registry.attributes.values {
            if case let .enumeration(e) = a.type { anyMember.formUnion(e.members.map(\.id) + e.members.compactMap(\.value.stringValue)) }
        }
        for change in input.diff.changes {
            if change.kind == .renamed, let target = change.renamedTo, !input.current.contains(target, as: change.item) {
                let deprecation = change.item == .attribute ? input.current.registry.attributes[change.name]?.deprecated
                    : input.current.groups(change.item)[change.name]?.deprecated
                out.append(finding("\(change.item.label) '\(change.name)' is renamed to '\(target)', which this registry does not define"
                                       + Suggestions.didYouMean(target, in: input.current.names(change.item).subtracting([change.name])),
                                   at: deprecation?.fieldLocations["renamed_to"] ?? deprecation?.location ?? change.location ?? SourceLocation(file: ""),
                                   fix: fix, attribute: change.item == .attribute ? change.name : nil,
                                   event: change.item == .attribute ? nil : change.name))
            }
            guard change.item == .attribute, case let .enumeration(e)? = input.current.registry.attributes[change.name]?.type else { continue }
            for update in change.updates where update.field == "enum_member.deprecated" {
                guard let after = update.after, after.hasPrefix("renamed to ") else { continue }
                let target = String(after.dropFirst("renamed to ".count))
                guard !anyMember.contains(target), input.current.registry.attribute(forKey: target) == nil,
                      let member = e.members.first(where: { $0.id == update.subject }) else { continue }
                out.append(finding("enum member '\(member.id)' of '\(change.name)' is renamed to '\(target)', which is not a member of any enum",
                                   at: member.deprecated?.fieldLocations["renamed_to"] ?? member.deprecated?.location ?? member.location,
                                   fix: fix, attribute: change.name))
            }
        }
        return out
    }
}
