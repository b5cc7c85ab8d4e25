"""Reproducible builds: two `opit build` runs of the same content give byte-identical sites.

The two runs differ in everything that should not matter: the output folder's name, the time
zone (UTC+14 and UTC-12, so the local date differs), Python's hash seed (set and dict order) and
the locale. SOURCE_DATE_EPOCH is left unset, so the build takes its date from the content.

Known exception, outside Opit: Pagefind (1.5) writes its filter indexes (pagefind/filter/*) and
the per-language metadata that names them (pagefind/pagefind.<lang>_<hash>.pf_meta, and the
pagefind-entry.json that names that) in hash-map order, which changes from run to run (upstream
issue Pagefind/pagefind#638: "other files will still change, such as the filter/metadata
indexes"). For those files the test checks that they hold the same bytes in another order.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.support import FIXTURES, ROOT

pytestmark = pytest.mark.slow

CONTENT = FIXTURES / "minimal" / "content"
PAGEFIND_UNORDERED = re.compile(
    r"pagefind/(pagefind-entry\.json|pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta"
    r"|filter/[a-z-]+_[0-9a-f]+\.pf_filter)")

RUNS = {
    "site": {"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "1", "LC_ALL": "C.UTF-8"},
    "public": {"TZ": "Etc/GMT+12", "PYTHONHASHSEED": "2", "LC_ALL": "C"},
}


def _build(out: Path, env: dict[str, str]) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--content", str(CONTENT), "build", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**environment, **env})
    assert result.returncode == 0, result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _unordered(name: str, data: bytes) -> tuple[str, object]:
    """What must be equal for a file Pagefind writes in hash-map order."""
    kind = name.rsplit("/", 1)[-1].split("_")[0].split(".")[0]
    if name.endswith("pagefind-entry.json"):
        entry = json.loads(data)
        for language in entry["languages"].values():
            language.pop("hash")
        return kind, json.dumps(entry, sort_keys=True)
    # The gzipped index holds the same entries in another order: the same bytes, counted, once
    # the names of other index files (whose hashes depend on that order) are set aside.
    text = re.sub(rb"[a-z]{2,3}(?:-[A-Za-z]+)?_[0-9a-f]{7,10}", b"#", gzip.decompress(data))
    return kind, tuple(sorted(Counter(text).items()))


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    sites = {}
    for name, env in RUNS.items():
        _build(tmp_path / name / name, env)
        sites[name] = _files(tmp_path / name / name)
    first, second = sites.values()
    exact = {name for name in first.keys() | second.keys()
             if not PAGEFIND_UNORDERED.fullmatch(name)}
    differ = sorted(name for name in exact if first.get(name) != second.get(name))
    assert not differ, f"files that differ between two builds of the same content: {differ}"
    assert len(exact) > 50 and "sitemap.xml" in exact and "feed.xml" in exact

    def unordered(files: dict[str, bytes]) -> Counter:
        return Counter(_unordered(name, data) for name, data in files.items()
                       if PAGEFIND_UNORDERED.fullmatch(name))

    assert unordered(first) == unordered(second), "Pagefind's indexes differ in content"
    assert any(name.startswith("pagefind/filter/") for name in first)


def test_the_build_date_comes_from_the_content_not_the_clock(tmp_path: Path) -> None:
    _build(tmp_path / "site", RUNS["site"])
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text("utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates, "the sitemap has no <lastmod>"
    newest = max(re.findall(r"^(?:published|updated): (\d{4}-\d{2}-\d{2})$",
                            "\n".join(p.read_text("utf-8") for p in CONTENT.rglob("*.md")),
                            re.MULTILINE))
    assert dates == {newest}, f"sitemap dates {dates}, newest content date {newest}"


def test_one_mkdocs_process_or_several_build_the_same_pages(tmp_path: Path) -> None:
    # generator/builders/mkdocs/shards.py splits the pages between MkDocs processes, and `opit serve` builds
    # changed pages beside only the navigation pages: a page must not depend on its neighbours.
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), "60", str(tmp_path / "c")],
                   check=True, capture_output=True)
    sites = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}" / "site"
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--content", str(tmp_path / "c" / "content"),
             "build", "--out", str(out)],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
            env={**os.environ, "OPIT_JOBS": jobs, "SOURCE_DATE_EPOCH": "1700000000"})
        assert result.returncode == 0, result.stderr
        sites[jobs] = {name: data for name, data in _files(out).items()
                       if not name.startswith("pagefind/")}
    one, two = sites.values()
    assert len(one) > 1000  # enough pages for two shards (generator/builders/mkdocs/shards.py)
    assert sorted(name for name in one.keys() | two.keys() if one.get(name) != two.get(name)) == []
