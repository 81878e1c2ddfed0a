import Foundation
import PrimerNotebookFormat
import Testing

@testable import PrimerCore

/// The records a lesson program writes and Primer reads: one format, the one
/// frozen results already use, and a record that cannot be read is an error.
@Suite("Notebook records")
struct NotebookRecordTests {
    static let everyEvent: [NotebookRecord] =
        [
            .begin(block: 0),
            .end(block: 7),
            .output(block: 2, kind: .stdout, data: "0.5 \"quoted\" a/b\nσ′(x)\n"),
            .output(block: nil, kind: .text, data: ""),
            .read(path: "/lessons/data/points.csv"),
        ] + NotebookRecord.OutputKind.allCases.map { .output(block: 1, kind: $0, data: "<b>1</b>") }

    @Test("every event survives encodeLine and decodeLine, as one line", arguments: everyEvent)
    func roundTrip(_ record: NotebookRecord) throws {
        let line = NotebookRecord.encodeLine(record)
        #expect(line.last == 0x0A)
        #expect(!line.dropLast().contains(0x0A))
        #expect(try NotebookRecord.decodeLine(line) == record)
    }

    @Test("an output record is the JSON line the kit writes")
    func outputWireFormat() {
        let line = NotebookRecord.encodeLine(.output(block: 2, kind: .stdout, data: "a/b\n"))
        #expect(String(decoding: line, as: UTF8.self) == #"{"block":2,"data":"a/b\n","event":"output","type":"text/plain;stdout"}"# + "\n")
    }

    @Test("events other than outputs carry only their own keys")
    func otherEventsWireFormat() {
        #expect(Self.text(.begin(block: 3)) == #"{"block":3,"event":"begin"}"#)
        #expect(Self.text(.end(block: 3)) == #"{"block":3,"event":"end"}"#)
        #expect(Self.text(.read(path: "/data/a.csv")) == #"{"event":"read","path":"/data/a.csv"}"#)
    }

    @Test("a frozen output names its kind by the MIME type its record has", arguments: NotebookRecord.OutputKind.allCases)
    func frozenKindMatchesRecord(_ kind: NotebookRecord.OutputKind) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let frozen = String(decoding: try encoder.encode(BlockOutput(kind, "a\nb")), as: UTF8.self)
        #expect(frozen == #"{"lines":["a","b"],"type":"\#(kind.rawValue)"}"#)
        #expect(Self.text(.output(block: 0, kind: kind, data: "")).contains(#""type":"\#(kind.rawValue)""#))
    }

    @Test("the committed frozen results still decode, and encode to the same bytes")
    func committedFrozenResults() throws {
        let freeze = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Content").appendingPathComponent(FrozenStore.folderName)
        let files = (FileManager.default.enumerator(at: freeze, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "json" }
        #expect(!files.isEmpty)
        for file in files {
            let bytes = try Data(contentsOf: file)
            let results = try JSONDecoder().decode(LessonResults.self, from: bytes)
            #expect(FrozenStore.encode(results) == Array(bytes), "\(file.lastPathComponent)")
        }
    }

    // MARK: The reader

    static let lesson = "Content/en/lesson.md"

    @Test("a record that does not decode fails the build, located at the lesson")
    func corruptRecord() throws {
        let folder = try TemporaryFolder()
        let records = try Self.recordsFile(
            in: folder,
            NotebookRecord.encodeLine(.begin(block: 0)) + Data(#"{"block":0,"event":"output","type":"text/plain;stdout"}"#.utf8) + [0x0A])
        var reader = RecordReader(url: records, lessonFile: Self.lesson)
        let failure = #expect(throws: BuildFailure.self) { _ = try reader.readNew() }
        #expect(
            failure?.diagnostics == [
                Diagnostic(
                    at: SourceLocation(file: Self.lesson), id: "execute.record",
                    #"cannot read record 2 written by the lesson's program: it has no "data""#,
                    notes: [#"{"block":0,"event":"output","type":"text/plain;stdout"}"#])
            ])
    }

    @Test(
        "a line that is not a record says why",
        arguments: [
            ("garbage", "it is not JSON"),
            ("[1, 2]", "it is not a JSON object"),
            (#"{"event":"begin","block":"one"}"#, #"its "block" is not of type Int"#),
            (#"{"event":"paint"}"#, #"its event "paint" is unknown"#),
            (#"{"event":"output","block":0,"type":"text/x-unknown","data":""}"#, #"its output type "text/x-unknown" is unknown"#),
        ])
    func unreadableReasons(_ line: String, reason: String) throws {
        let folder = try TemporaryFolder()
        var reader = RecordReader(url: try Self.recordsFile(in: folder, Data(line.utf8) + [0x0A]), lessonFile: Self.lesson)
        let failure = #expect(throws: BuildFailure.self) { _ = try reader.readNew() }
        let summary = failure?.diagnostics.first?.summary ?? ""
        #expect(summary.hasPrefix("cannot read record 1 written by the lesson's program: \(reason)"), "\(summary)")
    }

    @Test("the note quotes the first 200 characters of a long line")
    func longLineExcerpt() throws {
        let line = String(repeating: "é", count: 300)
        let folder = try TemporaryFolder()
        var reader = RecordReader(url: try Self.recordsFile(in: folder, Data(line.utf8) + [0x0A]), lessonFile: Self.lesson)
        let failure = #expect(throws: BuildFailure.self) { _ = try reader.readNew() }
        #expect(failure?.diagnostics.first?.notes == [String(repeating: "é", count: 200) + "…"])
    }

    @Test("a line still being written is waited for; once the program ended, it is an error")
    func partialLine() throws {
        let folder = try TemporaryFolder()
        let output = NotebookRecord.encodeLine(.output(block: 0, kind: .stdout, data: "0.5\n"))
        let records = try Self.recordsFile(in: folder, NotebookRecord.encodeLine(.begin(block: 0)) + output.prefix(10))
        var reader = RecordReader(url: records, lessonFile: Self.lesson)
        #expect(try reader.readNew() == [.begin(block: 0)])
        #expect(reader.openBlock == 0)

        try Self.append(output.dropFirst(10) + NotebookRecord.encodeLine(.end(block: 0)).prefix(5), to: records)
        #expect(try reader.readNew() == [.output(block: 0, kind: .stdout, data: "0.5\n")])
        #expect(reader.outputs == [0: [BlockOutput(.stdout, "0.5\n")]])

        let failure = #expect(throws: BuildFailure.self) { try reader.finish() }
        #expect(
            failure?.diagnostics == [
                Diagnostic(
                    at: SourceLocation(file: Self.lesson), id: "execute.record",
                    "cannot read record 3 written by the lesson's program: the program ended in the middle of it",
                    notes: [#"{"blo"#])
            ])
    }

    @Test("records that all end in a newline finish cleanly")
    func completeRecords() throws {
        let folder = try TemporaryFolder()
        let records = try Self.recordsFile(
            in: folder,
            [
                NotebookRecord.begin(block: 1), .output(block: 1, kind: .stdout, data: "a"), .output(block: 1, kind: .stdout, data: "b"),
                .output(block: 1, kind: .svg, data: "<svg/>"), .read(path: "/data/a.csv"), .end(block: 1),
            ].map(NotebookRecord.encodeLine).reduce(Data(), +))
        var reader = RecordReader(url: records, lessonFile: Self.lesson)
        try reader.finish()
        #expect(reader.outputs == [1: [BlockOutput(.stdout, "ab"), BlockOutput(.svg, "<svg/>")]])
        #expect(reader.reads == ["/data/a.csv"])
        #expect(reader.openBlock == nil)
    }

    // MARK: Helpers

    private static func text(_ record: NotebookRecord) -> String {
        String(decoding: NotebookRecord.encodeLine(record).dropLast(), as: UTF8.self)
    }

    private static func recordsFile(in folder: TemporaryFolder, _ contents: Data) throws -> URL {
        try folder.write("records.jsonl", bytes: Array(contents))
        return folder.url.appendingPathComponent("records.jsonl")
    }

    private static func append(_ data: Data, to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }
}
