"""Field types shared by every model: ids, dates, URLs, plain text."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Language = Literal["fi", "sv", "en"]
LANGUAGES: tuple[Language, ...] = ("fi", "sv", "en")

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=2, max_length=80),
    Field(description="An id: lowercase letters, digits and single hyphens."),
]
EntryId = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=3, max_length=80),
    Field(
        description="An entry id: the file name without .md (lowercase letters, digits, hyphens)."
    ),
]
FindingRef = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*#[a-z0-9]+(?:-[a-z0-9]+)*$"),
    Field(description="A workshop finding: '<workshop-id>#<finding-id>'."),
]


def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise ValueError("must be one line of text; remove the line breaks")
    return value


# What a browser reads as markup: '<' right before a letter, '/', '!' or '?'. "a < b" is text.
TAG = re.compile(r"<[a-zA-Z/!?]")


def _plain(value: str) -> str:
    if TAG.search(value):
        raise ValueError("must be plain text; remove the HTML tag")
    return " ".join(value.split())


Line = Annotated[str, AfterValidator(_one_line), StringConstraints(min_length=1, max_length=300)]
Statement = Annotated[
    str,
    StringConstraints(min_length=3, max_length=2000),
    AfterValidator(_plain),
    Field(description="One statement in plain language (a sentence or a short paragraph)."),
]
PlainText = Annotated[str, AfterValidator(_plain)]


def _iso_date(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2023-01-26")
    return value


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    Field(description="A date, YYYY-MM-DD."),
]


def _partial_date(value: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not match:
        raise ValueError(f"'{value}' is not a month or date; write YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError as error:
        raise ValueError(f"'{value}' is not a real date ({error})") from None
    return value


PartialDate = Annotated[
    str,
    AfterValidator(_partial_date),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}),
    Field(description="A month (YYYY-MM) or a date (YYYY-MM-DD)."),
]


_URL_UNSAFE = re.compile(r'[\x00-\x20\x7f"<>`\\]')
# http(s), a host, no brackets (which urlsplit checks as IPv6): valid without parsing it.
_PLAIN_WEB_URL = re.compile(r"[hH][tT][tT][pP][sS]?://[^/?#\[\]][^\[\]]*\Z")


def _web_url(value: str) -> str:
    if value != value.strip() or _URL_UNSAFE.search(value):
        raise ValueError("a URL may not contain spaces, control characters, quotes, '<', '>' "
                         "or backslashes; copy the address from the browser's address bar")
    if _PLAIN_WEB_URL.match(value):
        return value
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or "none"
        raise ValueError(
            f"URL scheme '{shown}' is not allowed; links must start with https:// (or http://)"
        )
    if not parts.netloc:
        raise ValueError("the URL has no host; write the whole address, e.g. https://vm.fi/")
    return value


WebUrl = Annotated[
    str,
    StringConstraints(max_length=2000),
    AfterValidator(_web_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[hH][tT][tT][pP][sS]?://"}),
    Field(description="A web address starting with https:// (or http://)."),
]


def business_id_ok(value: str) -> bool:
    """Check a Finnish Business ID (Y-tunnus) '1234567-8' and its check digit."""
    match = re.fullmatch(r"(\d{7})-(\d)", value)
    if not match:
        return False
    digits, check = match.groups()
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return False
    expected = 0 if remainder == 0 else 11 - remainder
    return int(check) == expected


def _business_id(value: str) -> str:
    if not re.fullmatch(r"\d{7}-\d", value):
        raise ValueError(f"'{value}' is not a Finnish Business ID; write it as 1234567-8")
    if not business_id_ok(value):
        raise ValueError(
            f"the check digit of Business ID '{value}' is wrong; copy it again from ytj.fi"
        )
    return value


BusinessId = Annotated[
    str,
    AfterValidator(_business_id),
    WithJsonSchema({"type": "string", "pattern": r"^\d{7}-\d$"}),
    Field(description="Finnish Business ID (Y-tunnus), e.g. 0245439-9."),
]
