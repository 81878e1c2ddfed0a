import Foundation
import Testing

@testable import PrimerCore

@Suite("Compiling a lesson without the driver")
struct CompilePlanTests {
    @Test("the driver's commands are split as a shell would split them")
    func shellWords() {
        #expect(CompilePlan.shellWords(#"a 'b c'  "d\"e" f\ g 'it'\''s' """#) == ["a", "b c", #"d"e"#, "f g", "it's", ""])
        #expect(CompilePlan.shellWords(#""a\b""#) == [#"a\b"#])
        #expect(CompilePlan.shellWords("'open") == nil)
        #expect(CompilePlan.shellWords(#""open"#) == nil)
    }

    @Test("the driver's temporary folder and the planning folder become the lesson's folder")
    func substitution() throws {
        let output = """
            /swift/bin/swift-frontend -frontend -c -primary-file /plan/main.swift -file-compilation-dir /elsewhere -o /plan/TemporaryDirectory.Ab12Cd/main-1.o
            /swift/bin/swift-autolink-extract /plan/TemporaryDirectory.Ab12Cd/main-1.o -o /plan/TemporaryDirectory.Ab12Cd/Lesson-1.autolink
            /swift/bin/clang '-I/with space' /plan/TemporaryDirectory.Ab12Cd/main-1.o @/plan/TemporaryDirectory.Ab12Cd/Lesson-1.autolink -o /plan/lesson
            """
        let plan = try #require(CompilePlan(driverOutput: output, folder: "/plan"))
        let commands = plan.commands(in: URL(fileURLWithPath: "/tmp/primer-run-1"))
        #expect(commands.count == 3)
        #expect(commands[0].last == "/tmp/primer-run-1/main-1.o")
        #expect(commands[0].contains("/tmp/primer-run-1/main.swift"))
        #expect(commands[0][commands[0].firstIndex(of: "-file-compilation-dir")! + 1] == FileManager.default.currentDirectoryPath)
        #expect(
            commands[2] == [
                "/swift/bin/clang", "-I/with space", "/tmp/primer-run-1/main-1.o", "@/tmp/primer-run-1/Lesson-1.autolink", "-o",
                "/tmp/primer-run-1/lesson",
            ])
        #expect(!commands.joined().contains { $0.contains("/plan") })
    }

    @Test("output that is not a frontend and a linker is not planned, so the driver runs as before")
    func unexpectedShapes() {
        #expect(CompilePlan(driverOutput: "/swift/bin/swift-frontend -frontend -c /plan/main.swift\n", folder: "/plan") == nil)
        #expect(CompilePlan(driverOutput: "swift-frontend -frontend -c /plan/a.swift\n/bin/clang /plan/a.o\n", folder: "/plan") == nil)
        #expect(CompilePlan(driverOutput: "/bin/clang /plan/a.o\n/bin/clang /plan/b.o\n", folder: "/plan") == nil)
        #expect(CompilePlan(driverOutput: "/swift/bin/swift-frontend -frontend 'open\n/bin/clang x\n", folder: "/plan") == nil)
    }

    @Test("clang's command for the linker becomes the link step, reading the autolink flags as its own response file")
    func linkerCommand() {
        let output = """
            clang version 21.0.0
            Target: x86_64-unknown-linux-gnu
            InstalledDir: /swift/bin
             "/swift/bin/ld.lld" "-pie" "-o" "/plan/lesson" "/lib/Scrt1.o" "-L/with space" "/plan/main-1.o" "-lprimer-response-file-0" "-lswiftCore" "-lc"
            """
        let markers = ["-lprimer-response-file-0": "@/plan/Lesson-1.autolink"]
        #expect(
            CompilePlan.linkerCommand(clangOutput: output, markers: markers) == [
                "/swift/bin/ld.lld", "-pie", "-o", "/plan/lesson", "/lib/Scrt1.o", "-L/with space", "/plan/main-1.o",
                "@/plan/Lesson-1.autolink", "-lswiftCore", "-lc",
            ])
        // A marker the linker does not get, a second command or none: clang links, as planned.
        #expect(
            CompilePlan.linkerCommand(clangOutput: output.replacing("\"-lprimer-response-file-0\" ", with: ""), markers: markers) == nil)
        #expect(CompilePlan.linkerCommand(clangOutput: output + "\n \"/bin/true\"", markers: markers) == nil)
        #expect(CompilePlan.linkerCommand(clangOutput: "clang version 21.0.0\n", markers: [:]) == nil)
    }

    @Test("a planned program compiles and runs, the plan is kept in the cache, and a damaged plan is planned again")
    func plannedProgram() throws {
        let folder = try TemporaryFolder()
        let cache = folder.url.appendingPathComponent("cache")
        let arguments = Toolchain.lessonFlags(optimized: false) + Toolchain.linkerFlags + ["-module-name", "Lesson"]
        func plan() throws -> CompilePlan {
            try #require(CompilePlan.plan(arguments: arguments, sourceName: "main.swift", executableName: "lesson", cacheFolder: cache))
        }
        let first = try plan()
        #expect(first.commands[0][0].hasSuffix("swift-frontend"))
        // The link is the linker's, not clang's, and reads the flags the compile's imports need.
        let link = try #require(first.commands.last)
        #expect(!URL(fileURLWithPath: link[0]).lastPathComponent.hasPrefix("clang"))
        #expect(link.contains { $0.hasPrefix("@") && $0.hasSuffix(".autolink") })
        let stored = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("compile-plans").path)
        #expect(stored.count == 1)
        #expect(try plan() == first)  // read back, not planned again

        let lesson = folder.url.appendingPathComponent("lesson-folder")
        try folder.write(["lesson-folder/main.swift": "print(6 * 7)\n"])
        for command in first.commands(in: lesson) {
            let status = try ChildProcess.run(
                command[0], arguments: Array(command.dropFirst()), standardOutput: "/dev/null", standardError: "/dev/null")
            #expect(status == .exited(0))
        }
        let output = folder.url.appendingPathComponent("output").path
        #expect(
            try ChildProcess.run(
                lesson.appendingPathComponent("lesson").path, arguments: [], standardOutput: output, standardError: "/dev/null")
                == .exited(0))
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "42\n")

        let file = cache.appendingPathComponent("compile-plans").appendingPathComponent(stored[0])
        try Data("{".utf8).write(to: file)
        #expect(try plan().commands.count == first.commands.count)
        #expect(try JSONDecoder().decode(CompilePlan.self, from: Data(contentsOf: file)).commands.count == first.commands.count)
    }
}
