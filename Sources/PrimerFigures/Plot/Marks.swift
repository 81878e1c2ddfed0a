import Foundation

/// A point in data coordinates.
public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// One drawable element of a plot, built by the mark types below
/// (`Line`, `Scatter`, `HeatMap`, …) inside `Plot { … }`.
public struct Mark: Sendable {
    enum Shape: Sendable {
        /// Connected points; a non-finite value breaks the line.
        case line([Point], steps: Bool)
        /// A function, sampled adaptively once the axes are known.
        case function(@Sendable (Double) -> Double, domain: ClosedRange<Double>?)
        case scatter([Point])
        /// The region between the points and `baseline`.
        case area([Point], baseline: Double)
        /// Bars centred at `x`, `width` wide, from 0 to `y`.
        case bars([Point], width: Double)
        case heatMap(HeatMapGrid, contours: [Double])
        /// A path with an arrowhead on each step: an optimizer's trajectory.
        case trajectory([Point])
        case ruleX(Double)
        case ruleY(Double)
        case annotation(String, at: Point)
    }

    var shape: Shape
    /// The series' name in the legend; nil keeps it out of the legend.
    var label: String?

    /// Whether the mark is a series: it takes the next colour, dash and marker.
    var isSeries: Bool {
        switch shape {
        case .ruleX, .ruleY, .annotation, .heatMap: false
        default: true
        }
    }
}

/// Something that can stand inside `Plot { … }`.
public protocol PlotContent {
    var marks: [Mark] { get }
}

extension Mark: PlotContent {
    public var marks: [Mark] { [self] }
}

extension Array: PlotContent where Element == Mark {
    public var marks: [Mark] { self }
}

private func points(_ x: [Double], _ y: [Double]) -> [Point] {
    zip(x, y).map { Point($0, $1) }
}

/// A line through data points, or the graph of a function.
public struct Line: PlotContent {
    public let marks: [Mark]

    /// The line through `(x[i], y[i])`; NaN and ±∞ break it.
    public init(x: [Double], y: [Double], label: String? = nil) {
        marks = [Mark(shape: .line(points(x, y), steps: false), label: label)]
    }

    /// The graph of `function`, sampled finely where it bends, over `x`
    /// (or the plot's x domain).
    public init(_ function: @escaping @Sendable (Double) -> Double, x: ClosedRange<Double>? = nil, label: String? = nil) {
        marks = [Mark(shape: .function(function, domain: x), label: label)]
    }
}

/// A step line: each value holds until the next x.
public struct Step: PlotContent {
    public let marks: [Mark]

    public init(x: [Double], y: [Double], label: String? = nil) {
        marks = [Mark(shape: .line(points(x, y), steps: true), label: label)]
    }
}

/// Points drawn as markers.
public struct Scatter: PlotContent {
    public let marks: [Mark]

    public init(x: [Double], y: [Double], label: String? = nil) {
        marks = [Mark(shape: .scatter(points(x, y)), label: label)]
    }
}

/// The area between a line and a baseline.
public struct Area: PlotContent {
    public let marks: [Mark]

    public init(x: [Double], y: [Double], baseline: Double = 0, label: String? = nil) {
        marks = [Mark(shape: .area(points(x, y), baseline: baseline), label: label)]
    }

    public init(_ function: @escaping @Sendable (Double) -> Double, x: ClosedRange<Double>, samples: Int = 200, label: String? = nil) {
        let xs = (0..<max(2, samples)).map { x.lowerBound + (x.upperBound - x.lowerBound) * Double($0) / Double(max(2, samples) - 1) }
        marks = [Mark(shape: .area(points(xs, xs.map(function)), baseline: 0), label: label)]
    }
}

/// Vertical bars at `x`, with heights `y`.
public struct Bars: PlotContent {
    public let marks: [Mark]

    /// - Parameter width: the bar width in x units; by default 80% of the
    ///   smallest gap between bars.
    public init(x: [Double], y: [Double], width: Double? = nil, label: String? = nil) {
        let sorted = x.sorted()
        let gaps = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }
        let barWidth = width ?? 0.8 * (gaps.min() ?? 1)
        marks = [Mark(shape: .bars(points(x, y), width: barWidth), label: label)]
    }
}

/// The distribution of values: counts in equal bins.
public struct Histogram: PlotContent {
    public let marks: [Mark]
    /// The bins' lower edges and counts, for tables and tests.
    public let edges: [Double]
    public let counts: [Int]

    /// - Parameter bins: the number of bins; by default Sturges' rule,
    ///   ⌈log₂ n⌉ + 1.
    public init(_ values: [Double], bins: Int? = nil, label: String? = nil) {
        let finite = values.filter(\.isFinite)
        let count = max(1, bins ?? Int((log2(Double(max(1, finite.count)))).rounded(.up)) + 1)
        let low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if high == low { high = low + 1 }
        let width = (high - low) / Double(count)
        var counts = [Int](repeating: 0, count: count)
        for value in finite {
            counts[min(count - 1, Int((value - low) / width))] += 1
        }
        edges = (0..<count).map { low + Double($0) * width }
        self.counts = counts
        let centres = edges.map { $0 + width / 2 }
        marks = [Mark(shape: .bars(points(centres, counts.map(Double.init)), width: width), label: label)]
    }
}

/// Values of `z = f(x, y)` on a regular grid.
public struct HeatMapGrid: Sendable {
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>
    /// Rows from the lowest y to the highest; each row from the lowest x.
    public var values: [[Double]]

    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, values: [[Double]]) {
        self.x = x
        self.y = y
        self.values = values
    }

    /// Samples `function` on a `resolution × resolution` grid.
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, resolution: Int = 48, _ function: (Double, Double) -> Double) {
        let n = max(2, resolution)
        self.x = x
        self.y = y
        values = (0..<n).map { row in
            let yValue = y.lowerBound + (y.upperBound - y.lowerBound) * Double(row) / Double(n - 1)
            return (0..<n).map { column in
                function(x.lowerBound + (x.upperBound - x.lowerBound) * Double(column) / Double(n - 1), yValue)
            }
        }
    }
}

/// A function of two variables as colour, with contour lines: a loss surface.
public struct HeatMap: PlotContent {
    public let marks: [Mark]

    /// - Parameters:
    ///   - contours: the levels to draw lines at; by default eight levels
    ///     spread over the values' range.
    ///   - label: what the values are, such as "loss": it heads the colour
    ///     bar and the data table's value column.
    public init(_ grid: HeatMapGrid, contours: [Double]? = nil, label: String? = nil) {
        marks = [Mark(shape: .heatMap(grid, contours: contours ?? Contours.defaultLevels(grid.values)), label: label)]
    }

    public init(
        x: ClosedRange<Double>, y: ClosedRange<Double>, resolution: Int = 48, contours: [Double]? = nil, label: String? = nil,
        _ function: (Double, Double) -> Double
    ) {
        self.init(HeatMapGrid(x: x, y: y, resolution: resolution, function), contours: contours, label: label)
    }
}

/// A path with an arrow on each step, such as the iterates of gradient descent.
public struct Trajectory: PlotContent {
    public let marks: [Mark]

    public init(x: [Double], y: [Double], label: String? = nil) {
        marks = [Mark(shape: .trajectory(points(x, y)), label: label)]
    }

    public init(_ points: [Point], label: String? = nil) {
        marks = [Mark(shape: .trajectory(points), label: label)]
    }
}

/// A vertical reference line at `x`, labelled at its top.
public struct RuleX: PlotContent {
    public let marks: [Mark]

    public init(_ x: Double, label: String? = nil) {
        marks = [Mark(shape: .ruleX(x), label: label)]
    }
}

/// A horizontal reference line at `y`, labelled at its right end.
public struct RuleY: PlotContent {
    public let marks: [Mark]

    public init(_ y: Double, label: String? = nil) {
        marks = [Mark(shape: .ruleY(y), label: label)]
    }
}

/// Text at a point of the plot.
public struct Annotation: PlotContent {
    public let marks: [Mark]

    public init(_ text: String, x: Double, y: Double) {
        marks = [Mark(shape: .annotation(text, at: Point(x, y)), label: nil)]
    }
}

/// Builds a plot's marks from the statements inside `Plot { … }`.
@resultBuilder
public enum PlotBuilder {
    public static func buildExpression(_ content: some PlotContent) -> [Mark] { content.marks }
    public static func buildBlock(_ parts: [Mark]...) -> [Mark] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Mark]?) -> [Mark] { part ?? [] }
    public static func buildEither(first part: [Mark]) -> [Mark] { part }
    public static func buildEither(second part: [Mark]) -> [Mark] { part }
    public static func buildArray(_ parts: [[Mark]]) -> [Mark] { parts.flatMap { $0 } }
}
