// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Offside",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "offside", targets: ["offside"]),
        .library(name: "OffsideCore", targets: ["OffsideCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CZstd", pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(
            name: "CVectorscan", pkgConfig: "libhs",
            providers: [.apt(["libvectorscan-dev"])]),
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .target(name: "CLibcExtras"),
        .target(name: "CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "OffsideCore",
            dependencies: [
                "CZstd", "CVectorscan", "CLibcExtras", "CCrypto", "CSQLiteConfig",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "offside",
            dependencies: [
                "OffsideCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "OffsideCoreTests",
            dependencies: ["OffsideCore", "offside", .product(name: "GRDB", package: "GRDB.swift")],
            // Read by path (#filePath), not as a bundle resource.
            exclude: ["Score/scorer-vectors.jsonl"]),
    ]
)
