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
    ],
    targets: [
        .systemLibrary(
            name: "CZstd", pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(
            name: "CVectorscan", pkgConfig: "libhs",
            providers: [.apt(["libvectorscan-dev"])]),
        .target(name: "CLibcExtras"),
        .target(
            name: "OffsideCore",
            dependencies: [
                "CZstd", "CVectorscan", "CLibcExtras",
                .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(
            name: "offside",
            dependencies: [
                "OffsideCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "OffsideCoreTests",
            dependencies: ["OffsideCore", "offside"]),
    ]
)
