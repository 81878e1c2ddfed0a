import Yams

/// The `//|` options at the top of a cell, in YAML (Quarto's `#|` form):
///
/// ```swift
/// //| label: fig-sigmoid
/// //| caption: The sigmoid and its derivative.
/// //| echo: false
/// ```
struct CellOptions: Sendable, Equatable, Codable {
    static let knownKeys = ["label", "caption", "echo", "output", "error", "timeout", "alt", "depends", "output-limit"]
    static let defaultTimeout: Double = 60

    var label: String?
    var caption: String?
    /// Show the code (default true).
    var echo = true
    /// Show the outputs (default true).
    var output = true
    /// An error is expected and shown instead of failing the build.
    var error = false
    /// Seconds the block may run before its program is stopped.
    var timeout = CellOptions.defaultTimeout
    /// Text for readers who cannot see the figure.
    var alt: String?
    /// Files the cell reads, relative to the lesson's folder; a change to
    /// any of them re-executes the lesson.
    var depends: [String] = []
    /// Bytes the block may output, over the site's `limits: cell-output`.
    var outputLimit: Int?

    static func isOptionLine(_ line: Substring) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix("//|")
    }

    /// Reads the option lines at the top of `code`, which starts at `line`
    /// of `file`.
    static func parse(cellCode code: String, file: String, line firstLine: Int) throws(BuildFailure) -> CellOptions {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        let optionLines = lines.prefix { isOptionLine($0) }
        guard !optionLines.isEmpty else { return CellOptions() }
        // Keep the columns: blank out everything up to and including "//|".
        let yaml = optionLines.map { line -> String in
            let indentation = line.prefix { $0 == " " || $0 == "\t" }.count
            let prefixLength = indentation + "//|".count
            return String(repeating: " ", count: prefixLength) + line.dropFirst(prefixLength)
        }.joined(separator: "\n")
        var options = CellOptions()
        let reader = YAMLReader(file: file, text: yaml, lineOffset: firstLine - 1)
        try reader.readMapping(what: "cell options", knownKeys: knownKeys) { key, value throws(BuildFailure) in
            switch key {
            case "label":
                let label = try reader.string(value, key: key)
                guard label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !label.isEmpty else {
                    throw reader.typeError(value, key: key, expected: "letters, digits, '-' and '_' only")
                }
                options.label = label
            case "caption": options.caption = try reader.string(value, key: key)
            case "alt": options.alt = try reader.string(value, key: key)
            case "echo": options.echo = try reader.bool(value, key: key)
            case "output": options.output = try reader.bool(value, key: key)
            case "error": options.error = try reader.bool(value, key: key)
            case "timeout":
                let seconds = try reader.number(value, key: key)
                guard seconds > 0 else { throw reader.typeError(value, key: key, expected: "a positive number of seconds") }
                options.timeout = seconds
            case "output-limit": options.outputLimit = try reader.byteSize(value, key: key)
            default:  // "depends"
                if case .scalar = value {
                    options.depends = [try reader.string(value, key: key)]
                } else {
                    options.depends = try reader.strings(value, key: key).map(\.0)
                }
            }
        }
        return options
    }
}
