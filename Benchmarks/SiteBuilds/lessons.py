"""The benchmark's lessons, written twice with the same work: as Primer
lessons (Markdown with Swift cells) and as Jupyter Book 1 notebooks (MyST
Markdown with Python cells, NumPy and matplotlib).

Each lesson has about 1,500 words of prose in six sections, three display
formulas, three plots of an activation function f and its derivative f'
over 1000 points, a table of values, and a 10-layer MLP gradient
experiment (width 64, batch 32, Xavier-normal weights, one forward and one
backward pass, the weight gradient's norm per layer) shown as a table and
quoted in the prose. The prose is seeded word salad: what matters here is
its size, not its sense.
"""
import random

# (name, Primer's Activation, NumPy f, NumPy f', TeX)
FUNCTIONS = [
    ("sigmoid", "sigmoid", "1 / (1 + np.exp(-x))", "f(x) * (1 - f(x))", r"\sigma(x) = \frac{1}{1 + e^{-x}}"),
    ("tanh", "tanh", "np.tanh(x)", "1 - np.tanh(x) ** 2", r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"),
    ("ReLU", "relu", "np.maximum(0, x)", "(x > 0).astype(float)", r"\operatorname{ReLU}(x) = \max(0, x)"),
    ("softplus", "softplus", "np.logaddexp(0, x)", "1 / (1 + np.exp(-x))", r"\operatorname{softplus}(x) = \log(1 + e^{x})"),
]

WORDS = (
    "gradient layer network weight bias input output neuron signal slope curve function value range "
    "training step learning rate loss error batch sample derivative chain rule product depth width "
    "saturation region zero centre mean variance scale initialisation update direction descent "
    "the a of to and in is that it with as for on by this from at which its be are can not one"
).split()

PY_RANGES = ["-6, 6", "-2, 2", "0, 10"]


def prose(rng, words):
    """`words` words of seeded text in sentences of 8-20 words."""
    sentences, count = [], 0
    while count < words:
        length = min(rng.randint(8, 20), words - count)
        sentence = " ".join(rng.choice(WORDS) for _ in range(length))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        count += length
    return " ".join(sentences)


def sections(index, revision):
    """Six sections of about 250 words each: (heading, [paragraphs])."""
    rng = random.Random(1000 + index)
    result = []
    for section in range(6):
        paragraphs = [prose(rng, 125) for _ in range(2)]
        result.append((f"Section {section + 1}", paragraphs))
    # The prose edit: one sentence of the first paragraph, revised.
    result[0][1][0] = f"This is revision {revision} of the lesson. " + result[0][1][0]
    return result


def primer_lesson(index, revision=0, cell_revision=0):
    name, kit, _, _, tex = FUNCTIONS[index % len(FUNCTIONS)]
    parts = [f"---\ntitle: \"Lesson {index + 1}: {name}\"\norder: {index + 1}\n---\n"]
    for number, (heading, paragraphs) in enumerate(sections(index, revision)):
        parts.append(f"## {heading}\n")
        parts += [p + "\n" for p in paragraphs]
        if number < 3:
            low, high = PY_RANGES[number].split(", ")
            parts.append(f"$$\n{tex}, \\qquad x_{{{number}}} \\in \\mathbb{{R}}\n$$\n")
            parts.append(
                f"```{{swift}}\n//| label: fig-curve-{number}\n//| caption: \"{name} and its derivative on [{low}, {high}].\"\n"
                f"let (low{number}, high{number}): (Double, Double) = ({low}, {high})\n"
                f"let x{number} = (0..<1000).map {{ low{number} + (high{number} - low{number}) * Double($0) / 999 }}\n"
                f"show(Plot {{\n"
                f"    Line(x: x{number}, y: x{number}.map {{ Activation.{kit}($0) }}, label: \"f(x)\")\n"
                f"    Line(x: x{number}, y: x{number}.map {{ Activation.{kit}.derivative($0) }}, label: \"f′(x)\")\n"
                f"}}\n.xLabel(\"x\").yLabel(\"value\"))\n```\n")
        if number == 3:
            parts.append(
                "```{swift}\n//| label: tbl-values\n"
                "let points: [Double] = [-4, -2, -1, 0, 1, 2, 4]\n"
                "show(Table(points, columns: [\n"
                "    .number(\"x\", format: .fixed(1)) { .number($0) },\n"
                f"    .number(\"f(x)\") {{ .number(Activation.{kit}($0)) }},\n"
                f"    .number(\"f′(x)\") {{ .number(Activation.{kit}.derivative($0)) }},\n"
                "]))\n```\n")
        if number == 4:
            seed = 1 + index + 1000 * cell_revision
            parts.append(
                "```{swift}\n//| label: tbl-gradients\n"
                f"var generator = SeededGenerator(seed: {seed})\n"
                f"var network = Network(sizes: Array(repeating: 64, count: 11), activation: .{kit}, weights: .xavierNormal, using: &generator)\n"
                "let inputs = Matrix(rows: 32, columns: 64, elements: generator.normal(count: 32 * 64))\n"
                "let targets = Matrix(rows: 32, columns: 64, elements: generator.normal(count: 32 * 64))\n"
                "let output = network.forward(inputs)\n"
                "network.backward((1.0 / 32) * (output - targets))\n"
                "let norms = network.layers.compactMap { ($0 as? Dense)?.weights.gradient.norm }\n"
                "show(Table(Array(norms.enumerated()), columns: [\n"
                "    .number(\"layer\", format: .fixed(0)) { .number(Double($0.offset + 1)) },\n"
                "    .number(\"‖∂L/∂W‖\") { .number($0.element) },\n"
                "]))\n```\n")
            parts.append("The first layer's gradient is `{swift} format(norms[0] / norms[9])` times the last one's.\n")
    return "\n".join(parts)


JUPYTEXT_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def jupyter_lesson(index, revision=0, cell_revision=0):
    name, _, f, derivative, tex = FUNCTIONS[index % len(FUNCTIONS)]
    parts = [JUPYTEXT_HEADER, f"# Lesson {index + 1}: {name}\n"]
    parts.append(
        "```{code-cell} ipython3\n"
        "import numpy as np\nimport matplotlib.pyplot as plt\n"
        "from IPython.display import Markdown, display\n"
        "%config InlineBackend.figure_formats = ['svg']\n\n"
        f"def f(x):\n    return {f}\n\n"
        f"def df(x):\n    return {derivative}\n```\n")
    for number, (heading, paragraphs) in enumerate(sections(index, revision)):
        parts.append(f"## {heading}\n")
        parts += [p + "\n" for p in paragraphs]
        if number < 3:
            parts.append(f"$$\n{tex}, \\qquad x_{{{number}}} \\in \\mathbb{{R}}\n$$\n")
            parts.append(
                "```{code-cell} ipython3\n"
                f"x = np.linspace({PY_RANGES[number]}, 1000)\n"
                "fig, ax = plt.subplots()\n"
                "ax.plot(x, f(x), label='f(x)')\nax.plot(x, df(x), label=\"f′(x)\")\n"
                "ax.set_xlabel('x'); ax.set_ylabel('value'); ax.legend()\nplt.show()\n```\n")
        if number == 3:
            parts.append(
                "```{code-cell} ipython3\n"
                "points = np.array([-4, -2, -1, 0, 1, 2, 4], dtype=float)\n"
                "rows = [f'| {p:.1f} | {f(p):.6g} | {df(p):.6g} |' for p in points]\n"
                "display(Markdown('| x | f(x) | f′(x) |\\n|---:|---:|---:|\\n' + '\\n'.join(rows)))\n```\n")
        if number == 4:
            seed = 1 + index + 1000 * cell_revision
            parts.append(
                "```{code-cell} ipython3\n"
                f"rng = np.random.default_rng({seed})\n"
                "sizes = [64] * 11\n"
                "weights = [rng.normal(0, np.sqrt(2 / (m + n)), (m, n)) for m, n in zip(sizes[:-1], sizes[1:])]\n"
                "inputs = rng.normal(size=(32, 64)); targets = rng.normal(size=(32, 64))\n"
                "activations, pre = [inputs], []\n"
                "for i, w in enumerate(weights):\n"
                "    z = activations[-1] @ w\n    pre.append(z)\n"
                "    activations.append(z if i == len(weights) - 1 else f(z))\n"
                "gradient = (activations[-1] - targets) / 32\n"
                "norms = [0.0] * len(weights)\n"
                "for i in reversed(range(len(weights))):\n"
                "    if i < len(weights) - 1:\n        gradient = gradient * df(pre[i])\n"
                "    norms[i] = np.linalg.norm(activations[i].T @ gradient)\n"
                "    gradient = gradient @ weights[i].T\n"
                "rows = [f'| {i + 1} | {n:.6g} |' for i, n in enumerate(norms)]\n"
                "display(Markdown('| layer | ‖∂L/∂W‖ |\\n|---:|---:|\\n' + '\\n'.join(rows)))\n```\n")
            parts.append(
                "```{code-cell} ipython3\nprint(f'The first layer gradient is {norms[0] / norms[9]:.3g} times the last one.')\n```\n")
    return "\n".join(parts)
