/// The whole site in memory: the output of the render stage, the input of
/// the write stage and of `primer check`.
public struct GeneratedSite: Sendable, Equatable {
    /// File contents by path relative to the output folder.
    public var files: [String: [UInt8]]
    /// How many HTML pages the site has.
    public var pageCount: Int

    public init(files: [String: [UInt8]], pageCount: Int) {
        self.files = files
        self.pageCount = pageCount
    }

    /// Paths in a stable order.
    public var paths: [String] { files.keys.sorted() }
}
