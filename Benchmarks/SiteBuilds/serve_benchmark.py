#!/usr/bin/env python3
"""`primer serve`: from saving an edit to the page's reload event, against
`primer build` of the same change, measured in the same run.

    python3 Benchmarks/SiteBuilds/serve_benchmark.py [--runs N] [--lessons 4] [--primer PATH]

On the site benchmark's lessons (lessons.py), it starts `primer serve` on a
free port, subscribes to the second lesson's live-reload events as a browser
does (`/__primer/events`), and times, run by run:

  prose edit   one sentence of the lesson changed
  cell edit    one number (the experiment's seed) in one of its cells changed

from the moment the file is written (a new file renamed over the old one, as
editors save) to the `reload` event, which the server sends once the new page
is in place; then the same change made to a copy of the site built with
`primer build` (the command's whole run). Prints medians with min–max.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import lessons  # noqa: E402
from site_benchmark import PrimerSite, build_primer, describe, fail  # noqa: E402

PAGE = "/en/lesson-002.html"


class Events:
    """A live-reload subscription read from the socket, as EventSource reads it."""

    def __init__(self, port, page):
        self.socket = socket.create_connection(("127.0.0.1", port))
        self.socket.sendall(f"GET /__primer/events?page={page} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        self.buffer = b""

    def wait(self, name, seconds=120):
        """Seconds until the next `name` event (the chunk framing is skipped:
        no chunk-size line looks like an event line)."""
        deadline = time.monotonic() + seconds
        while True:
            match = re.search(rb"event: (\w+)\n", self.buffer)
            if match:
                self.buffer = self.buffer[match.end():]
                if match.group(1).decode() == name:
                    return time.perf_counter()
                if match.group(1) == b"failure":
                    fail("the build failed during the benchmark")
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                fail(f"no {name} event within {seconds} s")
            self.socket.settimeout(left)
            chunk = self.socket.recv(65536)
            if not chunk:
                fail("the server closed the event stream")
            self.buffer += chunk


def save(path, text):
    """As editors save: a new file renamed over the old one."""
    temporary = path.with_name(path.name + ".saving")
    temporary.write_text(text)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each edit (default 5)")
    parser.add_argument("--lessons", type=int, default=4, help="lessons in the site (default 4)")
    parser.add_argument("--primer", type=lambda path: Path(path).resolve(), help="a primer executable (default: build release primer)")
    arguments = parser.parse_args()
    primer = arguments.primer or build_primer()

    with tempfile.TemporaryDirectory(prefix="primer-serve-benchmark-") as temporary:
        temporary = Path(temporary)
        # Primer's own cache (its kit, compiled once per machine); the
        # previews and build memories of the temporary sites are small.
        cache = Path(os.environ.get("PRIMER_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "primer")
        served = PrimerSite(temporary / "served", arguments.lessons, primer, cache)
        built = PrimerSite(temporary / "built", arguments.lessons, primer, cache)
        print("Building both copies once…", flush=True)
        built.build()
        environment = dict(os.environ, PRIMER_CACHE=str(cache))
        server = subprocess.Popen(
            [str(primer), "serve", "--content", str(served.content), "--port", "0"], cwd=served.folder, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            port = None
            log = []
            while port is None:
                line = server.stdout.readline()
                if not line:
                    fail("primer serve stopped:\n" + "".join(log))
                log.append(line)
                match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
                if match:
                    port = int(match.group(1))
            events = Events(port, PAGE)
            time.sleep(0.5)  # subscribed before the first edit

            results = {"prose edit": ([], []), "cell edit": ([], [])}
            revision = cell_revision = 0
            for _ in range(arguments.runs):
                for name in results:
                    if name == "prose edit":
                        revision += 1
                    else:
                        cell_revision += 1
                    text = lessons.primer_lesson(1, revision, cell_revision)
                    start = time.perf_counter()
                    save(served.content / "en" / "lesson-002.md", text)
                    results[name][0].append(events.wait("reload") - start)
                    time.sleep(0.3)  # the server settles (its build has finished)
                    save(built.content / "en" / "lesson-002.md", text)
                    results[name][1].append(built.build())
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(f"\nprimer serve: saving an edit → the page's reload event; {arguments.lessons} lessons, "
          f"{os.cpu_count()} cores; medians of {arguments.runs} (min–max)\n")
    print(f"  {'edit':<12} {'serve: to reload event':>30} {'primer build, same change':>30}   ratio")
    for name, (serve, build) in results.items():
        ratio = statistics.median(build) / statistics.median(serve)
        print(f"  {name:<12} {describe(serve):>30} {describe(build):>30}   {ratio:5.1f}×")


if __name__ == "__main__":
    main()
