"""The baseline for figure-benchmarks: the same figure rendered by matplotlib.

Prints one line of JSON: render times (ms) and SVG sizes (bytes), with text
as paths (matplotlib's default) and as text. Run by the benchmark itself.
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


results = {}
for fonttype in ["path", "none"]:
    times = []
    for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 20):
        start = time.perf_counter()
        svg = render(fonttype)
        times.append((time.perf_counter() - start) * 1000)
    results[fonttype] = {"min_ms": min(times), "median_ms": statistics.median(times), "bytes": len(svg)}
    with open(f"/tmp/matplotlib-{fonttype}.svg", "wb") as f:
        f.write(svg)
print(json.dumps(results))
