"""An entry's page: metadata panel, the story, the structured sections and related entries.

Its search data (Pagefind filters, meta and sort values) comes from generator.render.entry_search.
"""

from __future__ import annotations

from generator.catalog.references import licence_name, licence_url
from generator.catalog.urls import (
    entry_path,
    finding_path,
    listing_path,
    organisation_path,
    series_path,
    theme_path,
)
from generator.read.markup import to_html
from generator.render.entry_search import search_data
from generator.render.html import esc, heading, link
from generator.render.i18n import Translator
from generator.render.pages import Context, Page
from generator.validate.validate import Entry
from schemas.models import Case, Event, Workshop
from schemas.types import LANGUAGES


def _bullets(items: list[str], ignore: bool = False) -> str:
    """A list; `ignore` keeps it out of the search index (other entries' titles and text)."""
    start = '<ul data-pagefind-ignore="all">' if ignore else "<ul>"
    return start + "\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>\n\n"


def _row(label: str, value: str) -> str:
    return f"<div><dt>{esc(label)}</dt><dd>{value}</dd></div>"


def metadata_panel(ctx: Context, t: Translator, page: str, entry: Entry) -> str:
    data, catalog, prefix = entry.data, ctx.catalog, ctx.prefix(entry.data.language)
    rows = [_row(t("meta_type"), esc(t("type_" + entry.type)))]
    if isinstance(data, Case):
        rows.append(_row(t("meta_year"), esc(data.year)))
        if data.period:
            rows.append(_row(t("meta_period"), esc(f"{data.period.start} – {data.period.end or ''}")))
    else:
        rows.append(_row(t("meta_date"), f'<time datetime="{data.date}">{data.date}</time>'
                         + (f" {esc(data.start_time)}" if getattr(data, "start_time", None) else "")))
    rows.append(_row(t("meta_organisations"), ", ".join(
        link(page, prefix + organisation_path(o), t.name(catalog.organisations[o].name))
        for o in data.organisations)))
    rows.append(_row(t("meta_themes"), ", ".join(
        link(page, prefix + theme_path(th), t.name(catalog.themes[th].name)) for th in data.themes)))
    series = getattr(data, "series", None)
    if series:
        rows.append(_row(t("meta_series"),
                         link(page, prefix + series_path(series), t.name(catalog.series[series].name))))
    if isinstance(data, Case):
        rows.append(_row(t("meta_stage"), esc(t("stage_" + data.stage))))
        rows.append(_row(t("meta_level"), esc(t("level_" + data.level_of_government))))
        if data.methods:
            rows.append(_row(t("meta_methods"), esc(", ".join(data.methods))))
    if isinstance(data, Workshop | Event):
        rows.append(_row(t("meta_format"), esc(t("format_" + data.format))))
        if data.participants and (data.participants.count or getattr(data.participants, "sectors", [])):
            parts = []
            if data.participants.count:
                parts.append(t("participants_count", count=data.participants.count))
            parts += [t("sector_" + s) for s in getattr(data.participants, "sectors", [])]
            rows.append(_row(t("meta_participants"), esc(", ".join(parts))))
    rows.append(_row(t("meta_language"), esc(t("lang_" + data.language))))
    published = f'<time datetime="{data.published}">{data.published}</time>'
    if data.updated:
        published += f' ({esc(t("meta_updated"))} <time datetime="{data.updated}">{data.updated}</time>)'
    rows.append(_row(t("meta_published"), published))
    if data.keywords:
        rows.append(_row(t("meta_keywords"), esc(", ".join(data.keywords))))
    deed = esc(licence_url(data.license, ctx.config))
    rows.append(_row(t("meta_licence"),
                     f'<a href="{deed}" rel="license">{esc(licence_name(data.license))}</a>'))
    return '<dl class="opit-meta" data-pagefind-ignore>\n' + "\n".join(rows) + "\n</dl>\n\n"


def _statements(t: Translator, key: str, anchor: str, items: list[str]) -> str:
    if not items:
        return ""
    return heading(2, t(key), anchor) + _bullets([esc(item) for item in items])


def case_sections(ctx: Context, t: Translator, page: str, case: Case) -> str:
    out = _statements(t, "section_lessons", "lessons", case.lessons)
    out += _statements(t, "section_challenges", "challenges-and-failures",
                       case.challenges_and_failures)
    out += _statements(t, "section_conditions", "conditions-for-success",
                       case.conditions_for_success)
    if case.replication:
        out += heading(2, t("section_replication"), "replication")
        out += f"<p>{esc(case.replication)}</p>\n\n"
    if case.addresses:
        items = []
        for ref in case.addresses:
            workshop_id, finding_id = ref.split("#")
            workshop = ctx.catalog.entries[workshop_id].data
            assert isinstance(workshop, Workshop)
            finding = next(f for f in workshop.findings if f.id == finding_id)
            items.append(link(page, finding_path(workshop_id, finding_id), finding.statement)
                         + f" ({esc(workshop.title)})")
        out += heading(2, t("section_addresses"), "addresses") + _bullets(items, ignore=True)
    return out


def workshop_sections(ctx: Context, t: Translator, page: str, entry: Entry) -> str:
    workshop = entry.data
    assert isinstance(workshop, Workshop)
    out = heading(2, t("section_findings"), "findings")
    for number, finding in enumerate(workshop.findings, start=1):
        parts = [f'<p class="opit-finding__statement"><strong>{number}.</strong> '
                 f"{esc(finding.statement)}</p>"]
        facts = []
        if finding.barrier:
            facts.append(_row(t("finding_barrier"), esc(t("barrier_" + finding.barrier))))
        if finding.status:
            facts.append(_row(t("finding_status"), esc(t("status_" + finding.status))))
        if facts:
            parts.append('<dl class="opit-meta opit-meta--inline">' + "".join(facts) + "</dl>")
        if finding.proposals:
            parts.append(f"<p>{esc(t('finding_proposals'))}:</p>"
                         + _bullets([esc(p) for p in finding.proposals]).strip())
        cases = ctx.catalog.addressed_by.get(f"{entry.id}#{finding.id}", [])
        if cases:
            parts.append(f"<p data-pagefind-ignore>{esc(t('finding_addressed_by'))}:</p>" + _bullets([
                link(page, entry_path("case", c), ctx.catalog.entries[c].data.title)
                for c in cases], ignore=True).strip())
        out += (f'<div class="opit-finding" id="finding-{esc(finding.id)}">\n'
                + "\n".join(parts) + "\n</div>\n\n")
    return out


def event_sections(ctx: Context, t: Translator, event: Event) -> str:
    out = _statements(t, "section_takeaways", "takeaways", event.takeaways)
    if event.speakers:
        items = []
        for speaker in event.speakers:
            org = t.name(ctx.catalog.organisations[speaker.organisation].name)
            who = f"{speaker.name}, " if speaker.name else ""
            items.append(esc(f"{who}{speaker.role}, {org}"))
        out += heading(2, t("section_speakers"), "speakers") + _bullets(items)
    return out


def sources_and_links(t: Translator, entry: Entry) -> str:
    data = entry.data
    items = []
    for source in data.sources:
        title = (f'<a href="{esc(source.url)}">{esc(source.title)}</a>' if source.url
                 else esc(source.title))
        extra = ", ".join(esc(x) for x in (source.publisher, source.date) if x)
        items.append(title + (f", {extra}" if extra else ""))
    out = heading(2, t("section_sources"), "sources") + _bullets(items)
    if data.links:
        out += heading(2, t("section_links"), "links") + _bullets([
            f'<a href="{esc(item.url)}">{esc(item.title)}</a> ({esc(t("link_" + item.kind))})'
            for item in data.links])
    return out


def related_section(ctx: Context, t: Translator, page: str, entry: Entry) -> str:
    out = ""
    for key, anchor, ids in (
        ("section_related", "related", ctx.catalog.related.get(entry.id, [])),
        ("section_similar", "similar", ctx.catalog.similar.get(entry.id, [])),
    ):
        if ids:
            out += heading(2, t(key), anchor)
            out += '<ul class="opit-related" data-pagefind-ignore="all">\n' + "\n".join(
                f"<li>{link(page, entry_path(e.type, e.id), e.data.title, **_own_language(t, e))} "
                f'<span class="opit-badge">{esc(t("type_" + e.type))}</span></li>'
                for e in (ctx.catalog.entries[i] for i in ids)) + "\n</ul>\n\n"
    return out


def _own_language(t: Translator, entry: Entry) -> dict[str, str]:
    """A `lang` attribute for another entry's title when it is not in this page's language."""
    return {} if entry.data.language == t.language else {"lang": entry.data.language}


def translations_section(ctx: Context, t: Translator, page: str, entry: Entry) -> tuple[str, dict]:
    translations = entry.data.translations
    if not translations:
        return "", {}
    alternates = {}
    items = []
    for language, other in translations.model_dump(exclude_none=True).items():
        other_entry = ctx.catalog.entries[other]
        alternates[language] = entry_path(other_entry.type, other)
        items.append(link(page, alternates[language], other_entry.data.title, hreflang=language,
                          lang=language) + f" ({esc(t('lang_' + language))})")
    return heading(2, t("section_translations"), "translations") + _bullets(items), alternates


def render_entry(ctx: Context, entry: Entry) -> Page:
    t = Translator(entry.data.language)
    page = entry_path(entry.type, entry.id)
    data = entry.data
    body = heading(1, data.title)
    body += f'<p class="opit-lead">{esc(data.summary)}</p>\n\n'
    body += metadata_panel(ctx, t, page, entry)
    body += search_data(entry)
    body += data_body(entry)
    if isinstance(data, Case):
        body += case_sections(ctx, t, page, data)
    elif isinstance(data, Workshop):
        body += workshop_sections(ctx, t, page, entry)
    elif isinstance(data, Event):
        body += event_sections(ctx, t, data)
    body += sources_and_links(t, entry)
    translations, alternates = translations_section(ctx, t, page, entry)
    body += translations
    body += related_section(ctx, t, page, entry)
    edit = ctx.config.edit_url(entry.relpath)
    if edit:
        body += (f'<p class="opit-edit" data-pagefind-ignore="all">'
                 f'<a href="{esc(edit)}">{esc(t("edit_this_page"))}</a></p>\n')
    meta: dict[str, object] = {"title": data.title, "description": data.summary,
                               "lang": data.language, "opit_type": entry.type}
    if alternates:  # hreflang pairs: this page and its declared translations
        order = [*ctx.languages, *LANGUAGES]
        alternates = {lang: alternates.get(lang, page)
                      for lang in sorted({data.language, *alternates}, key=order.index)}
    if len(ctx.languages) > 1:
        # The language switcher: the translation where there is one, else that language's listing.
        meta["switcher"] = {lang: page if lang == data.language else
                            alternates.get(lang) or ctx.prefix(lang) + listing_path(entry.type)
                            for lang in ctx.languages}
    return Page(page, meta, body, alternates)


# The anchors of an entry page's own sections: ids in the contributor's text are renamed
# rather than clash with them (finding-* too, see generator.read.markup).
OWN_ANCHORS = frozenset({
    "lessons", "challenges-and-failures", "conditions-for-success", "replication", "addresses",
    "findings", "takeaways", "speakers", "sources", "links", "translations", "related", "similar",
})


def data_body(entry: Entry) -> str:
    """The contributor's Markdown text as sanitised HTML, converted once (it passed the checks)."""
    text = entry.body.strip("\n")
    if not text:
        return ""
    first_line = entry.document.body_line + len(entry.body) - len(entry.body.lstrip("\n"))
    html = to_html(text, OWN_ANCHORS, entry.document.path, first_line)
    return f'<div class="opit-story">\n{html}\n</div>\n\n'
