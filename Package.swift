// swift-tools-version:6.1
import PackageDescription

/// The processor the lesson kit is built for, as Primer compiles it for
/// lesson programs (`Toolchain.targetCPU`): the one that runs it.
let lessonTarget: [SwiftSetting] = [
    .unsafeFlags(
        ["-target-cpu", "native", "-Xcc", "-Xclang", "-Xcc", "-target-feature", "-Xcc", "-Xclang", "-Xcc", "-prefer-256-bit"],
        .when(platforms: [.linux]))
]

let package = Package(
    name: "Primer",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "primer", targets: ["PrimerCLI"]),
        .library(name: "PrimerKit", targets: ["PrimerKit"]),
        .library(name: "PrimerFigures", targets: ["PrimerFigures"]),
        // For the fuzzers in Fuzz/, a package of their own (scripts/fuzz).
        .library(name: "PrimerCore", targets: ["PrimerCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        // `primer serve`'s HTTP server: sockets and Swift concurrency, no NIO.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // The cmark-gfm C library as installed by Debian's packages.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Linux calls that Swift's Glibc module does not expose (renameat2).
        .target(name: "CFileSystem"),
        // The records a lesson program writes and Primer reads: one definition
        // for both ends. Foundation only, because lesson programs compile it.
        .target(name: "PrimerNotebookFormat", swiftSettings: lessonTarget),
        // Plots and tables; Foundation only, for the same reason.
        .target(name: "PrimerFigures", swiftSettings: lessonTarget),
        // What lesson code imports; Foundation only, for the same reason.
        .target(name: "PrimerKit", dependencies: ["PrimerNotebookFormat", "PrimerFigures"], swiftSettings: lessonTarget),
        // The generator: load → parse → render → write, and check.
        .target(
            name: "PrimerCore",
            dependencies: [
                "CCmarkGFM",
                "CFileSystem",
                "PrimerFigures",
                "PrimerNotebookFormat",
                .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
            ],
            // The math font the site ships (scripts/make-math-font) and its
            // licence are embedded, with the lesson kit's sources, by the
            // EmbedFiles plugin: an installed primer needs no files beside it.
            exclude: ["Resources"],
            plugins: ["EmbedFiles"]
        ),
        .plugin(name: "EmbedFiles", capability: .buildTool()),
        // `primer serve`: the preview server, its watcher and live reload.
        .target(name: "PrimerServe", dependencies: ["PrimerCore", .product(name: "FlyingFox", package: "FlyingFox")]),
        .executableTarget(
            name: "PrimerCLI",
            dependencies: [
                "PrimerCore",
                "PrimerServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `swift run -c release figure-benchmarks`: prints figures and ratios
        // against a baseline measured in the same run.
        .executableTarget(
            name: "figure-benchmarks", dependencies: ["PrimerFigures", "PythonBaseline"], path: "Benchmarks/FigureBenchmarks",
            exclude: ["matplotlib_baseline.py"]),
        // Runs a benchmark's Python baseline, or stops the benchmark.
        .target(name: "PythonBaseline", path: "Benchmarks/PythonBaseline"),
        .target(name: "PrimerTestSupport", path: "Tests/PrimerTestSupport"),
        .testTarget(
            name: "PrimerCoreTests", dependencies: ["PrimerCore", "PrimerNotebookFormat", "PrimerTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "PrimerServeTests", dependencies: ["PrimerServe", "PrimerCore", "PrimerTestSupport"]),
        .testTarget(name: "PrimerFiguresTests", dependencies: ["PrimerFigures", "PrimerTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "PrimerKitTests", dependencies: ["PrimerKit"], exclude: ["Reference/make_reference.py"]),
        // Counts malloc calls and page faults for kit-benchmarks.
        .target(name: "AllocationCounter", path: "Benchmarks/AllocationCounter"),
        .executableTarget(
            name: "kit-benchmarks", dependencies: ["PrimerKit", "AllocationCounter", "PythonBaseline"],
            path: "Benchmarks/KitBenchmarks"),
        // Runs the built `primer` executable, as a user would.
        .testTarget(name: "PrimerCLITests", dependencies: ["PrimerCLI", "PrimerTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
