#!/usr/bin/env python3
"""Search from file://, in headless Chromium as a reader's browser runs it.

Chromium is started without --allow-file-access-from-files, as a reader's
is: the index and the pages' texts are scripts, which a page may load from
disk. Checked:

  box        every page has the search box, and without JavaScript none
  terms      the browser's terms are the index builder's, case for case
             (Tests/PrimerCoreTests/Fixtures/search/terms.json)
  queries    queries typed in both languages show the expected pages in the
             expected order, the reader's language first, linking to the
             expected heading, with the matched words marked; a Chinese
             query finds exactly the pages whose text has it (its bigrams
             alone are not enough)
  keyboard   "/" focuses the box, arrows move through the results, Escape
             closes them, Enter opens the first one
  phone      at 390 px the results fit the screen and their text is readable
  axe        no axe-core violation with the results open, light and dark

Usage: search_test.py [DOCS] [--screenshots DIR]
"""
import argparse
import base64
import json
import pathlib
import shutil
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from run_browser_tests import configure, find_axe, launch  # noqa: E402

TERMS = pathlib.Path(__file__).resolve().parents[1] / "PrimerCoreTests/Fixtures/search/terms.json"

# (page searched from, query, the first pages in order, the first result's
# heading anchor or None for any, words that must be marked)
QUERIES = [
    ("en/sigmoid.html", "dead relu", ["en/relu.html"], "dead-units", {"Dead", "ReLU"}),
    ("en/relu.html", "subgradient", ["en/relu.html"], "the-kink-at-zero", {"subgradient"}),
    ("en/sigmoid.html", "zero-centred", ["en/zero-centred.html"], None, {"centred"}),
    ("en/sigmoid.html", "gradients", ["en/relu.html", "en/sigmoid.html"], None, {"gradient"}),
    ("en/tanh.html", "saturat", ["en/tanh.html"], None, {"saturates"}),
    ("en/sigmoid.html", "XÁVIER", None, None, {"Xavier"}),
    ("zh/sigmoid.html", "梯度消失", None, None, {"梯度消失"}),
    ("zh/sigmoid.html", "死亡", ["zh/relu.html", "zh/comparison.html"], "死亡的神经元", {"死亡"}),
    ("zh/relu.html", "ReLU 稀疏", ["zh/relu.html"], "稀疏性", {"ReLU", "稀疏"}),
    ("zh/tanh.html", "饱和", ["zh/tanh.html"], None, {"饱和"}),
    ("en/welcome.html", "稀疏", ["zh/relu.html"], "稀疏性", {"稀疏"}),
]
# Chinese queries whose result must be exactly the pages that contain them.
EXACT = ["梯度消失", "死亡", "平均值", "以零为中心"]


class Search:
    def __init__(self, devtools, docs):
        self.devtools = devtools
        self.docs = docs

    def open(self, page):
        self.devtools.events.clear()
        self.devtools.send("Page.navigate", {"url": (self.docs / page).as_uri()})
        self.devtools.wait_for("Page.loadEventFired")

    def key(self, key, code=None, text=None):
        down = {"type": "keyDown", "key": key, "code": code or key}
        if text:
            down["text"] = text
        self.devtools.send("Input.dispatchKeyEvent", down)
        self.devtools.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code or key})

    def type(self, query):
        """Focuses the box with "/" and types the query one character at a time."""
        self.key("/", "Slash", "/")
        assert self.evaluate("document.activeElement.id") == "site-search-input", "'/' did not focus the search box"
        self.evaluate("document.activeElement.value = ''")
        for character in query:
            self.devtools.send("Input.insertText", {"text": character})
        return self.results(query)

    def results(self, query):
        """Waits until the results for `query` are shown; returns them."""
        return self.evaluate(f"""new Promise((resolve, reject) => {{
          const started = performance.now();
          const poll = () => {{
            const panel = document.getElementById("site-search-results");
            if (panel && panel.dataset.query === {json.dumps(query)} && !panel.hidden) {{
              resolve({{
                status: panel.querySelector(".site-search-status").textContent,
                pages: [...panel.querySelectorAll("li[lang]")].map(li => ({{
                  href: new URL(li.querySelector("a").href).pathname,
                  language: li.lang,
                  sections: [...li.querySelectorAll(":scope > ol a")].map(a => decodeURIComponent(new URL(a.href).hash.slice(1))),
                  marks: [...li.querySelectorAll("mark")].map(m => m.textContent),
                }})),
                editions: [...panel.querySelectorAll(".site-search-edition")].map(p => p.lang),
              }});
            }} else if (performance.now() - started > 10000) {{
              reject(new Error("no results shown for " + {json.dumps(query)}));
            }} else {{
              setTimeout(poll, 10);
            }}
          }};
          poll();
        }})""")

    def evaluate(self, expression):
        return self.devtools.evaluate(expression)


def page_path(docs, href):
    return str(pathlib.Path(href).relative_to(docs.resolve()))


def pages_containing(docs, text):
    """The pages whose search text (headings or sections) contains `text`."""
    found = set()
    index = (docs / "assets/search/index.js").read_text(encoding="utf-8")
    headings = {}
    for line in index.splitlines():
        if line.startswith('["'):
            entry = json.loads(line.rstrip(","))
            headings[entry[0]] = entry[4]
    for path, page_headings in headings.items():
        shard = (docs / "assets/search/text" / path).with_suffix(".js").read_text(encoding="utf-8")
        texts = json.loads(shard[shard.index(",[") + 1:shard.rindex(");")])
        if any(text in heading or text in body for heading, body in zip(page_headings, texts)):
            found.add(path)
    return found


def bigrams_apart(docs, text):
    """Pages with a section that has every bigram of `text` but not `text`."""
    pairs = [text[i:i + 2] for i in range(len(text) - 1)]
    found = set()
    for shard_path in (docs / "assets/search/text").rglob("*.js"):
        shard = shard_path.read_text(encoding="utf-8")
        path = shard[len('primerSearch.text("'):shard.index('",')]
        for body in json.loads(shard[shard.index(",[") + 1:shard.rindex(");")]):
            if all(pair in body for pair in pairs) and text not in body:
                found.add(path)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", default="docs")
    parser.add_argument("--screenshots", type=pathlib.Path, help="save the open results as PNGs here")
    arguments = parser.parse_args()
    docs = pathlib.Path(arguments.docs).resolve()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("search: error: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    failures = []
    checks = 0

    def check(condition, message):
        nonlocal checks
        checks += 1
        if not condition:
            failures.append(message)

    with tempfile.TemporaryDirectory() as profile:
        devtools = launch(chromium, profile, file_access=False)
        search = Search(devtools, docs)
        try:
            configure(devtools, 1280, "light")

            # box: on every page; none without JavaScript.
            for page in sorted(docs.rglob("*.html")):
                relative = str(page.relative_to(docs))
                search.open(relative)
                check(search.evaluate("!!document.querySelector('header .site-search input[type=search]')"),
                      f"box: {relative} has no search box")
            devtools.send("Emulation.setScriptExecutionDisabled", {"value": True})
            search.open("en/sigmoid.html")
            check(search.evaluate("document.querySelectorAll('input, .site-search').length") == 0,
                  "box: without JavaScript the page still has a search control")
            devtools.send("Emulation.setScriptExecutionDisabled", {"value": False})

            # terms: the browser's against the index builder's.
            search.open("en/sigmoid.html")
            for case in json.loads(TERMS.read_text(encoding="utf-8"))["cases"]:
                terms = search.evaluate(f"primerSearch.tokenize({json.dumps(case['text'])})")
                check(terms == case["terms"], f"terms: {case['text']!r} gives {terms}, the index builder {case['terms']}")

            # queries.
            for page, query, first_pages, anchor, marked in QUERIES:
                search.open(page)
                shown = search.type(query)
                found = [page_path(docs, result["href"]) for result in shown["pages"]]
                language = page.split("/")[0]
                label = f"queries: {query!r} from {page}"
                check(found, f"{label}: no results")
                if first_pages:
                    check(found[:len(first_pages)] == first_pages, f"{label}: first pages {found[:len(first_pages)]}, expected {first_pages}")
                if anchor and found:
                    check(shown["pages"][0]["sections"][:1] == [anchor],
                          f"{label}: first result links to #{shown['pages'][0]['sections'][:1]}, expected #{anchor}")
                languages = [result["language"] for result in shown["pages"]]
                check(languages == sorted(languages, key=lambda code: code != language),
                      f"{label}: the reader's language ({language}) is not first: {languages}")
                check(set(shown["editions"]) == set(languages) - {language}, f"{label}: editions labelled {shown['editions']}")
                marks = {mark for result in shown["pages"] for mark in result["marks"]}
                check(marked <= marks, f"{label}: marked {sorted(marks)[:12]}, expected {sorted(marked)} among them")

            for query in EXACT:
                search.open("zh/sigmoid.html")
                shown = search.type(query)
                found = {page_path(docs, result["href"]) for result in shown["pages"]}
                expected = pages_containing(docs, query)
                check(found == expected, f"queries: {query!r} found {sorted(found)}; the pages that contain it: {sorted(expected)}")
            check(bigrams_apart(docs, "平均值"), "queries: no page has 平均 and 均值 apart, so '平均值' tests nothing")

            # keyboard.
            search.open("en/sigmoid.html")
            search.type("dead relu")
            search.key("ArrowDown")
            first = search.evaluate("document.activeElement.getAttribute('href')")
            search.key("ArrowDown")
            second = search.evaluate("document.activeElement.getAttribute('href')")
            check(first and first.endswith("relu.html") and second and second.endswith("relu.html#dead-units"),
                  f"keyboard: ArrowDown focused {first}, then {second}")
            search.key("ArrowUp")
            search.key("ArrowUp")
            check(search.evaluate("document.activeElement.id") == "site-search-input", "keyboard: ArrowUp did not return to the box")
            search.key("Escape")
            check(search.evaluate("document.getElementById('site-search-results').hidden"), "keyboard: Escape left the results open")
            search.type("dead relu")
            devtools.events.clear()
            search.key("Enter", "Enter", "\r")
            devtools.wait_for("Page.loadEventFired")
            location = search.evaluate("location.pathname.split('/').slice(-2).join('/') + location.hash")
            check(location == "en/relu.html#dead-units", f"keyboard: Enter opened {location}")

            # phone, axe, screenshots.
            axe = find_axe()
            axe_source = axe.read_text(encoding="utf-8") if axe and axe.is_file() else None
            check(axe_source, "axe: axe.min.js not found (pip install --no-deps -r Tests/browser/requirements.txt)")
            for width, scheme, page, query in [(390, "light", "zh/sigmoid.html", "梯度消失"), (390, "dark", "en/sigmoid.html", "gradients"),
                                               (1280, "dark", "zh/relu.html", "ReLU 稀疏"), (1280, "light", "en/sigmoid.html", "dead relu")]:
                configure(devtools, width, scheme)
                search.open(page)
                search.type(query)
                label = f"{width} px {scheme}, {query!r}"
                box = search.evaluate("""(() => { const r = document.getElementById('site-search-results').getBoundingClientRect();
                  const size = parseFloat(getComputedStyle(document.querySelector('.site-search-excerpt')).fontSize);
                  return {left: r.left, right: r.right, size, scroll: document.documentElement.scrollWidth}; })()""")
                check(box["left"] >= 0 and box["right"] <= width and box["scroll"] <= width, f"phone: {label}: results overflow: {box}")
                check(box["size"] >= 12, f"phone: {label}: excerpt text is {box['size']} px")
                if axe_source:
                    search.evaluate(axe_source + ";true")
                    violations = search.evaluate("""axe.run(document, {resultTypes: ['violations']}).then(r =>
                      r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')))""")
                    check(not violations, f"axe: {label}: {violations}")
                if arguments.screenshots:
                    arguments.screenshots.mkdir(parents=True, exist_ok=True)
                    image = devtools.send("Page.captureScreenshot", {"format": "png"})["data"]
                    name = f"search-{width}-{scheme}-{page.replace('/', '-')}.png"
                    (arguments.screenshots / name).write_bytes(base64.b64decode(image))
        finally:
            devtools.close()

    for failure in failures:
        print(f"search: {failure}")
    print(f"search: {checks - len(failures)} of {checks} checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
