#!/usr/bin/env python3
"""Site builds, Primer against Jupyter Book 1, measured in the same run.

    python3 Benchmarks/SiteBuilds/site_benchmark.py [--runs N] [--sizes 4,40,200]
                                                     [--peer-sizes 4] [--smoke]

On the same lessons (lessons.py: a Primer and a Jupyter Book edition of
each), it times, with the two tools interleaved run by run:

  cold            no output, no frozen results / execution cache; kit compiled
  cold + kit      the same with Primer's kit cache empty, and a copy of `primer`
                  outside its build folder, as installed: Primer compiles its kit
  cold + swift build's kit
                  the same with the `primer` in its build folder: Primer takes
                  the kit modules `swift build -c release` compiled (the same
                  code) and compiles the others
  no-op           a second build with nothing changed
  prose edit      one sentence of one lesson changed
  cell edit       one number in one cell of one lesson changed
  kit edit        (Primer only) one activation function of the kit changed,
                  built with `--kit`; Jupyter Book's cache does not see a
                  change to a module its notebooks import, so its baseline is
                  its cold build

at each size of --sizes (generated lessons; Jupyter Book at --peer-sizes),
and prints medians, ranges and Primer's speed-up. Release `primer` is built
first (`swift build -c release`, the whole package, as the README installs
it, which compiles the kit's modules too). Jupyter Book 1 comes from PyPI into a
virtual environment (install-jupyter-book beside this file); when it
cannot be installed or run, the benchmark fails: there is no result
without its baseline.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import lessons  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
KIT_MODULES = ["PrimerNotebookFormat", "PrimerFigures", "PrimerKit"]


def fail(message):
    print(f"site_benchmark: error: {message}", file=sys.stderr)
    sys.exit(1)


def run(command, cwd=None, env=None, output=None):
    """Runs `command`, returning its wall time (and appending what it printed
    to `output`, a list, if given); a failure stops the benchmark.
    Each run starts a second after the last, so that what a tool left
    behind (Jupyter's kernels shut down after the build returns) is done."""
    time.sleep(1)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        fail(f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout[-3000:]}")
    if output is not None:
        output.append(result.stdout)
    return seconds


class Site:
    """A generated site of `count` lessons, and the edits the benchmark makes."""

    def __init__(self, count):
        self.count = count
        self.revision = self.cell_revision = 0

    def prose_edit(self):
        """One sentence of the second lesson changed."""
        self.revision += 1
        self.write_lesson(1 % self.count, self.revision, self.cell_revision)
        return self.build()

    def cell_edit(self):
        """One number (the experiment's seed) of the second lesson changed."""
        self.cell_revision += 1
        self.write_lesson(1 % self.count, self.revision, self.cell_revision)
        return self.build()


class PrimerSite(Site):
    def __init__(self, folder, count, primer, kit_cache):
        super().__init__(count)
        self.folder, self.primer = folder, primer
        # A copy outside the build folder, as `install` leaves it: no kit to take.
        self.installed_primer = folder / "installed" / "primer"
        self.installed_primer.parent.mkdir(parents=True)
        shutil.copy2(primer, self.installed_primer)
        self.kit_reuse_lines = []
        self.content, self.output = folder / "Content", folder / "docs"
        self.kit_cache = kit_cache
        self.kit = folder / "kit"
        self.kit_revision = 0
        (self.content / "en").mkdir(parents=True)
        (self.content / "primer.yml").write_text("title: Benchmark\nlanguages: [en]\n")
        for index in range(count):
            self.write_lesson(index)
        for module in KIT_MODULES:
            shutil.copytree(ROOT / "Sources" / module, self.kit / module)

    def write_lesson(self, index, revision=0, cell_revision=0):
        text = lessons.primer_lesson(index, revision, cell_revision)
        (self.content / "en" / f"lesson-{index + 1:03}.md").write_text(text)

    def build(self, cache=None, kit=False, primer=None, output=None):
        env = dict(os.environ, PRIMER_CACHE=str(cache or self.kit_cache))
        command = [primer or self.primer, "build", "--content", self.content, "--output", self.output]
        if kit:
            command += ["--kit", self.kit]
        return run(command, cwd=self.folder, env=env, output=output)

    def no_op(self):
        """A build right after a build with the same cache (the one before
        may have used another: the cold build with the kit compiled)."""
        self.build()
        return self.build()

    def cold(self, cache=None, primer=None, output=None):
        shutil.rmtree(self.output, ignore_errors=True)
        shutil.rmtree(self.content / "_freeze", ignore_errors=True)
        return self.build(cache, primer=primer, output=output)

    def cold_with_kit(self, primer=None, output=None):
        cache = Path(tempfile.mkdtemp(prefix="kit-cache-", dir=self.folder))
        try:
            return self.cold(cache, primer=primer or self.installed_primer, output=output)
        finally:
            shutil.rmtree(cache)

    def cold_with_swift_builds_kit(self):
        lines = []
        seconds = self.cold_with_kit(primer=self.primer, output=lines)
        self.kit_reuse_lines = [line for line in lines[0].splitlines() if line.startswith(("Taking", "Not taken", "Compiling"))]
        return seconds

    def kit_edit(self):
        """Changes how ReLU's value is computed (to an equal expression,
        once more each time), as an author tuning a function would."""
        self.kit_revision += 1
        path = self.kit / "PrimerKit" / "Activations" / "Rectifiers.swift"
        text = path.read_text()
        marker = "// benchmark revision "
        text = text.split("\n" + marker)[0] + f"\n{marker}{self.kit_revision}\n"
        text += f"extension Activation {{ static let benchmarkRevision{self.kit_revision} = relu }}\n"
        path.write_text(text)
        return self.build(kit=True)


class JupyterBookSite(Site):
    def __init__(self, folder, count, jupyter_book):
        super().__init__(count)
        self.folder, self.jupyter_book = folder, jupyter_book
        folder.mkdir(parents=True)
        (folder / "_config.yml").write_text(
            "title: Benchmark\nauthor: Primer\nexecute:\n  execute_notebooks: cache\n  timeout: 300\n"
            "parse:\n  myst_enable_extensions: [dollarmath, amsmath]\n")
        chapters = "".join(f"  - file: lesson-{index + 1:03}\n" for index in range(1, count))
        (folder / "_toc.yml").write_text(f"format: jb-book\nroot: lesson-001\nchapters:\n{chapters}")
        for index in range(count):
            self.write_lesson(index)

    def write_lesson(self, index, revision=0, cell_revision=0):
        text = lessons.jupyter_lesson(index, revision, cell_revision)
        (self.folder / f"lesson-{index + 1:03}.md").write_text(text)

    def build(self):
        return run([self.jupyter_book, "build", "--quiet", str(self.folder)], cwd=self.folder)

    def cold(self):
        shutil.rmtree(self.folder / "_build", ignore_errors=True)
        return self.build()


def jupyter_book_command():
    """Jupyter Book 1's command, installing it first if needed."""
    venv = Path(os.environ.get("JUPYTER_BOOK_VENV", Path.home() / ".cache" / "primer-benchmarks" / "jupyter-book-1"))
    command = venv / "bin" / "jupyter-book"
    if not command.exists():
        print(f"Installing Jupyter Book 1 into {venv}…", flush=True)
        installer = Path(__file__).parent / "install-jupyter-book"
        if subprocess.run([installer, str(venv)]).returncode != 0 or not command.exists():
            fail("cannot install Jupyter Book 1, the baseline (see install-jupyter-book)")
    version = subprocess.run([command, "--version"], capture_output=True, text=True)
    if version.returncode != 0 or "Jupyter Book      : 1." not in version.stdout:
        fail(f"{command} is not Jupyter Book 1:\n{version.stdout}{version.stderr}")
    return command


def build_primer():
    print("Building release primer (swift build -c release)…", flush=True)
    run(["swift", "build", "-c", "release"], cwd=ROOT)
    output = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True)
    return Path(output.stdout.strip()) / "primer"


def describe(times):
    if len(times) == 1:
        return f"{times[0]:8.3f} s"
    return f"{statistics.median(times):8.3f} s ({min(times):.3f}–{max(times):.3f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each scenario (default 5)")
    parser.add_argument("--sizes", default="4,40,200", help="site sizes in lessons (default 4,40,200)")
    parser.add_argument("--peer-sizes", default="4", help="sizes at which Jupyter Book runs too (default 4)")
    parser.add_argument("--smoke", action="store_true", help="one run, 4 lessons: that everything works")
    parser.add_argument("--primer", type=lambda path: Path(path).resolve(), help="a primer executable (default: build release primer)")
    arguments = parser.parse_args()
    if arguments.smoke:
        arguments.runs, arguments.sizes, arguments.peer_sizes = 1, "4", "4"
    sizes = [int(size) for size in arguments.sizes.split(",")]
    peer_sizes = {int(size) for size in arguments.peer_sizes.split(",")}

    jupyter_book = jupyter_book_command()
    primer = arguments.primer or build_primer()
    print(f"{os.cpu_count()} cores; medians of {arguments.runs} run(s), (min–max); the tools interleaved\n", flush=True)

    with tempfile.TemporaryDirectory(prefix="primer-site-benchmark-") as temporary:
        temporary = Path(temporary)
        for size in sizes:
            kit_cache = temporary / f"kit-cache-{size}"
            primer_site = PrimerSite(temporary / f"primer-{size}", size, primer, kit_cache)
            peer = JupyterBookSite(temporary / f"jupyter-book-{size}", size, jupyter_book) if size in peer_sizes else None
            primer_site.cold()  # fills the kit cache
            scenarios = [
                ("cold", primer_site.cold, peer and peer.cold),
                ("cold + kit compile", primer_site.cold_with_kit, peer and peer.cold),
                ("cold + swift build's kit", primer_site.cold_with_swift_builds_kit, peer and peer.cold),
                ("no-op", primer_site.no_op, peer and peer.build),
                ("prose edit", primer_site.prose_edit, peer and peer.prose_edit),
                ("cell edit", primer_site.cell_edit, peer and peer.cell_edit),
                ("kit edit", primer_site.kit_edit, peer and peer.cold),
            ]
            results = {name: ([], []) for name, _, _ in scenarios}
            for _ in range(arguments.runs):
                for name, primer_step, peer_step in scenarios:
                    results[name][0].append(primer_step())
                    if peer_step:
                        results[name][1].append(peer_step())
            print(f"{size} lessons" + ("" if peer else " (Primer only)"))
            header = f"  {'scenario':<24} {'Primer':>30}"
            if peer:
                header += f" {'Jupyter Book 1':>30} {'speed-up':>9}"
            print(header)
            for name, _, _ in scenarios:
                ours, theirs = results[name]
                line = f"  {name:<24} {describe(ours):>30}"
                if theirs:
                    baseline = " (its cold build)" if name == "kit edit" else ""
                    ratio = statistics.median(theirs) / statistics.median(ours)
                    line += f" {describe(theirs):>30} {ratio:8.1f}×{baseline}"
                print(line)
            for line in primer_site.kit_reuse_lines:
                print(f"  (cold + swift build's kit) {line}")
            print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
