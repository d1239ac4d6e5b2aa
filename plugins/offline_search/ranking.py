"""How a query is matched and ranked: one definition for the terminal and the browser.

A document matches when it holds every folded syllable of the query (so
"chu ky so" and "chữ ký số" find the same articles). Its score is the sum of
the BM25F scores (whoosh's `BM25F`, B and K1 below) of:

* each folded syllable of the query in `words` (weight 1);
* each folded bigram of the query in `phrases` (× PHRASE_BOOST): phrases
  and close words rank first;
* each syllable of the query typed with marks, in `exact` (× EXACT_BOOST):
  "chữ ký số" ranks before "chủ kỳ sổ";

A document that holds every bigram of the query (the whole phrase, in
order, for all practical purposes) has that sum multiplied by 1 + COMPLETE:
"tập huấn kỹ năng số" ranks the articles with that phrase above titles with
"tập huấn phổ cập kỹ năng số". A query in double quotes requires every
bigram. Then RECENCY × (1 − rank / N) is added, where rank is the document's
place from the newest (a gentle tie-breaker). `search()` here runs the query with whoosh;
`theme/static/js/search.js` runs the same sums on the exported index, whose
per-posting scores whoosh computed (quantised to 1/255 of each term's best).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from whoosh import query as q
from whoosh.scoring import BM25F

from vietnamese.analyzer import MAX_QUERY_CHARACTERS, analyze, bigrams

B = 0.75
K1 = 1.2
PHRASE_BOOST = 1.0
COMPLETE = 1.0
EXACT_BOOST = 0.5
RECENCY = 0.05
MAX_QUERY_TERMS = 12  # syllables of a query past this are ignored (here and in the browser)


@dataclass(frozen=True)
class QueryTerms:
    """The terms a query asks for, by field, in the order the reader typed them."""

    words: tuple[str, ...]
    phrases: tuple[str, ...]
    exact: tuple[str, ...]
    quoted: bool = False  # the reader put the query in double quotes: every bigram is required

    @property
    def empty(self) -> bool:
        return not self.words


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def query_terms(text: str) -> QueryTerms:
    """Analyse a query as the browser does: cut to MAX_QUERY_CHARACTERS and MAX_QUERY_TERMS syllables."""
    terms = analyze((text or "")[:MAX_QUERY_CHARACTERS])[:MAX_QUERY_TERMS]
    text = (text or "")[:MAX_QUERY_CHARACTERS]
    return QueryTerms(
        words=_unique(t.folded for t in terms),
        phrases=_unique(folded for _, folded in bigrams(terms)),
        exact=_unique(t.exact for t in terms if t.exact != t.folded),
        quoted=_is_quoted(text),
    )


QUOTES = "\"“”„«»"


def _is_quoted(text: str) -> bool:
    """Whether the query is a phrase in quotes ("…", “…”, «…»)."""
    stripped = text.strip()
    return len(stripped) > 2 and stripped[0] in QUOTES and stripped[-1] in QUOTES


def whoosh_query(terms: QueryTerms) -> q.Query:
    """The whoosh query for `terms`: every word required, phrases and exact forms as bonuses."""
    required = [q.Term("words", w) for w in terms.words]
    if terms.quoted:
        required += [q.Term("phrases", p, boost=PHRASE_BOOST) for p in terms.phrases]
        optional = []
    else:
        optional = [q.Term("phrases", p, boost=PHRASE_BOOST) for p in terms.phrases]
    optional += [q.Term("exact", e, boost=EXACT_BOOST) for e in terms.exact]
    if not optional:
        return q.And(required)
    return q.AndMaybe(q.And(required), q.Or(optional))


def weighting() -> BM25F:
    return BM25F(B=B, K1=K1)


@dataclass(frozen=True)
class Hit:
    score: float
    title: str
    url: str
    date: str
    category: str
    snippet: str
    key: str


@dataclass(frozen=True)
class Results:
    total: int
    hits: list[Hit]
    terms: QueryTerms


def document_order(documents: list) -> list:
    """Documents newest first (pages, which have no date, last), ties by key: the exported ids.

    Takes `SearchDocument`s or whoosh's stored fields (dicts with ISO dates).
    """
    def get(d, name):
        return d[name] if isinstance(d, dict) else getattr(d, name)

    def date_key(d):
        value = get(d, "date")
        return value if isinstance(value, str) else value.isoformat()

    dated = sorted((d for d in documents if get(d, "date")), key=lambda d: get(d, "key"))
    dated.sort(key=date_key, reverse=True)
    pages = sorted((d for d in documents if not get(d, "date")), key=lambda d: get(d, "key"))
    return dated + pages


def search(index_folder: Path, text: str, *, category: str = "", year: str = "", limit: int = 10) -> Results:
    """Rank the documents of the whoosh index in `index_folder` for `text`."""
    from .index import open_index

    terms = query_terms(text)
    ix = open_index(Path(index_folder))
    if terms.empty:
        return Results(0, [], terms)
    with ix.searcher(weighting=weighting()) as searcher:
        stored = list(searcher.all_stored_fields())
        rank = {d["key"]: i for i, d in enumerate(document_order(stored))}
        total_docs = len(rank)
        filters = []
        if category:
            filters.append(q.Term("category_slug", category))
        if year:
            filters.append(q.Term("year", str(year)))
        found = searcher.search(whoosh_query(terms), limit=None, terms=True,
                                filter=q.And(filters) if filters else None)
        wanted_phrases = {p.encode("utf-8") for p in terms.phrases}
        scored = []
        for hit in found:
            fields = hit.fields()
            matched = {text for field, text in hit.matched_terms() if field == "phrases"}
            score = hit.score * (1 + COMPLETE) if wanted_phrases and wanted_phrases <= matched else hit.score
            bonus = RECENCY * (1 - rank[fields["key"]] / total_docs)
            scored.append((score + bonus, rank[fields["key"]], fields))
    scored.sort(key=lambda item: (-item[0], item[1]))
    hits = [Hit(score, f["title"], f["url"], f["date"], f["category"], f["snippet"], f["key"])
            for score, _, f in scored[:limit]]
    return Results(len(scored), hits, terms)
