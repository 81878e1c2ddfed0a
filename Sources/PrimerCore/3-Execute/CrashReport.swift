/// What a lesson program printed when it crashed, read from the Swift
/// runtime's fatal-error message and its backtrace.
///
/// Optimized builds drop the standard library's own messages ("Index out of
/// range"), so the backtrace supplies the rest: the signal, the function that
/// trapped, and the Markdown line and column of the lesson code that called it.
struct CrashReport: Equatable {
    /// What the program printed to standard error before it crashed.
    var printed: String
    /// `Fatal error: …`, or the signal and the function that trapped.
    var message: String
    var line: Int?
    var column: Int?
    /// What a trap without a message usually means.
    var hint: String?
    /// Where in the site's shared code it crashed, when it did (the file
    /// relative to the `_code` folder); `line` and `column` are then where
    /// the lesson called into it.
    var sharedCodeLocation: SourceLocation?

    /// Settings for the runtime's backtracer: plain, short, and symbolicated
    /// with the lesson's `#sourceLocation` lines.
    static let backtraceSettings =
        "enable=yes,color=no,interactive=no,sanitize=yes,threads=crashed,registers=none,images=none,limit=16,top=16"

    /// `file` is the lesson's path as its `#sourceLocation` lines name it;
    /// `sharedCodeFiles` are the shared code's files, relative to `_code`.
    init(stderr: String, file: String, sharedCodeFiles: [String] = []) {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
        let reportStart = lines.firstIndex { $0.contains("Fatal error: ") || $0.hasPrefix("*** Signal") || $0.hasPrefix("💣") }
        printed = lines[..<(reportStart ?? lines.endIndex)].joined(separator: "\n").trimmingTrailingWhitespace
        let report = lines[(reportStart ?? lines.endIndex)...]

        var message = ""
        if let fatal = report.first(where: { $0.contains("Fatal error: ") }), let range = fatal.firstRange(of: "Fatal error: ") {
            message = String(fatal[range.lowerBound...])
        }
        var signal: String?
        if let crashed = report.first(where: { $0.hasPrefix("*** Program crashed: ") }) {
            let text = crashed.dropFirst("*** Program crashed: ".count)
            signal = String(text.prefix { $0 != "*" }).replacing(#/ at 0x[0-9a-f]+\s*$/#, with: "").trimmingTrailingWhitespace
        }
        let frames = report.filter { $0.contains(#/^\s*\d+ /#) }
        if message.isEmpty {
            let function = frames.first.flatMap(Self.function(inFrame:))
            message = (signal ?? "unknown signal") + (function.map { " in \($0)" } ?? "")
            if signal == "Illegal instruction" || signal == "Trace/breakpoint trap" {
                hint =
                    "a runtime check failed; optimized code does not say which (an index out of range, an arithmetic overflow, a nil unwrapped…)"
            }
        }
        self.message = message
        // `Lesson/sigmoid.md:12: Fatal error: …` names the line of a fatalError.
        let fileName = file.split(separator: "/").last.map(String.init) ?? file
        if let fatal = report.first(where: { $0.contains("Fatal error: ") }),
            let match = fatal.firstMatch(of: /^[^\/]+\/(.+):(\d+): Fatal error/), String(match.output.1) == fileName
        {
            line = Int(match.output.2)
        }
        // The innermost frame in the lesson's own file locates the failure,
        // and the innermost in the shared code (compiled with its folder
        // named `SiteCode.debugPrefix`) the place it crashed in there.
        let sharedPrefix = SiteCode.debugPrefix + "/"
        for frame in frames {
            guard let match = frame.firstMatch(of: /\sat (.+):(\d+):(\d+)\s*$/) else { continue }
            let path = String(match.output.1)
            if sharedCodeLocation == nil, line == nil, path.hasPrefix(sharedPrefix) {
                sharedCodeLocation = SourceLocation(
                    file: String(path.dropFirst(sharedPrefix.count)), line: Int(match.output.2), column: Int(match.output.3))
            }
            if line == nil, path == file {
                line = Int(match.output.2)
                column = Int(match.output.3)
                break
            }
        }
        // Else a fatalError's message names the shared file by its name
        // alone (`SiteCode/Experiments.swift:7: Fatal error: …`), which is
        // unique in a module.
        if sharedCodeLocation == nil, let fatal = report.first(where: { $0.contains("Fatal error: ") }),
            let match = fatal.firstMatch(of: /^SiteCode\/(.+):(\d+): Fatal error/),
            let shared = sharedCodeFiles.first(where: { $0 == match.output.1 || $0.hasSuffix("/" + match.output.1) })
        {
            sharedCodeLocation = SourceLocation(file: shared, line: Int(match.output.2))
        }
    }

    /// `specialized Array.subscript.getter` from a backtrace frame line.
    private static func function(inFrame frame: Substring) -> String? {
        guard let match = frame.firstMatch(of: /0x[0-9a-f]+ (.+?)(?: \+ \d+)? in \S+( at .*)?$/) else { return nil }
        var name = String(match.output.1)
        if name.hasPrefix("specialized ") { name.removeFirst("specialized ".count) }
        return name
    }
}
