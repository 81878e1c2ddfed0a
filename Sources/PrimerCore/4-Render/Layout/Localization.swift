/// The words of the page layout in the page's language.
struct Localization: Sendable {
    var lessons: String
    /// The narrow screens' menu of lessons and contents.
    var menu: String
    var onThisPage: String
    var previous: String
    var next: String
    var skipToContent: String
    var languages: String
    var builtWith: String
    /// A callout's label by kind: "Note", "注意".
    var callouts: [MarkdownNode.CalloutKind: String]
    /// A claim's verdict in words, and the words of its parts.
    var verdicts: [MarkdownNode.ClaimVerdict: String]
    var claim: String
    var evidence: String
    var measured: String
    /// A task-list item's state, for its checkbox.
    var done: String
    var toDo: String
    /// The names of regions that scroll sideways: "Code", "Table", "Equation (1)".
    var code: String
    var output: String
    var table: String
    var equation: String
    /// The search box: its name and hint, its results, and their count.
    var search: String
    var searchHint: String
    var searchResults: String
    var noResults: String
    var oneResult: String
    /// With `{n}` for the number of pages.
    var results: String

    static func forLanguage(_ language: String) -> Localization {
        if language == "zh" || language.hasPrefix("zh-") { return chinese }
        return english
    }

    static let english = Localization(
        lessons: "Lessons", menu: "Menu", onThisPage: "On this page", previous: "Previous", next: "Next",
        skipToContent: "Skip to content", languages: "Languages", builtWith: "Built with Primer",
        callouts: [.note: "Note", .tip: "Tip", .important: "Important", .warning: "Warning", .caution: "Caution"],
        verdicts: [.supported: "Supported", .partly: "Partly supported", .notSupported: "Not supported"],
        claim: "Claim", evidence: "Evidence", measured: "Measured",
        done: "done", toDo: "to do", code: "Code", output: "Output", table: "Table", equation: "Equation",
        search: "Search", searchHint: "Search (/)", searchResults: "Search results", noResults: "No page has these words",
        oneResult: "1 page", results: "{n} pages")

    static let chinese = Localization(
        lessons: "课程", menu: "菜单", onThisPage: "本页内容", previous: "上一篇", next: "下一篇",
        skipToContent: "跳到正文", languages: "语言", builtWith: "由 Primer 生成",
        callouts: [.note: "注意", .tip: "提示", .important: "重要", .warning: "警告", .caution: "当心"],
        verdicts: [.supported: "成立", .partly: "部分成立", .notSupported: "不成立"],
        claim: "论断", evidence: "依据", measured: "测得",
        done: "已完成", toDo: "未完成", code: "代码", output: "输出", table: "表格", equation: "公式",
        search: "搜索", searchHint: "搜索 (/)", searchResults: "搜索结果", noResults: "没有页面含有这些词",
        oneResult: "1 个页面", results: "{n} 个页面")

    /// A language's name in that language, for the language switch.
    static func nativeName(of language: String) -> String {
        let names = [
            "zh": "中文", "zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English",
            "ja": "日本語", "ko": "한국어", "fr": "Français", "de": "Deutsch",
            "es": "Español", "pt": "Português", "ru": "Русский", "it": "Italiano",
        ]
        return names[language] ?? language
    }
}
