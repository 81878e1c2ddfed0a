/// Samples a function finely where its graph bends and coarsely where it is
/// straight, judged in pixels, so a curve is exact on screen and small in SVG.
enum AdaptiveSampler {
    /// Points of `function` over `domain`; `toPixel` maps a point to the screen.
    static func sample(
        _ function: (Double) -> Double, over domain: ClosedRange<Double>,
        tolerance: Double = 0.05, toPixel: (Point) -> Point
    ) -> [Point] {
        let initial = 64
        let step = (domain.upperBound - domain.lowerBound) / Double(initial)
        var result: [Point] = []
        result.reserveCapacity(initial * 2)
        var previous = Point(domain.lowerBound, function(domain.lowerBound))
        result.append(previous)
        for index in 1...initial {
            let x = index == initial ? domain.upperBound : domain.lowerBound + Double(index) * step
            let next = Point(x, function(x))
            refine(previous, next, depth: 0, function: function, tolerance: tolerance, toPixel: toPixel, into: &result)
            result.append(next)
            previous = next
        }
        return result
    }

    private static func refine(
        _ a: Point, _ b: Point, depth: Int, function: (Double) -> Double, tolerance: Double,
        toPixel: (Point) -> Point, into result: inout [Point]
    ) {
        guard depth < 12 else { return }
        let middle = Point((a.x + b.x) / 2, function((a.x + b.x) / 2))
        let pa = toPixel(a)
        let pb = toPixel(b)
        let pm = toPixel(middle)
        let finite = [pa.y, pb.y, pm.y].map(\.isFinite)
        let needsMore: Bool
        if finite.allSatisfy({ $0 }) {
            // Distance of the middle from the chord, in pixels.
            let interpolated = (pa.y + pb.y) / 2
            needsMore = abs(pm.y - interpolated) > tolerance || abs(pb.x - pa.x) > 64
        } else {
            // Narrow down where the function stops being finite.
            needsMore = finite.contains(true) && abs(pb.x - pa.x) > 0.5
        }
        guard needsMore else { return }
        refine(a, middle, depth: depth + 1, function: function, tolerance: tolerance, toPixel: toPixel, into: &result)
        result.append(middle)
        refine(middle, b, depth: depth + 1, function: function, tolerance: tolerance, toPixel: toPixel, into: &result)
    }
}

/// Drops points that change a line by less than a tolerance in pixels
/// (Ramer–Douglas–Peucker), so a 1000-point curve keeps only what shows.
enum PathSimplifier {
    static func simplify(_ points: [Point], tolerance: Double = 0.1) -> [Point] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        let squaredTolerance = tolerance * tolerance
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            let a = points[first]
            let b = points[last]
            let dx = b.x - a.x
            let dy = b.y - a.y
            let squaredLength = dx * dx + dy * dy
            var farthest = first
            var farthestDistance = -1.0
            for index in (first + 1)..<last {
                let p = points[index]
                let distance: Double
                if squaredLength == 0 {
                    distance = (p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)
                } else {
                    let cross = dx * (p.y - a.y) - dy * (p.x - a.x)
                    let t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / squaredLength
                    if t < 0 {
                        distance = (p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)
                    } else if t > 1 {
                        distance = (p.x - b.x) * (p.x - b.x) + (p.y - b.y) * (p.y - b.y)
                    } else {
                        distance = cross * cross / squaredLength
                    }
                }
                if distance > farthestDistance {
                    farthestDistance = distance
                    farthest = index
                }
            }
            if farthestDistance > squaredTolerance {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        return zip(points, keep).compactMap { $1 ? $0 : nil }
    }
}
