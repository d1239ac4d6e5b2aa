"""The whoosh index of the portal's articles and pages, updated incrementally.

Pure of Pelican: `update_index(folder, documents)` takes `SearchDocument`s,
compares each one's stamp (a hash of everything indexed) with the stamp
stored in the index, and only deletes, adds or replaces what changed.

Every document is analysed once (`vietnamese.analyzer`) into three fields of
pre-made tokens, each token carrying the weight of the part it came from
(title above lead above body):

* `words`: folded syllables ("chu", "ky", "so"): what every query matches on;
* `phrases`: folded syllable bigrams ("chu ky"): a phrase bonus;
* `exact`: the syllables that carry marks, with them ("chư4"): the bonus
  for typing the right diacritics.

whoosh stores, per term and document, the weighted frequency and, per
document and field, the length: the BM25F inputs that `ranking.py` and the
exported browser index both score from.
"""

from __future__ import annotations

import hashlib
from collections import Counter
import os
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from pathlib import Path

from whoosh import fields, index as whoosh_index
from whoosh.analysis import Analyzer, Token

from vietnamese.analyzer import phrase_forms

SCHEMA_VERSION = 1
SCHEMA_FILE = "schema-version"  # beside the index: the SCHEMA_VERSION it was written with
# How much one occurrence weighs, by the part of the document it is in.
PART_WEIGHTS = {"title": 3.0, "lead": 2.0, "labels": 1.5, "body": 1.0}
TEXT_FIELDS = ("words", "phrases", "exact")


@dataclass(frozen=True)
class SearchDocument:
    """What the index knows of one article or page."""

    key: str                 # stable identity: the source path relative to the content folder
    url: str                 # site-relative URL ("tin/2017/11/slug/")
    title: str
    lead: str = ""
    body: str = ""
    category: str = ""       # category name as shown; empty for pages
    category_slug: str = ""
    labels: tuple[str, ...] = ()  # tags and department names: searchable, weighted above the body
    date: datetime | None = None  # None for pages
    kind: str = "article"    # "article" or "page"
    snippet: str = ""        # the short text shown under a result

    @cached_property
    def stamp_value(self) -> str:
        """A hash of everything indexed: a document is re-indexed only when this changes."""
        digest = hashlib.blake2b(str(SCHEMA_VERSION).encode(), digest_size=12)
        for value in (self.key, self.url, self.title, self.lead, self.body, self.category, self.category_slug,
                      "\x1e".join(self.labels), self.date.isoformat() if self.date else "", self.kind, self.snippet):
            digest.update(b"\x1f" + value.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def stamp(self) -> str:
        return self.stamp_value


class _Tokens(str):
    """A field value that is already analysed: (term, weight) pairs.

    whoosh accepts only a string (given to the field's analyzer) or a list of
    plain terms (no weights) as a value, so the pairs ride on a string.
    """

    pairs: list[tuple[str, float]]

    @classmethod
    def of(cls, pairs: list[tuple[str, float]]) -> "_Tokens":
        value = cls("")
        value.pairs = pairs
        return value


class _PreAnalyzed(Analyzer):
    """A whoosh analyzer for `_Tokens` values: each pair becomes a token weighing its weight."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, weight in value.pairs:
            token.text = text
            token.boost = weight
            token.stopped = False
            yield token


def schema() -> fields.Schema:
    """The index's fields (see the module's docstring)."""
    pre = _PreAnalyzed()

    def text_field():
        return fields.FieldType(format=fields.formats.Frequency(), analyzer=pre, scorable=True)

    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        stamp=fields.STORED(),
        url=fields.STORED(),
        title=fields.STORED(),
        snippet=fields.STORED(),
        category=fields.STORED(),
        category_slug=fields.ID(stored=True),
        date=fields.STORED(),  # ISO text with offset, "" for pages
        year=fields.ID(stored=True),
        kind=fields.ID(stored=True),
        **{name: text_field() for name in TEXT_FIELDS},
    )


def document_tokens(document: SearchDocument) -> dict[str, list[tuple[str, float]]]:
    """The token lists of a document, one (term, weight) per occurrence, by field.

    `exact` holds only the syllables that carry a mark: an unmarked syllable's
    exact form is its folded form, already in `words`.
    """
    words, phrases, exact = [], [], []
    parts = ((PART_WEIGHTS["title"], document.title), (PART_WEIGHTS["lead"], document.lead),
             (PART_WEIGHTS["labels"], " · ".join(document.labels)), (PART_WEIGHTS["body"], document.body))
    for weight, text in parts:
        for phrase in phrase_forms(text):
            previous = None
            for exact_form, folded in phrase:
                words.append((folded, weight))
                if exact_form != folded:
                    exact.append((exact_form, weight))
                if previous is not None:
                    phrases.append((f"{previous} {folded}", weight))
                previous = folded
    return {"words": words, "phrases": phrases, "exact": exact}


def document_weights(document: SearchDocument) -> dict[str, tuple[dict[str, float], int, dict[str, int]]]:
    """Per field, the weighted frequency of each term, the field's length and each term's count.

    The same figures as `term_weights(document_tokens(document)[field])`
    (whoosh's Frequency format: the weight, and the count it stores as the
    posting's value), counted part by part with `Counter`: the fast path for
    exporting thousands of documents. The body, the largest part, comes
    first, so that only the few terms of the other parts are merged one by
    one (the weights are multiples of 0.5: their sums are exact in any order).
    """
    result = {name: ({}, 0, {}) for name in TEXT_FIELDS}
    parts = ((PART_WEIGHTS["body"], document.body), (PART_WEIGHTS["title"], document.title),
             (PART_WEIGHTS["lead"], document.lead), (PART_WEIGHTS["labels"], " · ".join(document.labels)))
    for weight, text in parts:
        if not text:
            continue
        words, phrases, exact = [], [], []
        for phrase in phrase_forms(text):
            folded = [f for _, f in phrase]
            words += folded
            phrases += map(" ".join, zip(folded, folded[1:]))
            exact += [e for e, f in phrase if e != f]
        for name, terms in (("words", words), ("phrases", phrases), ("exact", exact)):
            found, length, counts = result[name]
            part = Counter(terms)
            if not found:
                found = {term: n * weight for term, n in part.items()}
                counts = part
            else:
                get, count = found.get, counts.get
                for term, n in part.items():
                    found[term] = get(term, 0.0) + n * weight
                    counts[term] = count(term, 0) + n
            result[name] = (found, length + len(terms), counts)
    return result


def term_weights(tokens: list[tuple[str, float]]) -> tuple[dict[str, float], int]:
    """Weighted frequency of each term and the field's length, as whoosh's Frequency format counts them."""
    weights: dict[str, float] = {}
    get = weights.get
    for term, weight in tokens:
        weights[term] = get(term, 0.0) + weight
    return weights, len(tokens)


def stored_fields(document: SearchDocument) -> dict:
    """The values of the index's fields that are not analysed text (stored, or indexed as one term)."""
    return {
        "key": document.key, "stamp": document.stamp(), "url": document.url,
        "title": document.title, "snippet": document.snippet, "category": document.category,
        "category_slug": document.category_slug or "-",
        "date": document.date.isoformat() if document.date else "",
        "year": str(document.date.year) if document.date else "-",
        "kind": document.kind,
    }


def _fields_of(document: SearchDocument) -> dict:
    values = stored_fields(document)
    values.update({name: _Tokens.of(pairs) for name, pairs in document_tokens(document).items()})
    return values


@dataclass
class UpdateStats:
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0
    keys_changed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed)


def open_index(folder: Path, create: bool = False):
    """The whoosh index in `folder`; a new empty one when `create` and none (or an old schema) is there."""
    folder = Path(folder)
    marker = folder / SCHEMA_FILE
    current = marker.exists() and marker.read_text().strip() == str(SCHEMA_VERSION)
    if current and whoosh_index.exists_in(str(folder)):
        return whoosh_index.open_dir(str(folder))
    if not create:
        raise FileNotFoundError(f"no search index in {folder}: build the site first (./inv build)")
    return new_index(folder)


def new_index(folder: Path):
    """An empty index in `folder`, in place of any index there (the saved documents and the export stay)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file() and not old.name.startswith(DOCUMENTS_FILE):
            old.unlink()
    made = whoosh_index.create_in(str(folder), schema())
    (folder / SCHEMA_FILE).write_text(str(SCHEMA_VERSION))
    return made


def pending_changes(folder: Path, documents: list[SearchDocument]) -> int:
    """How many documents `update_index` would add, replace or remove (all of them when there is no index)."""
    try:
        ix = open_index(Path(folder))
    except FileNotFoundError:
        return len(documents)
    stored = _stored_stamps(Path(folder), ix)
    wanted = {d.key: d.stamp() for d in documents}
    changed = sum(stored.get(key) != stamp for key, stamp in wanted.items())
    return changed + len(stored.keys() - wanted.keys())


def update_index(folder: Path, documents: list[SearchDocument], *, memory_mb: int = 256) -> UpdateStats:
    """Make the index in `folder` hold exactly `documents`, touching only what changed."""
    keys = [d.key for d in documents]
    if len(set(keys)) != len(keys):
        raise ValueError("two search documents have the same key")
    ix = open_index(folder, create=True)
    stats = UpdateStats()
    stored = _stored_stamps(Path(folder), ix)
    wanted = {d.key: d for d in documents}
    to_write = []
    for key, document in sorted(wanted.items()):
        old_stamp = stored.get(key)
        if old_stamp is None:
            stats.added += 1
            to_write.append(document)
        elif old_stamp != document.stamp():
            stats.replaced += 1
            to_write.append(document)
        else:
            stats.unchanged += 1
    removed = sorted(set(stored) - set(wanted))
    stats.removed = len(removed)
    stats.keys_changed = [d.key for d in to_write] + removed
    if not stats.changed:
        if not (Path(folder) / STAMPS_FILE).exists():
            save_stamps(Path(folder), ix, stored)
        return stats
    fresh = not stored
    writer = ix.writer(limitmb=memory_mb)
    try:
        for key in removed:
            writer.delete_by_term("key", key)
        for document in to_write:
            if fresh:
                writer.add_document(**_fields_of(document))
            else:
                writer.update_document(**_fields_of(document))
        # Merging keeps few segments; a small change is written as its own segment.
        writer.commit(optimize=fresh or stats.removed + stats.replaced > len(wanted) // 4)
    except BaseException:
        writer.cancel()
        raise
    save_stamps(Path(folder), ix, {key: document.stamp() for key, document in wanted.items()})
    return stats


STAMPS_FILE = "stamps.pickle"


def _stored_stamps(folder: Path, ix) -> dict[str, str]:
    """key → stamp of the indexed documents: from the side file written with the last commit, when it
    belongs to the index's current generation; else read from whoosh's stored fields (slower)."""
    import pickle

    try:
        with open(folder / STAMPS_FILE, "rb") as handle:
            generation, stamps = pickle.load(handle)
        if generation == ix.latest_generation():
            return stamps
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    with ix.searcher() as searcher:
        return {f["key"]: f["stamp"] for f in searcher.all_stored_fields()}


def save_stamps(folder: Path, ix, stamps: dict[str, str]) -> None:
    import pickle

    partial = folder / f"{STAMPS_FILE}.{os.getpid()}"
    with open(partial, "wb") as handle:
        pickle.dump((ix.latest_generation(), stamps), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, folder / STAMPS_FILE)


def index_size(folder: Path) -> int:
    """Bytes of the whoosh index files."""
    return sum(p.stat().st_size for p in Path(folder).iterdir() if p.is_file())



DOCUMENTS_FILE = "documents.pickle"


def save_documents(folder: Path, documents: list[SearchDocument]) -> None:
    """Keep the last build's documents beside the index (atomically), for `load_documents`."""
    import pickle

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{DOCUMENTS_FILE}.{os.getpid()}"
    with open(partial, "wb") as handle:
        pickle.dump(documents, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, folder / DOCUMENTS_FILE)


def load_documents(folder: Path) -> list[SearchDocument]:
    """The documents of the last build, saved by `save_documents`."""
    import pickle

    path = Path(folder) / DOCUMENTS_FILE
    if not path.exists():
        raise FileNotFoundError(f"no search documents in {folder}: build the site first (./inv build)")
    with open(path, "rb") as handle:
        return pickle.load(handle)
