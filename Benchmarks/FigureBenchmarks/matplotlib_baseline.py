"""The baseline for figure-benchmarks: the same figure rendered by matplotlib.

Prints one line of JSON: render times (ms) and SVG sizes (bytes), with text
as paths (matplotlib's default) and as text, and the time of the lesson cell
(the sigmoid and its derivative computed with NumPy at 1000 points, plotted
and rendered, text as paths). Run by the benchmark itself.
"""
import io
import json
import statistics
import sys
import time

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

x = np.linspace(-6, 6, 1000)
s = 1 / (1 + np.exp(-x))
d = s * (1 - s)


def render(fonttype):
    plt.rcParams["svg.fonttype"] = fonttype
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.plot(x, s, label="σ(x)")
    ax.plot(x, d, "--", label="σ′(x)")
    ax.set_xlabel("x")
    ax.set_ylabel("value")
    ax.grid(True, linewidth=0.5)
    ax.legend()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


def lesson_cell():
    """The sigmoid lesson's plot cell, written the NumPy way."""
    plt.rcParams["svg.fonttype"] = "path"
    x = np.linspace(-10, 10, 1000)
    s = 1 / (1 + np.exp(-x))
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.plot(x, s, label="σ(x)")
    ax.plot(x, s * (1 - s), label="σ′(x)")
    ax.set_xlabel("x")
    ax.set_ylabel("value")
    ax.legend()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 20
results = {}
for fonttype in ["path", "none"]:
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        svg = render(fonttype)
        times.append((time.perf_counter() - start) * 1000)
    results[fonttype] = {"min_ms": min(times), "median_ms": statistics.median(times), "bytes": len(svg)}
    with open(f"/tmp/matplotlib-{fonttype}.svg", "wb") as f:
        f.write(svg)
times = []
for _ in range(repetitions):
    start = time.perf_counter()
    svg = lesson_cell()
    times.append((time.perf_counter() - start) * 1000)
results["lesson"] = {"min_ms": min(times), "median_ms": statistics.median(times), "bytes": len(svg)}
with open("/tmp/matplotlib-lesson.svg", "wb") as f:
    f.write(svg)
print(json.dumps(results))
