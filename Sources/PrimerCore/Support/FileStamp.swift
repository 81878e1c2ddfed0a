import Foundation

/// Which file a path names, and its version, without reading it: a changed
/// file, or another file put in its place, has another stamp (device,
/// inode, size, modification time in nanoseconds).
public struct FileStamp: Codable, Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64

    /// The stamp of what `path` names (following links), or nil if nothing.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }

    /// The stamp as one word, for an HTTP entity tag.
    public var tag: String {
        [device, inode, UInt64(bitPattern: size), UInt64(bitPattern: modified)].map { String($0, radix: 16) }.joined(separator: "-")
    }

    /// The modification time.
    public var modificationDate: Date { Date(timeIntervalSince1970: Double(modified) / 1e9) }
}

extension FileStamp {
    /// Written as its `tag`: the build memory holds a stamp for every file
    /// of a site, and one string is a tenth of the work of a keyed object.
    public init(from decoder: any Decoder) throws {
        let tag = try decoder.singleValueContainer().decode(String.self)
        let fields = tag.split(separator: "-").compactMap { UInt64($0, radix: 16) }
        guard fields.count == 4 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a file stamp: \(tag)"))
        }
        device = fields[0]
        inode = fields[1]
        size = Int64(bitPattern: fields[2])
        modified = Int64(bitPattern: fields[3])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(tag)
    }
}
