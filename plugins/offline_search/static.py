"""Search the exported static index exactly as the browser does, in Python.

A line-for-line twin of `theme/static/js/search.js` (`Index.search`), kept so
the tests can check that the exported index ranks like whoosh does, and so
the benchmark can count what a query downloads without a browser.
"""

from __future__ import annotations

import gzip
import json
import struct
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from .export import decode_varints, term_key
from .ranking import QueryTerms, query_terms


@dataclass
class StaticIndex:
    folder: Path
    manifest: dict = field(init=False)
    fetched: list[str] = field(default_factory=list)  # files read, in order (what a browser downloads)
    _shards: dict[int, dict[str, tuple[int, int, float]]] = field(default_factory=dict)
    _shard_bytes: dict[int, bytes] = field(default_factory=dict)
    _rows: dict = field(default_factory=dict)

    def __post_init__(self):
        self.folder = Path(self.folder)
        self.manifest = json.loads(self._read("index.json", packed=False))

    def _read(self, name: str, packed: bool = True) -> bytes:
        self.fetched.append(name)
        data = (self.folder / name).read_bytes()
        return gzip.decompress(data) if packed else data

    def _shard_of(self, key: str) -> int:
        return max(bisect_right(self.manifest["shards"], key) - 1, 0)

    def _load_shard(self, number) -> dict:
        """The entries of shard `number` ("delta" for the delta's shard): key → (body offset, best)."""
        if number not in self._shards:
            data = self._read("delta.bin" if number == "delta" else f"t/{number}.bin")
            entries, offset = {}, 0
            while offset < len(data):
                (length,), offset = decode_varints(data, offset, 1)
                key = data[offset:offset + length].decode("utf-8")
                offset += length
                (body,), offset = decode_varints(data, offset, 1)
                (best,) = struct.unpack_from("<f", data, offset)
                entries[key] = (offset + 4, best)
                offset += body
            self._shards[number] = entries
            self._shard_bytes[number] = data
        return self._shards[number]

    def postings(self, key: str) -> dict[int, float]:
        """Document id → score of one term key ("chu"); empty when absent.

        The main index's postings, less the deleted ids, then the delta's, numbered after the main ids.
        """
        found = self._postings_in(self._shard_of(key), key)
        deleted = set(self.manifest.get("deleted", ()))
        if deleted:
            found = {doc: score for doc, score in found.items() if doc not in deleted}
        delta = self.manifest.get("delta")
        if delta:
            found.update({delta["first"] + doc: score for doc, score in self._postings_in("delta", key).items()})
        return found

    def _postings_in(self, number, key: str) -> dict[int, float]:
        entry = self._load_shard(number).get(key)
        if entry is None:
            return {}
        offset, best = entry
        data = self._shard_bytes[number]
        (count,), offset = decode_varints(data, offset, 1)
        gaps, offset = decode_varints(data, offset, count)
        ids, current = [], 0
        for gap in gaps:
            current += gap
            ids.append(current)
        return {doc: data[offset + i] / 255 * best for i, doc in enumerate(ids)}

    def search(self, text: str, category: str = "", year: str = "", limit: int = 10):
        """(total, [(score, id, row)]) for the best `limit` documents, like the browser."""
        terms: QueryTerms = query_terms(text)
        if terms.empty:
            return 0, []
        ranking = self.manifest["ranking"]
        required = [self.postings(term_key("words", w)) for w in terms.words]
        phrases = [self.postings(term_key("phrases", p)) for p in terms.phrases]
        if terms.quoted:
            required += [{doc: ranking["phrase"] * score for doc, score in p.items()} for p in phrases]
        if any(not p for p in required):
            return 0, []
        candidates = set(min(required, key=len))
        for p in required:
            candidates &= p.keys()
        delta = self.manifest.get("delta") or {"first": self.manifest["documents"], "count": 0}
        first = delta["first"]
        if year:
            low, high = self.manifest["years"].get(str(year), (1, 0))
            candidates = {d for d in candidates if (low <= d <= high if d < first
                                                    else delta["years"][d - first] == int(year))}
        if category:
            numbers = {slug: i + 1 for i, (slug, _) in enumerate(self.manifest["categories"])}
            wanted = numbers.get(category, -1)
            per_doc = self._read("c.bin")
            candidates = {d for d in candidates if (per_doc[d] if d < first else delta["categories"][d - first]) == wanted}
        scores = {d: sum(p[d] for p in required) for d in candidates}
        found_phrases = dict.fromkeys(scores, 0)
        for postings in phrases:
            for doc, score in postings.items():
                if doc in scores:
                    found_phrases[doc] += 1
                    if not terms.quoted:
                        scores[doc] += ranking["phrase"] * score
        for item in terms.exact:
            for doc, score in self.postings(term_key("exact", item)).items():
                if doc in scores:
                    scores[doc] += ranking["exact"] * score
        if phrases:
            for doc, count in found_phrases.items():
                if count == len(phrases):
                    scores[doc] *= 1 + ranking["complete"]
        total_docs = self.manifest["documents"]
        for doc in scores:
            recency = 1 - doc / total_docs if doc < first else delta["recency"][doc - first]
            scores[doc] += ranking["recency"] * recency
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return len(scores), [(score, doc, self._row(doc)) for doc, score in best]

    def _row(self, doc: int) -> list:
        """[title, url, date, category, snippet] of a document id."""
        delta = self.manifest.get("delta")
        if delta and doc >= delta["first"]:
            if "delta" not in self._rows:
                self._rows["delta"] = json.loads(self._read("delta.json"))
            return self._rows["delta"][doc - delta["first"]]
        number = doc // self.manifest["chunk"]
        if number not in self._rows:
            self._rows[number] = json.loads(self._read(f"d/{number}.json"))
        return self._rows[number][doc % self.manifest["chunk"]]
