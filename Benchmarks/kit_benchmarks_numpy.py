"""The NumPy baseline for kit-benchmarks, run by the benchmark itself.

    python3 kit_benchmarks_numpy.py REPETITIONS EXPERIMENT_RUNS STEP_RUNS SIZE...

Prints one line of JSON with the minimum and median time of REPETITIONS timed
runs after one warm-up (EXPERIMENT_RUNS for the experiment, STEP_RUNS for the
training step):

- for each activation task and size, per element (ns), both writing into a
  preallocated array (`out=`, the fastest NumPy form) and allocating a new one
  (the idiomatic expression);
- the same lesson code as the Swift side, written the obvious NumPy way
  (`1 / (1 + np.exp(-x))`, `np.tanh(x)`, σ′ as `s * (1 - s)`, a custom
  activation as a Python function of arrays), per element (ns);
- the 10-layer experiment of the sigmoid and tanh lessons (10 dense layers
  64 → 64, a 256 × 64 batch, one forward and one backward pass, every layer's
  gradient norms and mean derivative), per run (ms), with the minor page
  faults per run;
- one training step of the same 10-layer, 64-wide ReLU network on a batch of
  128 as the Swift side (forward, mean squared error, backward, SGD update),
  per step (ms), with the minor page faults per step.
"""
import json
import resource
import statistics
import sys
import time

import numpy as np


def timed(body, repetitions):
    body()
    runs = []
    for _ in range(repetitions):
        start = time.perf_counter_ns()
        body()
        runs.append(time.perf_counter_ns() - start)
    return min(runs), statistics.median(runs)


def elementwise(n, repetitions):
    x = np.random.default_rng(1).uniform(-10, 10, n)
    y = np.empty_like(x)
    z = np.empty_like(x)

    def sigmoid_out():
        np.negative(x, out=y)
        np.exp(y, out=y)
        np.add(y, 1, out=y)
        np.reciprocal(y, out=y)

    def sigmoid_derivative_out():
        sigmoid_out()
        np.subtract(1, y, out=z)
        np.multiply(y, z, out=y)

    def tanh_derivative_out():
        np.tanh(x, out=y)
        np.multiply(y, y, out=y)
        np.subtract(1, y, out=y)

    def sigmoid_new():
        return 1 / (1 + np.exp(-x))

    def sigmoid_derivative_new():
        s = 1 / (1 + np.exp(-x))
        return s * (1 - s)

    tasks = {
        ("sigmoid", "out"): sigmoid_out,
        ("sigmoid", "new"): sigmoid_new,
        ("sigmoid′", "out"): sigmoid_derivative_out,
        ("sigmoid′", "new"): sigmoid_derivative_new,
        ("tanh", "out"): lambda: np.tanh(x, out=y),
        ("tanh", "new"): lambda: np.tanh(x),
        ("tanh′", "out"): tanh_derivative_out,
        ("tanh′", "new"): lambda: 1 - np.tanh(x) ** 2,
        ("ReLU", "out"): lambda: np.maximum(x, 0, out=y),
        ("ReLU", "new"): lambda: np.maximum(x, 0),
        ("ReLU′", "out"): lambda: np.greater(x, 0, out=y),
        ("ReLU′", "new"): lambda: (x > 0).astype(np.float64),
        ("copy", "out"): lambda: np.copyto(y, x),
    }
    results = []
    for (name, mode), body in tasks.items():
        best, median = timed(body, repetitions)
        results.append({"name": name, "mode": mode, "n": n, "min": best / n, "median": median / n})
    return results


def lesson_code(n, repetitions):
    x = np.random.default_rng(1).uniform(-10, 10, n)

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    def sigmoid_derivative():
        s = 1 / (1 + np.exp(-x))
        return s * (1 - s)

    def centred(x):
        # A custom activation as a lesson writes it: σ(x) − ½.
        return 1 / (1 + np.exp(-x)) - 0.5

    tasks = {
        "1 / (1 + exp(-x))": lambda: 1 / (1 + np.exp(-x)),
        "sigmoid(x)": lambda: sigmoid(x),
        "tanh(x)": lambda: np.tanh(x),
        "s * (1 - s)": sigmoid_derivative,
        "custom f(x)": lambda: centred(x),
        "exp(x)": lambda: np.exp(x),
        "log1p(x * x)": lambda: np.log1p(x * x),
    }
    results = []
    for name, body in tasks.items():
        best, median = timed(body, repetitions)
        results.append({"name": name, "n": n, "min": best / n, "median": median / n})
    return results


def page_faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def per_run_faults(body, runs):
    body()
    before = page_faults()
    for _ in range(runs):
        body()
    return (page_faults() - before) / runs


def depth_experiment(activation, seed):
    """One seed of the depth experiment, as Content/_code/VanishingGradients.swift
    runs it: Xavier-uniform weights, zero biases, X and Y standard normal, the
    loss ½ · mean over the batch of ‖out − Y‖²."""
    layers, width, batch = 10, 64, 256
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6 / (2 * width))
    weights = [rng.uniform(-limit, limit, (width, width)) for _ in range(layers)]
    biases = [np.zeros(width) for _ in range(layers)]
    x = rng.standard_normal((batch, width))
    y = rng.standard_normal((batch, width))
    if activation == "sigmoid":
        def f(z):
            return 1 / (1 + np.exp(-z))

        def derivative(z):
            s = 1 / (1 + np.exp(-z))
            return s * (1 - s)
    else:
        f = np.tanh

        def derivative(z):
            return 1 - np.tanh(z) ** 2
    inputs, preactivations = [], []
    a = x
    for i in range(layers):
        inputs.append(a)
        z = a @ weights[i] + biases[i]
        preactivations.append(z)
        a = f(z) if i < layers - 1 else z
    gradient = (1 / batch) * (a - y)
    total = 0.0
    for i in reversed(range(layers)):
        if i < layers - 1:
            gradient = gradient * derivative(preactivations[i])
        weight_gradient = inputs[i].T @ gradient
        bias_gradient = gradient.sum(axis=0)
        total += np.linalg.norm(weight_gradient) + np.linalg.norm(gradient) + bias_gradient[0]
        gradient = gradient @ weights[i].T
    for i in range(layers - 1):
        total += derivative(preactivations[i]).mean()
    return total


def experiment(activation, repetitions):
    seeds = iter(range(1, 10**9))
    body = lambda: depth_experiment(activation, next(seeds))  # noqa: E731
    best, median = timed(body, repetitions)
    return {"activation": activation, "min": best / 1e6, "median": median / 1e6,
            "page_faults": per_run_faults(body, repetitions)}


def mlp_step(repetitions):
    rng = np.random.default_rng(0)
    layers, width, batch = 10, 64, 128
    weights = [rng.standard_normal((width, width)) * np.sqrt(2 / width) for _ in range(layers)]
    biases = [np.zeros(width) for _ in range(layers)]
    inputs = rng.standard_normal((batch, width))
    targets = rng.standard_normal((batch, width))

    def step():
        activations, preactivations = [inputs], []
        a = inputs
        for i in range(layers):
            z = a @ weights[i] + biases[i]
            preactivations.append(z)
            a = np.maximum(z, 0) if i < layers - 1 else z
            activations.append(a)
        gradient = (2.0 / a.size) * (a - targets)
        for i in reversed(range(layers)):
            if i < layers - 1:
                gradient = gradient * (preactivations[i] > 0)
            weight_gradient = activations[i].T @ gradient
            bias_gradient = gradient.sum(axis=0)
            gradient = gradient @ weights[i].T
            weights[i] -= 0.01 * weight_gradient
            biases[i] -= 0.01 * bias_gradient

    best, median = timed(step, repetitions)
    return {"min": best / 1e6, "median": median / 1e6, "page_faults": per_run_faults(step, repetitions)}


def main():
    repetitions, experiment_runs, step_runs = (int(argument) for argument in sys.argv[1:4])
    sizes = [int(n) for n in sys.argv[4:]]
    results = [r for n in sizes for r in elementwise(n, repetitions)]
    lessons = [r for n in sizes for r in lesson_code(n, repetitions)]
    experiments = [experiment(activation, experiment_runs) for activation in ("sigmoid", "tanh")]
    print(json.dumps({
        "numpy": np.__version__, "elementwise": results, "lesson": lessons, "experiment": experiments,
        "mlp": mlp_step(step_runs),
    }))


if __name__ == "__main__":
    main()
