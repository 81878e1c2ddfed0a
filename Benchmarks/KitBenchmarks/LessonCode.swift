import Foundation
import PrimerKit

/// Activation code as a lesson writes it, over 10⁶ and 10⁷ points: the
/// obvious expression with the kit's array functions, next to the same
/// thing written per element with Foundation's functions (what lessons had
/// before), each with the NumPy expression it is compared with
/// (`kit_benchmarks_numpy.py`, `lesson_code`).
struct LessonTask: Sendable {
    var name: String
    /// The NumPy task of the same work.
    var numpy: String
    var body: @Sendable ([Double]) -> [Double]
}

/// σ(x) − ½ as a lesson defines an activation outside the catalog, from
/// functions of whole arrays.
let centredSigmoid = Activation(
    name: "centred sigmoid", formula: #"\sigma(x) - \tfrac12"#, derivativeFormula: #"\sigma'(x)"#,
    outputRange: .open(-0.5, 0.5), isZeroCentered: true, isMonotonic: true, saturation: .both,
    values: { x in 1 / (1 + exp(-x)) - 0.5 },
    derivatives: { x in
        let s = 1 / (1 + exp(-x))
        return s * (1 - s)
    })

/// The same activation from closures of one Double, with Foundation's exp.
let centredSigmoidPerElement = Activation(
    name: "centred sigmoid", formula: #"\sigma(x) - \tfrac12"#, derivativeFormula: #"\sigma'(x)"#,
    outputRange: .open(-0.5, 0.5), isZeroCentered: true, isMonotonic: true, saturation: .both,
    function: { 1 / (1 + Foundation.exp(-$0)) - 0.5 },
    derivative: { x in
        let s = 1 / (1 + Foundation.exp(-x))
        return s * (1 - s)
    })

let lessonTasks: [LessonTask] = [
    LessonTask(name: "1 / (1 + exp(-x))", numpy: "1 / (1 + exp(-x))") { x in 1 / (1 + exp(-x)) },
    LessonTask(name: "sigmoid(x)", numpy: "sigmoid(x)") { x in sigmoid(x) },
    LessonTask(name: "tanh(x)", numpy: "tanh(x)") { x in tanh(x) },
    LessonTask(name: "s * (1 - s)", numpy: "s * (1 - s)") { x in
        let s = 1 / (1 + exp(-x))
        return s * (1 - s)
    },
    LessonTask(name: "custom f(x)", numpy: "custom f(x)") { x in centredSigmoid(x) },
    LessonTask(name: "exp(x)", numpy: "exp(x)") { x in exp(x) },
    LessonTask(name: "log1p(x * x)", numpy: "log1p(x * x)") { x in log1p(x * x) },
    // Before: per element, with Foundation's functions.
    LessonTask(name: "x.map { 1 / (1 + exp(-$0)) }", numpy: "1 / (1 + exp(-x))") { x in
        x.map { 1 / (1 + Foundation.exp(-$0)) }
    },
    LessonTask(name: "x.map { tanh($0) }", numpy: "tanh(x)") { x in x.map { Foundation.tanh($0) } },
    LessonTask(name: "custom f(x), (Double) -> Double", numpy: "custom f(x)") { x in centredSigmoidPerElement(x) },
]
