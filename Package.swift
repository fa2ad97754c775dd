// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swift-semconv",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "semconv", targets: ["semconv"]),
        .library(name: "SemConvLive", targets: ["SemConvLive"]),
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
        // live-check only (SemConvLive): HTTP/1 from swift-nio, HTTP/2 (for OTLP/gRPC) from swift-nio-http2. A package
        // that only uses the plugins resolves these two (and swift-nio's atomics, collections, system), never builds them.
        .package(url: "https://github.com/apple/swift-nio", from: "2.90.0"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.42.0"),
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
        // `semconv live-check`: OTLP/HTTP, OTLP/gRPC and Faro listeners in front of the telemetry linter. Only the
        // `semconv` executable links it; the plugins use `semconv-plugin-tool`, so consumers never compile it.
        .target(
            name: "SemConvLive",
            dependencies: [
                "SemConvModel", "SemConvLint",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
            ]
        ),
        // Thin command-line front end.
        .executableTarget(
            name: "semconv",
            dependencies: [
                "SemConvModel", "SemConvGen", "SemConvLint", "SemConvLive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The same command files without live-check (symlinks into ../semconv plus its own command list): the tool
        // the plugins run, so a package that uses them builds no network stack.
        .executableTarget(
            name: "semconv-plugin-tool",
            dependencies: [
                "SemConvModel", "SemConvGen", "SemConvLint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Build-tool plugin: generates Swift from a target's semconv.yaml at build time.
        .plugin(name: "SemConvGenerator", capability: .buildTool(), dependencies: ["semconv-plugin-tool"]),
        // `swift package generate-semconv --target X`: writes generated Swift into the target directory.
        .plugin(
            name: "SemConvGenerateCommand",
            capability: .command(
                intent: .custom(verb: "generate-semconv", description: "Generate Swift from the target's semconv.yaml"),
                permissions: [.writeToPackageDirectory(reason: "Writes the generated Swift into the target's SemConv/ folder")]
            ),
            dependencies: ["semconv-plugin-tool"]
        ),
        // `swift package semconv-lint FILE...`: lints telemetry and pipeline configs.
        .plugin(
            name: "SemConvLintCommand",
            capability: .command(intent: .custom(verb: "semconv-lint", description: "Lint telemetry or Alloy/Promtail configs")),
            dependencies: ["semconv-plugin-tool"]
        ),
        .testTarget(name: "SemConvModelTests", dependencies: ["SemConvModel"], exclude: ["Fixtures"]),
        .testTarget(name: "SemConvGenTests", dependencies: ["SemConvGen"], exclude: ["Fixtures"]),
        // Compiles and uses the code generated from the bundled model (the files double as golden files).
        .testTarget(name: "GeneratedCodeTests", dependencies: []),
        .testTarget(name: "SemConvLintTests", dependencies: ["SemConvLint"], exclude: ["Fixtures"]),
        // The command line's shared parts: the rule catalog (README tables, SARIF against the official schema).
        .testTarget(name: "semconvTests", dependencies: ["semconv"], exclude: ["Fixtures"]),

        .testTarget(
            name: "SemConvLiveTests",
            dependencies: [
                "SemConvLive", "SemConvLint", "SemConvModel",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
