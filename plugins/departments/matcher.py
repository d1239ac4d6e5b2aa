"""Find the units an article mentions, in one pass over its text.

All names and abbreviations of all units go into one regular expression,
shaped as a trie (one branch per shared prefix, so the engine tries a single
branch at each position: a plain alternation of 300 names was 50 times
slower); the text is case-folded once and matched case-sensitively. The
longest name wins ("Sở Thông tin và Truyền thông tỉnh Quảng Trị" over
"Sở Thông tin và Truyền thông"); matches stand on word boundaries, and
diacritics are compared exactly ("Sở Tư pháp" is not "Sở Tài chính").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from vietnamese.text import nfc


class MentionMatcher:
    """Compiled once per build; `find(text)` returns unit codes in order of first mention."""

    def __init__(self, aliases_by_code: Mapping[str, Iterable[str]]) -> None:
        self._code_of: dict[str, str] = {}
        for code, aliases in aliases_by_code.items():
            for alias in aliases:
                key = nfc(alias).casefold()
                self._code_of.setdefault(key, code)
        pattern = _trie_pattern(sorted(self._code_of)) or r"(?!x)x"
        # (?<!\w) / (?!\w): whole words in any script; "&" and "-" inside names are literal.
        self._regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")

    def find(self, text: str) -> list[str]:
        codes: dict[str, None] = {}
        for match in self._regex.finditer(nfc(text).casefold()):
            codes.setdefault(self._code_of[match.group(0)], None)
        return list(codes)


def _trie_pattern(words: list[str]) -> str:
    """A regex matching exactly `words`, longest first at every branch, built as a character trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # An alias may end here: make the longer continuations optional, tried first (greedy).
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)
