import Foundation
import SemConvModel
import XCTest

final class ProjectConfigTests: XCTestCase {
    static let full = """
        registries: [registry, ../upstream/model]
        bundled: false
        templates: my-templates
        stability: stable
        access: public
        params:
          root: App
        output: AppSemConv.swift
        reporter: sarif
        fail-on: warning
        base-path: ..
        generate: {output: Sources/App/SemConv}
        docs:
          output: docs/conventions
          templates: bundled
        lint:
          inputs:
            - recordings/*.ndjson
          input: otlp
          rules:
            recommended-attribute-missing: warning
            sensitive-value: off
          jobs: 2
          max-line-length: 4096
        live-check:
          otlp-http: 0.0.0.0:4318
          otlp-grpc: "off"
          faro: 127.0.0.1:12347
        """

    func testEveryKeyIsReadWithItsPosition() throws {
        let dir = try TempDirectory()
        let path = try dir.write("semconv.yaml", Self.full)
        let (config, problems) = ProjectConfig.load(path: path)
        XCTAssertEqual(problems.map(\.message), [])
        XCTAssertEqual(config.registries?.value.map(\.value), ["registry", "../upstream/model"])
        XCTAssertEqual(config.registries?.value.first?.location, SourceLocation(file: path, line: 1, column: 14))
        XCTAssertEqual(config.bundled?.value, false)
        XCTAssertEqual(config.stability?.value, "stable")
        // The top-level `access:` is a parameter like those of `params`; order is file order.
        XCTAssertEqual(config.params.map(\.key), ["access", "root"])
        XCTAssertEqual(config.params.map(\.value.value), ["public", "App"])
        XCTAssertEqual(config.output?.value, "AppSemConv.swift")
        XCTAssertEqual(config.generate.output?.value, "Sources/App/SemConv")
        XCTAssertEqual(config.docs.templates?.value, "bundled")
        XCTAssertEqual(config.lint.inputs?.value.map(\.value), ["recordings/*.ndjson"])
        XCTAssertEqual(config.lint.rules.map(\.id.value), ["recommended-attribute-missing", "sensitive-value"])
        XCTAssertEqual(config.lint.rules.map(\.setting.value), ["warning", "off"])
        XCTAssertEqual(config.lint.rules.first?.id.location, SourceLocation(file: path, line: 21, column: 5))
        XCTAssertEqual(config.lint.jobs?.value, 2)
        XCTAssertEqual(config.lint.maxLineLength?.value, 4096)
        XCTAssertEqual(config.liveCheck.otlpHTTP?.value, "0.0.0.0:4318")
        XCTAssertEqual(config.liveCheck.otlpGRPC?.value, "off")
        XCTAssertEqual(config.liveCheck.faro?.location, SourceLocation(file: path, line: 28, column: 9))
    }

    func testUnknownKeysAndBadValuesArePositionedWithDidYouMean() throws {
        let dir = try TempDirectory()
        let path = try dir.write("semconv.yaml", """
            registires: [registry]
            stability: stabel
            lint:
              rulez: {}
              jobs: two
              rules:
                unknown-attribute: loud
            live-check:
              otlp-htp: 127.0.0.1:4318
            fail-on: warn
            """)
        let problems = ProjectConfig.load(path: path).diagnostics
        let found = problems.map { "\($0.location.line):\($0.location.column) \($0.rule) \($0.message)" }
        XCTAssertEqual(found.sorted(), [
            "1:1 unknown-key unknown key 'registires' in the project config (did you mean 'registries'?)",
            "2:12 invalid-value 'stability' must be stable, development or all, not 'stabel' (did you mean 'stable'?)",
            "4:3 unknown-key unknown key 'rulez' in 'lint' (did you mean 'rules'?)",
            "5:9 invalid-type 'lint.jobs' must be a whole number",
            "7:24 invalid-value rule 'unknown-attribute' must be set to off, info, warning or error, not 'loud'",
            "9:3 unknown-key unknown key 'otlp-htp' in 'live-check' (did you mean 'otlp-http'?)",
            "10:10 invalid-value 'fail-on' must be error, warning or never, not 'warn'",
        ].sorted())
    }

    /// `check.rules` and `lint.max-findings-per-rule` are read; a parameter set twice and a listen address that
    /// live-check cannot bind are errors at their position, and every problem of the file is reported at once.
    func testSectionsAndValuesCheckedWhenRead() throws {
        let dir = try TempDirectory()
        let path = try dir.write("semconv.yaml", """
            access: public
            params: {access: internal, root: App}
            check:
              rules: {missing-brief: "off"}
            lint: {max-findings-per-rule: 0}
            live-check: {otlp-http: localhost, otlp-grpc: "[::1]:4317", faro: "off"}
            """)
        let (config, problems) = ProjectConfig.load(path: path)
        XCTAssertEqual(problems.map { "\($0.location.line):\($0.location.column) \($0.message)" }, [
            "2:18 'access' is set twice: at the top level (1:9) and in 'params'",
            "6:25 'live-check.otlp-http' 'localhost': expected HOST:PORT, e.g. 127.0.0.1:4318, or 'off'",
        ])
        XCTAssertEqual(config.params.map(\.key), ["access", "root"])
        XCTAssertEqual(config.params.first?.value.value, "public", "the first one stays; the second is the error")
        XCTAssertEqual(config.check.rules.map(\.id.value), ["missing-brief"])
        XCTAssertEqual(config.check.rules.first?.setting.location, SourceLocation(file: path, line: 4, column: 26))
        XCTAssertEqual(config.lint.maxFindingsPerRule?.value, 0)
        XCTAssertNil(config.liveCheck.otlpHTTP)
        XCTAssertEqual(config.liveCheck.otlpGRPC?.value, "[::1]:4317")
        let settings = ProjectSettings.resolve(config: config, flags: ProjectSettings.Flags(), command: .check)
        XCTAssertEqual(settings.checkRules.map(\.id.value), ["missing-brief"])
        XCTAssertEqual(settings.rows.first { $0.key == "check.rules.missing-brief" }?.origin,
                       .file(SourceLocation(file: path, line: 4, column: 26)))
    }

    /// Defaults that depend on the project: where committed code goes (the command plugin and `generate --check`
    /// agree), the base path (the config's directory), and why the bundled model is off.
    func testDefaultsThatDependOnTheProject() throws {
        let dir = try TempDirectory()
        try dir.write("Package.swift", "// swift-tools-version:6.1\n")
        try dir.write("Sources/App/main.swift", "")
        try dir.write("semconv.yaml", "registries: [registry]\n")
        XCTAssertEqual(ProjectSettings.committedOutput(directory: dir.path).path, dir.path + "/Sources/App/SemConv")
        XCTAssertEqual(ProjectSettings.committedOutput(directory: dir.path + "/Sources/App").path, dir.path + "/Sources/App/SemConv")
        try dir.write("Sources/Other/main.swift", "")
        XCTAssertEqual(ProjectSettings.committedOutput(directory: dir.path).path, dir.path + "/Generated", "two targets: ambiguous")
        XCTAssertEqual(ProjectSettings.committedOutput(directory: dir.path + "/Sources/App").reason, "the config's target 'App'")
        XCTAssertEqual(ProjectSettings.committedOutput(directory: dir.path + "/Sources").path, dir.path + "/Sources/Generated")

        let config = ProjectConfig.load(path: dir.path + "/Sources/App/../../semconv.yaml").config
        let generate = ProjectSettings.resolve(config: config, flags: ProjectSettings.Flags(), command: .generate)
        XCTAssertEqual(generate.generateOutput.value, dir.path + "/Sources/App/../../Generated")
        XCTAssertEqual(generate.basePath.value, config.directory)
        XCTAssertEqual(generate.basePath.origin, .implied("the config's directory"))
        XCTAssertEqual(ProjectSettings.resolve(config: nil, flags: ProjectSettings.Flags(), command: .lint).basePath.value, ".")

        var flags = ProjectSettings.Flags()
        flags.registries = ["upstream"]
        let check = ProjectSettings.resolve(config: nil, flags: flags, command: .check)
        XCTAssertEqual(check.bundled.origin, .implied("off when --registry names the registries"))
        XCTAssertEqual(check.rows.first { $0.key == "bundled" }?.value, .bool(false))
        XCTAssertEqual(check.rows.first { $0.key == "lint.jobs" }?.value, .null)
        XCTAssertEqual(check.rows.first { $0.key == "lint.jobs" }?.text, "number of cores")
        XCTAssertEqual(check.rows.first { $0.key == "registries" }?.value, .array([.string("upstream")]))
        XCTAssertEqual(check.rows.first { $0.key == "lint.max-line-length" }?.value, .int(16 << 20))
    }

    func testSyntaxErrorsAndEmptyFiles() throws {
        let dir = try TempDirectory()
        let broken = try dir.write("broken.yaml", "registries: [a\n")
        XCTAssertEqual(ProjectConfig.load(path: broken).diagnostics.map(\.rule), ["yaml-syntax"])
        let empty = try dir.write("empty.yaml", "# nothing yet\n")
        XCTAssertEqual(ProjectConfig.load(path: empty).diagnostics.count, 0)
        let list = try dir.write("list.yaml", "- a\n")
        XCTAssertEqual(ProjectConfig.load(path: list).diagnostics.map(\.rule), ["invalid-type"])
        let output = try dir.write("output.yaml", "output: Sources/SemConv.swift\n")
        XCTAssertEqual(ProjectConfig.load(path: output).diagnostics.map(\.location.line), [1])
    }

    func testFoundFromTheWorkingDirectoryUpward() throws {
        let dir = try TempDirectory()
        try dir.write("semconv.yaml", "registries: [registry]\n")
        try FileManager.default.createDirectory(atPath: dir.path + "/Sources/App", withIntermediateDirectories: true)
        let app = dir.path + "/Sources/App"
        let found = ProjectConfig.find(workingDirectory: app)
        XCTAssertEqual(found.path, "../../semconv.yaml")
        let config = ProjectConfig(path: found.path!)
        XCTAssertEqual(config.directory, "../..")
        XCTAssertEqual(config.resolve("registry"), "../../registry")
        XCTAssertEqual(config.resolve("/abs"), "/abs")
        // From elsewhere, the path is absolute.
        XCTAssertEqual(ProjectConfig.find(from: dir.path + "/Sources", workingDirectory: app).path,
                       URL(fileURLWithPath: dir.path).standardizedFileURL.path + "/semconv.yaml")
        // The hidden name counts too; two in one directory are an error.
        try dir.write("Sources/.semconv.yaml", "bundled: true\n")
        XCTAssertEqual(ProjectConfig.find(workingDirectory: dir.path + "/Sources").path, ".semconv.yaml")
        try dir.write("Sources/semconv.yaml", "bundled: true\n")
        XCTAssertEqual(ProjectConfig.find(workingDirectory: dir.path + "/Sources").diagnostics.map(\.rule), ["project-config"])
        let here = ProjectConfig(path: "semconv.yaml")
        XCTAssertEqual(here.directory, ".")
        XCTAssertEqual(here.resolve("registry"), "registry")
    }

    func testFlagsOverrideTheFileWhichOverridesDefaults() throws {
        let dir = try TempDirectory()
        let path = try dir.write("conf/semconv.yaml", Self.full)
        let config = ProjectConfig.load(path: path).config
        var flags = ProjectSettings.Flags()
        let fromFile = ProjectSettings.resolve(config: config, flags: flags, command: .lint)
        // Sources as written (messages and `semconv config` show them so), used from the config's directory.
        XCTAssertEqual(fromFile.registries.value, ["registry", "../upstream/model"])
        XCTAssertEqual(fromFile.registriesBase, dir.path + "/conf")
        XCTAssertEqual(fromFile.registryLocations, [dir.path + "/conf/registry", dir.path + "/conf/../upstream/model"])
        XCTAssertEqual(fromFile.registries.origin, .file(SourceLocation(file: path, line: 1, column: 13)))
        XCTAssertEqual(fromFile.bundled.value, false)
        XCTAssertEqual(fromFile.reporter.value, "sarif")
        XCTAssertEqual(fromFile.lintInputs.value, [dir.path + "/conf/recordings/*.ndjson"])
        XCTAssertEqual(fromFile.jobs.value, 2)
        XCTAssertEqual(fromFile.templates.value, dir.path + "/conf/my-templates")
        XCTAssertNil(fromFile.docsTemplates.value, "'bundled' means the bundled templates")
        XCTAssertEqual(fromFile.parameterList, ["access=public", "root=App"])

        flags.registries = ["other"]
        flags.reporter = "json"
        flags.params = [("access", "public")]
        flags.inputs = ["a.ndjson"]
        flags.jobs = 1
        let overridden = ProjectSettings.resolve(config: config, flags: flags, command: .lint)
        XCTAssertEqual(overridden.registries.value, ["other"])
        XCTAssertNil(overridden.registriesBase, "--registry paths are taken from the working directory")
        XCTAssertEqual(overridden.registries.origin, .flag("--registry"))
        XCTAssertEqual(overridden.bundled.value, false, "--registry does not override 'bundled'")
        XCTAssertEqual(overridden.reporter.origin, .flag("--reporter"))
        XCTAssertEqual(overridden.parameterList, ["root=App", "access=public"])
        XCTAssertEqual(overridden.lintInputs.value, ["a.ndjson"])
        XCTAssertEqual(overridden.jobs.value, 1)
        XCTAssertEqual(overridden.failOn.origin, .file(SourceLocation(file: path, line: 10, column: 10)))
    }

    func testBundledModelDefaults() {
        var flags = ProjectSettings.Flags()
        XCTAssertTrue(ProjectSettings.resolve(config: nil, flags: flags, command: .check).bundled.value)
        flags.registries = ["upstream"]
        // `check --registry DIR` checks just that directory; lint always adds the bundled model.
        XCTAssertFalse(ProjectSettings.resolve(config: nil, flags: flags, command: .check).bundled.value)
        XCTAssertTrue(ProjectSettings.resolve(config: nil, flags: flags, command: .lint).bundled.value)
        flags.bundled = true
        let forced = ProjectSettings.resolve(config: nil, flags: flags, command: .check)
        XCTAssertTrue(forced.bundled.value)
        XCTAssertEqual(forced.bundled.origin, .flag("--bundled-registry"))
        let none = ProjectSettings.resolve(config: nil, flags: ProjectSettings.Flags(), command: .generate)
        XCTAssertEqual(none.generateOutput.value, "Generated")
        XCTAssertEqual(none.generateOutput.origin, .builtIn)
        XCTAssertEqual(none.lintInputs.value, ["-"])
        XCTAssertEqual(none.otlpHTTP.value, "127.0.0.1:4318")
        XCTAssertEqual(none.rows.first { $0.key == "live-check.faro" }?.value, .string("off"))
    }

    func testChoicesAreCheckedAtTheirPosition() {
        var problems: [Diagnostic] = []
        let setting = Setting("warn", .file(SourceLocation(file: "semconv.yaml", line: 3, column: 10)))
        XCTAssertNil(setting.choice(FailThreshold.self, key: "fail-on", problems: &problems))
        XCTAssertEqual(problems.map(\.description), ["semconv.yaml:3:10 'fail-on' must be one of error, warning, never, not 'warn'"])
        XCTAssertEqual(Setting("never", .builtIn).choice(FailThreshold.self, key: "fail-on", problems: &problems), .never)
    }

    func testRegistrySourcesAndInputPatterns() throws {
        XCTAssertEqual(RegistrySource.location(of: "registry", relativeTo: "../.."), "../../registry")
        XCTAssertEqual(RegistrySource.location(of: "registry", relativeTo: "."), "registry")
        XCTAssertEqual(RegistrySource.location(of: "/abs/model", relativeTo: "conf"), "/abs/model")
        XCTAssertEqual(RegistrySource.location(of: "https://example.com/r.tar.gz", relativeTo: "conf"), "https://example.com/r.tar.gz")
        let dir = try TempDirectory()
        try dir.write("rec/b.ndjson", "")
        try dir.write("rec/a.ndjson", "")
        try dir.write("rec/c.txt", "")
        let origin = SettingOrigin.file(SourceLocation(file: "semconv.yaml", line: 9, column: 5))
        let (paths, problems) = InputPatterns.expand([dir.path + "/rec/*.ndjson", dir.path + "/rec/c.txt", dir.path + "/none/*.x"],
                                                     origin: origin)
        XCTAssertEqual(paths, [dir.path + "/rec/a.ndjson", dir.path + "/rec/b.ndjson", dir.path + "/rec/c.txt"])
        XCTAssertEqual(problems.map(\.location), [SourceLocation(file: "semconv.yaml", line: 9, column: 5)])
        // A missing file named in the config is an error at the config's position (on the command line, the
        // reader reports it).
        let missing = InputPatterns.expand(["demo.ndjson"], origin: origin)
        XCTAssertEqual(missing.paths, [])
        XCTAssertEqual(missing.diagnostics.map(\.message), ["'lint.inputs' names 'demo.ndjson', which does not exist"])
        XCTAssertEqual(InputPatterns.expand(["demo.ndjson"], origin: .flag("FILE arguments")).paths, ["demo.ndjson"])
        // So is a pattern that matches nothing: the reader says "no file matches", with the other inputs' findings.
        let unmatched = InputPatterns.expand([dir.path + "/none/*.x", dir.path + "/rec/c.txt"], origin: .flag("FILE arguments"))
        XCTAssertEqual(unmatched.paths, [dir.path + "/none/*.x", dir.path + "/rec/c.txt"])
        XCTAssertEqual(unmatched.diagnostics.count, 0)
    }

    /// Overlapping patterns (and a file named through a link) read each file once, in first-named order; `**` is
    /// zero or more directories.
    func testInputPatternsDeduplicateAndRecurse() throws {
        let dir = try TempDirectory()
        for file in ["recs/a.ndjson", "recs/x/b.ndjson", "recs/x/y/c.ndjson", "recs/.hidden/d.ndjson", "recs/x/e.txt"] {
            try dir.write(file, "")
        }
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/recs/link.ndjson", withDestinationPath: dir.path + "/recs/a.ndjson")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/recs/x/loop", withDestinationPath: dir.path + "/recs")
        let r = dir.path + "/recs"
        let all = InputPatterns.expand([r + "/**/*.ndjson"], origin: .builtIn)
        XCTAssertEqual(all.paths, [r + "/a.ndjson", r + "/x/b.ndjson", r + "/x/y/c.ndjson"], "link.ndjson is a.ndjson")
        XCTAssertEqual(all.diagnostics.count, 0)
        let overlapping = InputPatterns.expand([r + "/x/b.ndjson", r + "/*.ndjson", r + "/x/*.ndjson", r + "/**/c.ndjson"],
                                               origin: .builtIn)
        XCTAssertEqual(overlapping.paths, [r + "/x/b.ndjson", r + "/a.ndjson", r + "/x/y/c.ndjson"])
        XCTAssertEqual(InputPatterns.expand([r + "/**"], origin: .builtIn).paths,
                       ["", "/a.ndjson", "/x", "/x/b.ndjson", "/x/e.txt", "/x/y", "/x/y/c.ndjson"].map { r + $0 },
                       "every file and directory once, no hidden ones")
        XCTAssertEqual(InputPatterns.expand(["-", r + "/a.ndjson", "-"], origin: .builtIn).paths, ["-", r + "/a.ndjson"],
                       "standard input is read once: a second read would find it consumed")
        // Named twice (not by overlapping patterns): listed, so that the command can say so.
        try FileManager.default.linkItem(atPath: r + "/a.ndjson", toPath: r + "/hard.ndjson")
        let repeated = InputPatterns.repeatedNames(["-", r + "/a.ndjson", r + "/*.ndjson", r + "/link.ndjson",
                                                    r + "/x/../a.ndjson", "-", r + "/x/b.ndjson", r + "/hard.ndjson"])
        XCTAssertEqual(repeated.map { "\($0.entry) < \($0.earlier)" },
                       ["\(r)/link.ndjson < \(r)/a.ndjson", "\(r)/x/../a.ndjson < \(r)/a.ndjson", "- < -",
                        "\(r)/hard.ndjson < \(r)/a.ndjson"])
        let here = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(dir.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(here) }
        XCTAssertEqual(InputPatterns.expand(["recs/**/b.*"], origin: .builtIn).paths, ["recs/x/b.ndjson"])
    }
}

private extension ProjectSettings {
    var parameterList: [String] { params.map { "\($0.key)=\($0.value.value)" } }
}

private extension Diagnostic {
    var description: String { "\(location) \(message)" }
}
