// Shared lesson code: every lesson that names something declared here is
// compiled with it (see the authoring guide, "Shared lesson code").
import PrimerKit

/// One activation function, tried on a few inputs.
struct Trial {
    var activation: Activation
    var inputs: [Double] = [-2, -1, 0, 1, 2]
}

/// The mean of the activation's derivative over the trial's inputs.
func meanSlope(_ trial: Trial) -> Double {
    let slopes = trial.activation.derivative(trial.inputs)
    return slopes.reduce(0, +) / Double(slopes.count)
}
