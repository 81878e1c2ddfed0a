#!/usr/bin/env python3
"""Search: index size, query time, and the Chinese segmentation that was chosen.

    python3 Benchmarks/SiteBuilds/search_benchmark.py [--docs docs] [--lessons 200]
                                                       [--runs 5] [--primer PATH] [--smoke]

On two sites — the current lessons (--docs, as built) and a generated site
of --lessons lessons (half English, half Chinese: headings and paragraphs
drawn, seeded, from the current lessons' own search text, so the words are
real; no code, so it builds in seconds) — it prints:

  size        the index (assets/search/index.js, loaded on first use), the
              pages' texts (loaded per page found) and the script, in bytes
              and as a share of the site
  queries     20 queries (10 English, 10 Chinese) typed into the search box
              of a page opened from file:// in headless Chromium: the first
              one (which loads the index), then each query's median over
              --runs, results shown; against the baseline of the same run,
              a plain scan of the whole site's text for the same words
              (what a site without an index does, after loading all of it)

and, on the current lessons' Chinese text, how well each way of cutting
Chinese into terms finds what a reader types: for 40 words, the sections
that contain the word are the truth; each segmentation's index finds the
sections whose terms include the query's terms. Precision and recall,
summed over the words, for character bigrams (the index alone), bigrams
with the adjacency check search.js does, ICU's dictionary word breaks
(Debian's python3-icu), and jieba (PyPI), in its precise and search modes.
A segmenter that cannot run fails the benchmark.
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "browser"))
from site_benchmark import build_primer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

QUERIES = [
    "gradient", "vanishing gradient", "dead relu", "zero-centred", "saturation",
    "xavier initialisation", "learning rate", "sigmoid derivative", "softplus", "adagrad",
    "梯度消失", "死亡", "稀疏", "饱和", "以零为中心", "学习率", "初始化", "收敛", "ReLU 稀疏", "导数",
]

# Words a reader of the Chinese lessons types, for the segmentation measurement.
CHINESE_WORDS = [
    "梯度消失", "梯度", "消失", "死亡", "稀疏", "稀疏性", "饱和", "激活函数", "激活", "导数", "神经元", "以零为中心",
    "零为中心", "收敛", "学习率", "初始化", "权重", "偏置", "反向传播", "指数", "均值", "方差", "过拟合", "次梯度",
    "折角", "训练", "损失", "锯齿", "种子", "网络", "批量", "非线性", "平均值", "正态分布", "计算", "速度", "对称",
    "标准差", "中位数", "深层网络",
]


def fail(message):
    print(f"search_benchmark: error: {message}", file=sys.stderr)
    sys.exit(1)


# ---- The site's search files ----

def read_site(docs):
    """[(page path, language, [(heading, text)])] from the index and texts."""
    pages = []
    index = (docs / "assets/search/index.js").read_text(encoding="utf-8")
    for line in index.splitlines():
        if not line.startswith('["'):
            continue
        path, language, _title, _anchors, headings = json.loads(line.rstrip(","))[:5]
        shard = (docs / "assets/search/text" / path).with_suffix(".js").read_text(encoding="utf-8")
        texts = json.loads(shard[shard.index(",[") + 1:shard.rindex(");")])
        pages.append((path, language, list(zip(headings, texts))))
    if not pages:
        fail(f"{docs} has no search index")
    return pages


def sizes(docs):
    total = sum(f.stat().st_size for f in docs.rglob("*") if f.is_file())
    index = (docs / "assets/search/index.js").stat().st_size
    texts = sum(f.stat().st_size for f in (docs / "assets/search/text").rglob("*.js"))
    script = (docs / "assets/search.js").stat().st_size
    pages = sum(1 for _ in (docs / "assets/search/text").rglob("*.js"))
    shards = [f.stat().st_size for f in (docs / "assets/search/terms").glob("*.js")]
    return {"site": total, "index": index, "terms": sum(shards), "texts": texts, "script": script, "pages": pages,
            "shards": len(shards), "largest shard": max(shards), "median shard": statistics.median(shards)}


def print_sizes(name, size):
    print(f"\n{name}: {size['pages']} pages, site {size['site']:,} bytes")
    for part, label in [("index", "index: pages, sections (on first use)"), ("terms", f"terms: {size['shards']} shards (per query)"),
                        ("texts", "pages' texts (per page found)"), ("script", "search script (every page)")]:
        print(f"  {label:38} {size[part]:>11,} bytes  {100 * size[part] / size['site']:5.1f} % of the site")
    print(f"  {'a shard: median, largest':38} {size['median shard']:>11,.0f} / {size['largest shard']:,} bytes")


# ---- A generated site ----

def escaped(text):
    """Markdown text that shows as `text`: every ASCII punctuation escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def generate_site(folder, lesson_count, source_pages, seed=1):
    rng = random.Random(seed)
    content = folder / "Content"
    by_language = {}
    for _path, language, sections in source_pages:
        by_language.setdefault(language, []).extend(section for section in sections if section[1])
    (content / "en").mkdir(parents=True)
    (content / "zh").mkdir()
    (content / "primer.yml").write_text("title: {en: Generated, zh: 生成}\nlanguages: [en, zh]\n", encoding="utf-8")
    for number in range(lesson_count):
        language = "en" if number % 2 == 0 else "zh"
        pool = by_language[language]
        lines = [f"---\ntitle: Lesson {number}\nlang: {language}\norder: {number}\n---\n"]
        for _ in range(6):
            heading, _ = rng.choice(pool)
            lines.append(f"## {escaped(heading)}\n")
            for _ in range(3):
                text = rng.choice(pool)[1]
                start = rng.randrange(max(1, len(text) - 600))
                lines.append(escaped(text[start:start + 600]) + "\n")
        (content / language / f"lesson-{number:03}.md").write_text("\n".join(lines), encoding="utf-8")


# ---- Query time in the browser ----

QUERY_SCRIPT = """async (queries, runs) => {
  const timings = [];
  const started = performance.now();
  await primerSearch.query(queries[0]);
  const first = performance.now() - started;
  for (const query of queries) {
    const times = [];
    let shown = 0;
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      shown = (await primerSearch.query(query)).length;
      times.push(performance.now() - start);
    }
    const cold = times[0];
    times.sort((a, b) => a - b);
    timings.push({query, cold, median: times[Math.floor(times.length / 2)], links: shown});
  }
  return {first, timings};
}"""

# The baseline: every page's text loaded, then scanned for the query's
# words (normalised as search.js does) — search without an index.
SCAN_SCRIPT = """async (files, queries, runs) => {
  const texts = new Map();
  primerSearch.text = (path, sections) => texts.set(path, sections);
  const started = performance.now();
  await Promise.all(files.map((file) => new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = file;
    script.onload = script.onerror = resolve;
    document.head.appendChild(script);
  })));
  const load = performance.now() - started;
  const sections = [...texts.values()].flat();
  const normal = (t) => Array.from(t, (c) => c.normalize("NFKD").replace(/\\p{M}/gu, "").toLowerCase()).join("");
  const timings = [];
  for (const query of queries) {
    const words = normal(query).split(/\\s+/).filter(Boolean);
    const times = [];
    let found = 0;
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      found = sections.filter((text) => { const t = normal(text); return words.every((w) => t.includes(w)); }).length;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    timings.push({query, median: times[Math.floor(times.length / 2)], found});
  }
  return {load, timings};
}"""


def time_queries(docs, page, runs):
    from run_browser_tests import configure, launch
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        fail("chromium not found (apt-get install chromium)")
    paths = [path for path, _, _ in read_site(docs)]
    with tempfile.TemporaryDirectory() as profile:
        devtools = launch(chromium, profile, file_access=False)
        try:
            configure(devtools, 1280, "light")
            devtools.send("Page.navigate", {"url": (docs / page).as_uri()})
            devtools.wait_for("Page.loadEventFired")
            search = devtools.evaluate(f"({QUERY_SCRIPT})({json.dumps(QUERIES)}, {runs})")
            devtools.send("Page.navigate", {"url": (docs / page).as_uri()})
            devtools.wait_for("Page.loadEventFired")
            files = [(docs / "assets/search/text" / path).with_suffix(".js").as_uri() for path in paths]
            scan = devtools.evaluate(f"({SCAN_SCRIPT})({json.dumps(files)}, {json.dumps(QUERIES)}, {runs})")
        finally:
            devtools.close()
    return search, scan


def print_queries(name, search, scan):
    print(f"\n{name}: query time in Chromium, from file:// (links shown; first run, which loads the query's shards and "
          "the found pages' texts, and the median of the runs)")
    print(f"  the first query, which loads the index too: {search['first']:.1f} ms; "
          f"the scan's baseline first loads every page's text: {scan['load']:.1f} ms")
    print(f"  {'query':24} {'first':>9} {'search':>9} {'links':>6} {'text scan':>10} {'sections':>9} {'ratio':>7}")
    for mine, theirs in zip(search["timings"], scan["timings"]):
        ratio = theirs["median"] / mine["median"] if mine["median"] > 0 else float("inf")
        print(f"  {mine['query']:24} {mine['cold']:6.1f} ms {mine['median']:6.2f} ms {mine['links']:6} "
              f"{theirs['median']:7.2f} ms {theirs['found']:9} {ratio:6.1f}×")
    total = sum(t["median"] for t in search["timings"])
    total_scan = sum(t["median"] for t in scan["timings"])
    cold = sum(t["cold"] for t in search["timings"])
    print(f"  {'all 20':24} {cold:6.1f} ms {total:6.1f} ms {'':6} {total_scan:7.1f} ms {'':9} {total_scan / total:6.1f}×  "
          f"(search renders its results; the scan only counts sections)")


# ---- Segmentation ----

def bigrams(text):
    return {text[i:i + 2] for i in range(len(text) - 1)}


def icu_words(texts):
    """ICU's word breaks for each text, through Debian's python3-icu."""
    program = (
        "import icu, json, sys\n"
        "texts = json.load(sys.stdin)\n"
        "breaker = icu.BreakIterator.createWordInstance(icu.Locale('zh'))\n"
        "result = []\n"
        "for text in texts:\n"
        "    breaker.setText(text)\n"
        "    bounds = [0] + list(breaker)\n"
        "    result.append([text[a:b] for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()])\n"
        "json.dump(result, sys.stdout)\n")
    for python in ["/usr/bin/python3", sys.executable]:
        if not os.path.exists(python):
            continue
        done = subprocess.run([python, "-c", program], input=json.dumps(texts), capture_output=True, text=True)
        if done.returncode == 0:
            return json.loads(done.stdout)
    fail("ICU's word breaks cannot run: apt-get install python3-icu")


def segmentation(pages):
    try:
        import jieba
    except ImportError:
        fail("jieba cannot run: python3 -m pip install jieba")
    jieba.setLogLevel(60)
    sections = [heading + " " + text for _path, language, page in pages if language == "zh" for heading, text in page]
    words = CHINESE_WORDS
    truth = [{i for i, section in enumerate(sections) if word in section} for word in words]
    pair_terms = [bigrams(section) for section in sections]
    pair_queries = [bigrams(word) if len(word) > 1 else {word} for word in words]
    icu_sections = [set(terms) for terms in icu_words(sections)]
    icu_queries = [set(terms) for terms in icu_words(words)]
    methods = [
        ("bigrams, index alone", pair_terms, pair_queries, False),
        ("bigrams + adjacency (shipped)", pair_terms, pair_queries, True),
        ("ICU word breaks", icu_sections, icu_queries, False),
        ("jieba, precise mode", [set(jieba.cut(s)) for s in sections], [set(jieba.cut(w)) for w in words], False),
        ("jieba, search mode", [set(jieba.cut_for_search(s)) for s in sections], [set(jieba.cut_for_search(w)) for w in words], False),
    ]
    print(f"\nChinese segmentation: {len(words)} words a reader types, over the {len(sections)} Chinese sections "
          "of the current lessons (truth: the sections that contain the word)")
    print(f"  {'segmentation':30} {'precision':>9} {'recall':>7}   words missed somewhere")
    for name, section_terms, query_terms, adjacency in methods:
        found_total = correct_total = truth_total = 0
        missed = []
        for word, query, true in zip(words, query_terms, truth):
            found = {i for i, terms in enumerate(section_terms) if query <= terms}
            if adjacency:
                found = {i for i in found if word in sections[i]}
            found_total += len(found)
            correct_total += len(found & true)
            truth_total += len(true)
            if true - found:
                missed.append(word)
        precision = correct_total / found_total if found_total else 1.0
        recall = correct_total / truth_total if truth_total else 1.0
        shown = "、".join(missed[:6]) + ("…" if len(missed) > 6 else "")
        print(f"  {name:30} {100 * precision:8.1f}% {100 * recall:6.1f}%   {len(missed):2} of {len(words)} {shown}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the current lessons' site (default docs)")
    parser.add_argument("--lessons", type=int, default=200, help="lessons of the generated site (default 200)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each query (default 5)")
    parser.add_argument("--primer", type=lambda p: Path(p).resolve(), help="a primer executable (default: build release primer)")
    parser.add_argument("--smoke", action="store_true", help="40 lessons, one run: that everything works")
    arguments = parser.parse_args()
    if arguments.smoke:
        arguments.lessons, arguments.runs = 40, 1
    docs = arguments.docs.resolve()
    current = read_site(docs)
    segmentation(current)

    print_sizes("Current lessons", sizes(docs))
    print_queries("Current lessons", *time_queries(docs, "en/sigmoid.html", arguments.runs))

    primer = arguments.primer or build_primer()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        generate_site(folder, arguments.lessons, current)
        done = subprocess.run([primer, "build"], cwd=folder, capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"the generated site does not build:\n{done.stderr[-3000:]}")
        name = f"Generated site, {arguments.lessons} lessons"
        print_sizes(name, sizes(folder / "docs"))
        print_queries(name, *time_queries(folder / "docs", "en/lesson-000.html", arguments.runs))


if __name__ == "__main__":
    main()
