// swift-tools-version:6.1
import PackageDescription

// A consumer of swift-semconv: its own registry (registry/app.yaml) plus the bundled session model, turned into
// typed Swift at build time by the SemConvGenerator plugin as semconv.yaml (beside this file) says.
let package = Package(
    name: "SessionDemo",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "swift-semconv", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "SessionDemo",
            plugins: [.plugin(name: "SemConvGenerator", package: "swift-semconv")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
