/// The whole site in memory: the output of the render stage, the input of
/// the write stage and of `primer check`.
public struct GeneratedSite: Sendable, Equatable {
    /// File contents by path relative to the output folder.
    public var files: [String: [UInt8]]
    /// Files that are already written, as they should be, by path relative
    /// to the output folder: the absolute path of the file to reuse (pages
    /// a build did not render again).
    var reused: [String: String] = [:]
    /// How many HTML pages the site has.
    public var pageCount: Int
    /// What the build memory keeps of each page, by page path.
    var pages: [String: PageRecord] = [:]
    /// The pages' shared context (`PageRenderer.siteContextHash`).
    var siteContext = ""

    struct PageRecord: Sendable, Equatable {
        var title: String
        var titleHTML: String?
        var anchors: [String]
        var fragmentLinks: [SiteLinks.FragmentLink]
    }

    public init(files: [String: [UInt8]], pageCount: Int) {
        self.files = files
        self.pageCount = pageCount
    }

    /// Paths in a stable order.
    public var paths: [String] { Set(files.keys).union(reused.keys).sorted() }
}
