"""The search stage: index the built entry pages with Pagefind (run from its PyPI package).

Pagefind builds a separate index for each language anyway, and holding one language's index in
memory costs far less than holding all of them (at 10,000 entries: 2.3 GB for the 7,000 English
pages, 2.8 GB for all), so each language gets its own Pagefind run over a folder of links to its
pages. The largest runs alone; the others run while the build writes the open data. Their outputs
are merged into one pagefind/ folder: every index file is named after its language, and
pagefind-entry.json lists the languages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from generator.errors import BuildStepError
from generator.render.csp import CONTENT_CLASS
from generator.system import children
from schemas.models import TYPE_FOLDERS

# Only entry pages are searchable, and only their content, in the block render writes around it
# (not the theme's navigation, header or footer).
ENTRY_GLOB = "{" + ",".join(TYPE_FOLDERS.values()) + "}/*/index.html"  # {cases,...}/*/
ROOT_SELECTOR = f".{CONTENT_CLASS}"
ENTRY_FILE = "pagefind-entry.json"


@dataclass
class Indexing:
    process: subprocess.Popen
    output: Path


def start_indexing(site: Path, work: Path, language: str, pages: list[str]) -> Indexing:
    """Start Pagefind on one language's entry pages (paths like 'cases/x/') of the built site."""
    pages_dir, output = work / f"pagefind-{language}-pages", work / f"pagefind-{language}"
    pages_dir.mkdir(parents=True, exist_ok=True)
    for path in pages:
        target = pages_dir / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(site / path / "index.html", target)
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(pages_dir),
        "--output-path", str(output),
        "--glob", ENTRY_GLOB,
        "--root-selector", ROOT_SELECTOR,
        "--silent",
    ]
    try:
        process = children.popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True)
    except OSError as error:
        raise BuildStepError("pagefind", f"cannot start Pagefind: {error}") from None
    return Indexing(process, output)


def finish_indexing(indexing: Indexing) -> None:
    """Wait for Pagefind; BuildStepError saying what is wrong and how to fix it if it failed."""
    process = indexing.process
    output, _ = process.communicate()
    if process.returncode != 0 or not (indexing.output / "pagefind.js").is_file():
        detail = (output or "").strip()[-2000:] or f"exit code {process.returncode}"
        if "No module named pagefind" in detail:
            detail += "\nPagefind is not installed: run ./build.sh, which installs pagefind[bin]"
        elif "Traceback (most recent call last)" in detail:  # the wrapper could not start it
            detail = (f"the Pagefind program cannot be run ({detail.splitlines()[-1]}); "
                      "reinstall it with ./build.sh (pip install --force-reinstall "
                      "'pagefind[bin]'), or check PAGEFIND_BINARY_PATH if it is set")
        raise BuildStepError("pagefind", detail)


def merge_indexes(outputs: list[Path], target: Path) -> None:
    """One pagefind/ folder from the per-language outputs (their shared files are identical)."""
    languages: dict[str, object] = {}
    entry: dict[str, object] = {"version": version("pagefind"), "languages": {}}
    for output in outputs:
        entry = json.loads((output / ENTRY_FILE).read_text("utf-8"))
        languages.update(entry["languages"])  # type: ignore[arg-type]
        for source in output.rglob("*"):
            if source.is_file() and source.name != ENTRY_FILE:
                destination = target / source.relative_to(output)
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, destination)
    entry["languages"] = dict(sorted(languages.items()))
    target.mkdir(parents=True, exist_ok=True)
    (target / ENTRY_FILE).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                     encoding="utf-8")


def index_site(site: Path, work: Path, pages: dict[str, list[str]],
               meanwhile: Callable[[], None] | None = None) -> None:
    """Index the entry pages (language -> page paths) into site/pagefind/.

    The largest language is indexed alone; `meanwhile()` (if given) runs while the others are.
    """
    if not any(pages.values()):  # no entries yet: an index of no languages (Pagefind would fail)
        if meanwhile is not None:
            meanwhile()
        merge_indexes([], site / "pagefind")
        return
    order = sorted(pages, key=lambda language: (-len(pages[language]), language))
    outputs = []
    first = start_indexing(site, work, order[0], pages.get(order[0], []))
    finish_indexing(first)
    outputs.append(first.output)
    rest = [start_indexing(site, work, language, pages[language]) for language in order[1:]]
    try:
        if meanwhile is not None:
            meanwhile()
    finally:
        for indexing in rest:
            finish_indexing(indexing)
    outputs += [indexing.output for indexing in rest]
    merge_indexes(outputs, site / "pagefind")
    for language in order:
        shutil.rmtree(work / f"pagefind-{language}-pages", ignore_errors=True)
