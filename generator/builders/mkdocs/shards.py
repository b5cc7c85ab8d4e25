"""Build the docs tree with several MkDocs processes at once, one per core.

MkDocs is single-threaded. Entry pages are not in the navigation, so a page renders the same
whichever pages are built beside it: the entry folders are split between shards, shard 0 also
builds every section page, the others get a copy of the few pages the navigation names, and the
shards' outputs are merged into one site with one sitemap.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path

from generator.builders.mkdocs.site import NAV_PAGES, run_mkdocs, write_mkdocs_yml
from generator.config import SiteConfig

MIN_PAGES_PER_SHARD = 400
# A section page costs MkDocs about half as much as an entry page (whose text is Markdown):
# measured at 10,000 entries, 1.9 ms and 4.0 ms. Counting pages alone left one core idle for 8 s.
SECTION_PAGE_COST = 0.5
URL_BLOCK = re.compile(r"<url>.*?</url>", re.DOTALL)


def jobs() -> int:
    """How many MkDocs processes to run: OPIT_JOBS, else the number of usable cores."""
    wanted = os.environ.get("OPIT_JOBS")
    if wanted and wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, len(os.sched_getaffinity(0)))


def plan(entry_dirs: list[str], section_pages: int, shards: int) -> list[list[str]]:
    """Entry folders per shard, so that each shard has about as much work."""
    total = len(entry_dirs) + section_pages
    shards = max(1, min(shards, total // MIN_PAGES_PER_SHARD))
    section_work = SECTION_PAGE_COST * section_pages
    share = (len(entry_dirs) + section_work) / shards
    first = max(0, round(share - section_work))
    rest = entry_dirs[first:]
    others = shards - 1
    groups = [entry_dirs[:first]]
    for index in range(others):
        groups.append(rest[index::others])
    return groups if others else [entry_dirs]


def build_sharded(config: SiteConfig, work: Path, docs: Path, site: Path,
                  entry_dirs: list[str], section_pages: int, epoch: str,
                  program: str = "mkdocs") -> int:
    """Build `docs` into `site` with `program` (mkdocs or properdocs); returns how many
    processes ran."""
    groups = plan(sorted(entry_dirs), section_pages, jobs())
    configs = [write_mkdocs_yml(config, work, docs, site)]
    for number, group in enumerate(groups[1:], start=1):
        shard_docs, shard_site = work / f"docs-{number}", work / f"site-{number}"
        for folder in group:
            (shard_docs / folder).parent.mkdir(parents=True, exist_ok=True)
            (docs / folder).rename(shard_docs / folder)
        for _, path in NAV_PAGES:
            target = shard_docs / path / "index.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(docs / path / "index.md", target)
        configs.append(write_mkdocs_yml(config, work, shard_docs, shard_site,
                                        name=f"mkdocs-{number}.yml"))
    run_mkdocs(*configs, env={"SOURCE_DATE_EPOCH": epoch}, program=program)
    if len(groups) > 1:
        _merge(site, [(work / f"site-{n}", group) for n, group in enumerate(groups[1:], start=1)])
    return len(groups)


def _merge(site: Path, shards: list[tuple[Path, list[str]]]) -> None:
    urls = dict.fromkeys(URL_BLOCK.findall((site / "sitemap.xml").read_text("utf-8")))
    for shard_site, group in shards:
        for folder in group:
            (site / folder).parent.mkdir(parents=True, exist_ok=True)
            (shard_site / folder).rename(site / folder)
        urls.update(dict.fromkeys(URL_BLOCK.findall((shard_site / "sitemap.xml").read_text("utf-8"))))
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    head, tail = sitemap.split("<url>", 1)[0], sitemap[sitemap.rindex("</urlset>"):]
    blocks = sorted(urls, key=lambda block: re.search(r"<loc>(.*?)</loc>", block).group(1))
    text = head + "\n    ".join(blocks) + "\n" + tail  # as MkDocs writes it
    (site / "sitemap.xml").write_text(text, encoding="utf-8")
    # Written as MkDocs writes it (its file name and time in the gzip header), so that one MkDocs
    # process or several give the same file.
    packed_path = site / "sitemap.xml.gz"
    mtime = int.from_bytes(packed_path.read_bytes()[4:8], "little")
    with packed_path.open("wb") as raw, gzip.GzipFile(
        filename=str(packed_path), mode="wb", fileobj=raw, mtime=mtime
    ) as packed:
        packed.write(text.encode("utf-8"))
