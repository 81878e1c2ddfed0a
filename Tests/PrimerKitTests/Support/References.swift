import Foundation

/// The rows of `ReferenceValues`, parsed.
enum References {
    struct Point {
        var x: Double
        var value: Double
        var derivative: Double
    }

    /// Reference points per activation name.
    static let activations: [String: [Point]] = {
        var table: [String: [Point]] = [:]
        var name = ""
        for line in ReferenceValues.activations.split(separator: "\n") {
            if line.hasPrefix("# ") {
                name = String(line.dropFirst(2))
                continue
            }
            let numbers = line.split(separator: " ").map { double($0) }
            table[name, default: []].append(Point(x: numbers[0], value: numbers[1], derivative: numbers[2]))
        }
        return table
    }()

    /// The lines of `ReferenceValues.random`, by their first two words.
    static func random(_ kind: String, seed: String) -> [Substring] {
        for line in ReferenceValues.random.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count > 2 && words[0] == kind && words[1] == seed { return Array(words.dropFirst(2)) }
        }
        return []
    }

    /// (x, value) pairs of `ReferenceValues.numerics` for one function.
    static func numerics(_ name: String) -> [(x: Double, value: Double)] {
        ReferenceValues.numerics.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count == 3, words[0] == name else { return nil }
            return (double(words[1]), double(words[2]))
        }
    }

    /// A Double from a hexadecimal literal, `inf`, `-inf` or `nan`.
    static func double(_ text: Substring) -> Double {
        switch text {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default:
            guard let value = Double(text) else { fatalError("not a number in the reference table: \(text)") }
            return value
        }
    }
}

/// The error of `value` in units in the last place of `reference`, with
/// subnormal spacing below the normal range; 0 when both are the same
/// NaN or infinity, ∞ when only one is.
func ulpError(_ value: Double, _ reference: Double) -> Double {
    if reference.isNaN { return value.isNaN ? 0 : .infinity }
    if reference.isInfinite || value.isInfinite || value.isNaN { return value == reference ? 0 : .infinity }
    let spacing = max(abs(reference).ulp, Double.leastNonzeroMagnitude)
    return abs(value - reference) / spacing
}
