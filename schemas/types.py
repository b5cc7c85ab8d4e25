"""Field types shared by every model: ids, dates, URLs, plain text."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from schemas.ids import ENTRY_ID_MIN_LENGTH, ID_MAX_LENGTH, ID_PATTERN, ID_WORDS

Language = Literal["fi", "sv", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

Slug = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=2, max_length=ID_MAX_LENGTH),
    Field(description="An id: lowercase letters, digits and single hyphens."),
]
EntryId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=ENTRY_ID_MIN_LENGTH,
                      max_length=ID_MAX_LENGTH),
    Field(
        description="An entry id: the file name without .md (lowercase letters, digits, hyphens)."
    ),
]
FindingRef = Annotated[
    str,
    StringConstraints(pattern=f"^{ID_WORDS}#{ID_WORDS}$"),
    Field(description="A workshop finding: '<workshop-id>#<finding-id>'."),
]


# What a one-line field may not hold: every character Python, YAML or a browser reads as the
# end of a line. What no text field may hold: NUL, the other C0 controls (tab is text) and DEL
# and the C1 controls; a multi-line field may hold newlines.
LINE_BREAKS = "\n\r\x85\u2028\u2029"
_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text_problem(value: str, *, one_line: bool) -> PydanticCustomError | None:
    """Why `value` cannot be stored as text (one line, or several), or None when it can.

    The one rule for every text field; the error names the character by its code point.
    """
    if one_line and (found := _LINE_BREAK.search(value)):
        return PydanticCustomError(
            "line_break", "contains a line break ({char}); a one-line field must stay on one line",
            {"char": f"U+{ord(found.group()):04X}"})
    if found := _CONTROL.search(value):
        char = found.group()
        what = "a NUL character" if char == "\x00" else "a control character"
        return PydanticCustomError(
            "control_character",
            "contains {what} ({char}), which is invisible; delete it (retype the words around "
            "it if unsure)", {"what": what, "char": f"U+{ord(char):04X}"})
    return None


def _one_line_text(value: str) -> str:
    if problem := text_problem(value, one_line=True):
        raise problem
    return value


def _multi_line_text(value: str) -> str:
    if problem := text_problem(value, one_line=False):
        raise problem
    return value


# The two kinds of text. Every text field of the contract is one of them (ids, URLs, dates and
# codes have patterns of their own that admit no control characters).
OneLineText = Annotated[str, AfterValidator(_one_line_text)]
MultiLineText = Annotated[str, AfterValidator(_multi_line_text)]


# What a browser reads as markup: '<' right before a letter, '/', '!' or '?'. "a < b" is text.
TAG = re.compile(r"<[a-zA-Z/!?]")


def _plain(value: str) -> str:
    if TAG.search(value):
        raise ValueError("must be plain text; remove the HTML tag")
    return " ".join(value.split())


Line = Annotated[OneLineText, StringConstraints(min_length=1, max_length=300)]
Title = Annotated[OneLineText, StringConstraints(min_length=5, max_length=160)]
Statement = Annotated[
    OneLineText,
    StringConstraints(min_length=3, max_length=2000),
    AfterValidator(_plain),
    Field(description="One statement in plain language (a sentence or a short paragraph)."),
]
PlainText = Annotated[MultiLineText, AfterValidator(_plain)]


# Every date and year of the contract lies in these years: wide enough for any real entry, and
# inside what every output format can hold (a gzip or zip timestamp ends in 2106).
FIRST_YEAR, LAST_YEAR = 1990, 2100
FIRST_DATE, LAST_DATE = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


def _out_of_range(value: str) -> PydanticCustomError:
    return PydanticCustomError(
        "out_of_range_date", "'{value}' must be between {first} and {last}; check the year",
        {"value": value, "first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()})


def _iso_date(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2023-01-26")
    return value


def _date_in_range(value: date) -> date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise _out_of_range(value.isoformat())
    return value


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    AfterValidator(_date_in_range),
    Field(description="A date, YYYY-MM-DD."),
]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


def _partial_date(value: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not match:
        raise ValueError(f"'{value}' is not a month or date; write YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError as error:
        raise ValueError(f"'{value}' is not a real date ({error})") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _out_of_range(value)
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
    if problem := text_problem(value, one_line=True):
        raise problem
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
