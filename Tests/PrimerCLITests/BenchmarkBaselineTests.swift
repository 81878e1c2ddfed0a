import Foundation
import Testing

/// A benchmark without its baseline has nothing to compare with: it stops
/// with an error naming what is missing, and exits 1 (it used to print
/// Primer's figures alone and exit 0 when matplotlib was missing).
@Suite("Benchmarks without their baselines")
struct BenchmarkBaselineTests {
    let command = CommandLineTests()

    /// A `python3` that cannot import what the baselines need.
    private func brokenPython() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("primer-no-numpy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let python = folder.appendingPathComponent("python3")
        try Data("#!/bin/sh\necho \"ModuleNotFoundError: No module named 'numpy'\" >&2\nexit 1\n".utf8).write(to: python)
        #expect(chmod(python.path, 0o755) == 0)
        return folder
    }

    @Test(
        "figure-benchmarks and kit-benchmarks stop with an error when their baseline cannot run",
        arguments: [
            ("figure-benchmarks", "figure-benchmarks: error: the matplotlib baseline cannot run"),
            ("kit-benchmarks", "kit-benchmarks: error: the NumPy baseline cannot run"),
        ])
    func missingBaseline(benchmark: String, message: String) throws {
        let executable = CommandLineTests.executable.deletingLastPathComponent().appendingPathComponent(benchmark)
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "\(benchmark) is built with the tests")
        let python = try brokenPython()
        defer { try? FileManager.default.removeItem(at: python) }
        let result = try command.primer(
            ["1"], in: python, shell: "PATH='\(python.path)' exec \"$0\" \"$@\"", executable: executable)
        #expect(result.status == 1)
        #expect(result.errors.contains(message))
        #expect(result.errors.contains("No module named 'numpy'"))
    }
}
