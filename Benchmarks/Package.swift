// swift-tools-version: 6.1
// Micro-benchmarks for Offside (package-benchmark). A package of its own so
// that building Offside itself does not build the benchmark harness.
// Run: cd Benchmarks && swift package benchmark
import PackageDescription
import class Foundation.NSString

// A path dependency's identity is its folder's name, which differs between
// clones; derive it instead of hard-coding it.
let offsidePackage = ((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
let offsideIdentity = (offsidePackage as NSString).lastPathComponent.lowercased()

let package = Package(
    name: "OffsideBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ChunkScan",
            dependencies: [
                .product(name: "OffsideCore", package: offsideIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ChunkScan",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
