// swift-tools-version:6.1
import PackageDescription

// A consumer of swift-semconv: its own registry (registry/app.yaml) plus the bundled session model, turned into
// typed Swift at build time by the SemConvGenerator plugin as semconv.yaml (beside this file) says.
//
// The `OTLP` trait adds `--otlp-endpoint URL`: the demo then exports its session through swift-otel over OTLP/HTTP
// (to `semconv live-check`, say) instead of writing NDJSON. Off by default, so a plain build compiles no network
// stack:  swift build --traits OTLP
let package = Package(
    name: "SessionDemo",
    platforms: [.macOS(.v13)],
    traits: [
        .trait(name: "OTLP", description: "Export through swift-otel over OTLP/HTTP (--otlp-endpoint URL)"),
    ],
    dependencies: [
        .package(name: "swift-semconv", path: "../.."),
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "SessionDemo",
            dependencies: [
                .product(name: "OTel", package: "swift-otel", condition: .when(traits: ["OTLP"])),
                .product(name: "Tracing", package: "swift-distributed-tracing", condition: .when(traits: ["OTLP"])),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle", condition: .when(traits: ["OTLP"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["OTLP"])),
            ],
            plugins: [.plugin(name: "SemConvGenerator", package: "swift-semconv")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
