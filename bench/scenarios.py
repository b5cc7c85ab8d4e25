"""The benchmark's scenarios at one corpus size: validate, build, rebuild, serve reload, the reference."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from measure import (
    BENCH,
    EXTRA_ENV,
    MB,
    PY,
    Results,
    Run,
    Step,
    dir_size,
    free_port,
    measure,
    opit,
    repeat,
    shown,
)

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
    port = free_port()
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


