"""The catalog: valid content with every reference resolved and the indexes the pages need.

Over 300 lines because it is one job: every cross-file rule (unique ids, references to known
items, translations that point back, findings that exist) is checked in the one pass that
builds the indexes, so a rule and the index it guards cannot drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.diagnostics import Diagnostic, collapse, did_you_mean
from generator.read.content_folder import RawEntry
from generator.read.positions import Document
from generator.validate.validate import Entry, ValidContent
from schemas.models import Case, Event, Organisation, Series, Theme, Workshop
from schemas.types import EntryId, FindingRef, Slug

SHARED_THEME_RELATED = 5


@dataclass
class Catalog:
    entries: dict[str, Entry]
    organisations: dict[str, Organisation]
    themes: dict[str, Theme]
    series: dict[str, Series]
    by_theme: dict[str, list[str]] = field(default_factory=dict)
    by_organisation: dict[str, list[str]] = field(default_factory=dict)
    by_series: dict[str, list[str]] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=dict)  # declared, both ways
    similar: dict[str, list[str]] = field(default_factory=dict)  # share themes
    addressed_by: dict[str, list[str]] = field(default_factory=dict)  # "ws#finding" -> case ids
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rank: dict[str, int] = field(default_factory=dict)  # position in newest-first order

    def __post_init__(self) -> None:
        ordered = sorted(self.entries.values(), key=sort_key)
        self.rank = {entry.id: position for position, entry in enumerate(ordered)}

    def of_type(self, entry_type: str) -> list[Entry]:
        return [e for e in self.newest_first(self.entries) if e.type == entry_type]

    def newest_first(self, ids: Iterable[str]) -> list[Entry]:
        entries = self.entries
        return [entries[i] for i in sorted(ids, key=self.rank.__getitem__)]


def entry_date(entry: Entry) -> str:
    """The date an entry is about: a workshop's or event's date, a case's start."""
    data = entry.data
    if isinstance(data, Workshop | Event):
        return data.date.isoformat()
    assert isinstance(data, Case)
    return data.period.start if data.period else str(data.year)


def sort_key(entry: Entry) -> tuple:
    """Newest first by the entry's own date, then by publication, then id for stability."""
    day = entry_date(entry)
    return (_neg(day), _neg(entry.data.published.isoformat()), entry.id)


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in text.ljust(10, "0"))


class _Checker:
    def __init__(self, valid: ValidContent) -> None:
        self.valid = valid
        self.diagnostics: list[Diagnostic] = []

    def is_broken(self, kind: str, value: str) -> bool:
        """True when `value` exists but is invalid (a finding: when its workshop is invalid)."""
        broken = self.valid.broken
        if kind == "finding":
            return value.split("#")[0] in broken.get("entries", set())
        name = {"theme": "themes", "organisation": "organisations", "entry": "entries"}
        return value in broken.get(name.get(kind, kind), set())

    def report(self, document: Document, loc: tuple, code: str, message: str,
               severity: str = "error") -> None:
        mark = document.where(loc)
        self.diagnostics.append(
            Diagnostic(document.path, mark.line, mark.column, severity, code, message)  # type: ignore[arg-type]
        )

    def reference(self, document: Document, loc: tuple, value: str, kind: str,
                  known: Iterable[str], registry: str) -> bool:
        if not isinstance(known, set | frozenset | dict):
            known = list(known)
        if value in known:  # a set or dict lookup: references are checked once per use
            return True
        known = list(known)
        if self.is_broken(kind, value):
            return False  # it exists but is invalid, and its own error is reported already
        hint = did_you_mean(value, known) or f"; add it to {registry} or pick an existing id"
        self.report(document, loc, f"unknown-{kind.replace(' ', '-')}",
                    f"unknown {kind} '{value}'{hint}")
        return False


_SHAPES = {"theme": TypeAdapter(Slug), "organisation": TypeAdapter(Slug),
           "series": TypeAdapter(Slug), "entry": TypeAdapter(EntryId),
           "finding": TypeAdapter(FindingRef)}


def _well_formed(kind: str, value: Any) -> bool:
    """True when `value` is an id of the right shape (if not, the schema reported it already)."""
    try:
        _SHAPES[kind].validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


def _raw_references(data: dict[str, Any]) -> Iterator[tuple[tuple, str, str]]:
    """(location, id, kind) of each reference in an invalid entry's data that has an id's shape."""
    def items(key: str) -> list[tuple[int, Any]]:
        value = data.get(key)
        return list(enumerate(value)) if isinstance(value, list) else []

    found: list[tuple[tuple, Any, str]] = [
        *(((key, i), value, kind) for key, kind in (("themes", "theme"), ("organisations",
          "organisation"), ("related", "entry"), ("addresses", "finding"))
          for i, value in items(key)),
        (("series",), data.get("series"), "series"),
        *((("speakers", i, "organisation"), speaker.get("organisation"), "organisation")
          for i, speaker in items("speakers") if isinstance(speaker, dict)),
    ]
    translations = data.get("translations")
    if isinstance(translations, dict):
        found += [(("translations", language), value, "entry")
                  for language, value in translations.items()]
    for loc, value, kind in found:
        if value is not None and _well_formed(kind, value):
            yield loc, value, kind


_REGISTRIES = {"theme": "content/themes.yml", "organisation": "content/organisations.yml",
               "series": "content/series.yml", "entry": "content/",
               "finding": "the workshop's findings"}


def _check_invalid(check: _Checker, raw: RawEntry, valid: ValidContent,
                   entries: dict[str, Entry], findings: set[str]) -> None:
    """The references of an entry that has errors of its own, reported with those errors."""
    data = raw.document.data
    if not isinstance(data, dict):
        return
    known: dict[str, Any] = {"theme": valid.themes, "organisation": valid.organisations,
                             "series": valid.series, "entry": entries, "finding": findings}
    for loc, value, kind in _raw_references(data):
        if kind == "entry" and value == raw.id and loc[0] == "related":
            check.report(raw.document, loc, "self-related",
                         f"'{value}' is this entry itself; remove it from related")
        elif not (kind == "entry" and value == raw.id):
            check.reference(raw.document, loc, value, kind, known[kind], _REGISTRIES[kind])


def build_catalog(valid: ValidContent) -> Catalog:
    check = _Checker(valid)
    entries: dict[str, Entry] = {}
    first_seen: dict[str, Entry] = {}
    for entry in valid.entries:
        if entry.id in first_seen:
            check.report(entry.document, (), "duplicate-id",
                f"id '{entry.id}' is also used by {first_seen[entry.id].document.path}; "
                "ids are unique across cases, workshops and events: rename one file")
            continue
        first_seen[entry.id] = entry
        entries[entry.id] = entry
    catalog = Catalog(entries, valid.organisations, valid.themes, valid.series)
    _check_registries(check, valid)
    findings = {
        f"{e.id}#{f.id}" for e in entries.values() if isinstance(e.data, Workshop)
        for f in e.data.findings
    }
    by_theme, by_org, by_series = defaultdict(list), defaultdict(list), defaultdict(list)
    related: dict[str, set[str]] = defaultdict(set)
    addressed: dict[str, list[str]] = defaultdict(list)
    for entry in entries.values():
        data, doc = entry.data, entry.document
        for i, theme in enumerate(data.themes):
            if check.reference(doc, ("themes", i), theme, "theme", valid.themes,
                               "content/themes.yml"):
                by_theme[theme].append(entry.id)
        for i, org in enumerate(data.organisations):
            if check.reference(doc, ("organisations", i), org, "organisation",
                               valid.organisations, "content/organisations.yml"):
                by_org[org].append(entry.id)
        series = getattr(data, "series", None)
        if series and check.reference(doc, ("series",), series, "series", valid.series,
                                      "content/series.yml"):
            by_series[series].append(entry.id)
        for i, other in enumerate(data.related):
            if other == entry.id:
                check.report(doc, ("related", i), "self-related",
                             f"'{other}' is this entry itself; remove it from related")
            elif check.reference(doc, ("related", i), other, "entry", entries, "content/"):
                related[entry.id].add(other)
                related[other].add(entry.id)
        if isinstance(data, Event):
            for i, speaker in enumerate(data.speakers):
                check.reference(doc, ("speakers", i, "organisation"), speaker.organisation,
                                "organisation", valid.organisations, "content/organisations.yml")
        if isinstance(data, Case):
            for i, ref in enumerate(data.addresses):
                if check.reference(doc, ("addresses", i), ref, "finding", findings,
                                   "the workshop's findings"):
                    addressed[ref].append(entry.id)
            if not (data.lessons or data.challenges_and_failures or data.conditions_for_success):
                check.report(doc, (), "no-lessons",
                    "this case has no lessons, challenges_and_failures or "
                    "conditions_for_success; add what others can learn from it", "warning")
        _check_translations(check, entry, entries)
    for raw in valid.invalid:
        _check_invalid(check, raw, valid, entries, findings)
    catalog.by_theme = {k: _ids(catalog, v) for k, v in sorted(by_theme.items())}
    catalog.by_organisation = {k: _ids(catalog, v) for k, v in sorted(by_org.items())}
    catalog.by_series = {k: _ids(catalog, v) for k, v in sorted(by_series.items())}
    catalog.related = {k: _ids(catalog, v) for k, v in sorted(related.items())}
    catalog.addressed_by = {k: sorted(v) for k, v in sorted(addressed.items())}
    catalog.similar = _similar(catalog)
    catalog.diagnostics = collapse(valid.diagnostics + check.diagnostics)
    return catalog


def _ids(catalog: Catalog, ids: Iterable[str]) -> list[str]:
    return [e.id for e in catalog.newest_first(set(ids))]


def _similar(catalog: Catalog) -> dict[str, list[str]]:
    """Up to five entries per entry that share the most themes (declared relations excluded).

    Ordered by the number of shared themes, then newest first. Counting shared themes entry by
    entry is quadratic in Python; here each theme is a bit mask over the entries in newest-first
    order, the masks are added up bit-parallel ("shares at least k themes"), and the lowest set
    bits of each level are the newest entries in it.
    """
    ordered = catalog.newest_first(catalog.entries)
    rank = {entry.id: number for number, entry in enumerate(ordered)}
    size = len(ordered)
    masks = {theme: _mask((rank[i] for i in ids), size) for theme, ids in catalog.by_theme.items()}
    # A candidate with a version in this entry's language is that version (or this entry).
    has_version = {
        language: _mask((rank[e.id] for e in ordered
                         if getattr(e.data.translations, language, None)), size)
        for language in {e.data.language for e in ordered}
    }
    everyone = (1 << size) - 1
    similar: dict[str, list[str]] = {}
    for entry in catalog.entries.values():
        excluded = has_version[entry.data.language] | (1 << rank[entry.id])
        for declared in catalog.related.get(entry.id, ()):
            excluded |= 1 << rank[declared]
        # at_least[k]: entries sharing at least k of this entry's themes (a theme listed twice
        # counts twice, as it always has).
        at_least = [everyone]
        for theme in entry.data.themes:
            members = masks.get(theme, 0)
            at_least.append(0)
            for k in range(len(at_least) - 1, 0, -1):
                at_least[k] |= at_least[k - 1] & members
        at_least.append(0)
        best: list[str] = []
        for k in range(len(at_least) - 2, 0, -1):
            level = at_least[k] & ~at_least[k + 1] & ~excluded
            while level and len(best) < SHARED_THEME_RELATED:
                lowest = level & -level
                best.append(ordered[lowest.bit_length() - 1].id)
                level ^= lowest
            if len(best) == SHARED_THEME_RELATED:
                break
        similar[entry.id] = best
    return similar


def _mask(positions: Iterable[int], size: int) -> int:
    """An int with the given bit positions set."""
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def _check_registries(check: _Checker, valid: ValidContent) -> None:
    document = valid.documents.get("series")
    if document is None:
        return
    for index, raw in enumerate(document.data):
        item = valid.series.get(raw.get("id")) if isinstance(raw, dict) else None
        if item is not None:
            check.reference(document, (index, "organiser"), item.organiser, "organisation",
                            valid.organisations, "content/organisations.yml")


def _check_translations(check: _Checker, entry: Entry, entries: dict[str, Entry]) -> None:
    translations = entry.data.translations
    if translations is None:
        return
    for language, other_id in translations.model_dump(exclude_none=True).items():
        loc = ("translations", language)
        if language == entry.data.language:
            check.report(entry.document, loc, "bad-translation",
                f"this entry is itself in '{language}'; list only its other languages")
            continue
        if not check.reference(entry.document, loc, other_id, "entry", entries, "content/"):
            continue
        other = entries[other_id]
        if other.data.language != language:
            check.report(entry.document, loc, "bad-translation",
                f"'{other_id}' is written in '{other.data.language}', not '{language}'")
        back = other.data.translations.model_dump().get(entry.data.language) if (
            other.data.translations) else None
        if back != entry.id:
            check.report(entry.document, loc, "one-way-translation",
                f"'{other_id}' does not name this entry back; add "
                f"'translations: {{{entry.data.language}: {entry.id}}}' to {other.document.path}")
