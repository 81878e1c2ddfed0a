import Foundation

/// The Python side of a benchmark: runs its baseline script, or stops the
/// benchmark with an error, since figures without their baseline are not
/// what a benchmark is for.
public struct PythonBaseline: Sendable {
    /// The benchmark's name, for messages (`kit-benchmarks`).
    public let benchmark: String
    /// What the baseline is (`the NumPy baseline`) and how to install it.
    public let what: String
    public let installHint: String
    public var environment = ProcessInfo.processInfo.environment

    public init(benchmark: String, what: String, installHint: String) {
        self.benchmark = benchmark
        self.what = what
        self.installHint = installHint
    }

    /// What python3 with `arguments` printed on standard output; a failure
    /// to start or a non-zero exit stops the benchmark with what it wrote
    /// to standard error (kept in a file, so that neither pipe can fill up
    /// while the other is read).
    public func output(of arguments: [String]) -> Data {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3"] + arguments
        python.environment = environment
        let output = Pipe()
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(benchmark)-\(getpid()).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        python.standardOutput = output
        python.standardError = FileHandle(forWritingAtPath: errorFile.path)
        do {
            try python.run()
        } catch {
            fail("python3 cannot be started: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        guard python.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            fail("python3 exited with status \(python.terminationStatus)\n" + errors)
        }
        return data
    }

    /// The baseline's output decoded from JSON, or the benchmark stops.
    public func decoded<Value: Decodable>(_ type: Value.Type, from arguments: [String]) -> Value {
        let data = output(of: arguments)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            fail("its output is not the expected JSON (\(error))")
        }
    }

    /// Stops the benchmark, with the last lines of `reason`.
    public func fail(_ reason: String) -> Never {
        let lines = reason.split(separator: "\n").suffix(3).joined(separator: "\n    ")
        FileHandle.standardError.write(
            Data(
                """
                \(benchmark): error: \(what) cannot run, so there is nothing to compare with:
                    \(lines)
                    (\(installHint))

                """.utf8))
        exit(1)
    }
}
