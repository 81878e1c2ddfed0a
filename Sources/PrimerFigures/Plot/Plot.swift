/// A chart: marks on a pair of axes, rendered by Primer itself to SVG.
///
/// ```swift
/// Plot {
///     Line({ 1 / (1 + exp(-$0)) }, x: -6...6, label: "σ")
///     RuleY(0.5)
/// }
/// .xLabel("x").yLabel("σ(x)")
/// ```
///
/// Or, for functions, in one line: `Plot(sin, cos, x: -3...3, labels: ["sin", "cos"])`.
public struct Plot: Sendable {
    public enum LegendPosition: Sendable, Equatable {
        case automatic, topLeft, topRight, bottomLeft, bottomRight, hidden
    }

    public var marks: [Mark]
    public var title: String?
    public var caption: String?
    public var x = Axis()
    public var y = Axis()
    /// The size of the drawing in CSS pixels; the SVG scales to the column.
    public var width: Double = 640
    public var height: Double = 360
    public var legend: LegendPosition = .automatic
    /// A description for screen readers; by default one is written from the marks.
    public var description: String?
    /// The summary of the plot's data table: by default "Data" in the page's language.
    public var dataLabel = PageLanguage.dataLabel

    public init(@PlotBuilder _ content: () -> [Mark]) {
        marks = content()
    }

    /// The graphs of several functions over `x`.
    public init(_ functions: (@Sendable (Double) -> Double)..., x range: ClosedRange<Double>, labels: [String] = []) {
        marks = functions.enumerated().map { index, function in
            Mark(shape: .function(function, domain: range), label: labels.indices.contains(index) ? labels[index] : nil)
        }
        x.domain = range
    }

    public init(marks: [Mark]) {
        self.marks = marks
    }

    // MARK: Modifiers

    public func title(_ title: String) -> Plot { with { $0.title = title } }
    public func caption(_ caption: String) -> Plot { with { $0.caption = caption } }
    public func xLabel(_ label: String) -> Plot { with { $0.x.label = label } }
    public func yLabel(_ label: String) -> Plot { with { $0.y.label = label } }
    public func xScale(_ scale: Axis.Scale) -> Plot { with { $0.x.scale = scale } }
    public func yScale(_ scale: Axis.Scale) -> Plot { with { $0.y.scale = scale } }
    public func xDomain(_ domain: ClosedRange<Double>) -> Plot { with { $0.x.domain = domain } }
    public func yDomain(_ domain: ClosedRange<Double>) -> Plot { with { $0.y.domain = domain } }
    public func size(width: Double, height: Double) -> Plot {
        with {
            $0.width = width
            $0.height = height
        }
    }
    public func legend(_ position: LegendPosition) -> Plot { with { $0.legend = position } }
    public func accessibilityDescription(_ text: String) -> Plot { with { $0.description = text } }
    public func dataLabel(_ text: String) -> Plot { with { $0.dataLabel = text } }

    private func with(_ change: (inout Plot) -> Void) -> Plot {
        var copy = self
        change(&copy)
        return copy
    }
}

/// One axis of a plot.
public struct Axis: Sendable, Equatable {
    public enum Scale: Sendable, Equatable {
        case linear
        /// Base-10 logarithmic; values ≤ 0 are left out.
        case log
    }

    public var label: String?
    public var scale: Scale = .linear
    /// The visible range; by default the data's, widened to nice ticks.
    public var domain: ClosedRange<Double>?

    public init(label: String? = nil, scale: Scale = .linear, domain: ClosedRange<Double>? = nil) {
        self.label = label
        self.scale = scale
        self.domain = domain
    }
}
