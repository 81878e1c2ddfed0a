import Foundation

/// What the last successful build of a site knew about each page, so that
/// the next one does only what changed: a page whose source, frozen results
/// and output file are as that build left them, on a site whose shared
/// inputs did not change, is neither parsed, nor executed, nor rendered —
/// its file is linked into the new site as it is.
///
/// Kept outside the site (in the cache folder, one file per content and
/// output folder), so `docs/` holds nothing but the site. Everything is
/// checked, nothing trusted: a page is reused only when its source has the
/// same hash and the files involved (its output, its frozen results, the
/// files it reads) are the very files that build wrote or saw — same
/// device, inode, size and modification time — so an edit by hand, a
/// `git checkout` or another tool's write makes the page be built again.
/// `primer check` and `build --fresh` never use it.
struct BuildMemory: Codable, Sendable {
    /// The format, and the Primer that wrote it: another Primer renders
    /// differently, so its memory is not used.
    var identity: String
    /// A hash of what every page's HTML depends on besides the page itself
    /// (see `PageRenderer.siteContextHash`).
    var siteContext: String
    /// The search index's files as written, by path: pages are remembered
    /// only while they are those files, since the pages' lines of the next
    /// index come from them.
    var searchIndex: [String: FileStamp]
    /// By page path.
    var pages: [String: Page]

    struct Page: Codable, Sendable {
        var sourceHash: String
        /// The source file's stamp: while it is the same, the file is not
        /// read (nor hashed) again.
        var source: FileStamp
        var frontMatter: FrontMatter
        var language: String
        var title: String
        var titleHTML: String?
        /// The output file as written, and its search text (nil for a page
        /// left out of search).
        var output: FileStamp
        var searchText: FileStamp?
        /// For a lesson with code: the hash of the kit and shared code its
        /// key was computed with, its frozen results file as stored, and the
        /// files it reads with their hashes.
        var lesson: Lesson?
        /// The page's anchors, and its links to anchors, to check links
        /// from and to pages that are not rendered again.
        @JoinedStrings var anchors: [String]
        var fragmentLinks: [SiteLinks.FragmentLink]
    }

    /// Strings kept as one JSON string, joined by NUL, which no anchor
    /// holds (cmark and HTML parsers replace it): a page's thirty-odd
    /// anchors coded as one value instead of thirty halve the time the
    /// memory takes to decode and encode (200 lessons: 9.4 → 4.6 ms and
    /// 10.3 → 4.4 ms at best, more on a build's first use of the coders).
    @propertyWrapper struct JoinedStrings: Codable, Sendable {
        var wrappedValue: [String]

        init(wrappedValue: [String]) { self.wrappedValue = wrappedValue }

        init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            wrappedValue = text.isEmpty ? [] : text.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(wrappedValue.joined(separator: "\0"))
        }
    }

    struct Lesson: Codable, Sendable {
        var keyBasis: String
        var results: FileStamp
        var reads: [String: String]
    }

    typealias FileStamp = PrimerCore.FileStamp

    static let formatVersion = "primer-build-memory-v3"

    /// This Primer: the format and the executable's own stamp.
    static let currentIdentity: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let stamp = FileStamp(path: executable)
        return "\(formatVersion) \(executable) \(stamp.map { "\($0.size) \($0.modified)" } ?? "unknown")"
    }()

    /// Where the memory of building `content` into `output` is kept.
    static func url(content: URL, output: URL, cacheFolder: URL) -> URL {
        let key = SHA256.hash("\(ContentLoader.realPath(content.path) ?? content.path)\n\(output.standardizedFileURL.path)")
        return cacheFolder.appendingPathComponent("sites").appendingPathComponent("\(key.prefix(16)).json")
    }

    /// The memory at `url`; nil when there is none, or another Primer wrote it.
    static func load(from url: URL) -> BuildMemory? {
        guard let data = try? Data(contentsOf: url), let memory = try? JSONDecoder().decode(BuildMemory.self, from: data),
            memory.identity == currentIdentity
        else { return nil }
        return memory
    }

    /// Writes the memory (whole, then renamed into place); a memory that
    /// cannot be written only makes the next build do more.
    func save(to url: URL) {
        guard let data = try? JSONEncoder().encode(self) else { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid())")
        guard (try? data.write(to: temporary)) != nil else { return }
        if rename(temporary.path, url.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        Self.forgetUnusedSites(in: url.deletingLastPathComponent())
    }

    /// Memories of sites not built for 30 days go (their folders may be gone).
    private static func forgetUnusedSites(in folder: URL) {
        let old = Date().addingTimeInterval(-30 * 24 * 3600)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let url = folder.appendingPathComponent(name)
            if let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date, modified < old {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }
}
