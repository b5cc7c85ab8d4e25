"""Ids made from text: the one way Opit turns a title or a name into an id."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({
    "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "þ": "th", "ð": "d",
    "ħ": "h", "ı": "i", "ŧ": "t", "ŋ": "n",
})
_NOT_ID = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 80) -> str:
    """`text` as an id: Latin letters without their diacritics (ä -> a, ß -> ss, ł -> l),
    digits, and single hyphens for everything else; at most `max_length` characters.

    "Esimerkkilän kunnan uusi palautekanava" -> "esimerkkilan-kunnan-uusi-palautekanava".
    Letters of other scripts are dropped, so the result may be empty.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = _NOT_ID.sub("-", plain.translate(_LETTERS)).strip("-")
    return slug[:max_length].rstrip("-")
