"""The id rule, and the one way Opit turns a title or a name into an id.

An id is lowercase Latin letters and digits in words joined by single hyphens; an entry's id
(its file name without .md) is 3-80 characters long. The models, the loader, `opit new` and
`opit from-issue` all check ids with these names.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({
    "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "þ": "th", "ð": "d",
    "ħ": "h", "ı": "i", "ŧ": "t", "ŋ": "n",
})
_NOT_ID = re.compile(r"[^a-z0-9]+")

ID_WORDS = r"[a-z0-9]+(?:-[a-z0-9]+)*"  # an id's text, without anchors (a finding is two)
ID_PATTERN = f"^{ID_WORDS}$"
ID_MAX_LENGTH = 80
ENTRY_ID_MIN_LENGTH = 3
ENTRY_ID_RULE = (f"{ENTRY_ID_MIN_LENGTH}-{ID_MAX_LENGTH} lowercase letters, digits and "
                 "hyphens")
_ID = re.compile(ID_PATTERN)


def is_entry_id(text: str) -> bool:
    """Whether `text` can be an entry's id (and so its file name and web address)."""
    return bool(_ID.match(text)) and ENTRY_ID_MIN_LENGTH <= len(text) <= ID_MAX_LENGTH


def slugify(text: str, max_length: int = ID_MAX_LENGTH) -> str:
    """`text` as an id: Latin letters without their diacritics (ä -> a, ß -> ss, ł -> l),
    digits, and single hyphens for everything else; at most `max_length` characters.

    "Esimerkkilän kunnan uusi palautekanava" -> "esimerkkilan-kunnan-uusi-palautekanava".
    Letters of other scripts are dropped, so the result may be empty.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = _NOT_ID.sub("-", plain.translate(_LETTERS)).strip("-")
    return slug[:max_length].rstrip("-")
