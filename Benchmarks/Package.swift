// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so the main build (and CI) does not compile the
// benchmark harness. Run from this directory: `swift package benchmark` (release mode).
let package = Package(
    name: "LangoBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "lango", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PolicyEvaluation",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LangoPolicy", package: "lango"),
            ],
            path: "PolicyEvaluation",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
