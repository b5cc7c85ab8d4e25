"""References between catalog items resolved for output: an id becomes its name and the
absolute URL of its page (`Resolver`), and a licence id its URL. The page head and the open data
both use these; a licence id also its name for readers (`licence_name`)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog.catalog import Catalog
from generator.catalog.urls import (
    entry_path,
    finding_path,
    organisation_path,
    series_path,
    theme_path,
)
from generator.config import SiteConfig
from schemas.models import Workshop

SPDX_URL = "https://spdx.org/licenses/{}.html"
# Licences people publish open texts under: SPDX id -> (the name readers know, its deed).
LICENCES = {
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC-BY-NC-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "CC-BY-ND-4.0": ("CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/"),
    "CC-BY-NC-SA-4.0": ("CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    "CC-BY-NC-ND-4.0": ("CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}
# A registry name (organisation, theme, series) is shown in the reader's language when the
# registry gives it, else in the first of these that it gives (documented in README.md).
NAME_FALLBACK = ("en", "fi", "sv")


def registry_name(names: object, language: str) -> str:
    """A registry name (a model with fi/sv/en) in `language`, else in NAME_FALLBACK's order."""
    for choice in (language, *NAME_FALLBACK):
        value = getattr(names, choice, None)
        if value:
            return value
    return ""


@dataclass(frozen=True)
class Resolver:
    """Turns ids into `Ref` data (id, name, absolute page URL)."""

    catalog: Catalog
    config: SiteConfig

    def name(self, names: object) -> str:
        return registry_name(names, self.config.default_language)

    def _ref(self, item_id: str, name: str, path: str) -> dict[str, str]:
        return {"id": item_id, "name": name, "url": self.config.absolute(path)}

    def entry(self, entry_id: str) -> dict[str, str]:
        entry = self.catalog.entries[entry_id]
        return self._ref(entry_id, entry.data.title, entry_path(entry.type, entry_id))

    def entries(self, ids: list[str]) -> list[dict[str, str]]:
        return [self.entry(i) for i in ids]

    def theme(self, theme_id: str) -> dict[str, str]:
        return self._ref(theme_id, self.name(self.catalog.themes[theme_id].name),
                         theme_path(theme_id))

    def organisation(self, organisation_id: str) -> dict[str, str]:
        return self._ref(organisation_id,
                         self.name(self.catalog.organisations[organisation_id].name),
                         organisation_path(organisation_id))

    def series(self, series_id: str | None) -> dict[str, str] | None:
        if series_id is None:
            return None
        return self._ref(series_id, self.name(self.catalog.series[series_id].name),
                         series_path(series_id))

    def finding(self, reference: str) -> dict[str, str]:
        workshop_id, finding_id = reference.split("#", 1)
        workshop = self.catalog.entries[workshop_id].data
        assert isinstance(workshop, Workshop)
        statement = next(f.statement for f in workshop.findings if f.id == finding_id)
        return self._ref(reference, statement, finding_path(workshop_id, finding_id))


def licence_url(spdx: str, config: SiteConfig) -> str:
    """The URL of an SPDX licence: the site's configured one, else its deed, else its SPDX page."""
    if spdx == config.licence:
        return config.licence_url
    return LICENCES[spdx][1] if spdx in LICENCES else SPDX_URL.format(spdx)


def licence_name(spdx: str) -> str:
    """A licence as readers know it (CC-BY-4.0 -> CC BY 4.0); an unknown id as written."""
    return LICENCES[spdx][0] if spdx in LICENCES else spdx
