/// How series look: colours from CSS custom properties (so plots follow the
/// page's light and dark mode) with fallbacks for a standalone SVG, and a
/// dash pattern and marker per series, so they differ in print and for
/// colour-blind readers too. The colours are the Okabe–Ito palette.
enum Palette {
    /// Okabe–Ito, with the orange-yellow and sky blue darkened so every
    /// series reaches 3:1 against a white background (WCAG 1.4.11):
    /// 5.19, 3.87, 3.42, 3.06, 3.47 and 3.42.
    static let fallbackColours = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#b58000", "#2e93c9"]
    static let dashes = ["", "7 3", "2 2.5", "9 3 2 3", "1 3", "12 4"]

    static func colour(_ series: Int) -> String {
        let index = series % fallbackColours.count
        return "var(--series-\(index + 1),\(fallbackColours[index]))"
    }

    static func dash(_ series: Int) -> String {
        dashes[series % dashes.count]
    }

    static let text = "var(--text,#1d232b)"
    static let muted = "var(--muted,#5b6573)"
    static let grid = "var(--border,#d9dde3)"
    static let background = "var(--background,#fff)"

    /// The marker of a series at `p` (pixels), as path data.
    static func marker(_ series: Int, at p: Point, size r: Double = 3.2) -> String {
        let x = p.x
        let y = p.y
        switch series % 5 {
        case 0:  // circle, as two arcs
            return
                "M\(pixels(x - r)) \(pixels(y))a\(pixels(r)) \(pixels(r)) 0 1 0 \(pixels(2 * r)) 0a\(pixels(r)) \(pixels(r)) 0 1 0 \(pixels(-2 * r)) 0"
        case 1:  // square
            return "M\(pixels(x - r)) \(pixels(y - r))h\(pixels(2 * r))v\(pixels(2 * r))h\(pixels(-2 * r))z"
        case 2:  // triangle
            return "M\(pixels(x)) \(pixels(y - r * 1.2))L\(pixels(x + r * 1.1)) \(pixels(y + r * 0.8))H\(pixels(x - r * 1.1))z"
        case 3:  // diamond
            return
                "M\(pixels(x)) \(pixels(y - r * 1.3))L\(pixels(x + r * 1.3)) \(pixels(y))L\(pixels(x)) \(pixels(y + r * 1.3))L\(pixels(x - r * 1.3)) \(pixels(y))z"
        default:  // cross
            return
                "M\(pixels(x - r)) \(pixels(y - r))L\(pixels(x + r)) \(pixels(y + r))M\(pixels(x - r)) \(pixels(y + r))L\(pixels(x + r)) \(pixels(y - r))"
        }
    }

    /// Viridis, from dark blue to yellow: perceptually even and legible in
    /// grey and for colour-blind readers.
    static func viridis(_ t: Double) -> (UInt8, UInt8, UInt8) {
        let anchors: [(Double, Double, Double)] = [
            (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
            (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
        ]
        let clamped = t.isFinite ? min(max(t, 0), 1) : 0
        let position = clamped * Double(anchors.count - 1)
        let index = min(Int(position), anchors.count - 2)
        let f = position - Double(index)
        let (a, b) = (anchors[index], anchors[index + 1])
        return (
            UInt8((a.0 + f * (b.0 - a.0)).rounded()), UInt8((a.1 + f * (b.1 - a.1)).rounded()), UInt8((a.2 + f * (b.2 - a.2)).rounded())
        )
    }
}
