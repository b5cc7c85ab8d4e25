"""Interface text per language, from one catalogue per language in generator/render/i18n/<lang>.yml."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

from generator.catalog.references import registry_name
from schemas.types import LANGUAGES

CATALOGUE_DIR = Path(__file__).resolve().parent / "i18n"


@cache
def catalogue(language: str) -> dict[str, str]:
    path = CATALOGUE_DIR / f"{language}.yml"
    return {str(k): str(v) for k, v in yaml.safe_load(path.read_text("utf-8")).items()}


@cache
def _available() -> tuple[str, ...]:
    return tuple(lang for lang in LANGUAGES if (CATALOGUE_DIR / f"{lang}.yml").exists())


def available_languages() -> list[str]:
    return list(_available())


def interface_languages(configured: Iterable[str]) -> list[str]:
    """The configured site languages that have a catalogue, in the configured order."""
    ready = available_languages()
    return [lang for lang in configured if lang in ready] or ["en"]


class Translator:
    def __init__(self, language: str) -> None:
        self.language = language if language in _available() else "en"
        self.text = catalogue(self.language)

    def __call__(self, key: str, **values: object) -> str:
        text = self.text[key]
        return text.format(**values) if values else text

    def name(self, names: object) -> str:
        """A registry name (a model with fi/sv/en) in this language, falling back in order."""
        return registry_name(names, self.language)
