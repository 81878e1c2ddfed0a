#!/usr/bin/env python3
"""Reference MathML for the TeX corpus, from PyPI's latex2mathml.

    python3 make_reference.py            # writes reference.json beside this file

Reads corpus.json (an array of {"id", "tex", "display", "topic"}), converts
each formula with latex2mathml (display="block" when "display" is true,
"inline" otherwise), and writes reference.json:

    { id: { "latex2mathml": "<math ...>...</math>" or null if it raised,
            "error": "..."            (only when it raised),
            "skeleton": "..." or null (null when it raised or its output is
                                       not well-formed XML),
            "xml_error": "..."        (only when the output is not XML),
            "latex2mathml_ok": bool, "why": "..." (only when false),
            "skeleton_ok": bool } }

The judgements ("latex2mathml_ok", "why", "skeleton_ok") are written by hand
in review.json and merged in here; see the README for what they mean. A
formula that review.json does not judge makes this script fail, so the
reference never holds an unreviewed conversion.

SKELETON: a compact form of a MathML tree that keeps its structure and the
text a reader sees and ignores attributes and whitespace. Primer's Swift
tests compute the same skeleton from Primer's MathML, so the rules are
exact:

 1. Parse the MathML as XML. Elements are known by their local name (any
    namespace or prefix is ignored). Character references are decoded.
    Comments and processing instructions are ignored, and so is text that
    is not inside a token element (rule 3).

 2. `annotation` and `annotation-xml` elements are removed wherever they
    are. A `semantics` element is replaced by its first remaining child
    element (nothing, if it has none).

 3. Token elements are mi, mn, mo, mtext and ms. A token's TEXT is all the
    character data inside it, its descendants' included, in document order,
    then:
      a. each run of the characters U+0020, U+0009, U+000A, U+000D becomes
         a single U+0020, and a leading or trailing U+0020 is removed;
      b. then every U+00A0 (no-break space) becomes U+0020.
    (So "<mtext>if </mtext>" is "if" -- its space is not displayed -- and
    "<mtext>if&#xA0;</mtext>" is "if ".)

 4. Italic, as MathML Core displays it (text-transform: math-auto): when the
    token is an `mi` whose TEXT is exactly one Unicode scalar and whose
    `mathvariant` attribute is not "normal" (ASCII case-insensitive, after
    trimming spaces; an absent attribute is not "normal"), that scalar is
    replaced by its italic form from this table, if it has one:
        U+0041..U+005A A-Z       -> U+1D434..U+1D44D
        U+0061..U+007A a-z       -> U+1D44E..U+1D467, except h -> U+210E
        U+0131 dotless i         -> U+1D6A4,  U+0237 dotless j -> U+1D6A5
        U+0391..U+03A1 Alpha-Rho -> U+1D6E2..U+1D6F2
        U+03F4 capital theta sym -> U+1D6F3
        U+03A3..U+03A9 Sigma-Omega -> U+1D6F4..U+1D6FA
        U+2207 nabla             -> U+1D6FB
        U+03B1..U+03C9 alpha-omega (final sigma included) -> U+1D6FC..U+1D714
        U+2202 partial           -> U+1D715
        U+03F5 lunate epsilon -> U+1D716, U+03D1 theta symbol -> U+1D717,
        U+03F0 kappa symbol -> U+1D718,   U+03D5 phi symbol -> U+1D719,
        U+03F1 rho symbol -> U+1D71A,     U+03D6 pi symbol -> U+1D71B
    No other attribute has any effect: every other `mathvariant` value (MathML
    Core ignores them), and `mathvariant` on any other element, is ignored.

 5. Token kinds that are written alike:
      a. an `mo` whose TEXT is U+2061, U+2062, U+2063 or U+2064 (the
         invisible function application, times, separator, plus) is removed;
      b. an `mo` whose TEXT is two or more scalars, all letters (Unicode
         general category L*), is written as `mi` (an operator name such as
         lim, max, softmax; rule 4 does not apply to it);
      c. an `mi` whose TEXT is one of U+2032, U+2033, U+2034, U+2057 (the
         primes) is written as `mo`;
      d. an `mtext` whose TEXT is one or more U+0020 and nothing else (after
         rule 3, so a no-break space counts) is written as a bare `mspace`,
         like any `mspace` (a TeX control space or ~ is either).

 6. Rows. `mrow` and `mstyle` elements are "rows". The elements whose
    children form an inferred row are math, mrow, mstyle, mtd, msqrt,
    mpadded, mphantom, menclose and merror ("row containers"). In the
    children of a row container, recursively from the inside out:
      a. each row child is replaced by its own (already normalised)
         children;
      b. each token child whose TEXT is empty is removed (an `<mo/>` or
         `<mi></mi>` shows nothing).
    In the children of any other element (msub, msup, msubsup, munder,
    mover, munderover, mfrac, mroot, mmultiscripts, mtable, mtr, ...), a row
    child with exactly one child is replaced by that child; a row child with
    none or several is written as `mrow`.

 7. Writing. A token is written NAME:TEXT. TEXT is written bare when it is
    not empty and contains none of U+0020, "(", ")", '"' and "\"; otherwise
    it is written between double quotes, with "\" written as "\\" and '"'
    as '\"' (nothing else is escaped). Any other element is written as its
    NAME when it has no children (after rules 2, 5, 6), and otherwise as
    NAME(C1 C2 ... Cn), its children's skeletons separated by one U+0020.

 8. The root. The `math` element is not written: its children, normalised
    as a row container, are written alone if there is exactly one, as ""
    if there is none, and otherwise as mrow(C1 C2 ... Cn).

Example: <math><mrow><mi>x</mi><mo>=</mo><mfrac><mrow><mn>1</mn></mrow>
<mn>2</mn></mfrac></mrow></math> is  mrow(mi:𝑥 mo:= mfrac(mn:1 mn:2)).
"""

import importlib
import json
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent


def latex2mathml_converter():
    try:
        return importlib.import_module("latex2mathml.converter")
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "latex2mathml"])
        importlib.invalidate_caches()
        return importlib.import_module("latex2mathml.converter")


# ---------------------------------------------------------------- skeleton

TOKENS = {"mi", "mn", "mo", "mtext", "ms"}
ROWS = {"mrow", "mstyle"}
ROW_CONTAINERS = {"math", "mrow", "mstyle", "mtd", "msqrt", "mpadded", "mphantom", "menclose", "merror"}
INVISIBLE_OPERATORS = {"\u2061", "\u2062", "\u2063", "\u2064"}
PRIMES = {"\u2032", "\u2033", "\u2034", "\u2057"}


def _italic_table():
    table = {}

    def span(first, last, target):
        for offset in range(last - first + 1):
            table[chr(first + offset)] = chr(target + offset)

    span(0x41, 0x5A, 0x1D434)
    span(0x61, 0x7A, 0x1D44E)
    table["h"] = "\u210E"
    table["\u0131"] = "\U0001D6A4"
    table["\u0237"] = "\U0001D6A5"
    span(0x391, 0x3A1, 0x1D6E2)
    table["\u03F4"] = "\U0001D6F3"
    span(0x3A3, 0x3A9, 0x1D6F4)
    table["\u2207"] = "\U0001D6FB"
    span(0x3B1, 0x3C9, 0x1D6FC)
    table["\u2202"] = "\U0001D715"
    for source, target in zip("\u03F5\u03D1\u03F0\u03D5\u03F1\u03D6", range(0x1D716, 0x1D71C)):
        table[source] = chr(target)
    return table


ITALIC = _italic_table()


def _check_italic_table():
    """Every target is the MATHEMATICAL ITALIC form of its source, by name."""
    for source, target in ITALIC.items():
        name = unicodedata.name(target)
        if target == "\u210E":
            assert name == "PLANCK CONSTANT"
            continue
        assert name.startswith("MATHEMATICAL ITALIC "), (source, name)
        src = unicodedata.name(source)
        for old, new in [("LATIN ", ""), ("GREEK ", ""), ("LETTER ", ""), ("LUNATE ", "")]:
            src = src.replace(old, new)
        assert name == "MATHEMATICAL ITALIC " + src, (source, unicodedata.name(source), name)


def _local(tag):
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def _token_text(element):
    text = "".join(element.itertext())
    out, in_space = [], False
    for ch in text:
        if ch in " \t\n\r":
            if not in_space:
                out.append(" ")
            in_space = True
        else:
            out.append(ch)
            in_space = False
    return "".join(out).strip(" ").replace("\u00A0", " ")


def _write_text(text):
    if text and not any(c in text for c in ' ()"\\'):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Node:
    """A normalised node: a token (name, text) or an element (name, children)."""

    def __init__(self, name, text=None, children=None):
        self.name, self.text, self.children = name, text, children

    @property
    def is_token(self):
        return self.text is not None

    def write(self):
        if self.is_token:
            return self.name + ":" + _write_text(self.text)
        if not self.children:
            return self.name
        return self.name + "(" + " ".join(c.write() for c in self.children) + ")"


def _normalise(element):
    """The Node for `element`, or None when it disappears."""
    name = _local(element.tag)
    if name in ("annotation", "annotation-xml"):
        return None
    if name == "semantics":
        for child in element:
            if _local(child.tag) not in ("annotation", "annotation-xml"):
                return _normalise(child)
        return None
    if name in TOKENS:
        text = _token_text(element)
        if name == "mo" and text in INVISIBLE_OPERATORS:
            return None
        if name == "mo" and len(text) >= 2 and all(unicodedata.category(c).startswith("L") for c in text):
            return Node("mi", text=text)
        if name == "mi" and text in PRIMES:
            return Node("mo", text=text)
        if name == "mtext" and text and text.strip(" ") == "":
            return Node("mspace", children=[])
        if name == "mi" and len(text) == 1:
            variant = (element.get("mathvariant") or "").strip(" \t\n\r").lower()
            if variant != "normal":
                text = ITALIC.get(text, text)
        return Node(name, text=text)
    children = [n for n in (_normalise(c) for c in element) if n is not None]
    if name in ROW_CONTAINERS:
        flat = []
        for child in children:
            if child.name in ROWS and not child.is_token:
                flat.extend(child.children)
            elif child.is_token and child.text == "":
                continue
            else:
                flat.append(child)
        return Node(name, children=flat)
    fixed = []
    for child in children:
        if child.name in ROWS and not child.is_token:
            if len(child.children) == 1:
                fixed.append(child.children[0])
            else:
                fixed.append(Node("mrow", children=child.children))
        else:
            fixed.append(child)
    return Node(name, children=fixed)


def skeleton(mathml):
    """The skeleton of a `<math>` string (raises ET.ParseError if not XML)."""
    root = ET.fromstring(mathml)
    if _local(root.tag) != "math":
        raise ET.ParseError(f"the root element is <{_local(root.tag)}>, not <math>")
    items = _normalise(root).children
    if len(items) == 1:
        return items[0].write()
    if not items:
        return ""
    return Node("mrow", children=items).write()


def _self_test():
    _check_italic_table()
    cases = {
        '<math><mrow><mi>x</mi><mo>=</mo><mfrac><mrow><mn>1</mn></mrow><mn>2</mn></mfrac></mrow></math>':
            "mrow(mi:𝑥 mo:= mfrac(mn:1 mn:2))",
        '<math display="block"><semantics><mrow><mi>tanh</mi><mo>&#x2061;</mo><mi>x</mi></mrow>'
        '<annotation encoding="application/x-tex">\\tanh x</annotation></semantics></math>':
            "mrow(mi:tanh mi:𝑥)",
        '<math><mtext>if&#xA0;</mtext><mtext> a  b </mtext><mi mathvariant="normal">d</mi>'
        '<mi mathvariant="bold">x</mi><mi>𝐱</mi></math>':
            'mrow(mtext:"if " mtext:"a b" mi:d mi:𝑥 mi:𝐱)',
        '<math><msup><mi>e</mi><mrow><mrow><mo>−</mo><mi>x</mi></mrow></mrow></msup></math>':
            "msup(mi:𝑒 mrow(mo:− mi:𝑥))",
        '<math><mrow><mo>(</mo><mo/><mo>lim</mo><msup><mi>f</mi><mi>′</mi></msup><mo>)</mo></mrow></math>':
            'mrow(mo:"(" mi:lim msup(mi:𝑓 mo:′) mo:")")',
        '<math><msqrt><mrow><mi>x</mi></mrow></msqrt><mspace width="1em"/><mstyle><mi>Γ</mi></mstyle></math>':
            "mrow(msqrt(mi:𝑥) mspace mi:𝛤)",
        '<math><mfrac><mrow></mrow><mstyle><mn>1</mn><mn>2</mn></mstyle></mfrac></math>':
            "mfrac(mrow mrow(mn:1 mn:2))",
        '<math><mi>a</mi><mtext>&#xA0;</mtext><mtext> </mtext><mi mathvariant="normal">ab</mi></math>':
            "mrow(mi:𝑎 mspace mi:ab)",
    }
    for mathml, expected in cases.items():
        got = skeleton(mathml)
        assert got == expected, (mathml, got, expected)


# ---------------------------------------------------------------- main

def main():
    _self_test()
    converter = latex2mathml_converter()
    version = importlib.metadata.version("latex2mathml")
    corpus = json.loads((HERE / "corpus.json").read_text(encoding="utf-8"))
    review_path = HERE / "review.json"
    review = json.loads(review_path.read_text(encoding="utf-8")) if review_path.exists() else {}
    draft = "--draft" in sys.argv
    reference, missing = {}, []
    for formula in corpus:
        entry = {}
        try:
            mathml = converter.convert(formula["tex"], display="block" if formula["display"] else "inline")
        except Exception as error:  # latex2mathml raises many kinds
            entry["latex2mathml"] = None
            entry["error"] = f"{type(error).__name__}: {error}"
            entry["skeleton"] = None
        else:
            entry["latex2mathml"] = mathml
            try:
                entry["skeleton"] = skeleton(mathml)
            except ET.ParseError as error:
                entry["skeleton"] = None
                entry["xml_error"] = f"not well-formed XML: {error}"
        judgement = review.get(formula["id"])
        if judgement is None:
            missing.append(formula["id"])
        else:
            entry["latex2mathml_ok"] = judgement["ok"]
            if not judgement["ok"]:
                entry["why"] = judgement["why"]
            entry["skeleton_ok"] = judgement.get("skeleton_ok", judgement["ok"])
        reference[formula["id"]] = entry
    unknown = sorted(set(review) - set(reference))
    if unknown:
        sys.exit(f"review.json judges formulas that are not in the corpus: {', '.join(unknown)}")
    if missing and not draft:
        sys.exit(f"review.json does not judge: {', '.join(missing)}")
    out = HERE / "reference.json"
    with out.open("w", encoding="utf-8") as fh:
        fh.write("{\n")
        fh.write(",\n".join(
            f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
            for key, value in reference.items()))
        fh.write("\n}\n")
    converted = sum(1 for e in reference.values() if e["latex2mathml"] is not None)
    well_formed = sum(1 for e in reference.values() if e["skeleton"] is not None)
    right = sum(1 for e in reference.values() if e.get("latex2mathml_ok"))
    skeleton_right = sum(1 for e in reference.values() if e.get("skeleton_ok"))
    print(f"latex2mathml {version}: {len(corpus)} formulas, {converted} converted "
          f"({well_formed} as well-formed XML), {right} judged right, "
          f"{skeleton_right} with a right skeleton")
    if missing:
        print(f"draft: {len(missing)} formulas not judged yet")


if __name__ == "__main__":
    import importlib.metadata
    main()
