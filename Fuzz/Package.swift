// swift-tools-version:6.1
import PackageDescription

/// Fuzzers of Primer's parsers, for libFuzzer (`scripts/fuzz` builds and
/// runs them). A package of its own, so that the main `swift build` never
/// sees them: they need `-sanitize=fuzzer`, which only a fuzzing build passes.
let fuzzers = ["fuzz-markdown", "fuzz-front-matter", "fuzz-cell-options", "fuzz-tex", "fuzz-bibtex"]

let package = Package(
    name: "PrimerFuzz",
    // Named, since a path package is known by its folder's name otherwise.
    dependencies: [.package(name: "Primer", path: "..")],
    targets: fuzzers.map { name in
        .executableTarget(name: name, dependencies: [.product(name: "PrimerCore", package: "Primer")])
    },
    swiftLanguageModes: [.v6]
)
