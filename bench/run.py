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

This file is the command line; the work is in measure.py (one command: time, CPU, memory),
scenarios.py (the steps at one corpus size), search_cost.py (the first search's bytes) and
report.py (the tables, the targets and the results file).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
from pathlib import Path

from measure import BENCH, EXTRA_ENV, ROOT, Results
from report import report, table, targets
from scenarios import bench_size, page_size_only
from search_cost import CHROMIUM, browser_search, estimated_search

DEFAULT_QUERY = "interoperability"


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
