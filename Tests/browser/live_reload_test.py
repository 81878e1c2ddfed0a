#!/usr/bin/env python3
"""`primer serve` in a real browser: the page reloads by itself after an
edit and keeps its scroll position; a failed build shows its diagnostics
over the last good page; the next good build removes them.

    python3 Tests/browser/live_reload_test.py [--primer PATH] [--screenshots DIR]

It writes a small site into a temporary folder, starts `primer serve` on a
free port (PATH, default .build/debug/primer, built first with `swift build
--product primer` when missing), opens the page in headless Chromium (over
the DevTools pipe, as run_browser_tests.py does), and edits the lesson the
way an editor saves it: a new file renamed over the old one. Prints one line
per check and exits 1 if any fails. --screenshots DIR saves the error
overlay as PNGs (1280 px light, 390 px dark) to look at.
"""
import argparse
import base64
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from run_browser_tests import configure, launch  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PARAGRAPHS = "\n\n".join(f"Paragraph {n}: " + "words to scroll past " * 40 for n in range(60))


def lesson(revision, broken=False):
    value = "6 * undefinedName" if broken else f"6 * {revision}"
    return f"---\ntitle: Live\n---\n\nRevision {revision}; the value is `{{swift}} {value}`.\n\n{PARAGRAPHS}\n"


def save(path, text):
    """As editors save: write a temporary file, rename it over the old one."""
    temporary = path.with_name(path.name + ".saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def wait_until(devtools, expression, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if devtools.evaluate(expression):
                return True
        except RuntimeError:
            pass  # the page is reloading
        time.sleep(0.05)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--primer", type=pathlib.Path, default=ROOT / ".build/debug/primer")
    parser.add_argument("--screenshots", type=pathlib.Path, help="save the error overlay as PNGs here")
    arguments = parser.parse_args()
    if not arguments.primer.exists():
        subprocess.run(["swift", "build", "--product", "primer"], cwd=ROOT, check=True)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise RuntimeError("chromium not found (apt-get install chromium, or set $CHROMIUM)")

    failures = []
    checks = []

    def check(name, passed, detail=""):
        checks.append(name)
        print(f"live-reload {'ok' if passed else 'FAILED'}: {name}" + (f" ({detail})" if detail and not passed else ""))
        if not passed:
            failures.append(name)

    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        content = folder / "Content"
        content.mkdir()
        page = content / "live.md"
        page.write_text(lesson(1), encoding="utf-8")
        environment = dict(os.environ, PRIMER_CACHE=os.environ.get("PRIMER_CACHE", str(pathlib.Path.home() / ".cache/primer")))
        server = subprocess.Popen(
            [str(arguments.primer), "serve", "--content", str(content), "--port", "0"], cwd=folder, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        url = None
        output = []
        deadline = time.monotonic() + 600  # a first build may compile the kit
        while time.monotonic() < deadline and url is None:
            line = server.stdout.readline()
            if not line:
                break
            output.append(line)
            match = re.search(r"at (http://\S+/) ", line)
            if match:
                url = match.group(1)
        if url is None:
            server.kill()
            raise RuntimeError("primer serve did not start:\n" + "".join(output))
        try:
            with tempfile.TemporaryDirectory() as profile:
                devtools = launch(chromium, profile)
                try:
                    configure(devtools, 1280, "light")
                    devtools.send("Page.navigate", {"url": url + "live.html"})
                    devtools.wait_for("Page.loadEventFired")
                    check("the page is served with its value", wait_until(devtools, "document.body.innerText.includes('the value is 6')"))
                    wait_until(devtools, "document.querySelector('script[src=\"/__primer/live.js\"]') !== null")
                    # The stream is open before the edit.
                    time.sleep(0.5)
                    devtools.evaluate("window.scrollTo(0, 1500); window.primerMarker = 1; true")

                    save(page, lesson(2))
                    reloaded = wait_until(
                        devtools, "window.primerMarker === undefined && document.body.innerText.includes('the value is 12')")
                    check("an edit reloads the page by itself with the new value", reloaded)
                    time.sleep(0.3)
                    scroll = devtools.evaluate("scrollY")
                    check("the reloaded page keeps its scroll position", abs(scroll - 1500) <= 2, f"scrollY {scroll}")

                    devtools.evaluate("window.primerMarker = 2; true")
                    save(page, lesson(3, broken=True))
                    overlay = wait_until(devtools, "document.getElementById('primer-live-overlay') !== null")
                    check("a failed build shows its diagnostics over the page", overlay)
                    text = devtools.evaluate("document.getElementById('primer-live-overlay')?.innerText ?? ''")
                    check("the overlay names the place and the error",
                          bool(re.search(r"live\.md:\d+:\d+: error: .*undefinedName", text)), text[:200])
                    check("the last good page stays, not reloaded",
                          devtools.evaluate("window.primerMarker === 2 && document.body.innerText.includes('the value is 12')"))
                    if arguments.screenshots:
                        arguments.screenshots.mkdir(parents=True, exist_ok=True)
                        for width, scheme in ((1280, "light"), (390, "dark")):
                            configure(devtools, width, scheme)
                            time.sleep(0.3)
                            shot = devtools.send("Page.captureScreenshot", {"format": "png"})["data"]
                            (arguments.screenshots / f"overlay-{width}-{scheme}.png").write_bytes(base64.b64decode(shot))
                        configure(devtools, 1280, "light")

                    save(page, lesson(4))
                    fixed = wait_until(
                        devtools,
                        "document.getElementById('primer-live-overlay') === null && document.body.innerText.includes('the value is 24')")
                    check("the next good build removes the overlay and shows the page", fixed)
                finally:
                    devtools.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    print(f"live-reload: {len(checks) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
