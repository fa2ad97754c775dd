import Foundation
import Mustache
import SemConvModel
import Yams

/// A self-describing template directory: `templates.yaml` lists the templates, how each applies and where its
/// output goes; every other `*.mustache` file is a partial. See README, "Template directories".
public struct TemplateSet: Sendable {
    /// How a template applies to the registry.
    public enum Apply: String, CaseIterable, Sendable {
        case once, namespace, group, event, metric
    }

    public struct Entry: Sendable {
        public var template: String
        public var output: String
        public var apply: Apply
        /// A view-model or `params.` name; the template renders only when it is true / non-empty.
        public var when: String?
        public var groupTypes: [String]
        public var stabilities: [String]
        public var namespaces: [String]
        /// `swift`: re-indent the output by its braces (see `SwiftFormatting`).
        public var format: String?
        var location: SourceLocation
        var outputLocation: SourceLocation
    }

    /// A parameter of the directory: its default and the values it accepts. In `templates.yaml` a parameter is a
    /// default (`acronyms: ""`) or `{default: X, allowed: [A, B]}` / `{default: X, type: swift-identifier|boolean}`,
    /// so a value that would generate code that does not compile is refused before anything is rendered.
    public struct Parameter: Sendable {
        public var defaultValue: String
        public var allowed: [String]?
        /// `string` (any), `boolean` (`true` / `false`) or `swift-identifier`.
        public var type: String
        /// Where the parameter is declared.
        public var location: SourceLocation

        static let types = ["string", "boolean", "swift-identifier"]
        static let keys = ["default", "allowed", "type"]

        /// Why `value` is not accepted, or nil.
        public func problem(_ value: String) -> String? {
            if let allowed, !allowed.contains(value) {
                return "must be one of \(allowed.joined(separator: ", "))" + Suggestions.didYouMean(value, in: allowed)
            }
            switch type {
            case "boolean" where value != "true" && value != "false": return "must be true or false"
            case "swift-identifier" where !Naming.isIdentifier(value):
                return "must be a Swift identifier (ASCII letters, digits and '_', not starting with a digit, not a keyword)"
            default: return nil
            }
        }
    }

    public var directory: String
    public var entries: [Entry] = []
    /// Parameter values: the config's defaults, then `--param` overrides.
    public var params: [String: String] = [:]
    /// What each parameter accepts.
    public var parameters: [String: Parameter] = [:]
    var templates: [String: MustacheTemplate] = [:]
    var outputNames: [Int: MustacheTemplate] = [:]
    var sources: [String: (file: String, text: String)] = [:]
    var library = MustacheLibrary()

    static let configName = "templates.yaml"
    static let entryKeys = ["template", "output", "apply", "when", "filter", "format"]
    static let filterKeys = ["type", "stability", "namespace"]

    /// Loads and strictly checks a template directory. Errors come back as diagnostics (nil set on any error).
    public static func load(directory: String, paramOverrides: [String: String] = [:]) -> (TemplateSet?, [Diagnostic]) {
        var dir = directory
        while dir.count > 1, dir.hasSuffix("/") { dir.removeLast() }
        var set = TemplateSet(directory: dir)
        var diagnostics: [Diagnostic] = []
        let configPath = dir + "/" + configName
        guard FileManager.default.fileExists(atPath: configPath) else {
            return (nil, [Diagnostic(.error, rule: "template-config",
                                     message: "no \(configName) in the template directory",
                                     at: SourceLocation(file: dir),
                                     fix: "add \(configName) listing the templates (see README, 'Template directories')")])
        }
        let source = YAMLSource.load(path: configPath, maxBytes: 1 << 20)
        diagnostics += source.diagnostics
        guard let root = source.root else { return (nil, diagnostics) }
        set.readConfig(root, path: configPath, diagnostics: &diagnostics)
        for (key, value) in paramOverrides.sorted(by: { $0.key < $1.key }) {
            guard let parameter = set.parameters[key] else {
                diagnostics.append(Diagnostic(.error, rule: "template-config",
                                              message: "unknown parameter '\(key)'" + Suggestions.didYouMean(key, in: set.params.keys),
                                              at: SourceLocation(file: configPath, line: 1, column: 1),
                                              fix: "parameters of this template directory: " + set.params.keys.sorted().joined(separator: ", ")))
                continue
            }
            if let problem = parameter.problem(value) {
                diagnostics.append(Diagnostic(.error, rule: "template-config",
                                              message: "--param \(key)=\(value): '\(key)' \(problem)", at: parameter.location,
                                              fix: "pass a value '\(key)' accepts (declared here)"))
            }
            set.params[key] = value
        }
        set.loadSources(diagnostics: &diagnostics)
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        set.compile(diagnostics: &diagnostics)
        return diagnostics.contains(where: { $0.severity == .error }) ? (nil, diagnostics) : (set, diagnostics)
    }

    /// The parameters `directory`'s templates.yaml declares (nil, with its problems, when it cannot be read), for
    /// checking parameter values before anything is loaded (`semconv config`, the config's `params`).
    public static func declaredParameters(directory: String) -> (parameters: [String: Parameter]?, diagnostics: [Diagnostic]) {
        let configPath = directory + "/" + configName
        let source = YAMLSource.load(path: configPath, maxBytes: 1 << 20)
        guard let root = source.root else { return (nil, source.diagnostics) }
        var set = TemplateSet(directory: directory)
        var diagnostics = source.diagnostics
        set.readConfig(root, path: configPath, diagnostics: &diagnostics)
        return (set.parameters, diagnostics)
    }

    private mutating func readConfig(_ root: Node, path: String, diagnostics: inout [Diagnostic]) {
        func at(_ node: Node) -> SourceLocation {
            SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        func unknown(_ key: Node, in allowed: [String], _ what: String) {
            let name = key.string ?? "?"
            diagnostics.append(Diagnostic(.error, rule: "template-config",
                                          message: "unknown key '\(name)' in \(what)" + Suggestions.didYouMean(name, in: allowed),
                                          at: at(key), fix: "allowed keys: " + allowed.joined(separator: ", ")))
        }
        guard let mapping = root.mapping else {
            diagnostics.append(Diagnostic(.error, rule: "template-config", message: "\(TemplateSet.configName) must be a mapping",
                                          at: at(root)))
            return
        }
        for (k, v) in mapping {
            switch k.string {
            case "params":
                for (pk, pv) in v.mapping ?? [:] {
                    guard let name = pk.string else { continue }
                    readParameter(name, pv, at: at, diagnostics: &diagnostics)
                }
            case "templates":
                for item in v.sequence ?? [] {
                    guard let m = item.mapping else {
                        diagnostics.append(Diagnostic(.error, rule: "template-config", message: "each template entry must be a mapping",
                                                      at: at(item)))
                        continue
                    }
                    var entry = Entry(template: "", output: "", apply: .once, when: nil, groupTypes: [], stabilities: [],
                                      namespaces: [], format: nil, location: at(item), outputLocation: at(item))
                    for (ek, ev) in m {
                        switch ek.string {
                        case "template": entry.template = ev.string ?? ""
                        case "output":
                            entry.output = ev.string ?? ""
                            entry.outputLocation = at(ev)
                        case "when": entry.when = ev.string
                        case "format":
                            entry.format = ev.string
                            if ev.string != "swift", ev.string != "none" {
                                diagnostics.append(Diagnostic(.error, rule: "template-config",
                                                              message: "unknown format '\(ev.string ?? "")'",
                                                              at: at(ev), fix: "use format: swift or format: none"))
                            }
                        case "apply":
                            if let a = ev.string.flatMap(Apply.init(rawValue:)) {
                                entry.apply = a
                            } else {
                                diagnostics.append(Diagnostic(.error, rule: "template-config",
                                                              message: "unknown apply mode '\(ev.string ?? "")'"
                                                                  + Suggestions.didYouMean(ev.string ?? "", in: Apply.allCases.map(\.rawValue)),
                                                              at: at(ev), fix: "use once, namespace, group, event or metric"))
                            }
                        case "filter":
                            for (fk, fv) in ev.mapping ?? [:] {
                                let values = fv.sequence?.compactMap(\.string) ?? fv.string.map { [$0] } ?? []
                                switch fk.string {
                                case "type": entry.groupTypes = values
                                case "stability": entry.stabilities = values
                                case "namespace": entry.namespaces = values
                                default: unknown(fk, in: TemplateSet.filterKeys, "filter")
                                }
                            }
                        default: unknown(ek, in: TemplateSet.entryKeys, "template entry")
                        }
                    }
                    for key in ["template", "output"] where (key == "template" ? entry.template : entry.output).isEmpty {
                        diagnostics.append(Diagnostic(.error, rule: "template-config", message: "template entry is missing '\(key)'",
                                                      at: at(item), fix: "add '\(key):'"))
                    }
                    entries.append(entry)
                }
            default:
                unknown(k, in: ["params", "templates"], TemplateSet.configName)
            }
        }
    }

    /// Reads one `params` entry: a default, or `{default, allowed, type}`; a default it does not accept is an error.
    private mutating func readParameter(_ name: String, _ node: Node, at: (Node) -> SourceLocation,
                                        diagnostics: inout [Diagnostic]) {
        var parameter = Parameter(defaultValue: node.string ?? "", allowed: nil, type: "string", location: at(node))
        var valueNode = node
        if let mapping = node.mapping {
            for (k, v) in mapping {
                switch k.string {
                case "default":
                    parameter.defaultValue = v.string ?? ""
                    valueNode = v
                case "allowed": parameter.allowed = v.sequence?.compactMap(\.string) ?? v.string.map { [$0] }
                case "type":
                    parameter.type = v.string ?? ""
                    if !Parameter.types.contains(parameter.type) {
                        diagnostics.append(Diagnostic(.error, rule: "template-config",
                                                      message: "unknown parameter type '\(parameter.type)'"
                                                          + Suggestions.didYouMean(parameter.type, in: Parameter.types),
                                                      at: at(v), fix: "use string, boolean or swift-identifier"))
                    }
                default:
                    let key = k.string ?? "?"
                    diagnostics.append(Diagnostic(.error, rule: "template-config",
                                                  message: "unknown key '\(key)' in parameter '\(name)'"
                                                      + Suggestions.didYouMean(key, in: Parameter.keys),
                                                  at: at(k), fix: "allowed keys: " + Parameter.keys.joined(separator: ", ")))
                }
            }
        }
        if let problem = parameter.problem(parameter.defaultValue) {
            diagnostics.append(Diagnostic(.error, rule: "template-config",
                                          message: "the default of parameter '\(name)' \(problem)", at: at(valueNode),
                                          fix: "give '\(name)' a default it accepts"))
        }
        params[name] = parameter.defaultValue
        parameters[name] = parameter
    }

    /// Largest template file read.
    static let maxTemplateBytes = 1 << 20

    private mutating func loadSources(diagnostics: inout [Diagnostic]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
        var unusable = Set<String>()
        for name in names {
            let file = directory + "/" + name
            let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int ?? 0
            if size > Self.maxTemplateBytes {
                diagnostics.append(Diagnostic(.error, rule: "template-config",
                                              message: "template is \(size) bytes, more than the \(Self.maxTemplateBytes >> 20) MiB limit",
                                              at: SourceLocation(file: file), fix: "split it into partials"))
                unusable.insert(name)
                continue
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                diagnostics.append(Diagnostic(.error, rule: "template-config", message: "cannot read template",
                                              at: SourceLocation(file: file), fix: "check the file's permissions"))
                unusable.insert(name)
                continue
            }
            guard let text = String(data: data, encoding: .utf8), !text.utf8.contains(0) else {
                diagnostics.append(Diagnostic(.error, rule: "template-config", message: "template is not UTF-8 text",
                                              at: SourceLocation(file: file), fix: "save the template as UTF-8"))
                unusable.insert(name)
                continue
            }
            let problems = TemplateChecker.structureProblems(text: text, file: file)
            if !problems.isEmpty {
                diagnostics += problems
                unusable.insert(name)
                continue
            }
            sources[String(name.dropLast(".mustache".count))] = (file, text)
            sources[name] = (file, text)
        }
        // A template that exists but cannot be used has its own error already.
        for entry in entries where sources[entry.template] == nil
            && !unusable.contains(entry.template) && !unusable.contains(entry.template + ".mustache") {
            diagnostics.append(Diagnostic(.error, rule: "template-config",
                                          message: "template file '\(entry.template)' not found"
                                              + Suggestions.didYouMean(entry.template, in: names),
                                          at: entry.location, fix: "add it to \(directory) or fix the name"))
        }
    }

    /// Checks every template and output name against the view-model schema, then parses them.
    private mutating func compile(diagnostics: inout [Diagnostic]) {
        let entryTemplates = Set(entries.map { $0.template.hasSuffix(".mustache") ? String($0.template.dropLast(9)) : $0.template })
        let partials = sources.filter { !$0.key.hasSuffix(".mustache") && !entryTemplates.contains($0.key) }
        let paramNames = Array(params.keys)
        for (index, entry) in entries.enumerated() {
            guard let source = sources[entry.template] else { continue }
            let schema = ViewModelSchema.element(entry.apply.rawValue, params: paramNames)
            var checker = TemplateChecker(file: source.file, text: source.text, partials: partials)
            checker.check(root: schema)
            var nameChecker = TemplateChecker(file: entry.outputLocation.file, text: entry.output, partials: [:])
            nameChecker.check(root: schema)
            // Positions inside the one-line output name map onto the `output:` value in the config.
            nameChecker.diagnostics = nameChecker.diagnostics.map { d in
                var d = d
                d.location = SourceLocation(file: entry.outputLocation.file, line: entry.outputLocation.line,
                                            column: entry.outputLocation.column + d.location.column - 1)
                return d
            }
            if let when = entry.when {
                var whenChecker = TemplateChecker(file: entry.location.file + " (when of \(entry.template))",
                                                  text: "{{#\(when)}}{{/\(when)}}", partials: [:])
                whenChecker.check(root: schema)
                diagnostics += whenChecker.diagnostics
            }
            diagnostics += checker.diagnostics + nameChecker.diagnostics
            if checker.hasSyntaxErrors { continue }
            if let t = parse(source.text, file: source.file, diagnostics: &diagnostics) { templates[entry.template] = t }
            if let t = parse(entry.output, file: entry.location.file, diagnostics: &diagnostics) { outputNames[index] = t }
        }
        diagnostics += TemplateChecker.endlessRecursion(partials: partials)
        for (name, source) in partials {
            if let t = parse(source.text, file: source.file, diagnostics: &diagnostics) { library.register(t, named: name) }
        }
    }

    private func parse(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> MustacheTemplate? {
        let pragma = "{{% CONTENT_TYPE: TEXT}}"
        do {
            return try MustacheTemplate(string: pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            let column = line == 1 ? max(1, error.context.columnNumber - pragma.count) : error.context.columnNumber
            diagnostics.append(Diagnostic(.error, rule: "template-syntax",
                                          message: "Mustache syntax error: \(describe(error.error))",
                                          at: SourceLocation(file: file, line: line, column: column),
                                          fix: "fix the tag at this position"))
        } catch {
            diagnostics.append(Diagnostic(.error, rule: "template-syntax", message: "Mustache syntax error: \(error)",
                                          at: SourceLocation(file: file, line: 1, column: 1)))
        }
        return nil
    }

    private func describe(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "a section is closed with the wrong name"
        case .unfinishedName?: "unfinished tag"
        case .expectedSectionEnd?: "a section is never closed"
        case .invalidSetDelimiter?: "invalid set-delimiter tag"
        default: "\(error)"
        }
    }

    /// One rendered file, relative to the output directory.
    public struct Output: Equatable, Sendable {
        public var path: String
        public var content: String
        /// Where the output name comes from (the entry's `output:` value), for findings about the name.
        public var origin: SourceLocation?

        public init(path: String, content: String, origin: SourceLocation? = nil) {
            self.path = path
            self.content = content
            self.origin = origin
        }
    }

    /// Renders every entry for the registry. Deterministic: entries in config order, elements sorted. Entries
    /// render in parallel, each with its own `ViewModel` (built from `registry`, this directory's parameters and
    /// `stability`) and so its own render budget; an entry that spends it stops the render with an error (see
    /// `RenderBudget`), keeping the outputs of the entries before it.
    public func render(registry: Registry, stability: String = "all") -> (outputs: [Output], diagnostics: [Diagnostic]) {
        let rendered = parallelMap(count: entries.count) { index in
            let vm = ViewModel(registry: registry, params: params, stability: stability)
            let root = vm.root()
            let result = render(entry: index, root: root)
            releaseInBackground((consume vm, consume root))
            return result
        }
        var outputs: [Output] = []
        for (index, entry) in entries.enumerated() {
            outputs += rendered[index].outputs
            if rendered[index].budgetSpent {
                return (outputs, [Self.budgetSpent(sources[entry.template]?.file ?? entry.template)])
            }
        }
        return (outputs, [])
    }

    private func render(entry index: Int, root: LazyContext) -> (outputs: [Output], budgetSpent: Bool) {
        let entry = entries[index]
        guard let template = templates[entry.template], let nameTemplate = outputNames[index] else { return ([], false) }
        var outputs: [Output] = []
        for context in contexts(for: entry, root: root) {
            if let when = entry.when, !isTruthy(lookup(when, in: context)) { continue }
            let name = nameTemplate.render(context, library: library).trimmingWhitespace
            var content = template.render(context, library: library)
            if root.budget.exhausted { return (outputs, true) }
            if entry.format == "swift" { content = SwiftFormatting.reindent(content) }
            outputs.append(Output(path: name, content: content, origin: entry.outputLocation))
        }
        return (outputs, false)
    }

    /// The error for a template that spent the render budget.
    static func budgetSpent(_ file: String) -> Diagnostic {
        Diagnostic(.error, rule: "template-too-expensive",
                   message: "rendering stopped: more than \(RenderBudget.defaultSteps) section iterations or runaway partial recursion",
                   at: SourceLocation(file: file, line: 1, column: 1),
                   fix: "do not open a list section inside another section over a large list (e.g. {{#attributes}} inside {{#attributes}})")
    }

    /// Renders a partial of this directory with `context` (nil when there is no such partial).
    public func renderPartial(_ name: String, context: Any) -> String? {
        library.render(context, withTemplate: name)
    }

    func contexts(for entry: Entry, root: LazyContext) -> [any MustacheParent] {
        func with(_ key: String, _ items: [[String: Any]]) -> [any MustacheParent] {
            items.map { ElementContext(root: root, key: key, value: $0) }
        }
        func passes(_ item: [String: Any], namespace: String?) -> Bool {
            if !entry.stabilities.isEmpty, !entry.stabilities.contains(item["stability"] as? String ?? "") { return false }
            if !entry.namespaces.isEmpty, let ns = namespace,
               !entry.namespaces.contains(where: { ns == $0 || ns.hasPrefix($0 + ".") }) { return false }
            return true
        }
        switch entry.apply {
        case .once:
            return [root]
        case .namespace:
            let all = (root["allNamespaces"] as? [[String: Any]]) ?? []
            return with("namespace", all.filter { passes([:], namespace: $0["path"] as? String) })
        case .event:
            let events = (root["events"] as? [[String: Any]]) ?? []
            return with("event", events.filter { passes($0, namespace: $0["name"] as? String) })
        case .metric:
            let metrics = (root["metrics"] as? [[String: Any]]) ?? []
            return with("metric", metrics.filter { passes($0, namespace: $0["name"] as? String) })
        case .group:
            let groups = ((root["groups"] as? [[String: Any]]) ?? []).filter {
                entry.groupTypes.isEmpty || entry.groupTypes.contains($0["type"] as? String ?? "")
            }
            return with("group", groups.filter { passes($0, namespace: $0["name"] as? String) })
        }
    }

    func lookup(_ name: String, in context: any MustacheParent) -> Any? {
        var value: Any? = context
        for part in name.split(separator: ".") { value = (value as? any MustacheParent)?.child(named: String(part)) }
        return value
    }

    /// Mustache truthiness of a `when` value (looked up through the contexts, so lists arrive as `BudgetedList`s).
    func isTruthy(_ value: Any?) -> Bool {
        switch value {
        case nil: false
        case let b as Bool: b
        case let s as String: !s.isEmpty && s != "false"
        case let list as any BudgetedSequence: !list.isEmpty
        default: true
        }
    }
}
