// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "flt3ar",
    products: [
        .executable(name: "flt3ar", targets: ["flt3ar"]),
        .library(name: "ITDCaller", targets: ["ITDCaller"]),
    ],
    dependencies: [
        // Command-line parsing with generated --help; the only external package.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CISAL",
            path: "Sources/CISAL",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        .systemLibrary(
            name: "CHTSlib",
            path: "Sources/CHTSlib",
            pkgConfig: "htslib",
            providers: [.apt(["libhts-dev"])]
        ),
        .target(
            name: "ITDCaller",
            dependencies: ["CZlib", "CISAL", "CHTSlib"],
            path: "Sources/ITDCaller"
        ),
        .executableTarget(
            name: "flt3ar",
            dependencies: [
                "ITDCaller",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/flt3ar"
        ),
        .testTarget(
            name: "ITDCallerTests",
            dependencies: ["ITDCaller"],
            path: "Tests/ITDCallerTests"
        ),
        .testTarget(
            name: "flt3arTests",
            dependencies: ["flt3ar"],
            path: "Tests/flt3arTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
