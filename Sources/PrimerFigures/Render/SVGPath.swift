/// Compact SVG path data: coordinates rounded to a tenth of a pixel, the
/// first point absolute and the rest relative, no redundant separators.
struct SVGPath {
    private(set) var data = ""
    private var last: (Int, Int)?
    private var subpathStart: (Int, Int)?
    /// Whether plain coordinate pairs now mean a relative line-to: true
    /// after `m` or `l`, false after `M` or `z`.
    private var pairsAreRelativeLines = false

    init() {
        data.reserveCapacity(1024)
    }

    var isEmpty: Bool { data.isEmpty }

    /// Points of `addPolyline` with no finite neighbour: nothing shows for
    /// them unless the caller draws them as dots.
    private(set) var lonePoints: [Point] = []

    /// Starts a new sub-path at `p` (pixels).
    mutating func move(to p: Point) {
        let point = Self.tenths(p)
        if let last {
            data += "m"
            append(point.0 - last.0, point.1 - last.1)
            pairsAreRelativeLines = true
        } else {
            data += "M"
            append(point.0, point.1)
            pairsAreRelativeLines = false
        }
        last = point
        subpathStart = point
    }

    /// A straight line to `p`; a line of zero length (after rounding) is dropped.
    mutating func line(to p: Point) {
        guard let last else { return move(to: p) }
        let point = Self.tenths(p)
        if point == last { return }
        if !pairsAreRelativeLines {
            data += "l"
            pairsAreRelativeLines = true
        }
        append(point.0 - last.0, point.1 - last.1)
        self.last = point
    }

    mutating func close() {
        data += "z"
        last = subpathStart
        pairsAreRelativeLines = false
    }

    /// One line through `points` (pixels), broken wherever a point is not finite.
    static func polyline(_ points: [Point]) -> SVGPath {
        var path = SVGPath()
        path.addPolyline(points)
        return path
    }

    mutating func addPolyline(_ points: [Point]) {
        var runLength = 0
        var runStart = Point(0, 0)
        for point in points {
            guard point.x.isFinite && point.y.isFinite else {
                if runLength == 1 { lonePoints.append(runStart) }
                runLength = 0
                continue
            }
            if runLength > 0 {
                line(to: point)
            } else {
                move(to: point)
                runStart = point
            }
            runLength += 1
        }
        if runLength == 1 { lonePoints.append(runStart) }
    }

    private static func tenths(_ p: Point) -> (Int, Int) {
        // Far outside the drawing, positions only need to keep their side.
        let limit = 100_000.0
        return (Int((min(max(p.x, -limit), limit) * 10).rounded()), Int((min(max(p.y, -limit), limit) * 10).rounded()))
    }

    private mutating func append(_ dx: Int, _ dy: Int) {
        appendNumber(dx)
        appendNumber(dy)
    }

    private mutating func appendNumber(_ tenths: Int) {
        let text = formatTenths(tenths, dropLeadingZero: true)
        // A separator is needed only where the two numbers would run together.
        if let previous = data.last, previous.isNumber || previous == "." {
            let startsOwnNumber = text.hasPrefix("-") || (text.hasPrefix(".") && Self.lastNumberHasPoint(data))
            if !startsOwnNumber { data += " " }
        }
        data += text
    }

    private static func lastNumberHasPoint(_ text: String) -> Bool {
        for character in text.reversed() {
            if character == "." { return true }
            if !character.isNumber { return false }
        }
        return false
    }
}

/// A value given in tenths, in its shortest form: `123` → `12.3`, `120` → `12`,
/// `-5` → `-.5` (or `-0.5` without `dropLeadingZero`).
func formatTenths(_ value: Int, dropLeadingZero: Bool = false) -> String {
    let magnitude = value.magnitude
    let whole = magnitude / 10
    let fraction = magnitude % 10
    var text = value < 0 ? "-" : ""
    if whole != 0 || fraction == 0 || !dropLeadingZero { text += String(whole) }
    if fraction != 0 { text += "." + String(fraction) }
    return text
}

/// A coordinate or length for an attribute, in its shortest form.
func pixels(_ value: Double) -> String {
    formatTenths(Int((value * 10).rounded()))
}
