import Foundation

/// The language of the page a lesson program writes for (Primer sets
/// `PRIMER_PAGE_LANGUAGE`), so that words the figures add themselves read
/// in the page's language; without it (a program run by hand), English.
public enum PageLanguage {
    public static let current = ProcessInfo.processInfo.environment["PRIMER_PAGE_LANGUAGE"] ?? "en"

    /// The summary of a plot's data table: "Data", "数据" on a Chinese page.
    public static var dataLabel: String { dataLabel(for: current) }

    static func dataLabel(for language: String) -> String {
        language == "zh" || language.hasPrefix("zh-") ? "数据" : "Data"
    }
}
