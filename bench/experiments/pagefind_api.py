"""Experiment: index a content folder's entries with Pagefind's Python API (custom records built
from the catalog, no HTML), timing the indexing and the writing of the bundle.

    python bench/experiments/pagefind_api.py CONTENT OUT

pagefind 1.5.2's Python service wrapper sleeps 0.1 s before reading each response (10 records a
second, 17 minutes for 10,000 entries); this script replaces that polling loop with one that
does not sleep, which is what makes the API usable at this scale.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import sys
import textwrap
import time
from pathlib import Path

import pagefind.service as service
from pagefind.index import IndexConfig, PagefindIndex

sys.path.append(str(Path(__file__).resolve().parents[2]))

from generator.catalog.catalog import entry_date
from generator.catalog.load import load_catalog
from generator.catalog.urls import entry_path
from schemas.models import Case, Event, Workshop

_source = textwrap.dedent(inspect.getsource(service.PagefindService._wait_for_responses))
_namespace: dict = {}
exec(_source.replace("await asyncio.sleep(0.1)", "pass"), service.__dict__, _namespace)
service.PagefindService._wait_for_responses = _namespace["_wait_for_responses"]

MARKDOWN = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|^#+\s*|^\s*[-*]\s+|[*_`]", re.MULTILINE)


def text_of(entry) -> str:
    data = entry.data
    parts = [data.title, data.summary, MARKDOWN.sub(lambda m: m.group(1) or "", entry.body)]
    if isinstance(data, Case):
        parts += [*data.lessons, *data.challenges_and_failures, *data.conditions_for_success]
        parts += [data.replication] if data.replication else []
    elif isinstance(data, Workshop):
        for finding in data.findings:
            parts += [finding.statement, *finding.proposals]
    elif isinstance(data, Event):
        parts += data.takeaways
    return "\n".join(parts)


def record(entry) -> dict:
    data, date = entry.data, entry_date(entry)
    filters = {"type": [entry.type], "language": [data.language], "year": [date[:4]],
               "theme": list(data.themes), "organisation": list(data.organisations)}
    if isinstance(data, Case):
        filters |= {"level": [data.level_of_government], "stage": [data.stage]}
    return {"url": "/" + entry_path(entry.type, entry.id), "content": text_of(entry),
            "language": data.language, "filters": filters, "sort": {"date": date},
            "meta": {"title": data.title, "summary": data.summary, "type": entry.type,
                     "date": date}}


async def main(content: Path, out: Path) -> None:
    started = time.perf_counter()
    catalog = load_catalog(content)
    loaded = time.perf_counter()
    records = [record(e) for e in catalog.entries.values()]
    config = IndexConfig(output_path=str(out.resolve() / "pagefind"))
    async with PagefindIndex(config=config) as index:
        built = time.perf_counter()
        for start in range(0, len(records), 100):
            await asyncio.gather(*(index.add_custom_record(**r)
                                   for r in records[start:start + 100]))
        added = time.perf_counter()
    written = time.perf_counter()
    print(f"catalog {loaded - started:.2f}s, records {built - loaded:.2f}s, "
          f"add {added - built:.2f}s, write {written - added:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
