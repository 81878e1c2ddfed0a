import Foundation
import PrimerTestSupport
import Testing

/// The `primer` executable as a user runs it: exit codes, and messages on
/// standard error in the compiler's format.
@Suite("The primer command")
struct CommandLineTests {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The `primer` binary, built next to this test bundle.
    static let executable: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("primer").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("primer")
    }()

    func primer(_ arguments: String..., in folder: URL) throws -> Result {
        try primer(arguments, in: folder)
    }

    /// Runs `primer` (or `executable`) with `arguments` in `folder`; with
    /// `shell`, through `bash -c shell executable` (to set limits first).
    func primer(_ arguments: [String], in folder: URL, shell: String? = nil, executable: URL = executable) throws -> Result {
        let process = try start(arguments, in: folder, shell: shell, executable: executable, capture: true)
        let outputData = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        let errorData = (process.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }

    /// Starts `primer` without waiting; its output goes nowhere unless captured.
    func start(
        _ arguments: [String], in folder: URL, shell: String? = nil, executable: URL = executable, capture: Bool = false
    ) throws -> Process {
        let process = Process()
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", shell, executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = folder
        process.standardOutput = capture ? Pipe() : FileHandle.nullDevice
        process.standardError = capture ? Pipe() : FileHandle.nullDevice
        try process.run()
        return process
    }

    func site(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("primer-cli-\(UUID().uuidString)")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    @Test("build, check and clean succeed on good content")
    func goodContent() throws {
        let folder = try site(["Content/index.md": "# Home\n\nHello.\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let build = try primer("build", in: folder)
        #expect(build.status == 0)
        #expect(build.output.hasPrefix("1 page; "))
        #expect(build.output.hasSuffix(" s → docs (9 files)\n"))  // with the search script, index, terms and text
        let check = try primer("check", in: folder)
        #expect(check.status == 0)
        #expect(check.output == "docs is up to date; its links work\n")
        #expect(try primer("clean", in: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("docs").path))
    }

    @Test("bad input exits 1 with file:line:col: error: on standard error")
    func badInput() throws {
        let folder = try site(["Pages/a.md": "---\ntitel: A\n---\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try primer("build", "--content", "Pages", "--output", "out", in: folder)
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("Pages/a.md:2:1: error: unknown key 'titel' in front matter\n"))
        #expect(result.errors.hasSuffix("1 error; the output folder and the frozen results were not changed\n"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("check exits 1 and names the files a build would change")
    func staleOutput() throws {
        let folder = try site(["Content/index.md": "# Home\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try primer("build", in: folder).status == 0)
        try Data("# Home, edited\n".utf8).write(to: folder.appendingPathComponent("Content/index.md"))
        let check = try primer("check", in: folder)
        #expect(check.status == 1)
        #expect(
            check.errors == """
                docs/assets/search/index.js:2: error: differs from what 'primer build' writes
                docs/assets/search/terms/e.js: error: missing; 'primer build' writes it
                docs/index.html:8: error: differs from what 'primer build' writes
                check failed: 3 files out of date (run 'primer build')

                """)
    }

    @Test("a missing content folder")
    func missingContent() throws {
        let folder = try site([:])
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try primer("build", in: folder)
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("Content: error: content folder not found\n"))
    }

    @Test("serve prints its address, serves the preview (not docs/), warns about another address, and stops on SIGTERM")
    func serve() throws {
        let folder = try site(["Content/index.md": "# Home\n\nPreviewed.\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = try start(["serve", "--port", "0", "--host", "0.0.0.0"], in: folder, capture: true)
        defer { if process.isRunning { process.terminate() } }
        let output = try #require(process.standardOutput as? Pipe).fileHandleForReading
        var printed = ""
        while !printed.contains("Ctrl-C stops"), case let data = output.availableData, !data.isEmpty {
            printed += String(decoding: data, as: UTF8.self)
        }
        let port = try #require(printed.firstMatch(of: /http:\/\/0\.0\.0\.0:(\d+)\//).map { String($0.1) })
        let page = try RawHTTP.request("/index.html", port: try #require(UInt16(port))).text
        #expect(page.contains("Previewed.") && page.contains("/__primer/live.js"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("docs").path))

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let errors = String(
            decoding: try #require(process.standardError as? Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(errors.contains("warning: serving on 0.0.0.0: anyone who can reach this machine on port \(port) can read the preview"))
    }
}
