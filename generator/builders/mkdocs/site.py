"""Write mkdocs.yml for the docs tree from site_config.yml, and run `mkdocs build --strict` on it
(or `properdocs build --strict`: ProperDocs, MkDocs' continuation, reads the same file and hooks).
"""

from __future__ import annotations

import datetime
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from generator.catalog.references import licence_name, licence_url
from generator.config import SiteConfig
from generator.errors import BuildIOError, BuildStepError
from generator.render.i18n import Translator, interface_languages
from generator.system import children

THEME_DIR = Path(__file__).resolve().parent / "theme"
HOOKS = Path(__file__).resolve().parent / "mkdocs_hooks.py"
NAV_PAGES = (
    ("nav_home", ""),
    ("nav_cases", "cases/"),
    ("nav_workshops", "workshops/"),
    ("nav_events", "events/"),
    ("nav_themes", "themes/"),
    ("nav_organisations", "organisations/"),
    ("nav_series", "series/"),
    ("nav_search", "search/"),
    ("nav_about", "about/"),
    ("nav_contribute", "contribute/"),
    ("nav_accessibility", "accessibility/"),
)


# The last line of a Python traceback for an OSError: "OSError: [Errno 28] No space left on
# device: '/path'" (the path, and a second one after ' -> ', only when the error has them).
OS_ERROR_LINE = re.compile(
    r"^(?:[\w.]+\.)?\w*Error: \[Errno (?P<errno>\d+)\] (?P<reason>.+?)"
    r"(?:: '(?P<path>[^']*)'(?: -> '(?P<path2>[^']*)')?)?$")


def os_error_in(output: str, where: Path, step: str = "mkdocs") -> BuildIOError | None:
    """The OSError that ended a child Python process, from its traceback, or None."""
    lines = [line for line in output.splitlines() if line.strip()]
    if not lines or "Traceback (most recent call last)" not in output:
        return None
    found = OS_ERROR_LINE.match(lines[-1].strip())
    if found is None:
        return None
    path = found["path"] or str(where)
    if found["path2"]:
        path += f" -> {found['path2']}"
    return BuildIOError(step, path, found["reason"])


def nav(language: str, prefix: str = "") -> list[dict[str, str]]:
    t = Translator(language)
    return [{t(key): f"{prefix}{path}index.md"} for key, path in NAV_PAGES]


def footer_licence(config: SiteConfig, t: Translator) -> str:
    """The footer's licence line as HTML, the licence's name linked to its deed: site_config.yml's
    `copyright` on default-language pages when it names the licence, else the catalogue's line."""
    name = licence_name(config.licence)
    url = html.escape(licence_url(config.licence, config))
    deed = f'<a href="{url}" rel="license">{html.escape(name)}</a>'
    if t.language == config.default_language and config.copyright:
        return html.escape(config.copyright).replace(html.escape(name), deed, 1)
    return html.escape(t("footer_licence", licence=name)).replace(html.escape(name), deed, 1)


def interface_text(config: SiteConfig) -> dict[str, object]:
    """What the theme overrides need per interface language (`extra.opit_ui` in mkdocs.yml).

    MkDocs has one global nav (the default language's); the theme renders the nav of /fi/ and /sv/
    pages from these lists, so a page's size never depends on the number of entries. Also the
    404 page's text and the footer's licence line, from the same catalogues.
    """
    languages = interface_languages(config.languages)
    text: dict[str, object] = {"default": config.default_language, "languages": languages}
    for language in languages:
        t = Translator(language)
        prefix = "" if language == config.default_language else f"{language}/"
        text[language] = {
            "name": t("language_name"),
            "home": prefix,
            "nav": [{"title": t(key), "path": prefix + path} for key, path in NAV_PAGES],
            "not_found_title": t("not_found_title"),
            "not_found_text": t("not_found_text"),
            "not_found_home": t("not_found_home"),
            "footer_licence": footer_licence(config, t),
        }
    return text


def _dates_as_text(value: object) -> object:
    """Dates in `extra` as ISO text: the theme reads none of them, and Zensical (which reads
    mkdocs.yml too) stops at a YAML date there ("failed to extract field Project.extra")."""
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def mkdocs_config(config: SiteConfig, docs: Path, site: Path, base: Path | None = None) -> dict:
    """mkdocs.yml's settings; with `base` (the folder it is written to), docs_dir and site_dir
    are relative to it, as Zensical needs (it panics on an absolute docs_dir)."""

    def where(folder: Path) -> str:
        return str(folder.resolve()) if base is None else os.path.relpath(folder, base)

    raw = dict(config.raw)
    theme = dict(raw.get("theme") or {"name": "material"})
    theme["custom_dir"] = str(THEME_DIR)
    theme["language"] = config.default_language
    theme.setdefault("font", False)
    raw.update(
        docs_dir=where(docs),
        site_dir=where(site),
        theme=theme,
        nav=nav(config.default_language),
        use_directory_urls=True,
        hooks=[str(HOOKS)],
        plugins=[],
        strict=True,
        # Entry pages stay out of the navigation by design; say so, so MkDocs does not list them.
        not_in_nav="/*\n",
    )
    # Entry pages carry their own "edit this page" link; without repo_url Material neither shows
    # a wrong edit button nor asks api.github.com for the repository's stars.
    for key in ("repo_url", "repo_name", "edit_uri"):
        raw.pop(key, None)
    raw["extra"] = {**_dates_as_text(raw.get("extra") or {}), "opit_ui": interface_text(config)}
    extra_css = list(raw.get("extra_css") or [])
    raw["extra_css"] = [*(extra_css or ["assets/opit.css"]), "assets/opit-material.css"]  # theme/assets/
    return raw


def write_mkdocs_yml(config: SiteConfig, build: Path, docs: Path, site: Path,
                     name: str = "mkdocs.yml") -> Path:
    path = build / name
    text = yaml.safe_dump(mkdocs_config(config, docs, site, base=build), allow_unicode=True,
                          sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


PROGRAMS = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}  # python -m <key> runs it


def run_mkdocs(*configs: Path, env: dict[str, str] | None = None, program: str = "mkdocs") -> None:
    """`mkdocs build --strict` (or `properdocs ...`) for each config, all at once; BuildStepError
    (step: the program) with the program's own words if any fails."""
    label = PROGRAMS[program]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    processes = []
    try:
        for mkdocs_yml in configs:
            processes.append(children.popen(
                [sys.executable, "-m", program, "build", "--strict", "--quiet", "-f",
                 str(mkdocs_yml)],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment,
            ))
    except OSError as error:
        for process in processes:
            process.kill()
        raise BuildStepError(program, f"cannot start {label}: {error}") from None
    failures = []
    for process in processes:
        output, _ = process.communicate()
        if process.returncode != 0:
            failures.append((process.returncode, output))
    if failures:
        code, output = failures[0]
        written = os_error_in(output, configs[0].parent, program)
        if written is not None:  # a full disk, a read-only folder: no MkDocs traceback
            raise written
        lines = [line for line in output.splitlines()
                 if line.strip() and "Material for MkDocs" not in line]
        detail = "\n".join(lines[-20:]) or f"exit code {code}"
        if f"No module named {program}" in detail:
            detail += f"\n{label} is not installed: run ./build.sh, which installs it"
        raise BuildStepError(program, detail)
