"""The search analyzer: Vietnamese text → syllable terms, exact and folded.

One pure module used at build time (the whoosh index, `./inv search`) and
ported line for line to the browser (`theme/static/js/search.js`, function
`analyze`); both are checked against `tests/vectors/analyzer.json`.

A syllable gets two forms:

* exact: lower case with its vowel marks, its tone written as a digit after
  the letters ("chữ" → "chư4", "hoà" and "hòa" → "hoa2", "thuỷ" and "thủy"
  → "thuy3"), so that the old and new tone placements are one term;
* folded: no marks at all and đ → d ("chữ" → "chu", "Đắk" → "dak"), what a
  reader types on a phone without a Vietnamese keyboard.

Phrases match through syllable bigrams ("chu ky", "ky so"): Vietnamese words
are mostly two syllables, so adjacent pairs carry most of the meaning.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Tone marks in NFD, numbered in the order of the Vietnamese Telex/VNI convention.
TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_LETTER_FOLDS = str.maketrans({"đ": "d"})
# A token is a run of letters or digits (Unicode-aware, so diacritics are letters);
# everything else separates tokens, and punctuation other than a space also ends a phrase.
_TOKEN = re.compile(r"[^\W_]+")
_PHRASE_BREAK = re.compile(r"[^\w\s]|_")
MAX_QUERY_CHARACTERS = 200  # a longer query is cut here, in Python and in the browser


class Term(NamedTuple):
    """One syllable of a text: its exact and folded forms, and its phrase."""

    exact: str
    folded: str
    phrase: int  # syllables of the same phrase may form a bigram


@lru_cache(maxsize=200_000)
def syllable_forms(token: str) -> tuple[str, str]:
    """The (exact, folded) forms of one lower-case NFC token."""
    decomposed = unicodedata.normalize("NFD", token)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in TONES:
            tone = tone or TONES[ch]
        else:
            kept.append(ch)
    base = "".join(kept)
    exact = unicodedata.normalize("NFC", base) + tone
    folded = "".join(ch for ch in base.translate(_LETTER_FOLDS) if not unicodedata.combining(ch))
    return exact, folded


def analyze(text: str) -> list[Term]:
    """The syllable terms of `text`, in order, with their phrase numbers."""
    text = unicodedata.normalize("NFC", text or "").lower()
    terms: list[Term] = []
    phrase = 0
    position = 0
    for match in _TOKEN.finditer(text):
        if _PHRASE_BREAK.search(text, position, match.start()):
            phrase += 1
        position = match.end()
        exact, folded = syllable_forms(match.group())
        terms.append(Term(exact, folded, phrase))
    return terms


_PHRASE_SPLIT = re.compile(r"[^\w\s]+|_+")
_TOKENS = re.compile(r"[^\W_]+")


def phrase_forms(text: str) -> list[list[tuple[str, str]]]:
    """The (exact, folded) forms of `text`'s syllables, phrase by phrase.

    The same terms as `analyze`, grouped instead of numbered: the fast path
    for indexing thousands of articles.
    """
    text = unicodedata.normalize("NFC", text or "").lower()
    forms = syllable_forms
    return [[forms(token) for token in tokens]
            for tokens in map(_TOKENS.findall, _PHRASE_SPLIT.split(text)) if tokens]


def bigrams(terms: list[Term]) -> list[tuple[str, str]]:
    """(exact, folded) bigrams of adjacent syllables within a phrase: ("chư4 ky1", "chu ky")."""
    return [
        (f"{a.exact} {b.exact}", f"{a.folded} {b.folded}")
        for a, b in zip(terms, terms[1:])
        if a.phrase == b.phrase
    ]


def has_marks(query: str) -> bool:
    """Whether the reader typed any diacritic (then exact forms count for ranking)."""
    return any(exact != folded for exact, folded, _ in analyze(query))
