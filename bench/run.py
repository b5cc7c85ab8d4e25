"""Opit's performance benchmark: `python bench/run.py --entries 1000 10000 [--repeat K] [--quick]`.

For each corpus size N (bench/corpus.py, generated into a work folder) it measures, each step as a
subprocess: wall time (median of the runs), peak memory and output sizes of

- `opit validate`;
- `opit build`, end to end (validate -> docs tree -> mkdocs -> Pagefind -> open data -> swap);
- `opit build` again after one entry changed;
- `opit serve` after one entry's title changed: the seconds from saving the file until the server sends the
  changed page, and until its background build has brought search and open data up to date;
- the reference pipeline, MkDocs + Material with its built-in search, on the same docs tree.

It also measures the bytes a browser downloads for the first search on the largest site (in
headless Chromium, or estimated from the files when Chromium is missing) and the HTML size of the
same entry pages at 100 entries and at each N. It prints a table and writes bench/RESULTS.md
(or --results PATH) with the machine, the versions, the exact commands and each target.

Peak memory is measured two ways: "tree" sums the RSS of the process and all its descendants,
sampled every 0.1 s from /proc (what the machine must hold at once); "max proc" is the largest
single process (ru_maxrss from wait4).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PY = sys.executable
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DEFAULT_QUERY = "interoperability"
MB = 1024 * 1024
EXTRA_ENV: dict[str, str] = {}  # PYTHONPATH for --code

# Targets of issue 6 (2-core machine, 10,000 entries).
TARGET_VALIDATE_S = 3.0
TARGET_BUILD_S = 45.0
TARGET_REBUILD_S = 10.0
TARGET_PER_ENTRY_RATIO = 1.15
TARGET_PAGE_RATIO = 0.05
TARGET_SEARCH_BYTES = 300 * 1024
TARGET_PEAK_BYTES = 3 * 1024**3


# --- measuring one command ---------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    tree_peak: int | None  # bytes, sum over the process tree (sampled)
    max_proc: int  # bytes, the largest single process (ru_maxrss)
    cpu: float  # user + system seconds of the process and its children
    load: float  # 1-minute load average when it started (other work on the machine)
    returncode: int
    stdout: str
    stderr: str


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(name))
    return children


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants, now."""
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE_SIZE
        except OSError:
            continue
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command`, timing it and sampling the memory of its process tree."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **EXTRA_ENV, **(env or {})}
    sampling = os.path.isdir("/proc")
    peak = [0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=environment, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            with contextlib.suppress(Exception):  # a vanishing process is not an error here
                peak[0] = max(peak[0], tree_rss(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    if sampling:
        sampler.start()
    output: dict[str, str] = {}
    readers = [threading.Thread(target=lambda s=stream, k=key: output.__setitem__(k, s.read()))
               for key, stream in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    for reader in readers:
        reader.join()
    if sampling:
        sampler.join()
    return Run(seconds, peak[0] if sampling else None, usage.ru_maxrss * 1024,
               usage.ru_utime + usage.ru_stime, load, process.returncode,
               output.get("out", ""), output.get("err", ""))


def opit(*args: str) -> list[str]:
    return [PY, "-m", "generator", *args]


def shown(command: list[str]) -> str:
    """A command as a person would type it (the venv's python shown as `python`)."""
    words = ["python" if word == PY else word for word in command]
    if words[:3] == ["python", "-m", "generator"]:
        words = ["opit", *words[3:]]
    return shlex.join(words)


# --- results ----------------------------------------------------------------------------------


@dataclass
class Step:
    name: str
    entries: int
    command: str
    runs: list[Run] = field(default_factory=list)
    output_bytes: int | None = None
    output_files: int | None = None
    note: str = ""
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def fastest(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def load(self) -> float:
        return max(r.load for r in self.runs)

    @property
    def tree_peak(self) -> int | None:
        peaks = [r.tree_peak for r in self.runs if r.tree_peak is not None]
        return max(peaks) if peaks else None

    @property
    def max_proc(self) -> int:
        return max(r.max_proc for r in self.runs)


@dataclass
class Results:
    steps: list[Step] = field(default_factory=list)
    page_sizes: dict[int, dict[str, int]] = field(default_factory=dict)  # N -> id -> bytes
    search: dict | None = None
    reference_index: dict[int, tuple[int, int]] = field(default_factory=dict)  # N -> raw, gz
    corpus_seconds: dict[int, float] = field(default_factory=dict)

    def step(self, name: str, entries: int) -> Step | None:
        return next((s for s in self.steps if s.name == name and s.entries == entries), None)


def repeat(step: Step, command: list[str], cwd: Path, times: int, budget: float,
           before=None, check=None) -> Step:
    """Run `command` up to `times` times, stopping early once `budget` seconds are spent."""
    spent = 0.0
    for number in range(times):
        if before is not None:
            before(number)
        run = measure(command, cwd)
        if run.returncode != 0:
            tail = "\n".join((run.stderr + run.stdout).strip().splitlines()[-30:])
            raise SystemExit(f"{step.name} at {step.entries} failed ({run.returncode}):\n{tail}")
        if check is not None:
            check(number)
        step.runs.append(run)
        spent += run.seconds
        print(f"  {step.name:<10} N={step.entries:<6} run {number + 1}: {run.seconds:7.2f} s, "
              f"CPU {run.cpu:7.2f} s, load {run.load:.1f}, tree peak {_mb(run.tree_peak)}",
              file=sys.stderr, flush=True)
        if spent + run.seconds > budget:
            break
    return step


def _mb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / MB:,.0f} MB"


def _kb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1024:,.1f} KB"


def dir_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file():
            total += item.stat().st_size
            files += 1
    return total, files


STAGE = re.compile(r"(\w[\w-]*) ([\d.]+)s")


def build_stages(stderr: str) -> dict[str, float]:
    """Stage seconds from `opit build`'s last line: 'built ...: N pages in Ts (render ...)'."""
    for line in reversed(stderr.splitlines()):
        match = re.search(r"pages in ([\d.]+)s \((.*)\)", line)
        if match:
            stages = {name: float(value) for name, value in STAGE.findall(match.group(2))}
            stages["in-process total"] = float(match.group(1))
            stages["other"] = stages["in-process total"] - sum(  # export runs inside pagefind
                v for k, v in stages.items() if k not in ("in-process total", "export"))
            return stages
    return {}


# --- one corpus size --------------------------------------------------------------------------


def entry_pages(site: Path, limit: int = 100) -> dict[str, int]:
    """HTML bytes of the entry pages of the first `limit` corpus entries (ids end in -NNNNN)."""
    sizes = {}
    for folder in ("cases", "workshops", "events"):
        for page in (site / folder).glob("*/index.html"):
            match = re.search(r"-(\d{5})$", page.parent.name)
            if match and int(match.group(1)) < limit:
                sizes[page.parent.name] = page.stat().st_size
    return sizes


def change_one_entry(content: Path) -> tuple[Path, str, str]:
    """(file, entry id, original text) of the entry the rebuild step edits."""
    path = sorted((content / "cases").glob("*.md"))[0]
    return path, path.stem, path.read_text("utf-8")


def bench_size(n: int, args: argparse.Namespace, results: Results, work: Path,
               config: Path) -> None:
    base = work / f"n{n}"
    base.mkdir(parents=True, exist_ok=True)
    content = base / "content"
    print(f"N={n}: generating corpus ...", file=sys.stderr, flush=True)
    corpus = measure([PY, str(BENCH / "corpus.py"), str(n), str(base)], base)
    if corpus.returncode != 0:
        raise SystemExit(f"corpus generation failed:\n{corpus.stderr}")
    results.corpus_seconds[n] = corpus.seconds
    times = 1 if args.quick else args.repeat
    site = base / "site"

    validate = Step("validate", n, shown(opit("--content", str(content), "validate")))
    repeat(validate, opit("--content", str(content), "validate"), base, times, args.budget)
    validate.note = validate.runs[-1].stderr.strip().splitlines()[-1][:80]
    results.steps.append(validate)

    command = opit("--content", str(content), "build", "--config", str(config), "--out", str(site))
    build = Step("build", n, shown(command))
    if site.exists():
        shutil.rmtree(site)
    repeat(build, command, base, times, args.budget)
    build.output_bytes, build.output_files = dir_size(site)
    build.stages = _median_stages([build_stages(r.stderr) for r in build.runs])
    pagefind_bytes, pagefind_files = dir_size(site / "pagefind")
    build.note = f"pagefind/ {pagefind_bytes / MB:.1f} MB in {pagefind_files} files"
    results.steps.append(build)
    results.page_sizes[n] = entry_pages(site)

    path, entry_id, original = change_one_entry(content)
    marker = "benchmarkedit"
    rebuild = Step("rebuild", n, shown(command) + f"  # after editing {path.name}")

    def edit(number: int) -> None:
        path.write_text(original + f"\nChanged for the benchmark: {marker}{number}.\n", "utf-8")

    def served(number: int) -> None:
        page = site / "cases" / entry_id / "index.html"
        if f"{marker}{number}" not in page.read_text("utf-8"):
            raise SystemExit(f"rebuild did not update {page}")

    try:
        repeat(rebuild, command, base, times, args.budget, before=edit, check=served)
    finally:
        path.write_text(original, "utf-8")
    rebuild.stages = _median_stages([build_stages(r.stderr) for r in rebuild.runs])
    results.steps.append(rebuild)

    results.steps.append(serve_reload(n, base, content, config, path, original, times))

    if not args.skip_reference:
        ref_work = base / "reference"
        if ref_work.exists():
            shutil.rmtree(ref_work)
        prepare = measure([PY, str(BENCH / "reference.py"), str(content), str(config),
                           str(ref_work)], base)
        if prepare.returncode != 0:
            raise SystemExit(f"reference preparation failed:\n{prepare.stderr}")
        yml = Path(prepare.stdout.strip().splitlines()[-1])
        ref_command = [PY, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(yml)]
        reference = Step("reference", n, shown(ref_command))
        repeat(reference, ref_command, base, times, args.budget)
        reference.output_bytes, reference.output_files = dir_size(ref_work / "site")
        index = ref_work / "site" / "search" / "search_index.json"
        raw = index.read_bytes()
        results.reference_index[n] = (len(raw), len(gzip.compress(raw, 6)))
        reference.note = (f"search_index.json {len(raw) / MB:.1f} MB "
                          f"({results.reference_index[n][1] / MB:.1f} MB gzipped); docs tree "
                          f"rendered in {prepare.seconds:.1f} s (not timed)")
        results.steps.append(reference)
        if not args.keep:
            shutil.rmtree(ref_work, ignore_errors=True)


def _wait_for(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            tail = "\n".join(log.read_text("utf-8").splitlines()[-20:])
            raise SystemExit(f"serve reload: {what} did not happen within {seconds:.0f} s:\n{tail}")
        time.sleep(0.05)


def _page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def serve_reload(n: int, base: Path, content: Path, config: Path, path: Path, original: str,
                 times: int) -> Step:
    """`opit serve`, then retitle one entry: seconds until its page is served changed (each run),
    and until the background build has updated search and open data (the last run)."""
    port = _free_port()
    out = base / "served"
    command = opit("--content", str(content), "serve", "--config", str(config), "--out",
                   str(out), "--port", str(port))
    step = Step("serve reload", n, shown(command) + f"  # then changing the title in {path.name}")
    url = f"http://127.0.0.1:{port}/cases/{path.stem}/"
    log = base / "serve.log"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **EXTRA_ENV}
    with log.open("w") as stderr:
        process = subprocess.Popen(command, cwd=base, env=environment, stdout=subprocess.DEVNULL,
                                   stderr=stderr, start_new_session=True)
    pages, search_seconds = [], None
    try:
        _wait_for(lambda: "serving " in log.read_text("utf-8"), 900, "the first build", log)
        for number in range(times):
            seen = len(log.read_text("utf-8"))
            marker = f"servereload{number}"
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
            started = time.perf_counter()
            # A new title: the entry's page and every page that lists it change.
            edited = original.replace("\ntitle: ", f"\ntitle: {marker.capitalize()} ", 1)
            assert edited != original, f"{path} has no 'title:' line"
            path.write_text(edited, "utf-8")
            _wait_for(lambda m=marker: m.capitalize() in _page_text(url), 300, "the changed page",
                      log)
            seconds = time.perf_counter() - started
            _wait_for(lambda s=seen: "updated " in log.read_text("utf-8")[s:], 60, "the log", log)
            said = log.read_text("utf-8")[seen:]
            pages += [int(m) for m in re.findall(r"updated (\d+) page", said)]
            if number == times - 1:
                _wait_for(lambda s=seen: "up to date" in log.read_text("utf-8")[s:], 900,
                          "the background build", log)
                search_seconds = time.perf_counter() - started
            step.runs.append(Run(seconds, None, 0, float("nan"), load, 0, "", said))
            print(f"  serve reload N={n:<6} run {number + 1}: {seconds:7.2f} s", file=sys.stderr,
                  flush=True)
            time.sleep(1)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        path.write_text(original, "utf-8")
        shutil.rmtree(out, ignore_errors=True)
    step.note = (f"pages rebuilt per change: {', '.join(map(str, sorted(set(pages))))}; search and "
                 f"open data up to date {search_seconds:.0f} s after the change (background build)")
    return step


def _median_stages(all_stages: list[dict[str, float]]) -> dict[str, float]:
    names = [name for name in all_stages[0]] if all_stages and all_stages[0] else []
    return {name: statistics.median(s.get(name, 0.0) for s in all_stages) for name in names}


def page_size_only(n: int, work: Path, config: Path, results: Results) -> None:
    """Build an N-entry site just to measure its entry pages (N = 100 by default)."""
    base = work / f"n{n}"
    base.mkdir(parents=True, exist_ok=True)
    corpus = measure([PY, str(BENCH / "corpus.py"), str(n), str(base)], base)
    if corpus.returncode != 0:
        raise SystemExit(f"corpus generation failed:\n{corpus.stderr}")
    site = base / "site"
    run = measure(opit("--content", str(base / "content"), "build", "--config", str(config),
                       "--out", str(site)), base)
    if run.returncode != 0:
        raise SystemExit(f"build at {n} failed:\n{run.stderr}")
    results.page_sizes[n] = entry_pages(site)


# --- the first search in a browser -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as handle:
        handle.bind(("127.0.0.1", 0))
        return handle.getsockname()[1]


def classify(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if "/pagefind/" not in path:
        return "page (HTML, CSS, JS)"
    if name == "pagefind-entry.json":
        return "pagefind-entry.json"
    if name.startswith("wasm."):
        return "wasm"
    if name.endswith(".pf_meta"):
        return "pf_meta"
    if name.endswith(".pf_index"):
        return "index chunks"
    if name.endswith(".pf_filter"):
        return "filter files"
    if name.endswith(".pf_fragment"):
        return "fragments"
    return name


def browser_search(site: Path, query: str) -> dict:
    """Load /search/?q=<query> in headless Chromium; the path and body bytes of every response.

    `files` is what the reader downloads until the first results are shown (the search page's own
    language), `files_all` everything until the other languages' results have joined (the page
    loads them only after the first results). A URL fetched again is counted once: the browser's
    cache answers it.
    """
    from playwright.sync_api import sync_playwright

    # Tells the benchmark when the page first shows results (before the other languages).
    first_results_hook = """new MutationObserver((changes, observer) => {
      const box = document.getElementById("opit-search");
      if (box && box.dataset.firstResults === "true") {
        observer.disconnect();
        window.opitFirstResults(document.querySelectorAll("#opit-results li").length,
                                document.getElementById("opit-status").textContent);
      }
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-first-results"]});"""
    port = _free_port()
    server = subprocess.Popen([PY, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("http.server did not start") from None
                time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        requests: list = []  # (request, made before the first results were shown)
        first: dict = {}

        def files_of(chosen: list) -> list[tuple[str, int, int]]:
            files, urls = [], set()
            for request in chosen:
                response = request.response()
                if response is None or request.url in urls:
                    continue
                urls.add(request.url)
                path = request.url.removeprefix(base).split("?")[0]
                try:
                    body = response.body()
                except Exception:  # e.g. a redirect has no body
                    body = b""
                files.append((path, len(body), _gzip_size(path, body)))
            return files

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.on("request", lambda request: requests.append((request, not first)))
                page.expose_function("opitFirstResults", lambda shown, status: first.update(
                    seconds=time.perf_counter() - started, results=shown, status=status))
                page.add_init_script(first_results_hook)
                started = time.perf_counter()
                page.goto(f"{base}/search/?q={query}")
                page.wait_for_selector('#opit-search[data-ready="true"]', timeout=120_000)
                seconds = time.perf_counter() - started
                results = page.locator("#opit-results li").count()
                status = page.locator("#opit-status").inner_text()
                page.wait_for_load_state("networkidle")
                files = files_of([request for request, before in requests if before])
                files_all = files_of([request for request, _ in requests])
            finally:
                browser.close()
        return {"query": query, "files": files, "results": first["results"],
                "status": first["status"], "seconds": first["seconds"],
                "files_all": files_all, "results_all": results,
                "status_all": status, "seconds_all": seconds, "method": "headless Chromium"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _gzip_size(path: str, body: bytes) -> int:
    """What a compressing web server would send (Pagefind's own files are gzipped already)."""
    if path.endswith((".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment", ".pagefind")):
        return len(body)
    return len(gzip.compress(body, 6))


def estimated_search(site: Path, query: str) -> dict:
    """Without Chromium: the files a first search loads, estimated from the bundle's files.

    `files`: the search page's own language (its WebAssembly, metadata, a median index chunk and
    the first 10 results' fragments); `files_all`: the other languages' too, and 20 fragments.
    """
    first_paint, page_size = 10, 20  # FIRST_PAINT and PAGE_SIZE in opit-search.js
    bundle = site / "pagefind"
    html = (site / "search" / "index.html").read_text("utf-8")
    match = re.search(r'<html[^>]*\slang="([^"]+)"', html)
    own = match.group(1).lower() if match else "en"
    languages = sorted({p.name.split(".")[1] for p in bundle.glob("wasm.*.pagefind")} - {"unknown"},
                       key=lambda language: language != own)

    def stored(path: Path) -> tuple[str, int]:
        return f"/pagefind/{path.relative_to(bundle)}", path.stat().st_size

    def median(paths: list[Path]) -> int:
        sizes = sorted(p.stat().st_size for p in paths)
        return sizes[len(sizes) // 2] if sizes else 0

    shared = [stored(bundle / name) for name in ("pagefind-entry.json", "pagefind.js",
                                                  "pagefind-worker.js") if (bundle / name).exists()]
    per_language = {}
    for language in languages:
        # each language's Pagefind instance reads pagefind-entry.json again (?ts=...)
        files = [stored(p) for p in bundle.glob("pagefind-entry.json")]
        files += [stored(p) for p in bundle.glob(f"wasm.{language}.pagefind")]
        files += [stored(p) for p in bundle.glob(f"pagefind.{language}_*.pf_meta")]
        files.append((f"/pagefind/index/(median {language} chunk).pf_index",
                      median(list(bundle.glob(f"index/{language}_*.pf_index")))))
        per_language[language] = files
    fragment = median(list(bundle.glob("fragment/*.pf_fragment")))
    fragments = [(f"/pagefind/fragment/(median {k}).pf_fragment", fragment) for k in range(page_size)]

    def with_gzip(files: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
        return [(path, size, size if path.endswith(("pf_meta", "pf_index", "pf_filter",
                                                    "pf_fragment", "pagefind")) else size // 3)
                for path, size in files]

    first = shared + (per_language[languages[0]] if languages else []) + fragments[:first_paint]
    everything = shared + [f for language in languages for f in per_language[language]] + fragments
    return {"query": query, "files": with_gzip(first), "results": None, "status": "",
            "seconds": None, "files_all": with_gzip(everything), "results_all": None,
            "status_all": "", "seconds_all": None, "method": "estimated from files (no Chromium)"}


def search_summary(search: dict, key: str = "files") -> dict[str, tuple[int, int, int]]:
    """Category -> (files, bytes, gzipped bytes) of search[key]: "files" until the first results
    (the page's own language), "files_all" once every language has joined."""
    summary: dict[str, tuple[int, int, int]] = {}
    for path, size, gz in search.get(key) or []:
        key = classify(path)
        count, total, total_gz = summary.get(key, (0, 0, 0))
        summary[key] = (count + 1, total + size, total_gz + gz)
    return summary


def search_bytes(search: dict) -> tuple[int, int]:
    """(bytes, gzipped bytes) of the Pagefind files the first search downloaded."""
    pagefind = [(s, g) for p, s, g in search["files"] if "/pagefind/" in p]
    return sum(s for s, _ in pagefind), sum(g for _, g in pagefind)


# --- report ------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f"{kb / 1024**2:.1f} GB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cores": str(os.cpu_count()), "cpu": model or platform.processor() or "unknown",
            "memory": memory, "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


def versions() -> dict[str, str]:
    found = {}
    for name in ("mkdocs", "mkdocs-material", "pagefind", "pagefind_bin", "pydantic",
                 "pydantic_core", "PyYAML", "Markdown", "playwright"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    try:
        import yaml

        found["libyaml (C YAML parser)"] = "yes" if yaml.__with_libyaml__ else "no"
    except ImportError:
        pass
    try:
        text = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                              timeout=30, check=False).stdout.strip()
        found["chromium"] = text.split("\n")[-1] if text else "not found"
    except (OSError, subprocess.SubprocessError):
        found["chromium"] = "not found"
    return found


def code_version(code: Path | None) -> str:
    """Which Opit was measured: the commit, and whether the working tree had changes."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=False).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain",
                                "generator", "schemas"],
                               capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        head, dirty = "", ""
    text = f"commit {head or 'unknown'}" + (" with uncommitted changes" if dirty else "")
    if code is not None:
        text += f"; generator/ and schemas/ from a copy in {code}"
    return text


def table(results: Results) -> str:
    rows = ["| N | step | runs | median s | fastest s | s per 1,000 entries | CPU s | load "
            "| peak RSS, tree | peak RSS, max proc | output | notes |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for step in results.steps:
        output = (f"{step.output_bytes / MB:,.1f} MB, {step.output_files:,} files"
                  if step.output_bytes is not None else "")
        rows.append(
            f"| {step.entries:,} | {step.name} | {len(step.runs)} | {step.median:.2f} | "
            f"{step.fastest:.2f} | {step.median / step.entries * 1000:.2f} | {_cpu(step.cpu)} | "
            f"{step.load:.1f} | {_mb(step.tree_peak)} | {_mb(step.max_proc or None)} | {output} | "
            f"{step.note} |")
    return "\n".join(rows)


def _cpu(seconds: float) -> str:
    return "n/a" if seconds != seconds else f"{seconds:.1f}"  # NaN: not measured


def stage_table(results: Results) -> str:
    names: list[str] = []
    for step in results.steps:
        names += [n for n in step.stages if n not in names and n not in _DERIVED]
    columns = [*_DERIVED[:1], *names, *_DERIVED[1:]]
    rows = ["| N | step | " + " | ".join(columns) + " | process start + imports |",
            "| ---: | --- |" + " ---: |" * (len(columns) + 1)]
    for step in results.steps:
        if not step.stages:
            continue
        values = [f"{step.stages[name]:.2f}" if name in step.stages else "" for name in columns]
        startup = step.median - step.stages.get("in-process total", step.median)
        rows.append(f"| {step.entries:,} | {step.name} | " + " | ".join(values)
                    + f" | {startup:.2f} |")
    return "\n".join(rows)


# Derived from `opit build`'s timing line: the in-process total minus the stages it names (the
# export runs during the pagefind stage), and the total.
_DERIVED = ("other", "in-process total")


def page_table(results: Results) -> tuple[str, dict]:
    sizes = results.page_sizes
    if not sizes:
        return "", {}
    smallest = min(sizes)
    common = set(sizes[smallest])
    for page_sizes in sizes.values():
        common &= set(page_sizes)
    rows = ["| N | entry pages compared | median HTML | first entry page | largest change "
            f"vs N={smallest} |", "| ---: | ---: | ---: | ---: | ---: |"]
    first = sorted(common, key=lambda i: i[-5:])[0] if common else None
    worst_overall = {}
    for n in sorted(sizes):
        median = statistics.median(sizes[n][i] for i in common) if common else 0
        worst = max((abs(sizes[n][i] / sizes[smallest][i] - 1) for i in common), default=0)
        median_change = (median / statistics.median(sizes[smallest][i] for i in common) - 1
                         if common else 0)
        worst_overall[n] = (median_change, worst)
        rows.append(f"| {n:,} | {len(common)} | {median / 1024:.1f} KB | "
                    f"{(sizes[n][first] / 1024 if first else 0):.1f} KB | {worst:+.1%} (median "
                    f"{median_change:+.1%}) |")
    return "\n".join(rows), worst_overall


def targets(results: Results, entries: list[int]) -> list[tuple[str, str, str, str]]:
    """(what, target, measured, status) rows."""
    largest, smallest = max(entries), min(entries)
    out = []

    def status(ok: bool | None) -> str:
        return "n/a" if ok is None else ("met" if ok else "NOT met")

    validate = results.step("validate", largest)
    if validate:
        out.append((f"`opit validate` at {largest:,}", f"≤ {TARGET_VALIDATE_S:.0f} s",
                    f"{validate.median:.2f} s", status(validate.median <= TARGET_VALIDATE_S)))
    build = results.step("build", largest)
    reference = results.step("reference", largest)
    if build:
        measured = f"{build.median:.1f} s"
        ok = build.median <= TARGET_BUILD_S
        if reference:
            ratio = build.median / reference.median
            measured += f"; reference {reference.median:.1f} s; ratio {ratio:.2f} (stretch 0.7)"
            ok = ok and ratio < 1
        out.append((f"`opit build` at {largest:,}", f"≤ {TARGET_BUILD_S:.0f} s and faster than "
                    "the reference", measured, status(ok)))
    rebuild = results.step("rebuild", largest)
    reload = results.step("serve reload", largest)
    if reload:
        measured = f"{reload.median:.1f} s until `opit serve` sends the changed page"
        if rebuild:
            measured += f"; `opit build` again: {rebuild.median:.1f} s"
        out.append((f"rebuild after one change at {largest:,}", f"≤ {TARGET_REBUILD_S:.0f} s",
                    measured, status(reload.median <= TARGET_REBUILD_S)))
    elif rebuild:
        out.append((f"rebuild after one change at {largest:,}", f"≤ {TARGET_REBUILD_S:.0f} s",
                    f"{rebuild.median:.1f} s", status(rebuild.median <= TARGET_REBUILD_S)))
    for name in ("build", "validate"):
        big, small = results.step(name, largest), results.step(name, smallest)
        if big and small and largest != smallest:
            ratio = (big.median / largest) / (small.median / smallest)
            out.append((f"cost per entry of `opit {name}`, {largest:,} vs {smallest:,}",
                        f"≤ {TARGET_PER_ENTRY_RATIO} x", f"{ratio:.2f} x",
                        status(ratio <= TARGET_PER_ENTRY_RATIO)))
        elif big:
            out.append((f"cost per entry of `opit {name}`", f"≤ {TARGET_PER_ENTRY_RATIO} x",
                        "needs two sizes", "n/a"))
    _, pages = page_table(results)
    if pages and len(pages) > 1:
        n = max(pages)
        median_change, worst = pages[n]
        out.append((f"entry page HTML at {n:,} vs {min(pages):,}",
                    f"within {TARGET_PAGE_RATIO:.0%}",
                    f"median {median_change:+.1%}, worst page {worst:+.1%}",
                    status(abs(median_change) <= TARGET_PAGE_RATIO)
                    + ("" if worst <= TARGET_PAGE_RATIO else " for the median; NOT met for the worst page")))
    if results.search:
        raw, gz = search_bytes(results.search)
        out.append((f"bytes for the first search at {largest:,}",
                    f"≤ {TARGET_SEARCH_BYTES // 1024} KB",
                    f"{_kb(raw)} as stored ({_kb(gz)} with gzip on the server)",
                    status(raw <= TARGET_SEARCH_BYTES)))
    if build and build.tree_peak is not None:
        out.append((f"peak memory of `opit build` at {largest:,}", "≤ 3 GB",
                    f"{_mb(build.tree_peak)} (tree), {_mb(build.max_proc)} (largest process)",
                    status(build.tree_peak <= TARGET_PEAK_BYTES)))
    return out


def search_section(results: Results) -> str:
    search = results.search
    if not search:
        return "Not measured (--no-search).\n"
    raw, gz = search_bytes(search)
    every = {"files": search.get("files_all") or []}
    raw_all, gz_all = search_bytes(every)
    lines = [f"Query `{search['query']}` at /search/?q={search['query']}, {search['method']}"
             + (f": first results (the page's own language only) in {search['seconds']:.2f} s, "
                f"{search['results']} results shown, status '{search['status']}'; every language "
                f"in {search['seconds_all']:.2f} s, {search['results_all']} results shown, status "
                f"'{search['status_all']}'." if search["seconds"] is not None else "."),
             "", f"Pagefind files until the first results: **{_kb(raw)}** as stored, {_kb(gz)} if "
             "the server gzips what is not compressed already. After the other languages have "
             f"joined: {_kb(raw_all)} as stored, {_kb(gz_all)} with gzip (a URL fetched again is "
             "counted once).", "",
             "| what | first results: files | bytes | with gzip | all languages: files | bytes "
             "| with gzip |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    first, total = search_summary(search), search_summary(search, "files_all")
    for key in sorted(set(first) | set(total)):
        count, size, size_gz = first.get(key, (0, 0, 0))
        count_all, size_all, size_all_gz = total.get(key, (0, 0, 0))
        lines.append(f"| {key} | {count} | {_kb(size)} | {_kb(size_gz)} | {count_all} | "
                     f"{_kb(size_all)} | {_kb(size_all_gz)} |")
    for n, (raw_index, gz_index) in sorted(results.reference_index.items()):
        lines.append("")
        lines.append(f"For comparison, the reference pipeline's lunr index at {n:,} entries, "
                     f"which every reader downloads before the first search: "
                     f"{raw_index / MB:.1f} MB ({gz_index / MB:.1f} MB gzipped).")
    return "\n".join(lines) + "\n"


def report(results: Results, args: argparse.Namespace, commands: list[str],
           elapsed: float) -> str:
    info, found = machine(), versions()
    pages, _ = page_table(results)
    target_rows = targets(results, args.entries)
    parts = [
        "# Opit benchmark results",
        "",
        "Written by `bench/run.py`; rerun with the command below. Times are wall-clock seconds "
        "(median of the runs); CPU s is user + system time of the process and its children "
        "(median), which other work on the machine disturbs less than wall time; load is the "
        "highest 1-minute load average seen when a run started (above the core count means "
        "something else was running). Memory is peak resident memory (tree: the process and "
        "all its children at once, sampled every 0.1 s; max proc: the largest single process).",
        "",
        "## Machine",
        "",
        f"- cores: {info['cores']}; CPU: {info['cpu']}; memory: {info['memory']}",
        f"- {info['system']}, Python {info['python']}",
        f"- code: {code_version(args.code)}",
        "- " + ", ".join(f"{k} {v}" for k, v in found.items()),
        "",
        "## Commands",
        "",
        "```sh",
        shown([PY, *sys.argv]),
        "```",
        "",
        "Each step ran as (N = entries; paths are in the work folder):",
        "",
        "```sh",
        *commands,
        "```",
        "",
        f"Whole benchmark: {elapsed / 60:.1f} min. Corpus generation: "
        + ", ".join(f"{n:,}: {s:.1f} s" for n, s in sorted(results.corpus_seconds.items())) + ".",
        "",
        "## Targets",
        "",
        "| what | target | measured | status |",
        "| --- | --- | --- | --- |",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in target_rows),
        "",
        "## Results",
        "",
        table(results),
        "",
        "### Where `opit build` spends its time (seconds, median; from its own timing line; "
        "export runs inside the pagefind stage, while Pagefind indexes all but the largest "
        "language; other is the rest of the total)",
        "",
        stage_table(results),
        "",
        "### First search",
        "",
        search_section(results),
        "### Entry page HTML size",
        "",
        "The same entry pages (the first 100 entries of the corpus, identical files at every "
        "size) compared across site sizes.",
        "",
        pages,
        "",
    ]
    if args.notes and Path(args.notes).exists():
        parts += [Path(args.notes).read_text("utf-8").rstrip(), ""]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median)")
    parser.add_argument("--quick", action="store_true", help="one run per step")
    parser.add_argument("--budget", type=float, default=300,
                        help="stop repeating a step once it has taken this many seconds")
    parser.add_argument("--page-sizes", type=int, nargs="*", default=[100],
                        help="extra corpus sizes built only to compare entry page HTML")
    parser.add_argument("--query", default=DEFAULT_QUERY, help="word for the first search")
    parser.add_argument("--no-search", action="store_true", help="skip the search measurement")
    parser.add_argument("--no-browser", action="store_true",
                        help="estimate the search bytes from files instead of Chromium")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--config", type=Path, help="site configuration "
                        "(default: site_config.yml of --code, else of the project)")
    parser.add_argument("--code", type=Path,
                        help="benchmark the generator/ and schemas/ in this folder (e.g. a copy "
                        "of the working tree) instead of the project's own")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--notes", type=Path, default=BENCH / "NOTES.md",
                        help="Markdown appended to the results (analysis, profiles)")
    args = parser.parse_args(argv)
    args.entries = sorted(set(args.entries))
    started = time.perf_counter()
    work = args.work or Path(os.environ.get("TMPDIR", "/tmp")) / f"opit-bench-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    if args.code:
        EXTRA_ENV["PYTHONPATH"] = str(args.code.resolve())
    config = (args.config or (args.code or ROOT) / "site_config.yml").resolve()
    results = Results()
    def write(partial: bool) -> None:
        commands = []
        for step in results.steps:
            if step.command not in commands:
                commands.append(step.command)
        commands = [re.sub(re.escape(str(work)), "$WORK", c) for c in commands]
        text = report(results, args, commands, time.perf_counter() - started)
        if partial:
            text = text.replace("# Opit benchmark results", "# Opit benchmark results "
                                "(partial: the run has not finished)", 1)
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(text, "utf-8")

    try:
        for n in args.entries:
            bench_size(n, args, results, work, config)
            write(partial=True)
        for n in args.page_sizes:
            if n not in args.entries:
                print(f"N={n}: building for the entry page sizes ...", file=sys.stderr)
                page_size_only(n, work, config, results)
        if not args.no_search:
            site = work / f"n{max(args.entries)}" / "site"
            usable = not args.no_browser and Path(CHROMIUM).exists()
            if usable:
                try:
                    import playwright  # noqa: F401
                except ImportError:
                    usable = False
            print("first search ...", file=sys.stderr, flush=True)
            results.search = (browser_search(site, args.query) if usable
                              else estimated_search(site, args.query))
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    write(partial=False)
    print(table(results))
    print()
    print("| what | target | measured | status |")
    print("| --- | --- | --- | --- |")
    for row in targets(results, args.entries):
        print("| " + " | ".join(row) + " |")
    print(f"\nwrote {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
