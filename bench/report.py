"""The report: the tables, the targets and bench/RESULTS.md."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from measure import MB, PY, ROOT, Results, as_kb, as_mb, shown
from search_cost import CHROMIUM, search_bytes, search_summary

# Targets of issue 6 (2-core machine, 10,000 entries).
TARGET_VALIDATE_S = 3.0
TARGET_BUILD_S = 45.0
TARGET_REBUILD_S = 10.0
TARGET_PER_ENTRY_RATIO = 1.15
TARGET_PAGE_RATIO = 0.05
TARGET_SEARCH_BYTES = 300 * 1024
TARGET_PEAK_BYTES = 3 * 1024**3


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
            f"{step.load:.1f} | {as_mb(step.tree_peak)} | {as_mb(step.max_proc or None)} | {output} | "
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
                    f"{as_kb(raw)} as stored ({as_kb(gz)} with gzip on the server)",
                    status(raw <= TARGET_SEARCH_BYTES)))
    if build and build.tree_peak is not None:
        out.append((f"peak memory of `opit build` at {largest:,}", "≤ 3 GB",
                    f"{as_mb(build.tree_peak)} (tree), {as_mb(build.max_proc)} (largest process)",
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
             "", f"Pagefind files until the first results: **{as_kb(raw)}** as stored, {as_kb(gz)} if "
             "the server gzips what is not compressed already. After the other languages have "
             f"joined: {as_kb(raw_all)} as stored, {as_kb(gz_all)} with gzip (a URL fetched again is "
             "counted once).", "",
             "| what | first results: files | bytes | with gzip | all languages: files | bytes "
             "| with gzip |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    first, total = search_summary(search), search_summary(search, "files_all")
    for key in sorted(set(first) | set(total)):
        count, size, size_gz = first.get(key, (0, 0, 0))
        count_all, size_all, size_all_gz = total.get(key, (0, 0, 0))
        lines.append(f"| {key} | {count} | {as_kb(size)} | {as_kb(size_gz)} | {count_all} | "
                     f"{as_kb(size_all)} | {as_kb(size_all_gz)} |")
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


