/// The one place where text becomes HTML or XML (SVG) markup.
///
/// Every text node and attribute value that Primer writes goes through one
/// of these two properties.
extension String {
    /// The string escaped as the text content of an HTML or XML element.
    public var escapedAsMarkupText: String {
        escaped(quotes: false)
    }

    /// The string escaped as a double-quoted HTML or XML attribute value.
    public var escapedAsMarkupAttribute: String {
        escaped(quotes: true)
    }

    private func escaped(quotes: Bool) -> String {
        guard contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || (quotes && $0 == "\"") }) else {
            return self
        }
        var result = ""
        result.reserveCapacity(utf8.count + 16)
        for character in unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
