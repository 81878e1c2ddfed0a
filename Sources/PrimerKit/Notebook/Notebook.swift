import Foundation
internal import PrimerNotebookFormat

/// The side of a lesson program that talks to Primer.
///
/// Primer's generated program calls `begin`, `value` and `end` around each
/// cell, inline value and directive. While a block runs, its standard output
/// and standard error go to files of their own; each `show` first collects
/// what was printed, so outputs keep their order. Every event is one line
/// appended to the records file, so a crash loses nothing already shown; the
/// lines are `NotebookRecord`s, the type Primer reads them back with.
/// Its functions run a few times a block, around the lesson's work, and
/// are not optimised (`@_optimize(none)`), which shortens the kit's compile.
///
/// > Warning: Lesson code does not call these; they are public only for the
/// > generated program.
public enum Notebook {
    nonisolated(unsafe) private static var recordsDescriptor: Int32 = -1
    nonisolated(unsafe) private static var captureFolder = ""
    nonisolated(unsafe) private static var currentBlock: Int?
    nonisolated(unsafe) private static var savedDescriptors: (Int32, Int32) = (-1, -1)
    nonisolated(unsafe) private static var captureDescriptors: (Int32, Int32) = (-1, -1)
    /// The folder of the lesson's Markdown file; relative paths start there.
    nonisolated(unsafe) public private(set) static var lessonFolder = FileManager.default.currentDirectoryPath

    /// Opens the records file named by Primer; without one (a program run
    /// by hand), outputs are printed instead.
    @_optimize(none) public static func start() {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["PRIMER_LESSON_FOLDER"] { lessonFolder = folder }
        guard let path = environment["PRIMER_RECORDS"], let folder = environment["PRIMER_CAPTURE"] else { return }
        recordsDescriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        captureFolder = folder
        savedDescriptors = (dup(1), dup(2))
    }

    @_optimize(none) public static func begin(_ block: Int) {
        guard recordsDescriptor >= 0 else { return }
        currentBlock = block
        fflush(nil)  // every C stream: `print` writes through stdout
        let out = open("\(captureFolder)/\(block).stdout", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let err = open("\(captureFolder)/\(block).stderr", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        captureDescriptors = (out, err)
        dup2(out, 1)
        dup2(err, 2)
        write(.begin(block: block))
    }

    @_optimize(none) public static func end(_ block: Int) {
        guard recordsDescriptor >= 0 else { return }
        collectPrintedText()
        write(.end(block: block))
        dup2(savedDescriptors.0, 1)
        dup2(savedDescriptors.1, 2)
        close(captureDescriptors.0)
        close(captureDescriptors.1)
        currentBlock = nil
    }

    /// Shows the value of an inline expression or a directive.
    @_optimize(none) public static func value<T>(_ value: T) {
        if T.self == Void.self { return }
        display(DisplayOutput(value))
    }

    @_optimize(none) static func display(_ output: DisplayOutput) {
        guard recordsDescriptor >= 0 else {
            print(output.content)
            return
        }
        collectPrintedText()
        for record in output.records { write(.output(block: currentBlock, kind: record.kind, data: record.content)) }
    }

    /// Notes that the lesson read a file, so Primer re-runs it when the file changes.
    @_optimize(none) static func recordRead(of path: String) {
        guard recordsDescriptor >= 0 else { return }
        write(.read(path: path))
    }

    /// Moves what the block printed since the last call into the records.
    @_optimize(none) private static func collectPrintedText() {
        fflush(nil)  // every C stream: `print` writes through stdout
        let streams: [(Int32, NotebookRecord.OutputKind)] = [(captureDescriptors.0, .stdout), (captureDescriptors.1, .stderr)]
        for (descriptor, kind) in streams {
            let text = readAll(descriptor)
            if !text.isEmpty {
                write(.output(block: currentBlock, kind: kind, data: text))
            }
        }
    }

    @_optimize(none) private static func readAll(_ descriptor: Int32) -> String {
        let length = lseek(descriptor, 0, SEEK_END)
        guard length > 0 else { return "" }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let count = pread(descriptor, &bytes, Int(length), 0)
        ftruncate(descriptor, 0)
        lseek(descriptor, 0, SEEK_SET)
        return String(decoding: bytes.prefix(max(0, count)), as: UTF8.self)
    }

    @_optimize(none) private static func write(_ record: NotebookRecord) {
        NotebookRecord.encodeLine(record).withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(recordsDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

/// Reads a text file (UTF-8) relative to the lesson's folder, and tells
/// Primer the lesson depends on it: when the file changes, the lesson runs again.
@_optimize(none) public func readTextFile(_ path: String) throws -> String {
    let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: Notebook.lessonFolder, isDirectory: true))
    Notebook.recordRead(of: url.standardizedFileURL.path)
    return try String(contentsOf: url, encoding: .utf8)
}
