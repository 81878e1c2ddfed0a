import Foundation
import PrimerFigures

/// How works are named in the text and listed at the end of a page, in the
/// page's language and the site's citation style.
///
/// English pages follow IEEE for numbers ("[1]", "X. Glorot and Y. Bengio,
/// “Title,” in *Venue*, 2010, pp. 249–256.") and Chicago's author-date style
/// for author and year ("(Glorot and Bengio, 2010)", "Glorot, Xavier, and
/// Yoshua Bengio. 2010. “Title.” In *Venue*, 249–256."). Chinese pages follow
/// GB/T 7714-2015 ("Glorot X, Bengio Y. Title[C]//Venue. 2010: 249–256.",
/// "参考文献", "等" for et al.), with Chinese punctuation in the running text
/// ("（Glorot 和 Bengio，2010）").
struct ReferenceFormatter {
    let style: CitationStyle
    let isChinese: Bool

    init(style: CitationStyle, language: String) {
        self.style = style
        isChinese = language == "zh" || language.hasPrefix("zh-")
    }

    // MARK: Words

    var heading: String { isChinese ? "参考文献" : "References" }
    var etAl: String { isChinese ? "等" : "et al." }
    var noDate: String { isChinese ? "出版年不详" : "n.d." }

    /// Headings an author may end a page with, which the list then follows
    /// instead of a heading of its own.
    static let headingNames: Set<String> = ["references", "bibliography", "works cited", "参考文献", "参考资料"]

    // MARK: In the text

    /// The authors as the text names them: "Glorot", "Glorot and Bengio",
    /// "He et al." ("Glorot 和 Bengio", "He 等").
    func names(_ work: Work) -> String {
        let list = work.authors.isEmpty ? work.editors : work.authors
        guard let first = list.names.first else { return work.title?.sentenceCased.plain ?? work.key }
        if list.names.count == 1 && !list.hasOthers { return first.fullFamily }
        if list.names.count == 2 && !list.hasOthers {
            return first.fullFamily + (isChinese ? " 和 " : " and ") + list.names[1].fullFamily
        }
        return first.fullFamily + " " + etAl
    }

    /// Parentheses and separators of author–year citations.
    var open: String { isChinese ? "（" : "(" }
    var close: String { isChinese ? "）" : ")" }
    /// Between the names and the year, and before a locator.
    var comma: String { isChinese ? "，" : ", " }
    /// Between the works of one citation.
    var semicolon: String { isChinese ? "；" : "; " }
    /// Between numbers: "[1, 3]", "[1,3]".
    var numberSeparator: String { isChinese ? "," : ", " }

    // MARK: The list

    /// One entry of the reference list, as HTML (inside its `<li>`).
    func entryHTML(_ work: Work, year: String) -> String {
        var html: String
        switch (style, isChinese) {
        case (_, true): html = gbt(work, year: year)
        case (.numeric, false): html = ieee(work, year: year)
        case (.authorYear, false): html = chicago(work, year: year)
        }
        html = Self.withPeriod(html)
        if let link = link(work) { html += " " + link }
        return html
    }

    private enum Kind {
        case article, chapter, book, thesis(doctoral: Bool), report, other
    }

    private func kind(_ work: Work) -> Kind {
        switch work.type {
        case "article": .article
        case "inproceedings", "conference", "incollection", "inbook":
            work.fields["booktitle"] == nil && work.type == "inbook" ? .book : .chapter
        case "book", "proceedings", "manual", "booklet", "collection", "mvbook": .book
        case "phdthesis": .thesis(doctoral: true)
        case "mastersthesis": .thesis(doctoral: false)
        case "thesis": .thesis(doctoral: (work.text("type") ?? "phd").lowercased().contains("phd"))
        case "techreport", "report": .report
        default: work.fields["journal"] != nil ? .article : work.fields["booktitle"] != nil ? .chapter : .other
        }
    }

    /// IEEE.
    private func ieee(_ work: Work, year: String) -> String {
        let authors = authorList(work, inverted: .none, initials: true, limit: (6, 1))
        var parts: [String] = []
        let kind = kind(work)
        let isBook = if case .book = kind { true } else { false }
        var html = authors.map { $0 + ", " } ?? ""
        if let title = work.title {
            html += isBook ? "<cite>\(Self.html(title))</cite>" : "“\(Self.html(title.sentenceCased)),”"
        }
        switch kind {
        case .article:
            if let journal = work.fields["journal"] { parts.append("<cite>\(Self.html(journal))</cite>") }
            if let volume = work.text("volume") { parts.append("vol. " + volume.escapedAsMarkupText) }
            if let number = work.text("number") { parts.append("no. " + number.escapedAsMarkupText) }
            if let pages = pages(work) { parts.append(pages) }
            parts.append(year.escapedAsMarkupText)
        case .chapter:
            var container = work.fields["booktitle"].map { "in <cite>\(Self.html($0))</cite>" } ?? ""
            let place = [work.text("address"), work.text("publisher")].compactMap { $0?.escapedAsMarkupText }.joined(separator: ": ")
            if !work.authors.isEmpty, let editors = nameList(work.editors, inverted: .none, initials: true, limit: (6, 1)) {
                container += ", " + editors + (work.editors.names.count > 1 || work.editors.hasOthers ? ", Eds." : ", Ed.")
                if !place.isEmpty { container += " " + place }
                parts.append(container)
            } else {
                parts += [container, place].filter { !$0.isEmpty }
            }
            parts.append(year.escapedAsMarkupText)
            if let pages = pages(work) { parts.append(pages) }
        case .book:
            if !html.isEmpty { html += "." }
            let imprint = [work.text("address"), work.text("publisher")].compactMap { $0?.escapedAsMarkupText }.joined(separator: ": ")
            return html + " " + ([imprint].filter { !$0.isEmpty } + [year.escapedAsMarkupText]).joined(separator: ", ")
        case .thesis(let doctoral):
            parts.append(doctoral ? "Ph.D. dissertation" : "Master’s thesis")
            if let school = work.text("school") ?? work.text("institution") { parts.append(school.escapedAsMarkupText) }
            parts.append(year.escapedAsMarkupText)
        case .report:
            if let institution = work.text("institution") { parts.append(institution.escapedAsMarkupText) }
            parts.append(["Tech. Rep.", work.text("number")?.escapedAsMarkupText].compactMap { $0 }.joined(separator: " "))
            parts.append(year.escapedAsMarkupText)
        case .other:
            parts += venue(work)
            parts.append(year.escapedAsMarkupText)
        }
        if let note = work.fields["note"] { parts.append(Self.html(note)) }
        return html + (html.isEmpty ? "" : " ") + parts.joined(separator: ", ")
    }

    /// Chicago author-date.
    private func chicago(_ work: Work, year: String) -> String {
        var html = authorList(work, inverted: .first, initials: false, limit: (10, 7)).map { Self.withPeriod($0) + " " } ?? ""
        html += year.escapedAsMarkupText + "."
        let kind = kind(work)
        if let title = work.title {
            if case .book = kind {
                html += " <cite>\(Self.html(title))</cite>."
            } else {
                html += " “\(Self.withPeriod(Self.html(title.sentenceCased)))”"
            }
        }
        var tail: [String] = []
        switch kind {
        case .article:
            var journal = work.fields["journal"].map { "<cite>\(Self.html($0))</cite>" } ?? ""
            if let volume = work.text("volume") { journal += " " + volume.escapedAsMarkupText }
            if let number = work.text("number") { journal += " (\(number.escapedAsMarkupText))" }
            if let pages = work.text("pages") { journal += ": " + Self.pageRange(pages).escapedAsMarkupText }
            tail.append(journal)
        case .chapter:
            var container = work.fields["booktitle"].map { "In <cite>\(Self.html($0))</cite>" } ?? ""
            if !work.authors.isEmpty, let editors = nameList(work.editors, inverted: .none, initials: false, limit: (10, 7)) {
                container += ", edited by " + editors
            }
            if let pages = work.text("pages") { container += ", " + Self.pageRange(pages).escapedAsMarkupText }
            tail.append(container)
            tail.append([work.text("address"), work.text("publisher")].compactMap { $0?.escapedAsMarkupText }.joined(separator: ": "))
        case .book:
            let imprint = [work.text("address"), work.text("publisher")].compactMap { $0?.escapedAsMarkupText }.joined(separator: ": ")
            tail.append(imprint)
        case .thesis(let doctoral):
            tail.append(
                ([doctoral ? "PhD diss." : "Master’s thesis"] + [work.text("school") ?? work.text("institution")].compactMap { $0 })
                    .map(\.escapedAsMarkupText).joined(separator: ", "))
        case .report:
            tail.append(
                ([work.text("institution")].compactMap { $0 } + ["Technical Report " + (work.text("number") ?? "")]).map {
                    $0.trimmingCharacters(in: .whitespaces).escapedAsMarkupText
                }.joined(separator: ", "))
        case .other:
            tail.append(venue(work).joined(separator: ", "))
        }
        if let note = work.fields["note"] { tail.append(Self.html(note)) }
        for part in tail where !part.isEmpty { html += " " + Self.withPeriod(part) }
        return html
    }

    /// GB/T 7714-2015, numeric or author–year.
    private func gbt(_ work: Work, year: String) -> String {
        let authors = authorList(work, inverted: .all, initials: true, limit: (3, 3))
        let kind = kind(work)
        let marker: String =
            switch kind {
            case .article: "[J]"
            case .chapter: work.type == "incollection" || work.type == "inbook" ? "[M]" : "[C]"
            case .book: "[M]"
            case .thesis: "[D]"
            case .report: "[R]"
            case .other: work.url != nil || work.arXiv != nil ? "[EB/OL]" : "[Z]"
            }
        var html = ""
        if let authors {
            html = style == .authorYear ? authors + ", " + year.escapedAsMarkupText + ". " : Self.withPeriod(authors) + " "
        } else if style == .authorYear {
            html = year.escapedAsMarkupText + ". "
        }
        if let title = work.title { html += Self.html(title.sentenceCased) }
        html += marker
        let yearPart = style == .authorYear ? nil : year.escapedAsMarkupText
        switch kind {
        case .article:
            var source = work.fields["journal"].map { "<cite>\(Self.html($0))</cite>" } ?? ""
            source += yearPart.map { ", " + $0 } ?? ""
            if let volume = work.text("volume") { source += ", " + volume.escapedAsMarkupText }
            if let number = work.text("number") { source += "(\(number.escapedAsMarkupText))" }
            if let pages = work.text("pages") { source += ": " + Self.pageRange(pages).escapedAsMarkupText }
            html += ". " + source
        case .chapter:
            if let booktitle = work.fields["booktitle"] {
                let editors = work.authors.isEmpty ? nil : nameList(work.editors, inverted: .all, initials: true, limit: (3, 3))
                html += "//" + (editors.map { Self.withPeriod($0) + " " } ?? "") + "<cite>\(Self.html(booktitle))</cite>"
            }
            let place = imprint(work, year: yearPart)
            if !place.isEmpty { html += ". " + place }
            if let pages = work.text("pages") { html += ": " + Self.pageRange(pages).escapedAsMarkupText }
        case .book, .thesis, .report:
            html +=
                ". " + imprint(work, year: yearPart, publisher: work.text("publisher") ?? work.text("school") ?? work.text("institution"))
        case .other:
            html += ". " + (venue(work) + [yearPart].compactMap { $0 }).joined(separator: ", ")
        }
        return html
    }

    /// "Address: Publisher, 2010", as much as is known.
    private func imprint(_ work: Work, year: String?, publisher: String? = nil) -> String {
        let place = [work.text("address"), publisher ?? work.text("publisher")].compactMap { $0?.escapedAsMarkupText }.joined(
            separator: ": ")
        return ([place].filter { !$0.isEmpty } + [year].compactMap { $0 }).joined(separator: ", ")
    }

    private func publisher(_ work: Work) -> String? {
        work.text("publisher")?.escapedAsMarkupText
    }

    /// Where an unpublished work or preprint is: `howpublished`, the
    /// journal field (`arXiv preprint arXiv:…`), else the arXiv identifier.
    private func venue(_ work: Work) -> [String] {
        if let published = work.fields["howpublished"] ?? work.fields["journal"] ?? work.fields["publisher"] ?? work.fields["institution"] {
            return [Self.html(published)]
        }
        if let arXiv = work.arXiv { return ["arXiv:" + arXiv.escapedAsMarkupText] }
        return []
    }

    private func pages(_ work: Work) -> String? {
        guard let pages = work.text("pages") else { return nil }
        let range = Self.pageRange(pages)
        return (range.contains("–") || range.contains(",") ? "pp. " : "p. ") + range.escapedAsMarkupText
    }

    /// `249-256` and `249--256` as `249–256`.
    static func pageRange(_ pages: String) -> String {
        pages.replacingOccurrences(of: "-", with: "–").replacingOccurrences(of: "––", with: "–")
    }

    /// The work's DOI as a link, else its URL, else its arXiv page.
    private func link(_ work: Work) -> String? {
        let target: String
        if let doi = work.doi {
            target = "https://doi.org/" + doi
        } else if let url = work.url {
            target = url
        } else if let arXiv = work.arXiv {
            target = "https://arxiv.org/abs/" + arXiv
        } else {
            return nil
        }
        let href = LinkReference.percentEncoded(target).escapedAsMarkupAttribute
        return "<a href=\"\(href)\">\(target.escapedAsMarkupText)</a>"
    }

    // MARK: Names

    private enum Inversion { case none, first, all }

    /// The authors (else the editors, marked so) as the list shows them,
    /// or nil when there are none. `limit`: past `limit.0` names, the first
    /// `limit.1` and "et al.".
    private func authorList(_ work: Work, inverted: Inversion, initials: Bool, limit: (Int, Int)) -> String? {
        let isEditors = work.authors.isEmpty
        let list = isEditors ? work.editors : work.authors
        guard var text = nameList(list, inverted: inverted, initials: initials, limit: limit) else { return nil }
        if isEditors {
            text += isChinese ? ", 编" : (list.names.count > 1 || list.hasOthers ? ", eds." : ", ed.")
        }
        return text
    }

    /// Names as the list writes them, "et al." past the limit.
    private func nameList(_ list: NameList, inverted: Inversion, initials: Bool, limit: (Int, Int)) -> String? {
        guard !list.isEmpty else { return nil }
        var names = list.names
        var hasOthers = list.hasOthers
        if names.count > limit.0 {
            names = Array(names.prefix(limit.1))
            hasOthers = true
        }
        let written = names.enumerated().map { index, name in
            format(name, inverted: inverted == .all || (inverted == .first && index == 0), initials: initials)
        }
        let text: String
        if isChinese {
            text = (written + (hasOthers ? [etAl] : [])).joined(separator: ", ")
        } else if hasOthers {
            text = written.joined(separator: ", ") + (inverted == .first || written.count > 1 ? ", " : " ") + etAl
        } else if written.count == 1 {
            text = written[0]
        } else if written.count == 2 && inverted != .first {
            text = written[0] + " and " + written[1]
        } else {
            text = written.dropLast().joined(separator: ", ") + ", and " + written[written.count - 1]
        }
        return text.escapedAsMarkupText
    }

    private func format(_ name: PersonName, inverted: Bool, initials: Bool) -> String {
        let given = initials ? name.initials(period: !isChinese) : name.given
        if given.isEmpty { return [name.fullFamily, name.suffix].filter { !$0.isEmpty }.joined(separator: ", ") }
        if isChinese {
            // GB/T 7714: family name, then initials without stops.
            return [name.fullFamily, given, name.suffix].filter { !$0.isEmpty }.joined(separator: " ")
        }
        if inverted { return [name.fullFamily, given, name.suffix].filter { !$0.isEmpty }.joined(separator: ", ") }
        return [given, name.fullFamily].joined(separator: " ") + (name.suffix.isEmpty ? "" : " " + name.suffix)
    }

    // MARK: HTML

    /// BibTeX text as HTML: text escaped, formulas as MathML.
    static func html(_ text: BibTeXText) -> String {
        text.pieces.map { piece in
            switch piece {
            case .text(let text, _):
                return text.escapedAsMarkupText
            case .math(let tex):
                return (try? TeXConverter.convert(tex, display: false)) ?? ("$" + tex + "$").escapedAsMarkupText
            }
        }.joined()
    }

    /// BibTeX text as plain text, formulas as they read (`ℓ1` for
    /// `$\ell_1$`), for attributes.
    static func reading(_ text: BibTeXText) -> String {
        text.pieces.map { piece in
            switch piece {
            case .text(let text, _): text
            case .math(let tex): (try? TeXConverter.convert(tex, display: false)).map(MathMLText.reading(of:)) ?? tex
            }
        }.joined()
    }

    /// The text with a full stop at its end, unless it ends a sentence
    /// already ("et al.", "?") or ends inside quotes with one.
    static func withPeriod(_ html: String) -> String {
        let trimmed = html.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return trimmed }
        if ".?!".contains(last) { return trimmed }
        if last == "”", let before = trimmed.dropLast().last, ".?!,".contains(before) {
            return before == "," ? String(trimmed.dropLast(2)) + ".”" : trimmed
        }
        return trimmed + "."
    }
}
