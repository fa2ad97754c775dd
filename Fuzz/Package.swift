// swift-tools-version:6.1
// libFuzzer entry points for swift-semconv. Not part of the main package: build it only with the sanitizers,
//   swift build --package-path Fuzz -c release --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address
// (or use Fuzz/run.sh). Each executable exports `LLVMFuzzerTestOneInput`; libFuzzer supplies `main`.
import PackageDescription

// The entry points are single files not named main.swift; `-parse-as-library` keeps the compiler from expecting
// top-level code, so the only `main` is libFuzzer's.
// SwiftPM names a path dependency after its directory; `swift-semconv` is a symbolic link to the package root, so
// the name is the same in any checkout (a worktree or clone named `fuzz` would otherwise clash with this package).
let root = "swift-semconv"

let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies, swiftSettings: fuzzSettings)
}

let package = Package(
    name: "swift-semconv-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "swift-semconv")],
    targets: [
        // Shared helpers: locating the package's bundled model, private temporary directories.
        .target(name: "FuzzSupport", dependencies: [.product(name: "SemConvModel", package: root)]),
        fuzzTarget("FuzzRegistry", [.product(name: "SemConvModel", package: root)]),
        fuzzTarget("FuzzTelemetry", [.product(name: "SemConvLint", package: root)]),
        fuzzTarget("FuzzAlloy", [.product(name: "SemConvLint", package: root)]),
        fuzzTarget("FuzzPromtail", [.product(name: "SemConvLint", package: root)]),
        fuzzTarget("FuzzTemplate", [.product(name: "SemConvGen", package: root)]),
    ],
    swiftLanguageModes: [.v6]
)
