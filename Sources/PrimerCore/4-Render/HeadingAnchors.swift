/// Makes stable, readable, unique `id`s for headings.
///
/// GitHub's rule, kept for Chinese and other scripts: lower-case letters and
/// digits of any script stay, spaces become `-`, other punctuation goes, and a
/// repeated slug gets `-1`, `-2`… So `## 激活函数 (Sigmoid)` becomes
/// `激活函数-sigmoid`.
struct HeadingAnchors: Sendable {
    private var used: Set<String>

    /// - Parameter reserved: ids the page layout already uses.
    init(reserved: Set<String> = []) {
        used = reserved
    }

    mutating func anchor(for text: String) -> String {
        let base = Self.slug(text)
        var candidate = base
        var suffix = 0
        while used.contains(candidate) {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        used.insert(candidate)
        return candidate
    }

    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar == "_" || scalar == "-"
            {
                slug.unicodeScalars.append(scalar)
            } else if scalar.properties.isWhitespace {
                slug.append("-")
            }
        }
        // Collapse runs of "-" left by removed punctuation, trim the ends.
        let parts = slug.split(separator: "-", omittingEmptySubsequences: true)
        let joined = parts.joined(separator: "-")
        return joined.isEmpty ? "section" : joined
    }
}
