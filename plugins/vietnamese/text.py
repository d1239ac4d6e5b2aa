"""Vietnamese text normalisation shared by slugs, search, related news and matching.

Plain functions on strings, no Pelican: every plugin that needs to compare or
transform Vietnamese text imports them from here so that they all agree.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

# "đ" is a letter of its own, not "d" plus a mark, so NFD does not split it.
_LETTER_FOLDS = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
SLUG_MAX_LENGTH = 80


def nfc(text: str) -> str:
    """Return `text` in NFC, the form every stored Vietnamese string uses."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Remove diacritics (tones and vowel marks) and map đ → d; keep case.

    "Chữ ký số" → "Chu ky so", "Đắk Lắk" → "Dak Lak".
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTER_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


@lru_cache(maxsize=65536)
def slugify(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Make a stable ASCII slug: lower case, no diacritics, đ → d, hyphens.

    Cut at a hyphen so that no word is broken when the slug is too long.
    Independent of the operating system's locale.
    """
    slug = _NON_SLUG.sub("-", fold(nfc(text)).lower()).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > 0 else max_length].strip("-")
    return slug


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment or ""))).strip()
