/// Contour lines of a grid of values, by marching squares.
enum Contours {
    /// Eight levels spread evenly over the finite values' range.
    static func defaultLevels(_ values: [[Double]]) -> [Double] {
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), high > low else { return [] }
        return (1...8).map { low + (high - low) * Double($0) / 9 }
    }

    /// Line segments at `level`, in grid coordinates (column, row).
    static func segments(_ values: [[Double]], level: Double) -> [(Point, Point)] {
        guard values.count > 1, let columns = values.first?.count, columns > 1 else { return [] }
        var segments: [(Point, Point)] = []
        for row in 0..<(values.count - 1) {
            for column in 0..<(columns - 1) {
                let corners = [
                    (Point(Double(column), Double(row)), values[row][column]),
                    (Point(Double(column + 1), Double(row)), values[row][column + 1]),
                    (Point(Double(column + 1), Double(row + 1)), values[row + 1][column + 1]),
                    (Point(Double(column), Double(row + 1)), values[row + 1][column]),
                ]
                guard corners.allSatisfy({ $0.1.isFinite }) else { continue }
                // Where the level crosses each edge of the cell.
                var crossings: [Point] = []
                for edge in 0..<4 {
                    let (p, a) = corners[edge]
                    let (q, b) = corners[(edge + 1) % 4]
                    if (a < level) != (b < level) {
                        // Computed from the edge's lower corner, so the two
                        // cells sharing an edge find the very same point.
                        let ((p0, v0), (p1, v1)) = (p.y, p.x) < (q.y, q.x) ? ((p, a), (q, b)) : ((q, b), (p, a))
                        let t = (level - v0) / (v1 - v0)
                        crossings.append(Point(p0.x + t * (p1.x - p0.x), p0.y + t * (p1.y - p0.y)))
                    }
                }
                if crossings.count == 2 {
                    segments.append((crossings[0], crossings[1]))
                } else if crossings.count == 4 {
                    // A saddle: decide by the centre value.
                    let centre = corners.map(\.1).reduce(0, +) / 4
                    if (centre < level) == (corners[0].1 < level) {
                        segments.append((crossings[0], crossings[3]))
                        segments.append((crossings[1], crossings[2]))
                    } else {
                        segments.append((crossings[0], crossings[1]))
                        segments.append((crossings[2], crossings[3]))
                    }
                }
            }
        }
        return segments
    }

    /// Joins segments that share ends into polylines.
    static func polylines(_ segments: [(Point, Point)]) -> [[Point]] {
        struct Key: Hashable {
            var x: Int64, y: Int64
            init(_ p: Point) {
                x = Int64((p.x * 1e6).rounded())
                y = Int64((p.y * 1e6).rounded())
            }
        }
        var byEnd: [Key: [Int]] = [:]
        for (index, segment) in segments.enumerated() {
            byEnd[Key(segment.0), default: []].append(index)
            byEnd[Key(segment.1), default: []].append(index)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var lines: [[Point]] = []
        for start in segments.indices where !used[start] {
            used[start] = true
            var line = [segments[start].0, segments[start].1]
            // Extend forwards, then backwards.
            for forward in [true, false] {
                while true {
                    let end = forward ? line[line.count - 1] : line[0]
                    guard let next = byEnd[Key(end)]?.first(where: { !used[$0] }) else { break }
                    used[next] = true
                    let segment = segments[next]
                    let other = Key(segment.0) == Key(end) ? segment.1 : segment.0
                    if forward { line.append(other) } else { line.insert(other, at: 0) }
                }
            }
            lines.append(line)
        }
        return lines
    }
}
