#!/usr/bin/env python3
"""Browser tests of the built site: every page in headless Chromium.

    python3 Tests/browser/run_browser_tests.py [DOCS] [--report-only]
        [--width 390 --width 1280] [--scheme light --scheme dark]
        [--page en/gallery.html]... [--baseline FILE] [--save-baseline FILE]
        [--json FILE] [--verbose]

DOCS (default docs/) is the built site. Each page (DOCS/**/*.html, opened from
file://) is loaded at each width (390 x 844 as a phone, 1280 x 900 as a
desktop) in each colour scheme (prefers-color-scheme light and dark, set with
Emulation.setEmulatedMedia), and these rules are checked:

  axe            no axe-core violation (every rule axe runs by default);
  overflow       the page does not scroll sideways
                 (document.scrollingElement.scrollWidth <= viewport width);
  svg-text-size  no SVG <text> is rendered below 11 CSS px: its computed
                 font-size times the scale of its user space on screen
                 (getScreenCTM, i.e. rendered width / viewBox width);
  overlap        no two labels of one plot (the <text> elements of one SVG:
                 title, tick labels, axis labels, annotations, legend and rule
                 labels) have intersecting bounding boxes, and the header's
                 items (site title, language links) do not intersect;
  header-wrap    no word of the header wraps: the site title stays on one line,
                 and the items take at most two rows (on a phone the language
                 links may go under the title, but never break);
  layout         a cell's code and output are one box (touching, no rounded
                 corners where they meet); heading anchors are out of the
                 heading's flow, on screen, and visible on touch screens;
  links          every a[href] and every resource (img, script, link, source,
                 SVG use, and whatever the page requested) pointing at a
                 file:// target exists, and every #fragment names an element
                 id (or a[name]) of its target page. Checked once per page
                 (width and scheme "any"): links do not depend on either.

One line is printed per failure, `page width scheme rule: detail`, then the
closing line `browser: N passed, M failed`, where a check is one rule on one
page in one configuration (links: one page).

--report-only prints the same and exits 0 even when checks fail (CI uses it
while the site's known defects are being fixed). --save-baseline FILE writes
the failures as JSON; --baseline FILE reads such a file and counts failures
that are in it as known (printed with `known`, not failing the run), so only
new failures fail.

Chromium is driven over the DevTools protocol through a pipe, as
scripts/screenshot does: nothing but Python 3, the `chromium` command
(Debian's package chromium; $CHROMIUM to use another) and axe-core's
axe.min.js are needed. axe.min.js is taken from $AXE_JS, or from the PyPI
package axe-playwright-python (see requirements.txt; installed with
--no-deps, only its bundled axe.min.js is used).
"""

import argparse
import html.parser
import importlib.util
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

RULES = ("axe", "overflow", "svg-text-size", "overlap", "header-wrap", "layout")
PAGE_RULE = "links"
MIN_SVG_TEXT_PX = 11.0
HEIGHTS = {390: 844, 1280: 900}
TIMEOUT = 60  # seconds for any one DevTools reply


class DevTools:
    """The DevTools protocol over Chromium's pipe: file descriptor 3 to the
    browser, 4 from it; messages are JSON ended by a NUL byte."""

    def __init__(self, command):
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        os.set_inheritable(to_browser_read, True)
        os.set_inheritable(from_browser_write, True)

        def child_pipes():
            reading, writing = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_pipes, pass_fds=(3, 4, to_browser_read, from_browser_write))
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, browser=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self):
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_browser], [], [], TIMEOUT)
            if not ready:
                raise RuntimeError(f"Chromium sent nothing for {TIMEOUT} s")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method):
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            event = self.receive()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise RuntimeError(f"script failed: {text}")
        return result["result"].get("value")

    def close(self):
        try:
            self.send("Browser.close", browser=True)
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# Runs in the page after load and fonts; returns what the rules need.
MEASURE = r"""
(() => {
  const width = WIDTH;
  const rect = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const intersection = (a, b) => ({
    w: Math.min(a.right, b.right) - Math.max(a.left, b.left),
    h: Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)});
  const short = s => { s = (s || "").replace(/\s+/g, " ").trim(); return s.length > 40 ? s.slice(0, 39) + "…" : s; };
  const visible = e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    for (let n = e; n && n.nodeType === 1; n = n.parentNode) {
      const style = getComputedStyle(n);
      if (style.display === "none" || style.visibility === "hidden") return false;
    }
    return true;
  };
  const out = {};

  const scroller = document.scrollingElement || document.documentElement;
  out.scrollWidth = scroller.scrollWidth;
  out.widest = null;
  if (out.scrollWidth > width) {
    // The element reaching furthest right, to name the culprit.
    let best = null;
    for (const e of document.body.querySelectorAll("*")) {
      // What a scroll region or an SVG clips cannot widen the page.
      if (e.parentElement && e.parentElement.closest(".scroll, svg")) continue;
      const r = e.getBoundingClientRect();
      if (r.right > width && (!best || r.right > best.right)) best = {right: r.right, e};
    }
    if (best) out.widest = {tag: best.e.tagName.toLowerCase(), cls: best.e.getAttribute("class") || "", right: Math.round(best.right)};
  }

  // SVG text: rendered size and label overlaps, per SVG (outermost only).
  out.svgs = [];
  const svgs = [...document.querySelectorAll("svg")].filter(s => !s.parentElement.closest("svg"));
  svgs.forEach((svg, index) => {
    const name = svg.querySelector(":scope > title")?.textContent || svg.getAttribute("aria-label") || svg.id || `svg #${index + 1}`;
    const texts = [];
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim() || !visible(t)) continue;
      const ctm = t.getScreenCTM();
      const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      texts.push({text: short(t.textContent), size, box: rect(t.getBoundingClientRect())});
    }
    const overlaps = [];
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++) {
        const o = intersection(texts[i].box, texts[j].box);
        if (o.w > TOLERANCE && o.h > TOLERANCE) overlaps.push([texts[i].text, texts[j].text, Math.round(o.w * 10) / 10, Math.round(o.h * 10) / 10]);
      }
    // Labels over data: the marks drawn inside the plot area's clip (series
    // lines, areas' edges, markers, bars, rules), sampled along their outline
    // on screen; a label is not tested against marks of its own colour (its
    // own series or rule: direct labels and rule labels sit on them), nor
    // against a heat map's contour lines, which are texture like the grid.
    const colour = e => { const st = getComputedStyle(e); return st.stroke !== "none" ? st.stroke : st.fill; };
    const marks = [...svg.querySelectorAll("[clip-path] path, [clip-path] line, [clip-path] polyline, [clip-path] circle, [clip-path] rect, [clip-path] ellipse, [clip-path] polygon")]
      .filter(e => visible(e) && !e.classList.contains("contour"));
    const textNodes = [...svg.querySelectorAll("text")].filter(t => t.textContent.trim() && visible(t));
    const shrink = b => ({left: b.left + 1, top: b.top + 1, right: b.right - 1, bottom: b.bottom - 1});
    const labelBoxes = textNodes.map(t => ({text: short(t.textContent), box: shrink(t.getBoundingClientRect()), fill: getComputedStyle(t).fill}));
    for (const mark of marks) {
      const m = mark.getScreenCTM();
      if (!m || !mark.getTotalLength) continue;
      const length = mark.getTotalLength();
      if (!(length > 0)) continue;
      const step = Math.max(length / 1500, 1.5);
      const points = [];
      for (let l = 0; l <= length; l += step) points.push(mark.getPointAtLength(l).matrixTransform(m));
      const markColour = colour(mark);
      for (const label of labelBoxes) {
        if (label.fill === markColour) continue;
        const b = label.box;
        if (b.right <= b.left || b.bottom <= b.top) continue;
        const hits = points.filter(p => p.x > b.left && p.x < b.right && p.y > b.top && p.y < b.bottom).length;
        const what = "data: <" + mark.tagName + "> " + (mark.getAttribute("style") || markColour).replace(/^(stroke|fill):/, "");
        if (hits >= 2 && !overlaps.some(o => o[0] === label.text && o[1] === what)) overlaps.push([label.text, what, null, null]);
      }
    }
    const sizes = texts.map(t => t.size);
    const small = texts.filter(t => t.size < MIN_PX);
    small.sort((a, b) => a.size - b.size);
    out.svgs.push({name: short(name), count: texts.length, min: sizes.length ? Math.min(...sizes) : null,
                   small: small.length, smallest: small.length ? small[0].text : null, overlaps});
  });

  // The header: site title and language links.
  const header = document.querySelector("header.site-header, body > header");
  out.header = null;
  if (header) {
    const items = [...header.querySelectorAll(".site-title, .language-switch a")].filter(visible);
    const boxes = items.map(e => ({text: short(e.textContent), box: rect(e.getBoundingClientRect())}));
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const o = intersection(boxes[i].box, boxes[j].box);
        if (o.w > 0.5 && o.h > 0.5) overlaps.push([boxes[i].text, boxes[j].text]);
      }
    // Rows: items whose vertical extents do not meet are on different rows.
    const rows = [];
    for (const b of boxes) {
      const row = rows.find(r => Math.min(r.bottom, b.box.bottom) - Math.max(r.top, b.box.top) > 0);
      if (row) { row.top = Math.min(row.top, b.box.top); row.bottom = Math.max(row.bottom, b.box.bottom); }
      else rows.push({top: b.box.top, bottom: b.box.bottom});
    }
    // Lines of the title: distinct tops of its text's line boxes.
    let titleLines = 0;
    const title = header.querySelector(".site-title");
    if (title && visible(title)) {
      const range = document.createRange();
      range.selectNodeContents(title);
      const tops = [];
      for (const r of range.getClientRects())
        if (r.width > 0 && !tops.some(t => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
      titleLines = tops.length;
    }
    out.header = {overlaps, rows: rows.length, titleLines};
  }

  // Layout: a cell's code and its output are one box (no gap, no rounded
  // corners where they meet); heading anchors take no room in the heading,
  // stay on screen, and show without hover on touch screens.
  out.layout = [];
  for (const output of document.querySelectorAll(".cell > .scroll.code + .scroll.output")) {
    const code = output.previousElementSibling;
    const gap = output.getBoundingClientRect().top - code.getBoundingClientRect().bottom;
    const radius = parseFloat(getComputedStyle(output).borderTopLeftRadius) + parseFloat(getComputedStyle(code).borderBottomLeftRadius);
    if (Math.abs(gap) > 1 || radius > 0)
      out.layout.push(`code and output of a cell not joined: ${Math.round(gap * 10) / 10} px apart, corner radius ${radius} px`);
  }
  const touch = matchMedia("(hover: none)").matches;
  for (const anchor of document.querySelectorAll(":is(h1, h2, h3, h4, h5, h6) > .anchor")) {
    const st = getComputedStyle(anchor);
    const r = anchor.getBoundingClientRect();
    const name = short(anchor.parentElement.textContent);
    if (st.position !== "absolute") out.layout.push(`anchor of "${name}" takes room in the heading`);
    else if (r.left < -0.5) out.layout.push(`anchor of "${name}" is off screen (left ${Math.round(r.left)} px)`);
    else if (touch && parseFloat(st.opacity) === 0) out.layout.push(`anchor of "${name}" is invisible on a touch screen`);
  }

  // Links and resources, resolved by the browser.
  out.links = [];
  const add = (kind, e, url) => { if (url) out.links.push({kind, tag: e.tagName.toLowerCase(), url: String(url)}); };
  for (const a of document.querySelectorAll("a[href], area[href]")) add("link", a, a.href);
  for (const e of document.querySelectorAll("img[src], script[src], iframe[src], source[src], audio[src], video[src], embed[src], track[src]")) add("resource", e, e.src);
  for (const e of document.querySelectorAll("link[href]")) add("resource", e, e.href);
  for (const e of document.querySelectorAll("object[data]")) add("resource", e, e.data);
  for (const e of document.querySelectorAll("img[srcset], source[srcset]"))
    for (const part of e.getAttribute("srcset").split(","))
      if (part.trim()) add("resource", e, new URL(part.trim().split(/\s+/)[0], document.baseURI).href);
  for (const e of document.querySelectorAll("use, image, feImage")) {
    const href = e.getAttribute("href") || e.getAttributeNS("http://www.w3.org/1999/xlink", "href");
    if (href) add(href.startsWith("#") ? "fragment" : "resource", e, new URL(href, document.baseURI).href);
  }
  out.ids = [...document.querySelectorAll("[id]")].map(e => e.id).concat([...document.querySelectorAll("a[name]")].map(e => e.name));
  return out;
})()
"""

AXE_RUN = r"""
axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: (n.failureSummary || "").split("\n").slice(1).join(" ").trim()}))
})))
"""


class IdCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)


def find_axe():
    if os.environ.get("AXE_JS"):
        return pathlib.Path(os.environ["AXE_JS"])
    # find_spec does not import the package (which would import playwright).
    for package in ("axe_playwright_python", "axe_core_python", "axe_selenium_python"):
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            for location in spec.submodule_search_locations:
                for candidate in sorted(pathlib.Path(location).rglob("axe.min.js")):
                    return candidate
    return None


class Failure(dict):
    """page, width, scheme, rule, detail; `key` is what a baseline matches."""

    @property
    def key(self):
        return (self["page"], str(self["width"]), self["scheme"], self["rule"], self["detail"])

    def line(self, known=False):
        mark = " known" if known else ""
        return f"{self['page']} {self['width']} {self['scheme']} {self['rule']}{mark}: {self['detail']}"


class Runner:
    def __init__(self, docs, devtools, axe_source, verbose=False):
        self.docs = docs.resolve()
        self.devtools = devtools
        self.axe_source = axe_source
        self.verbose = verbose
        self.ids_of_file = {}
        self.min_svg_text = {}  # width -> (size, page, svg, text)

    def load(self, url):
        devtools = self.devtools
        devtools.events.clear()
        devtools.send("Page.navigate", {"url": url})
        devtools.wait_for("Page.loadEventFired")
        devtools.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))")
        failed = []
        requests = {}
        for event in devtools.events:
            params = event.get("params", {})
            if event.get("method") == "Network.requestWillBeSent":
                requests[params["requestId"]] = params["request"]["url"]
            elif event.get("method") == "Network.loadingFailed" and params.get("requestId") in requests:
                failed.append((requests[params["requestId"]], params.get("errorText", "failed")))
        devtools.events.clear()
        return failed

    def check_page(self, relative, width, scheme, check_links):
        url = (self.docs / relative).as_uri()
        base = dict(page=relative, width=width, scheme=scheme)
        results = {rule: [] for rule in RULES}
        failed_requests = self.load(url)
        measured = self.devtools.evaluate(
            MEASURE.replace("WIDTH", str(width)).replace("TOLERANCE", "1").replace("MIN_PX", str(MIN_SVG_TEXT_PX)))

        # axe: one failure per rule and element.
        self.devtools.evaluate(self.axe_source + "\n;true")
        for violation in self.devtools.evaluate(AXE_RUN):
            for node in violation["nodes"]:
                detail = f"{violation['id']} ({violation['impact']}) {node['target']}"
                if node["summary"] and violation["id"] in ("color-contrast", "color-contrast-enhanced"):
                    detail += " — " + node["summary"].split(". ")[0].replace("Element has insufficient color contrast of ", "")
                results["axe"].append(detail)

        if measured["scrollWidth"] > width:
            culprit = measured["widest"]
            where = f"; widest: <{culprit['tag']} class=\"{culprit['cls']}\"> to {culprit['right']} px" if culprit else ""
            results["overflow"].append(f"scrollWidth {measured['scrollWidth']} px > viewport {width} px{where}")

        for svg in measured["svgs"]:
            if svg["min"] is not None:
                smallest = self.min_svg_text.get(width)
                if smallest is None or svg["min"] < smallest[0]:
                    self.min_svg_text[width] = (svg["min"], relative, svg["name"])
            if svg["small"]:
                results["svg-text-size"].append(
                    f"\"{svg['name']}\": {svg['small']} of {svg['count']} text elements below {MIN_SVG_TEXT_PX:g} px"
                    f" (smallest {svg['min']:.1f} px, \"{svg['smallest']}\")")
            for a, b, w, h in svg["overlaps"]:
                if w is None:
                    results["overlap"].append(f"\"{svg['name']}\": label \"{a}\" lies on {b}")
                else:
                    results["overlap"].append(f"\"{svg['name']}\": \"{a}\" and \"{b}\" intersect ({w} x {h} px)")

        header = measured["header"]
        if header:
            for a, b in header["overlaps"]:
                results["overlap"].append(f"header: \"{a}\" and \"{b}\" intersect")
            if header["rows"] > 2 or header["titleLines"] > 1:
                lines = header["titleLines"]
                results["header-wrap"].append(
                    f"header items on {header['rows']} row(s), site title on {lines} line{'' if lines == 1 else 's'}")

        results["layout"] += measured["layout"]

        failures = [Failure(base, rule=rule, detail=detail) for rule in RULES for detail in results[rule]]
        checks = len(RULES)
        if check_links:
            checks += 1
            failures += [Failure(page=relative, width="any", scheme="any", rule=PAGE_RULE, detail=d)
                         for d in self.check_links(url, measured, failed_requests)]
        return checks, failures

    def ids_in(self, path):
        if path not in self.ids_of_file:
            collector = IdCollector()
            try:
                collector.feed(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                pass
            self.ids_of_file[path] = collector.ids
        return self.ids_of_file[path]

    def check_links(self, page_url, measured, failed_requests):
        problems = []
        seen = set()
        page_path = pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(page_url).path))
        for link in measured["links"]:
            key = (link["kind"], link["url"])
            if key in seen:
                continue
            seen.add(key)
            parts = urllib.parse.urlsplit(link["url"])
            if parts.scheme != "file":
                continue  # http(s), mailto and the like: not this site's files
            path = pathlib.Path(urllib.parse.unquote(parts.path))
            shown = self.shown(path)
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                problems.append(f"<{link['tag']}> {link['kind']} to {shown}: no such file")
                continue
            fragment = urllib.parse.unquote(parts.fragment)
            if fragment and fragment != "top":
                ids = set(measured["ids"]) if path == page_path else self.ids_in(path)
                if fragment not in ids:
                    problems.append(f"<{link['tag']}> {link['kind']} to {shown}#{fragment}: no element has that id")
        for url, error in failed_requests:
            if url.startswith("file:"):
                path = pathlib.Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
                detail = f"request for {self.shown(path)} failed: {error}"
                if detail not in problems:
                    problems.append(detail)
        return problems

    def shown(self, path):
        try:
            return str(path.relative_to(self.docs))
        except ValueError:
            return str(path)


def launch(chromium, profile, file_access=True):
    """Chromium over DevTools; `file_access`: file:// pages may read other
    files (the link checks need it; a reader's browser does not have it)."""
    devtools = DevTools([
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        *(["--allow-file-access-from-files"] if file_access else []),
        "--force-color-profile=srgb", "--font-render-hinting=none",
        f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank",
    ])
    target = devtools.send("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
    devtools.session = devtools.send("Target.attachToTarget", {"targetId": target, "flatten": True}, browser=True)["sessionId"]
    for domain in ("Page", "Runtime", "Network"):
        devtools.send(f"{domain}.enable")
    return devtools


def configure(devtools, width, scheme):
    mobile = width < 600
    height = HEIGHTS.get(width, 844 if mobile else 900)
    devtools.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    devtools.send("Emulation.setTouchEmulationEnabled", {"enabled": mobile})
    devtools.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", default="docs", help="the built site (default docs)")
    parser.add_argument("--width", type=int, action="append", help="viewport width (default: 390 and 1280)")
    parser.add_argument("--scheme", action="append", choices=["light", "dark"], help="colour scheme (default: both)")
    parser.add_argument("--page", action="append", help="a page under DOCS to test (default: every *.html)")
    parser.add_argument("--report-only", action="store_true", help="print the failures but exit 0")
    parser.add_argument("--baseline", help="JSON of known failures (from --save-baseline): they do not fail the run")
    parser.add_argument("--save-baseline", help="write this run's failures as JSON to this file")
    parser.add_argument("--json", help="write every failure and the counts as JSON to this file")
    parser.add_argument("--verbose", action="store_true", help="print each page and configuration as it runs")
    arguments = parser.parse_args()
    try:
        return run(arguments)
    except Exception as error:  # the harness itself broke
        print(f"browser: error: {error}", file=sys.stderr)
        if arguments.report_only:
            print("browser: report-only: the browser tests could not run (see above); not failing")
            return 0
        return 2


def run(arguments):
    started = time.monotonic()
    docs = pathlib.Path(arguments.docs)
    if not docs.is_dir():
        raise RuntimeError(f"no such directory: {docs}")
    pages = arguments.page or sorted(str(p.relative_to(docs)) for p in docs.rglob("*.html"))
    widths = arguments.width or [390, 1280]
    schemes = arguments.scheme or ["light", "dark"]

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise RuntimeError("chromium not found (apt-get install chromium, or set $CHROMIUM)")
    axe_path = find_axe()
    if not axe_path or not axe_path.is_file():
        raise RuntimeError("axe.min.js not found (pip install --no-deps -r Tests/browser/requirements.txt, or set $AXE_JS)")
    axe_source = axe_path.read_text(encoding="utf-8")

    known = set()
    if arguments.baseline and os.path.exists(arguments.baseline):
        known = {Failure(f).key for f in json.loads(pathlib.Path(arguments.baseline).read_text())["failures"]}

    failures = []
    checks = 0
    failed_checks = set()
    new_failed_checks = set()
    with tempfile.TemporaryDirectory() as profile:
        devtools = launch(chromium, profile)
        runner = Runner(docs, devtools, axe_source, arguments.verbose)
        version = devtools.send("Browser.getVersion", browser=True).get("product", "chromium")
        axe_version = devtools.evaluate(axe_source + "\n;axe.version")
        try:
            first = True
            for width in widths:
                for scheme in schemes:
                    configure(devtools, width, scheme)
                    for page in pages:
                        if arguments.verbose:
                            print(f"… {page} {width} {scheme}", file=sys.stderr)
                        count, found = runner.check_page(page, width, scheme, check_links=first)
                        checks += count
                        for failure in found:
                            check = (failure["page"], failure["width"], failure["scheme"], failure["rule"])
                            failed_checks.add(check)
                            if failure.key not in known:
                                new_failed_checks.add(check)
                        failures += found
                    first = False
        finally:
            devtools.close()

    for rule in RULES + (PAGE_RULE,):
        for failure in failures:
            if failure["rule"] == rule:
                print(failure.line(known=failure.key in known))

    per_rule = {rule: sum(1 for f in failures if f["rule"] == rule) for rule in RULES + (PAGE_RULE,)}
    axe_rules = {}
    for failure in failures:
        if failure["rule"] == "axe":
            axe_id = failure["detail"].split(" ", 1)[0]
            axe_rules[axe_id] = axe_rules.get(axe_id, 0) + 1
    elapsed = time.monotonic() - started
    print(f"browser: {version}, axe-core {axe_version}; {len(pages)} pages x {len(widths)} widths x {len(schemes)} schemes in {elapsed:.1f} s")
    print("browser: failures per rule: " + ", ".join(f"{rule} {count}" for rule, count in per_rule.items()))
    if axe_rules:
        print("browser: axe violations per axe rule: " + ", ".join(f"{k} {v}" for k, v in sorted(axe_rules.items(), key=lambda kv: (-kv[1], kv[0]))))
    for width, (size, page, svg) in sorted(runner.min_svg_text.items()):
        print(f"browser: smallest SVG text at {width} px: {size:.2f} px ({page}, \"{svg}\")")

    if arguments.save_baseline:
        pathlib.Path(arguments.save_baseline).write_text(json.dumps({"failures": failures}, indent=1, ensure_ascii=False) + "\n")
    if arguments.json:
        pathlib.Path(arguments.json).write_text(json.dumps({
            "checks": checks, "failed_checks": len(failed_checks), "per_rule": per_rule, "axe_rules": axe_rules,
            "min_svg_text": {str(w): v[0] for w, v in runner.min_svg_text.items()}, "seconds": round(elapsed, 1),
            "failures": failures}, indent=1, ensure_ascii=False) + "\n")

    failing = new_failed_checks if known else failed_checks
    if known:
        print(f"browser: {len(failed_checks) - len(failing)} failing checks are all in the baseline {arguments.baseline}"
              if not failing else f"browser: {len(failing)} checks fail beyond the baseline {arguments.baseline}")
    if failing and arguments.report_only:
        print("browser: report-only: the failures above do not fail the run")
    if arguments.report_only:
        # Worded unlike a test runner's closing line: report-only results
        # must not read as the run's verdict.
        print(f"browser (report only): {len(failing)} of {checks} checks fail")
        return 0
    print(f"browser: {checks - len(failing)} passed, {len(failing)} failed")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
