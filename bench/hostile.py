"""How long hostile inputs take to refuse: `python bench/hostile.py [--runs N]`.

The tests check that each input is refused and that memory stays bounded; how fast that happens
depends on the machine and on what else runs on it, so it is measured here instead: the median
and the slowest of N runs (default 5) of

- a billion laughs (tests/hostile_corpus.py BIG_LAUGHS) through `parse_yaml`, in-process, with
  the peak Python memory (tracemalloc);
- the same case through `opit validate`, as a subprocess, with its peak resident memory;
- a suggestion among 10,000 ids (`generator.diagnostics.closest`);
- each Markdown bomb (tests/hostile_corpus.py BOMBS) through `to_html`, without validation.

It prints a Markdown table; nothing is written.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from measure import MB, PY, ROOT, measure, opit

sys.path.append(str(ROOT))  # the inputs live in the tests' hostile corpus

from generator.diagnostics import closest
from generator.read.markup import to_html
from generator.read.mdlimits import TooCostly
from generator.read.positions import ReadError, parse_yaml
from tests.hostile_corpus import BIG_LAUGHS, BOMBS, HOSTILE, entry_text


def timed(work: Callable[[], object], runs: int) -> tuple[list[float], int]:
    """Seconds of each run of `work`, and the peak of traced Python memory (bytes) of one more run.

    Memory is traced in a separate run: tracemalloc slows allocation-heavy code many times over.
    """
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    tracemalloc.start()
    try:
        work()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return seconds, peak


def refused(call: Callable[[], object], error: type[Exception]) -> Callable[[], None]:
    """`call`, which must raise `error` (the refusal being measured)."""
    def run() -> None:
        try:
            call()
        except error:
            return
        raise SystemExit(f"{call} was not refused with {error.__name__}")
    return run


def laughs_folder(work: Path) -> Path:
    """A content folder whose one case carries the billion laughs."""
    content = work / "content"
    (content / "cases").mkdir(parents=True)
    for name in ("themes.yml", "organisations.yml", "series.yml"):
        shutil.copy(HOSTILE / name, content / name)
    (content / "cases" / "laughs.md").write_text(
        entry_text("Hostile case billion laughs", extra=BIG_LAUGHS), "utf-8")
    return content


def validate_runs(content: Path, runs: int) -> tuple[list[float], int]:
    seconds, peak = [], 0
    for _ in range(runs):
        run = measure(opit("--content", str(content), "validate"), ROOT)
        if run.returncode != 1 or "Traceback" in run.stderr:
            raise SystemExit(f"opit validate did not refuse the laughs:\n{run.stderr[-2000:]}")
        seconds.append(run.seconds)
        peak = max(peak, run.max_proc)
    return seconds, peak


def row(what: str, seconds: list[float], peak: int, kind: str = "Python, traced") -> str:
    return (f"| {what} | {len(seconds)} | {statistics.median(seconds):.3f} | {max(seconds):.3f} "
            f"| {peak / MB:.1f} MB ({kind}) |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per input (median)")
    args = parser.parse_args(argv)
    ids = [f"entry-number-{n}-about-something" for n in range(10_000)]
    rows = ["| input | runs | median s | slowest s | peak memory |",
            "| --- | ---: | ---: | ---: | ---: |"]
    seconds, peak = timed(refused(
        lambda: parse_yaml(BIG_LAUGHS, "content/cases/laughs.md", line_offset=1), ReadError),
        args.runs)
    rows.append(row("billion laughs, `parse_yaml` in-process", seconds, peak))
    with tempfile.TemporaryDirectory() as work:
        seconds, peak = validate_runs(laughs_folder(Path(work)), args.runs)
    rows.append(row("billion laughs, `opit validate` (subprocess)", seconds, peak, "resident"))
    seconds, peak = timed(lambda: closest("entry-number-5000-about-somethin", ids), args.runs)
    rows.append(row("a suggestion among 10,000 ids, `closest`", seconds, peak))
    for name, (body, *_) in BOMBS.items():
        seconds, peak = timed(refused(
            lambda body=body: to_html(body, where="content/cases/x.md", first_line=20), TooCostly),
            args.runs)
        rows.append(row(f"Markdown bomb {name}, `to_html`", seconds, peak))
    print(f"Python {sys.version.split()[0]} ({PY}); {args.runs} run(s) per input\n")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
