import Foundation

/// Tick positions and labels for an axis: "nice" numbers (1, 2 or 5 times a
/// power of ten) on linear axes, powers of ten on log axes, labels written
/// with as many decimals as the step needs, and never more ticks than fit.
struct Ticks: Equatable {
    var values: [Double]
    var labels: [String]
    /// The axis domain, widened to the outer ticks when it was not fixed.
    var domain: ClosedRange<Double>
    /// How the labels write numbers; data tables write the axis' values alike.
    var format: NumberFormat = .significant(4)

    /// - Parameters:
    ///   - length: the axis length in pixels.
    ///   - spacing: the least distance in pixels between ticks.
    ///   - widen: extend the domain to the nearest ticks outside it.
    ///   - labelRoom: the room a label may take along the axis, given its text.
    static func make(
        domain: ClosedRange<Double>, scale: Axis.Scale, length: Double, spacing: Double, widen: Bool,
        labelRoom: (String) -> Double = { _ in 0 }
    ) -> Ticks {
        switch scale {
        case .linear: linear(domain: domain, length: length, spacing: spacing, widen: widen, labelRoom: labelRoom)
        case .log: logarithmic(domain: domain, length: length, spacing: spacing, labelRoom: labelRoom)
        }
    }

    private static func linear(domain: ClosedRange<Double>, length: Double, spacing: Double, widen: Bool, labelRoom: (String) -> Double)
        -> Ticks
    {
        var target = max(2, Int(length / spacing))
        while true {
            let step = niceStep((domain.upperBound - domain.lowerBound) / Double(target))
            var low = domain.lowerBound
            var high = domain.upperBound
            if widen {
                low = (low / step).rounded(.down) * step
                high = (high / step).rounded(.up) * step
            }
            let first = (low / step - 1e-9).rounded(.up)
            let last = (high / step + 1e-9).rounded(.down)
            var values: [Double] = []
            if last >= first && last - first <= 1000 {
                values = stride(from: first, through: last, by: 1).map { $0 * step }
            }
            let format = linearFormat(values, step: step)
            let labels = values.map { format.format(abs($0) < step * 1e-9 ? 0 : $0) }
            // Labels must not overlap: each needs its room along the axis.
            let pixelsPerTick = length * step / max(high - low, .leastNonzeroMagnitude)
            let widest = labels.map(labelRoom).max() ?? 0
            if target <= 2 || widest + 6 <= pixelsPerTick {
                return Ticks(values: values, labels: labels, domain: low...high, format: format)
            }
            target = max(2, target / 2)
        }
    }

    /// 1, 2 or 5 × 10ⁿ, the nice number nearest above `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let power = pow(10, floor(log10(rough)))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }

    private static func linearFormat(_ values: [Double], step: Double) -> NumberFormat {
        let largest = values.map(abs).max() ?? 0
        if largest >= 1e6 || (step < 1e-4 && largest < 1e-3) {
            return .significant(max(1, Int(log10(max(largest, step) / step).rounded(.up)) + 1))
        }
        return .fixed(max(0, Int((-log10(step)).rounded(.up))))
    }

    private static func logarithmic(domain: ClosedRange<Double>, length: Double, spacing: Double, labelRoom: (String) -> Double) -> Ticks {
        let low = Int(floor(log10(domain.lowerBound)))
        let high = max(low + 1, Int(ceil(log10(domain.upperBound))))
        let decades = high - low
        let fit = max(1, Int(length / spacing))
        // Label every 1, 2, 5, 10, 20… decades, at multiples of that step.
        var every = 1
        while decades / every > fit { every = Int(niceStep(Double(every) + 0.5)) }
        var values: [Double] = []
        var power = Int((Double(low) / Double(every)).rounded(.up)) * every
        while power <= high {
            values.append(pow(10, Double(power)))
            if decades <= 2 && power < high {
                values += [2, 5].map { $0 * pow(10, Double(power)) }
            }
            power += every
        }
        values.sort()
        // Powers of ten read best as 10ⁿ once they span many decades.
        let asPowers = decades > 4 || low < -3 || high > 5
        let labels = values.map { value -> String in
            let exponent = Int(log10(value).rounded())
            if asPowers && abs(value - pow(10, Double(exponent))) < value * 1e-9 {
                return NumberFormat.scientific(0).format(value).replacingOccurrences(of: "1×", with: "")
            }
            return NumberFormat.significant(3).format(value)
        }
        return Ticks(values: values, labels: labels, domain: pow(10, Double(low))...pow(10, Double(high)), format: .significant(3))
    }
}

/// Maps data values on one axis to pixels.
struct AxisMap {
    let domain: ClosedRange<Double>
    let scale: Axis.Scale
    /// Pixels of the domain's lower and upper ends (reversed for y).
    let start: Double
    let end: Double

    private var transformedLow: Double { transform(domain.lowerBound) }
    private var transformedHigh: Double { transform(domain.upperBound) }

    private func transform(_ value: Double) -> Double {
        scale == .log ? log10(value) : value
    }

    /// The pixel of `value`; NaN when it cannot be shown (≤ 0 on a log axis).
    func callAsFunction(_ value: Double) -> Double {
        if scale == .log && !(value > 0) { return .nan }
        let span = transformedHigh - transformedLow
        let t = span == 0 ? 0.5 : (transform(value) - transformedLow) / span
        return start + t * (end - start)
    }

    /// The data value at a pixel.
    func inverse(_ pixel: Double) -> Double {
        let t = (pixel - start) / (end - start)
        let value = transformedLow + t * (transformedHigh - transformedLow)
        return scale == .log ? pow(10, value) : value
    }
}

/// Estimated widths of text, for layout without a font engine.
enum TextMetrics {
    /// The width in pixels of `text` at `fontSize`: CJK characters one em,
    /// digits and most Latin letters about 0.6 em.
    static func width(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x1100...0x11FF, 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFF60, 0x20000...0x3FFFF: ems += 1
            case 0x20, 0x2E, 0x2C, 0x3A, 0x69, 0x6C, 0x49, 0x27, 0x7C: ems += 0.3
            case 0x2070...0x209F, 0xB2, 0xB3, 0xB9: ems += 0.4
            default: ems += 0.6
            }
        }
        return ems * fontSize
    }
}
