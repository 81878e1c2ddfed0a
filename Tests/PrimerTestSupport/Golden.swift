import Foundation
import Testing

/// Compares output with a golden file, showing the first differing line.
/// With `PRIMER_RECORD=1` it writes the file instead; a golden is looked at
/// in a browser before it is recorded.
public struct Golden: Sendable {
    public let folder: URL

    /// - Parameter folder: the golden files' folder, e.g. from `#filePath`.
    public init(folder: URL) {
        self.folder = folder
    }

    public func expect(_ actual: String, matches name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PRIMER_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard expected != actual else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line =
            zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        Issue.record(
            """
            output differs from golden file \(name) at line \(line + 1):
            - \(line < expectedLines.count ? expectedLines[line].prefix(300) : "(end of file)")
            + \(line < actualLines.count ? actualLines[line].prefix(300) : "(end of file)")
            (PRIMER_RECORD=1 records the new output)
            """, sourceLocation: sourceLocation)
    }
}
