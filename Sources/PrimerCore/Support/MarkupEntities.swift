extension String {
    /// The text with the character references that Primer and authors write
    /// (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&#x2061;`, `&#8722;`)
    /// turned back into characters: for reading attribute values and the
    /// text of MathML. Named references beyond these stay as written.
    var decodingMarkupEntities: String {
        guard contains("&") else { return self }
        var result = ""
        var rest = self[...]
        while let amp = rest.firstIndex(of: "&"), let semicolon = rest[amp...].firstIndex(of: ";") {
            result += rest[..<amp]
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "lt": result += "<"
            case "gt": result += ">"
            case "amp": result += "&"
            case "quot": result += "\""
            default:
                let code =
                    entity.hasPrefix("#x") || entity.hasPrefix("#X")
                    ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let scalar = code.flatMap(Unicode.Scalar.init) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&" + entity + ";"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
