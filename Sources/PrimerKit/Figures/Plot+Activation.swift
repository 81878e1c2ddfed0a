import PrimerFigures

extension Plot {
    /// Activation functions over `x`, each with its derivative when
    /// `derivatives` is true, in one line:
    ///
    /// ```swift
    /// @Plot(.sigmoid, .tanh, derivatives: true, x: -6...6, caption: "…")
    /// ```
    public init(
        _ activations: Activation..., derivatives: Bool = false,
        x range: ClosedRange<Double> = -6...6, caption: String? = nil
    ) {
        var marks: [Mark] = []
        for activation in activations {
            marks += Line({ activation($0) }, x: range, label: activation.name).marks
            if derivatives {
                marks += Line({ activation.derivative($0) }, x: range, label: activation.name + "′").marks
            }
        }
        self.init(marks: marks)
        self.x.domain = range
        self.caption = caption
    }
}
