/// Numbers for a lesson's labelled figures, tables and equations, and the
/// words that name them in the page's language.
///
/// Labels follow Quarto: `fig-…` for figures and `tbl-…` for tables (cell
/// options), `eq-…` for display equations (`$$ … $$ {#eq-name}`, or
/// `\label{eq-name}` inside). Figures and tables are numbered per lesson in
/// document order; equations as the TeX converter numbered them
/// (`EquationNumbers`, `\tag` included). Prose refers to them as
/// `@fig-name`, `@tbl-name`, `@eq-name`.
struct CrossReferences {
    enum Kind: String, CaseIterable {
        case figure = "fig", table = "tbl", equation = "eq"
    }

    struct Target {
        var kind: Kind
        /// The number as shown: "2" for a figure, "(4)" for an equation.
        var number: String
    }

    private(set) var targets: [String: Target] = [:]
    let language: String

    /// - Parameters:
    ///   - labels: figure and table labels, in document order.
    ///   - equations: each equation label's number as shown.
    init(labels: [String], equations: [String: String], language: String) {
        self.language = language
        var counts: [Kind: Int] = [:]
        for label in labels {
            guard let kind = Self.kind(of: label), kind != .equation, targets[label] == nil else { continue }
            counts[kind, default: 0] += 1
            targets[label] = Target(kind: kind, number: String(counts[kind] ?? 0))
        }
        for (label, number) in equations { targets[label] = Target(kind: .equation, number: number) }
    }

    static func kind(of label: String) -> Kind? {
        Kind.allCases.first { label.hasPrefix($0.rawValue + "-") && label.count > $0.rawValue.count + 1 }
    }

    private var isChinese: Bool { language == "zh" || language.hasPrefix("zh-") }

    /// How prose names the target: "Figure 2", "图 2", "Eq. (4)", "式 (4)".
    func reference(to label: String) -> String? {
        guard let target = targets[label] else { return nil }
        switch (target.kind, isChinese) {
        case (.figure, false): return "Figure \(target.number)"
        case (.figure, true): return "图 \(target.number)"
        case (.table, false): return "Table \(target.number)"
        case (.table, true): return "表 \(target.number)"
        case (.equation, false): return "Eq. \(target.number)"
        case (.equation, true): return "式 \(target.number)"
        }
    }

    /// A numbered caption: "Figure 2: The sigmoid." or "图 2：sigmoid 曲线。"
    func caption(_ text: String, label: String?) -> String {
        guard let label, let target = targets[label], target.kind != .equation, let name = reference(to: label) else { return text }
        return name + (isChinese ? "：" : ": ") + text
    }
}
