"""The site's configuration: site_config.yml, in the site builder's own format, plus Opit's `extra.opit`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

CONFIG_FILE = "site_config.yml"
# The project's own configuration: its markdown_extensions are the Markdown of contributed text.
PROJECT_CONFIG = Path(__file__).resolve().parents[1] / CONFIG_FILE
# Hosts reserved for examples (RFC 2606), such as site_config.yml's opit.example.org: a site is
# never published there, so a site_url on one was left as shipped.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


class ConfigError(Exception):
    """site_config.yml cannot be read or has a wrong value; the message says which."""


@dataclass(frozen=True)
class SiteConfig:
    path: Path
    raw: dict[str, Any]
    name: str
    description: str
    url: str
    repo_url: str | None
    edit_uri: str | None
    copyright: str
    licence: str
    licence_url: str
    publisher: str
    feedback: str | None
    accessibility_contact: str | None
    languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    extra: dict[str, Any] = field(default_factory=dict)
    builder: str | None = None  # extra.opit.builder; None: the default (generator/builders)
    markdown_extensions: tuple[str, ...] = ()  # in order, with their options below
    markdown_extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    # 'path:line:column: warning: ...' lines for the user; the build goes on (the CLI prints them).
    warnings: tuple[str, ...] = ()

    def absolute(self, path: str) -> str:
        """A site path such as 'cases/x/' as a full URL."""
        return self.url.rstrip("/") + "/" + path.lstrip("/")

    def edit_url(self, relpath: str) -> str | None:
        """Where a contributor edits content/<relpath> in the repository."""
        if not self.repo_url or self.edit_uri is None:
            return None
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{relpath}"


def load_config(path: Path) -> SiteConfig:
    """Read site_config.yml; ConfigError says what is wrong if it cannot be read or used."""
    try:
        raw = yaml.safe_load(path.read_text("utf-8")) or {}
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the site configuration: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: invalid YAML: {error}") from None
    if not isinstance(raw, dict) or not raw.get("site_name"):
        raise ConfigError(f"{path}: site_name is missing; add a line 'site_name: ...' with the site's name")
    opit = (raw.get("extra") or {}).get("opit") or {}
    languages = tuple(opit.get("languages") or [raw.get("theme", {}).get("language", "en")])
    url = str(raw.get("site_url") or "http://127.0.0.1:8000/")
    extensions, extension_configs = _markdown_extensions(path, raw)
    return SiteConfig(
        path=path,
        raw=raw,
        name=str(raw["site_name"]),
        description=str(raw.get("site_description") or ""),
        url=url if url.endswith("/") else url + "/",
        repo_url=raw.get("repo_url"),
        edit_uri=raw.get("edit_uri"),
        copyright=str(raw.get("copyright") or ""),
        licence=str(opit.get("licence") or "CC-BY-4.0"),
        licence_url=str(opit.get("licence_url") or "https://creativecommons.org/licenses/by/4.0/"),
        publisher=str(opit.get("publisher") or raw["site_name"]),
        feedback=opit.get("feedback"),
        accessibility_contact=opit.get("accessibility_contact"),
        languages=languages,
        default_language=str(opit.get("default_language") or languages[0]),
        extra=opit,
        builder=None if opit.get("builder") is None else str(opit["builder"]),
        markdown_extensions=extensions,
        markdown_extension_configs=extension_configs,
        warnings=_url_warnings(path, url),
    )


def is_example_url(url: str) -> bool:
    """True for an address on a host reserved for examples (opit.example.org, example.com, ...)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


def _url_warnings(path: Path, url: str) -> tuple[str, ...]:
    if not is_example_url(url):
        return ()
    return (f"{position(path, 'site_url')}: warning: site_url is the example address {url}; set "
            "it to the address the site is published at (canonical links, feeds and the API "
            "use it)",)


def position(path: Path, *keys: str) -> str:
    """'path:line:column' of the value at `keys` (e.g. 'extra', 'opit', 'builder'), for messages;
    just the path if the file cannot be read again or has no such key."""
    try:
        node = yaml.compose(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError):
        return str(path)
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return str(path)
        node = next((value for name, value in node.value if name.value == key), None)
        if node is None:
            return str(path)
    mark = node.start_mark
    return f"{path}:{mark.line + 1}:{mark.column + 1}"


def _markdown_extensions(path: Path, raw: dict[str, Any]) -> tuple[tuple[str, ...], dict]:
    """`markdown_extensions`: each item a name, or a mapping of a name to its options."""
    names: list[str] = []
    options: dict[str, dict[str, Any]] = {}
    for item in raw.get("markdown_extensions") or []:
        if isinstance(item, dict) and len(item) == 1:
            [(name, given)] = item.items()
            options[str(name)] = dict(given or {})
            item = name
        if not isinstance(item, str):
            raise ConfigError(f"{path}: markdown_extensions: write each item as a name, or as "
                              "'name:' with its options indented below it")
        names.append(item)
    return tuple(names), options
