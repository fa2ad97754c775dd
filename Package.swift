// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swift-semconv",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "semconv", targets: ["semconv"]),
        .library(name: "SemConvModel", targets: ["SemConvModel"]),
        .library(name: "SemConvGen", targets: ["SemConvGen"]),
        .library(name: "SemConvLint", targets: ["SemConvLint"]),
        .plugin(name: "SemConvGenerator", targets: ["SemConvGenerator"]),
        .plugin(name: "SemConvGenerateCommand", targets: ["SemConvGenerateCommand"]),
        .plugin(name: "SemConvLintCommand", targets: ["SemConvLintCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // Registry model: YAML loading with source positions, resolution, `check` rules, diagnostics.
        .target(
            name: "SemConvModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // View-model, Mustache rendering and file writing.
        .target(
            name: "SemConvGen",
            dependencies: [
                "SemConvModel",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Telemetry and pipeline-config linting, reporters.
        .target(
            name: "SemConvLint",
            dependencies: ["SemConvModel", .product(name: "Yams", package: "Yams")]
        ),
        // Thin command-line front end.
        .executableTarget(
            name: "semconv",
            dependencies: [
                "SemConvModel", "SemConvGen", "SemConvLint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Build-tool plugin: generates Swift from a target's semconv.yaml at build time.
        .plugin(name: "SemConvGenerator", capability: .buildTool(), dependencies: ["semconv"]),
        // `swift package generate-semconv --target X`: writes generated Swift into the target directory.
        .plugin(
            name: "SemConvGenerateCommand",
            capability: .command(
                intent: .custom(verb: "generate-semconv", description: "Generate Swift from the target's semconv.yaml"),
                permissions: [.writeToPackageDirectory(reason: "Writes the generated Swift into the target's SemConv/ folder")]
            ),
            dependencies: ["semconv"]
        ),
        // `swift package semconv-lint FILE...`: lints telemetry and pipeline configs.
        .plugin(
            name: "SemConvLintCommand",
            capability: .command(intent: .custom(verb: "semconv-lint", description: "Lint telemetry or Alloy/Promtail configs")),
            dependencies: ["semconv"]
        ),
        .testTarget(name: "SemConvModelTests", dependencies: ["SemConvModel"], exclude: ["Fixtures"]),
        .testTarget(name: "SemConvGenTests", dependencies: ["SemConvGen"], exclude: ["Fixtures"]),
        // Compiles and uses the code generated from the bundled model (the files double as golden files).
        .testTarget(name: "GeneratedCodeTests", dependencies: []),
        .testTarget(name: "SemConvLintTests", dependencies: ["SemConvLint"], exclude: ["Fixtures"]),
        // The command line's shared parts: the rule catalog (README tables, SARIF against the official schema).
        .testTarget(name: "semconvTests", dependencies: ["semconv"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
