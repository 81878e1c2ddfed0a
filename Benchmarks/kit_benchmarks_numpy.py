"""The NumPy baseline for kit-benchmarks, run by the benchmark itself.

    python3 kit_benchmarks_numpy.py REPETITIONS SIZE...

Prints one line of JSON: for each activation task and size, the minimum and
median time per element (ns) over REPETITIONS timed runs after one warm-up,
both writing into a preallocated array (`out=`, the fastest NumPy form) and
allocating a new one (the idiomatic expression); and one training step of
the same 10-layer, 64-wide ReLU network on a batch of 128 as the Swift side
(forward, mean squared error, backward, SGD update).
"""
import json
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
    return {"min": best / 1e6, "median": median / 1e6}


def main():
    repetitions = int(sys.argv[1])
    sizes = [int(n) for n in sys.argv[2:]]
    results = [r for n in sizes for r in elementwise(n, repetitions)]
    print(json.dumps({"numpy": np.__version__, "elementwise": results, "mlp": mlp_step(100)}))


if __name__ == "__main__":
    main()
