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
        .testTarget(name: "SemConvModelTests", dependencies: ["SemConvModel"], exclude: ["Fixtures"]),
        .testTarget(name: "SemConvGenTests", dependencies: ["SemConvGen"], exclude: ["Fixtures"]),
        // Compiles and uses the code generated from the bundled model (the files double as golden files).
        .testTarget(name: "GeneratedCodeTests", dependencies: []),
        .testTarget(name: "SemConvLintTests", dependencies: ["SemConvLint"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
