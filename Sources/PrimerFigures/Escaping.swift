/// The one place where text becomes HTML or XML (SVG) markup.
///
/// Every text node and attribute value that Primer writes goes through one
/// of these two properties.
extension String {
    /// The string escaped as the text content of an HTML or XML element.
    ///
    /// `"` is escaped in text too, as cmark-gfm's renderer escapes it, so
    /// Primer's pages read byte for byte like cmark's on the GFM spec.
    public var escapedAsMarkupText: String {
        escaped
    }

    /// The string escaped as a double-quoted HTML or XML attribute value.
    public var escapedAsMarkupAttribute: String {
        escaped
    }

    private var escaped: String {
        guard contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" }) else {
            return self
        }
        var result = ""
        result.reserveCapacity(utf8.count + 16)
        for character in unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
