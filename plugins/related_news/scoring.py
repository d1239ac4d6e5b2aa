"""Related news: for each article, the other articles most about the same thing.

Content-based and Vietnamese-aware; no Pelican here (the glue builds
`Document`s and calls `related_lists`). The method, its parameters and the
measured figures are in docs/related-news.md; in short:

1. Text → terms. Each field (title, lead, body) is NFC-normalised and
   lower-cased, split into syllables; a syllable bigram is formed from two
   adjacent syllables of the same phrase (punctuation and numbers break a
   phrase), never from two function words (`vocabulary.FUNCTION_WORDS`).
2. Terms → weights. Term frequency = title_weight·tf(title) +
   lead_weight·tf(lead) + tf(body), made sublinear (1 + ln tf), times a
   smoothed idf; function words are multiplied by `function_word_weight`;
   terms in fewer than 2 documents or in more than `max_df` of them are
   dropped; every vector is L2-normalised (cosine similarity).
3. Candidates. A dense LSA embedding (`embedding_dims` dimensions, by a
   randomised SVD with a fixed seed) finds `candidates` nearest articles
   of each article: exactly (blocked matrix products) for small sites, by
   an inverted-file search over k-means cells for large ones. No all-pairs
   matrix is ever built.
4. Exact cosine of the sparse tf-idf vectors for every candidate pair.
5. Pseudo-relevance feedback (RM3-like query expansion): each vector gets
   the `expansion_terms` strongest terms of the similarity-weighted
   centroid of its `expansion_neighbours` nearest articles, with weight
   `expansion_weight`; the candidate pairs are scored again with the
   expanded vectors.
6. Shared-nearest-neighbour re-ranking: + `shared_weight` × (fraction of
   the `shared_neighbours` nearest articles the two have in common).
7. Writing style: + `style_weight` × the cosine, when positive, of the two
   articles' style profiles: the relative frequencies of the `style_terms`
   syllables found in the most articles (function words included), each
   standardised over the site (Burrows' z-scores; "Cosine Delta" in
   stylometry). A news section has its own register (a sports report, a
   travel piece, a court story), which the topic words miss.
8. Boosts for a shared category, shared tags, shared departments and
   closeness in time; items below `min_score` are dropped; ties are broken
   by key. Documents are processed in key order, so the result does not
   depend on the input order.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from vietnamese.text import nfc

from .vocabulary import FUNCTION_WORDS


@dataclass(frozen=True)
class Document:
    key: str  # the article's slug, unique
    title: str
    lead: str  # summary/sapo, plain text, may be ""
    body: str  # plain text of the body (HTML already stripped), may be ""
    category: str = ""
    tags: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    date: datetime | None = None


@dataclass(frozen=True)
class RelatedConfig:
    """Every field is a number ≥ 0 (the glue maps field `x` to the setting RELATED_NEWS_X)."""

    max_items: int = 5  # items per article (setting RELATED_NEWS_MAX)
    # -- text weighting
    title_weight: float = 2.0  # a title term counts as this many body occurrences
    lead_weight: float = 1.5  # a lead (sapo) term counts as this many body occurrences
    function_word_weight: float = 0.3  # factor on the weight of a function word (vocabulary.py)
    bigram_weight: float = 1.0  # factor on the weight of a syllable bigram
    max_df: float = 0.2  # drop terms found in more than this share of the articles (and in more than 100)
    # -- boosts, added to the similarity (a cosine, 0..1)
    category_boost: float = 0.05  # same non-empty category
    tag_boost: float = 0.08  # × (shared tags / √(tags of one × tags of the other))
    department_boost: float = 0.05  # × (shared departments / √(… × …))
    time_boost: float = 0.0  # × exp(−|days apart| / time_scale_days)
    time_scale_days: float = 30.0
    min_score: float = 0.05  # no item below this final score
    # -- method (see the module docstring and docs/related-news.md)
    candidates: int = 25  # nearest articles per article by the embedding, then scored exactly
    embedding_dims: int = 64  # LSA dimensions used to find candidates
    expansion_neighbours: int = 10  # neighbours whose centroid expands an article's vector
    expansion_terms: int = 30  # strongest centroid terms kept in the expansion
    expansion_weight: float = 0.3  # weight of the (unit) expansion against the (unit) vector
    shared_neighbours: int = 20  # size of the neighbour lists compared for shared neighbours
    shared_weight: float = 0.15  # weight of the shared-neighbour fraction
    style_terms: int = 150  # most widespread syllables whose z-scored frequencies make the style profile
    style_weight: float = 0.2  # × cosine of the two style profiles (Cosine Delta), when positive
    exact_search_max: int = 5000  # up to this many articles, candidates by exhaustive search
    workers: int = 0  # processes for tokenising and exact scoring: 0 = one per CPU (at most 4), 1 = none


# --------------------------------------------------------------------------
# Text → term ids
# --------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


class _Ids(dict):
    """A dict that gives each new key the next integer."""

    def __missing__(self, key):
        value = self[key] = len(self)
        return value


@dataclass
class _Tokens:
    """All fields' tokens as flat arrays (token order kept)."""

    words: list[str]  # word id -> syllable (or a joined multi-part token)
    word: np.ndarray  # per token: word id, -1 for a non-word (number, punctuation)
    doc: np.ndarray  # per token: document index
    field: np.ndarray  # per token: 0 title, 1 lead, 2 body
    pair_ok: np.ndarray  # per token t: tokens t and t+1 form a bigram


def _tokenise_slice(lo: int, hi: int) -> _Tokens:
    """Tokens of documents lo..hi-1 of _FORK_STATE["fields"] (word ids local to this slice)."""
    fields = _FORK_STATE["fields"]
    raw = _Ids()
    get = raw.__getitem__
    chunks, docs, kinds = [], [], []
    for kind, texts in enumerate(fields):
        for index in range(lo, hi):
            text = texts[index]
            if not text:
                continue
            tokens = nfc(text).lower().split()
            if not tokens:
                continue
            chunks.append(np.fromiter(map(get, tokens), np.int32, len(tokens)))
            docs.append((index, len(tokens)))
            kinds.append(kind)
    # Each distinct raw token (a word with its punctuation) is analysed once.
    words = _Ids()
    n_raw = len(raw)
    word_of = np.full(n_raw + 1, -1, np.int32)
    lead_break = np.ones(n_raw + 1, bool)
    trail_break = np.ones(n_raw + 1, bool)
    for token, rid in raw.items():
        parts = _WORD.findall(token)
        if not parts:
            continue
        if len(parts) == 1:
            match = _WORD.search(token)
            lead_break[rid] = match.start() > 0
            trail_break[rid] = match.end() < len(token)
            word_of[rid] = words[parts[0]]
        else:  # "tp.hcm", "covid-19": one term, a phrase break on both sides
            word_of[rid] = words[" ".join(parts)]
    if chunks:
        ids = np.concatenate(chunks)
        lengths = np.fromiter((n for _, n in docs), np.int64, len(docs))
        doc = np.repeat(np.fromiter((d for d, _ in docs), np.int32, len(docs)), lengths)
        field = np.repeat(np.array(kinds, np.int8), lengths)
        starts = np.cumsum(lengths) - lengths
    else:
        ids = np.empty(0, np.int32)
        doc = np.empty(0, np.int32)
        field = np.empty(0, np.int8)
        starts = lengths = np.empty(0, np.int64)
    word = word_of[ids]
    pair_ok = np.zeros(len(ids), bool)
    if len(ids) > 1:
        pair_ok[:-1] = (word[:-1] >= 0) & (word[1:] >= 0) & ~trail_break[ids[:-1]] & ~lead_break[ids[1:]]
    if len(ids):
        pair_ok[starts + lengths - 1] = False  # the last token of a field never pairs with the next one
    word_list = [""] * len(words)
    for text, wid in words.items():
        word_list[wid] = text
    return _Tokens(word_list, word, doc, field, pair_ok)


def _count_slice(lo: int, hi: int):
    """Weighted unigram and bigram counts of documents lo..hi-1, with this slice's own word ids."""
    part = _tokenise_slice(lo, hi)
    field_weight = _FORK_STATE["field_weight"]
    word = part.word.astype(np.int64)
    doc = part.doc - lo
    weight = field_weight[part.field]
    ok = word >= 0
    n_local = max(1, len(part.words))
    uni = sp.coo_matrix((weight[ok], (doc[ok], word[ok])), shape=(hi - lo, n_local)).tocsr()
    uni.sum_duplicates()
    left = np.flatnonzero(part.pair_ok)
    is_fw = np.array([w in FUNCTION_WORDS for w in part.words] + [False], bool)
    left = left[~(is_fw[word[left]] & is_fw[word[left + 1]])]
    code = (word[left] << _BIGRAM_SHIFT) | word[left + 1]
    bi = sp.coo_matrix((weight[left], (doc[left], code)), shape=(hi - lo, 1 << 62)).tocsr()
    bi.sum_duplicates()
    return (part.words, uni.data.astype(np.float32), uni.indices.astype(np.int32), np.diff(uni.indptr).astype(np.int32),
            bi.data.astype(np.float32), bi.indices.astype(np.int64), np.diff(bi.indptr).astype(np.int32))


_CHUNK_DOCS = 2500  # documents tokenised per task (bounds the memory of the token arrays)
_BIGRAM_SHIFT = 32  # a bigram is coded left word id << 32 | right word id


def _count_terms(fields: Sequence[Sequence[str]], field_weight: np.ndarray, workers: int):
    """Weighted term counts of every document: (words, chunks).

    Each chunk is (unigram weights, word ids, unigram entries per document,
    bigram weights, bigram codes left << 32 | right, bigram entries per document).

    Chunks of documents are tokenised and counted by worker processes; this one
    only renumbers their words into one vocabulary, in order of first
    appearance (documents are in key order, so the numbering does not depend on
    the input order). Column indices are not sorted within rows (see _model).
    """
    n = len(fields[0]) if fields else 0
    bounds = list(range(0, n, _CHUNK_DOCS)) + [n]
    tasks = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    vocabulary = _Ids()
    chunks = []
    mask = (1 << _BIGRAM_SHIFT) - 1
    _FORK_STATE["fields"] = fields
    _FORK_STATE["field_weight"] = field_weight
    try:
        results = _in_parallel_iter(_count_slice, tasks, workers if n >= _PARALLEL_MIN_DOCS else 1)
        for words, ud, ui, ul, bd, bi, bl in results:
            remap = np.array([vocabulary[w] for w in words] + [-1], np.int64)
            bi = (remap[bi >> _BIGRAM_SHIFT] << _BIGRAM_SHIFT) | remap[bi & mask]
            chunks.append((ud, remap[ui].astype(np.int32), ul, bd, bi, bl))
    finally:
        _FORK_STATE.clear()
    words = [""] * len(vocabulary)
    for word, wid in vocabulary.items():
        words[wid] = word
    return words, chunks


# --------------------------------------------------------------------------
# Two processes where the machine has them (fork: the workers inherit the data)
# --------------------------------------------------------------------------

_PARALLEL_MIN_DOCS = 3000
_MAX_WORKERS = 4
_FORK_STATE: dict = {}


def _workers(requested: int = 0) -> int:
    """Worker processes to use: `requested`, or with 0 one per available CPU (at most _MAX_WORKERS)."""
    if requested >= 1:
        return int(requested)
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:
        available = os.cpu_count() or 1
    return max(1, min(_MAX_WORKERS, available))


def _in_parallel_iter(func, arguments: list[tuple], workers: int):
    """func(*a) for a in arguments, in order; computed ahead by `workers` forked processes when > 1."""
    if workers > 1 and len(arguments) > 1 and "fork" in multiprocessing.get_all_start_methods():
        try:
            pool = multiprocessing.get_context("fork").Pool(min(workers, len(arguments)))
        except OSError:
            pool = None
        if pool is not None:
            with pool:
                yield from pool.imap(_star, [(func, a) for a in arguments])
            return
    for a in arguments:
        yield func(*a)


def _star(item):
    func, arguments = item
    return func(*arguments)


def _in_parallel(func, arguments: list[tuple]) -> list:
    """[func(*a) for a in arguments], in forked worker processes when there are several."""
    if len(arguments) > 1 and "fork" in multiprocessing.get_all_start_methods():
        try:
            with multiprocessing.get_context("fork").Pool(len(arguments)) as pool:
                return pool.starmap(func, arguments)
        except OSError:
            pass
    return [func(*a) for a in arguments]


@dataclass
class _Model:
    keys: list[str]  # sorted
    X: sp.csr_matrix  # documents × terms, L2-normalised tf-idf (float32)
    terms: list[str]  # column -> human-readable term
    style: np.ndarray  # documents × style_terms: unit rows of z-scored relative frequencies (zeros: no profile)


def _model(documents: Sequence[Document], config: RelatedConfig) -> _Model:
    docs = sorted(documents, key=lambda d: d.key)
    keys = [d.key for d in docs]
    n = len(docs)
    field_weight = np.array([config.title_weight, config.lead_weight, 1.0], np.float32)
    words, chunks = _count_terms(
        [[d.title for d in docs], [d.lead for d in docs], [d.body for d in docs]], field_weight,
        _workers(int(config.workers)))
    n_words = max(1, len(words))
    low = (1 << _BIGRAM_SHIFT) - 1
    # Document frequencies (every chunk's counts are per document already)
    ucount = np.zeros(n_words, np.int64)
    table_path = n_words * n_words <= _DENSE_BIGRAM_TABLE
    bcount_all = np.zeros(n_words * n_words if table_path else 0, np.int64)
    partial = []
    for _, ui, _, _, bi, _ in chunks:
        ucount += np.bincount(ui, minlength=n_words)
        codes = (bi >> _BIGRAM_SHIFT) * n_words + (bi & low)
        if table_path:
            bcount_all += np.bincount(codes, minlength=n_words * n_words)
        else:
            partial.append(np.unique(codes, return_counts=True))
    max_df = max(_MAX_DF_FLOOR, int(config.max_df * n))  # small sites keep their common topical terms
    ucols = np.flatnonzero((ucount >= 2) & (ucount <= max_df))
    if table_path:  # small vocabulary: a direct table from word pair to column
        bcodes = np.flatnonzero((bcount_all >= 2) & (bcount_all <= max_df))
        bcount = bcount_all[bcodes]
        table = np.full(n_words * n_words, -1, np.int64)
        table[bcodes] = np.arange(len(bcodes))
    elif partial:
        codes, inverse = np.unique(np.concatenate([c for c, _ in partial]), return_inverse=True)
        counts = np.bincount(inverse, weights=np.concatenate([k for _, k in partial])).astype(np.int64)
        keep = (counts >= 2) & (counts <= max_df)
        bcodes, bcount = codes[keep], counts[keep]
    else:
        bcodes = bcount = np.empty(0, np.int64)
    del partial, bcount_all
    n_uni = len(ucols)
    terms = [words[i] for i in ucols] + [
        words[c // n_words] + " " + words[c % n_words] for c in bcodes.tolist()]
    df = np.concatenate((ucount[ucols], bcount)).astype(np.float64)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    factor = np.ones(len(terms))
    fw = np.array([t in FUNCTION_WORDS for t in terms[:n_uni]], bool)
    factor[:n_uni][fw] = config.function_word_weight
    factor[n_uni:] = config.bigram_weight
    if len(bcodes):  # a bigram with one function word ("của tỉnh") gets √function_word_weight
        word_fw = np.array([w in FUNCTION_WORDS for w in words], bool)
        one_fw = word_fw[bcodes // n_words] | word_fw[bcodes % n_words]
        factor[n_uni:][one_fw] *= math.sqrt(config.function_word_weight)
    colweight = (idf * factor).astype(np.float32)
    # Assemble, chunk by chunk: [unigram columns | bigram columns] of the surviving terms
    umap = np.full(n_words + 1, -1, np.int32)
    umap[ucols] = np.arange(n_uni)
    # style profile: relative frequencies of the most widespread syllables (function words included,
    # whatever max_df dropped)
    n_style = min(int(config.style_terms), len(words)) if config.style_weight else 0
    style_cols = _most_widespread(ucount[:len(words)], words, n_style)
    smap = np.full(n_words + 1, n_style, np.int64)  # other words go to an extra column (for the totals)
    smap[style_cols] = np.arange(n_style)
    style = np.zeros((n, n_style), np.float32)
    style_row = 0
    blocks = []
    while chunks:
        ud, ui, ul, bd, bi, bl = chunks.pop(0)
        if n_style:
            cells = np.repeat(np.arange(len(ul), dtype=np.int64) * (n_style + 1), ul) + smap[ui]
            part = np.bincount(cells, weights=ud, minlength=len(ul) * (n_style + 1)).reshape(len(ul), n_style + 1)
            totals = part.sum(axis=1)  # every unigram occurrence (weighted), the extra column included
            style[style_row:style_row + len(ul)] = part[:, :n_style] / np.maximum(totals, 1e-12)[:, None]
        style_row += len(ul)
        codes = (bi >> _BIGRAM_SHIFT) * n_words + (bi & low)
        if table_path:
            bcol = table[codes]
        else:
            pos = np.searchsorted(bcodes, codes)
            bcol = np.full(len(codes), -1, np.int64)
            hit = pos < len(bcodes)
            hit[hit] = bcodes[pos[hit]] == codes[hit]
            bcol[hit] = pos[hit]
        rows = len(ul)
        parts = []
        for data, new_cols, lengths, width in ((ud, umap[ui], ul, n_uni), (bd, bcol, bl, len(bcodes))):
            keep = new_cols >= 0
            indptr = np.concatenate(([0], np.cumsum(keep)))[np.concatenate(([0], np.cumsum(lengths)))]
            parts.append(sp.csr_matrix((data[keep], new_cols[keep].astype(np.int32), indptr), shape=(rows, width)))
        blocks.append(sp.hstack(parts, format="csr"))
    X = sp.vstack(blocks, format="csr") if blocks else sp.csr_matrix((n, len(terms)), dtype=np.float32)
    X = sp.csr_matrix((X.data, X.indices, X.indptr), shape=(n, len(terms)))
    del blocks
    # sublinear tf; a weighted tf below 1 (a field weight < 1) is scaled down rather than made negative
    tf = X.data
    values = np.where(tf >= 1, 1.0 + np.log(np.maximum(tf, 1.0)), tf).astype(np.float32) * colweight[X.indices]
    lengths = np.diff(X.indptr)
    squares = np.add.reduceat(np.append(values.astype(np.float64) ** 2, 0.0), X.indptr[:-1]) if n else np.zeros(0)
    norms = np.where(lengths > 0, np.sqrt(squares), 1.0)
    norms[norms == 0] = 1.0
    X = sp.csr_matrix(((values / np.repeat(norms, lengths)).astype(np.float32), X.indices, X.indptr), shape=X.shape)
    X.eliminate_zeros()
    X.sort_indices()
    return _Model(keys, X, terms, _style_profiles(style))


def _most_widespread(df: np.ndarray, words: list[str], m: int) -> np.ndarray:
    """Ids of the m words of highest document frequency; ties broken by the word itself (not its id,
    which depends on how the documents were split between workers)."""
    if m <= 0:
        return np.empty(0, np.int64)
    if m >= len(df):
        return np.arange(len(df))
    threshold = -np.partition(-df, m - 1)[m - 1]
    above = np.flatnonzero(df > threshold)
    tied = np.flatnonzero(df == threshold).tolist()
    tied.sort(key=words.__getitem__)
    return np.concatenate((above, np.array(tied[:m - len(above)], np.int64)))


def _style_profiles(freq: np.ndarray) -> np.ndarray:
    """Unit rows of the column-standardised relative frequencies (Burrows' z-scores); zeros for empty rows."""
    n, m = freq.shape
    if n == 0 or m == 0:
        return np.zeros((n, m), np.float32)
    has = freq.sum(axis=1) > 0
    if not has.any():
        return np.zeros((n, m), np.float32)
    sample = freq if has.all() else freq[has]
    mean = sample.mean(axis=0, dtype=np.float64)
    std = np.sqrt(np.maximum((sample.astype(np.float64) ** 2).mean(axis=0) - mean ** 2, 0.0))
    z = freq - mean.astype(np.float32)
    z *= (1.0 / np.where(std > 1e-12, std, 1.0)).astype(np.float32)
    z[~has] = 0.0
    norms = np.sqrt(np.einsum("ij,ij->i", z, z))
    norms[norms == 0] = 1.0
    z /= norms[:, None]
    return z.astype(np.float32, copy=False)


def _style_similarity(style: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """n × c: cosine of each article's style profile with its candidates' (blocked)."""
    n, c = cand.shape
    out = np.zeros((n, c), np.float32)
    if n == 0 or c == 0 or style.shape[1] == 0:
        return out
    step = max(1, _BLOCK_CELLS // (c * style.shape[1]))
    for start in range(0, n, step):
        stop = min(n, start + step)
        out[start:stop] = np.einsum("nd,ncd->nc", style[start:stop], style[cand[start:stop]])
    return out


# --------------------------------------------------------------------------
# Candidates: LSA embedding, exhaustive or inverted-file search
# --------------------------------------------------------------------------

_SEED = 20261123
_LSA_MAX_TERMS = 50000  # most frequent terms the embedding uses (bounds its memory)
_LSA_MAX_ROWS = 20000  # articles the SVD is fitted on (evenly spaced in key order)
_BLOCK_CELLS = 4_000_000  # dense scores computed at once (16 MB of float32)


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _embedding(X: sp.csr_matrix, dims: int) -> np.ndarray:
    """Unit rows of a rank-`dims` LSA of X; columns in decreasing singular value."""
    n, v = X.shape
    if n == 0 or v == 0 or X.nnz == 0:
        return np.zeros((n, 1), np.float32)
    df = np.bincount(X.indices, minlength=v)
    if v > _LSA_MAX_TERMS:
        cols = np.sort(np.argsort(-df, kind="stable")[:_LSA_MAX_TERMS])
        X = X[:, cols]
        v = len(cols)
    d = max(1, min(dims, n - 1, v))
    sample = X if n <= _LSA_MAX_ROWS else X[np.linspace(0, n - 1, _LSA_MAX_ROWS).astype(np.int64)]
    width = min(d + 10, min(sample.shape))
    rng = np.random.default_rng(_SEED)
    Q = np.asarray(sample @ rng.standard_normal((v, width), dtype=np.float32))
    Q, _ = np.linalg.qr(Q)
    for _ in range(2):  # power iterations, orthonormalised on the (small) article side
        Q, _ = np.linalg.qr(np.asarray(sample @ np.asarray(sample.T @ Q)))
    B = np.asarray(sample.T @ Q, dtype=np.float64).T  # width × v; sample ≈ Q B
    evals, evecs = np.linalg.eigh(B @ B.T)  # B Bᵀ = U S² Uᵀ, so Bᵀ U / S are the right singular vectors
    top = np.argsort(-evals, kind="stable")[:d]
    sing = np.sqrt(np.maximum(evals[top], 1e-30))
    basis = np.ascontiguousarray((B.T @ evecs[:, top]) / sing, dtype=np.float32)
    projected = np.asarray(X @ basis, dtype=np.float32)
    return _normalise_rows(projected)


def _top_in_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the k largest scores of each row (any order)."""
    if k >= scores.shape[1]:
        return np.broadcast_to(np.arange(scores.shape[1]), scores.shape).copy()
    return np.argpartition(-scores, k - 1, axis=1)[:, :k]


def _exhaustive_candidates(E: np.ndarray, k: int) -> np.ndarray:
    n = len(E)
    out = np.empty((n, k), np.int64)
    step = max(1, _BLOCK_CELLS // max(n, 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        scores = E[start:stop] @ E.T
        scores[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        out[start:stop] = _top_in_rows(scores, k)
    return out


def _ivf_candidates(E: np.ndarray, k: int, probes: int = 6, iterations: int = 8) -> np.ndarray:
    """Approximate k nearest rows by inner product: spherical k-means cells, `probes` cells searched per row."""
    n, d = E.shape
    n_cells = max(2, int(round(math.sqrt(n))))
    rng = np.random.default_rng(_SEED)
    train = E if n <= _LSA_MAX_ROWS else E[np.linspace(0, n - 1, _LSA_MAX_ROWS).astype(np.int64)]
    centroids = train[rng.choice(len(train), n_cells, replace=False)].copy()
    for _ in range(iterations):
        assign = np.concatenate([np.argmax(train[s:s + 4096] @ centroids.T, axis=1)
                                 for s in range(0, len(train), 4096)])
        sums = np.zeros_like(centroids)
        np.add.at(sums, assign, train)
        empty = ~np.any(sums, axis=1)
        sums[empty] = centroids[empty]
        centroids = _normalise_rows(sums)
    probes = min(probes, n_cells)
    cell = np.empty(n, np.int64)
    probe = np.empty((n, probes), np.int64)
    step = max(1, _BLOCK_CELLS // n_cells)
    for start in range(0, n, step):
        scores = E[start:start + step] @ centroids.T
        cell[start:start + step] = np.argmax(scores, axis=1)
        top = _top_in_rows(scores, probes)
        order = np.argsort(-np.take_along_axis(scores, top, 1), axis=1, kind="stable")
        probe[start:start + step] = np.take_along_axis(top, order, 1)
    probe[:, 0] = cell  # a row always searches its own cell
    members_of = np.argsort(cell, kind="stable")
    bounds = np.searchsorted(cell[members_of], np.arange(n_cells + 1))
    best_idx = np.full((n, probes * k), -1, np.int64)
    best_val = np.full((n, probes * k), -np.inf, np.float32)
    flat_rows = np.repeat(np.arange(n), probes)
    flat_slot = np.tile(np.arange(probes), n)
    by_cell = np.argsort(probe.ravel(), kind="stable")
    qbounds = np.searchsorted(probe.ravel()[by_cell], np.arange(n_cells + 1))
    for c in range(n_cells):
        members = members_of[bounds[c]:bounds[c + 1]]
        sel = by_cell[qbounds[c]:qbounds[c + 1]]
        if len(members) == 0 or len(sel) == 0:
            continue
        queries, slots = flat_rows[sel], flat_slot[sel]
        for s in range(0, len(queries), max(1, _BLOCK_CELLS // len(members))):
            q, sl = queries[s:s + _BLOCK_CELLS // len(members) or 1], slots[s:s + _BLOCK_CELLS // len(members) or 1]
            scores = E[q] @ E[members].T
            scores[q[:, None] == members[None, :]] = -np.inf
            kk = min(k, len(members))
            top = _top_in_rows(scores, kk)
            cols = sl[:, None] * k + np.arange(kk)[None, :]
            best_idx[q[:, None], cols] = members[top]
            best_val[q[:, None], cols] = np.take_along_axis(scores, top, 1)
    top = _top_in_rows(best_val, k)
    found = np.take_along_axis(best_idx, top, 1)
    missing = found < 0  # fewer than k articles in the probed cells: fill with arbitrary others
    if missing.any():
        found[missing] = (np.nonzero(missing)[0] + 1) % n
    return found


def _candidates(E: np.ndarray, k: int, exact_max: int) -> np.ndarray:
    n = len(E)
    k = min(k, n - 1)
    if k <= 0:
        return np.empty((n, 0), np.int64)
    if n <= exact_max:
        return _exhaustive_candidates(E, k)
    return _ivf_candidates(E, k)


# --------------------------------------------------------------------------
# Exact scores of candidate pairs, expansion, shared neighbours
# --------------------------------------------------------------------------

_MAX_DF_FLOOR = 100  # max_df never drops a term found in 100 articles or fewer
_DENSE_BIGRAM_TABLE = 1 << 22  # table of all word pairs when the vocabulary is this small


def _dots_slots(lo: int, hi: int) -> np.ndarray:
    A, B, cand = _FORK_STATE["dots"]
    out = np.empty((A.shape[0], hi - lo), np.float32)
    for k in range(lo, hi):  # slot k: every row i with its k-th candidate
        out[:, k - lo] = np.asarray(A.multiply(B[cand[:, k]]).sum(axis=1)).ravel()
    return out


def _candidate_dots(A: sp.csr_matrix, B: sp.csr_matrix, cand: np.ndarray, workers: int) -> np.ndarray:
    """n × c: A[i] · B[cand[i, k]] (exact sparse dot products of the candidate pairs only)."""
    n, c = cand.shape
    if n == 0 or c == 0:
        return np.zeros((n, c), np.float32)
    workers = min(workers, c) if n >= _PARALLEL_MIN_DOCS else 1
    bounds = [c * i // workers for i in range(workers + 1)]
    _FORK_STATE["dots"] = (A, B, cand)
    try:
        parts = _in_parallel(_dots_slots, [(bounds[i], bounds[i + 1]) for i in range(workers)])
    finally:
        _FORK_STATE.clear()
    return np.concatenate(parts, axis=1)


def _first_occurrences(cand: np.ndarray) -> np.ndarray:
    """True where cand[i, k] does not appear earlier in row i."""
    if cand.size == 0:
        return np.ones(cand.shape, bool)
    order = np.argsort(cand, axis=1, kind="stable")
    ranked = np.take_along_axis(cand, order, 1)
    repeat = np.zeros(cand.shape, bool)
    repeat[:, 1:] = ranked[:, 1:] == ranked[:, :-1]
    out = np.empty(cand.shape, bool)
    np.put_along_axis(out, order, ~repeat, 1)
    return out


def _rank_rows(cand: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort each row's candidates by score desc, then by index (= key order) asc."""
    order = np.lexsort((cand, -scores), axis=-1) if cand.size else np.empty_like(cand)
    return np.take_along_axis(cand, order, 1), np.take_along_axis(scores, order, 1)


def _top_terms(X: sp.csr_matrix, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's t strongest (column, value), padded with (0, 0); rows done in blocks."""
    n = X.shape[0]
    cols_out = np.zeros((n, t), np.int64)
    vals_out = np.zeros((n, t), np.float32)
    lengths = np.diff(X.indptr)
    step = max(1, _BLOCK_CELLS // max(1, int(lengths.max()) if n else 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        lo, hi = X.indptr[start], X.indptr[stop]
        bl = lengths[start:stop]
        width = max(1, int(bl.max()))
        rows = stop - start
        flat = np.arange(hi - lo) + np.repeat(np.arange(rows) * width - (X.indptr[start:stop] - lo), bl)
        cols = np.zeros(rows * width, np.int64)
        vals = np.zeros(rows * width, np.float32)
        cols[flat] = X.indices[lo:hi]
        vals[flat] = X.data[lo:hi]
        cols, vals = cols.reshape(rows, width), vals.reshape(rows, width)
        if width > t:
            # the t largest values; among values equal to the t-th, the lowest columns (whatever the padding)
            threshold = -np.partition(-vals, t - 1, axis=1)[:, t - 1:t]
            key = np.where(vals > threshold, -np.inf, np.where(vals == threshold, cols.astype(np.float64), np.inf))
            top = np.argpartition(key, t - 1, axis=1)[:, :t]
            cols, vals = np.take_along_axis(cols, top, 1), np.take_along_axis(vals, top, 1)
        cols_out[start:stop, :cols.shape[1]] = cols
        vals_out[start:stop, :vals.shape[1]] = vals
    return cols_out, vals_out


def _centroid_terms(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Top terms of the weighted neighbour centroids of rows lo..hi-1 (W, X, n_terms in _FORK_STATE)."""
    W, X, n_terms = _FORK_STATE["expand"]
    k = max(1, int(np.diff(W.indptr).max(initial=1)))
    step = max(1, _BLOCK_CELLS // max(1, k * int(np.diff(X.indptr).mean() if X.shape[0] else 1)))
    ccols = np.zeros((hi - lo, n_terms), np.int64)
    cvals = np.zeros((hi - lo, n_terms), np.float32)
    for start in range(lo, hi, step):
        stop = min(hi, start + step)
        C = W[start:stop] @ X  # weighted sum of the neighbours' vectors (no duplicate entries)
        ccols[start - lo:stop - lo], cvals[start - lo:stop - lo] = _top_terms(C, n_terms)
    return ccols, cvals


def _expand(X: sp.csr_matrix, nbrs: np.ndarray, weights: np.ndarray, n_terms: int, weight: float,
            workers: int = 1) -> sp.csr_matrix:
    """RM3-like expansion: X + weight·(unit top-`n_terms` of the weighted centroid of the neighbours), L2-normalised."""
    n, v = X.shape
    k = nbrs.shape[1]
    if n == 0 or v == 0 or k == 0 or weight == 0 or n_terms == 0:
        return X
    W = sp.csr_matrix((weights.astype(np.float32).ravel(), nbrs.ravel(), np.arange(0, n * k + 1, k)), shape=(n, n))
    workers = workers if n >= _PARALLEL_MIN_DOCS else 1
    bounds = [n * i // workers for i in range(workers + 1)]
    _FORK_STATE["expand"] = (W, X, n_terms)
    try:
        parts = _in_parallel(_centroid_terms, [(bounds[i], bounds[i + 1]) for i in range(workers)])
    finally:
        _FORK_STATE.clear()
    ccols = np.concatenate([p[0] for p in parts])
    cvals = np.concatenate([p[1] for p in parts])
    cnorm = np.sqrt((cvals.astype(np.float64) ** 2).sum(axis=1))
    cnorm[cnorm == 0] = 1.0
    cvals = (cvals * (weight / cnorm)[:, None]).astype(np.float32)
    C = sp.csr_matrix((cvals.ravel(), (np.repeat(np.arange(n), n_terms), ccols.ravel())), shape=(n, v))
    C.eliminate_zeros()
    Y = (X + C).tocsr()
    lengths = np.diff(Y.indptr)
    squares = np.add.reduceat(np.append(Y.data.astype(np.float64) ** 2, 0.0), Y.indptr[:-1]) if n else np.zeros(0)
    norms = np.where(lengths > 0, np.sqrt(squares), 1.0)
    norms[norms == 0] = 1.0
    return sp.csr_matrix(((Y.data / np.repeat(norms, lengths)).astype(np.float32), Y.indices, Y.indptr), shape=Y.shape)


_LABELS_MAX = 32  # tags (or departments) of one article taken into account
_MATCH_CELLS = 8_000_000  # comparisons done at once when matching small sets


def _label_ids(groups: Sequence[Sequence[str]]) -> np.ndarray:
    """n × m array of label ids (NFC, lower case, distinct, sorted), padded with -1."""
    ids = _Ids()
    sets = [sorted({nfc(label).strip().lower() for label in labels if label and label.strip()})[:_LABELS_MAX]
            for labels in groups]
    width = max((len(x) for x in sets), default=0)
    out = np.full((len(sets), max(width, 1)), -1, np.int64)
    for i, labels in enumerate(sets):
        out[i, :len(labels)] = [ids[label] for label in labels]
    return out


def _common(sets: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each pair, how many ids (≥ 0) sets[rows[p]] and sets[cols[p]] have in common."""
    out = np.zeros(len(rows), np.float32)
    width = sets.shape[1]
    step = max(1, _MATCH_CELLS // (width * width))
    for s in range(0, len(rows), step):
        a = sets[rows[s:s + step]]
        b = sets[cols[s:s + step]]
        same = (a[:, :, None] == b[:, None, :]) & (a[:, :, None] >= 0)
        out[s:s + step] = same.sum(axis=(1, 2))
    return out


def _set_cosine(sets: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    sizes = (sets >= 0).sum(axis=1).astype(np.float32)
    denominator = np.sqrt(sizes[rows] * sizes[cols])
    common = _common(sets, rows, cols)
    return np.divide(common, denominator, out=np.zeros_like(common), where=denominator > 0)


@dataclass
class _Scored:
    keys: list[str]
    docs: list[Document]
    X: sp.csr_matrix
    Y: sp.csr_matrix
    terms: list[str]
    cand: np.ndarray  # n × c candidate indices (key order)
    lexical: np.ndarray  # cosine of X
    expanded: np.ndarray  # cosine of Y (expanded vectors)
    shared: np.ndarray  # fraction of shared nearest neighbours
    style: np.ndarray  # style_weight × cosine of the style profiles
    boosts: dict[str, np.ndarray]
    final: np.ndarray
    near: np.ndarray  # n × shared_neighbours: each article's nearest (by expanded cosine), -1 padded
    profiles: np.ndarray  # n × style_terms: unit style profiles


def _boosts(docs: list[Document], rows: np.ndarray, cols: np.ndarray, config: RelatedConfig) -> dict[str, np.ndarray]:
    n = len(docs)
    out: dict[str, np.ndarray] = {}
    if config.category_boost:
        cats = [nfc(d.category).strip().lower() for d in docs]
        ids = _Ids()
        code = np.array([ids[c] if c else -1 for c in cats], np.int64) if n else np.empty(0, np.int64)
        same = (code[rows] == code[cols]) & (code[rows] >= 0)
        out["[cùng chuyên mục]"] = same.astype(np.float32) * config.category_boost
    if config.tag_boost:
        out["[cùng thẻ]"] = _set_cosine(_label_ids([d.tags for d in docs]), rows, cols) * config.tag_boost
    if config.department_boost:
        departments = _label_ids([d.departments for d in docs])
        out["[cùng đơn vị]"] = _set_cosine(departments, rows, cols) * config.department_boost
    if config.time_boost:
        days = np.array([d.date.timestamp() / 86400.0 if d.date is not None else np.nan for d in docs], np.float64)
        gap = np.abs(days[rows] - days[cols]) if n else np.empty(0)
        scale = max(config.time_scale_days, 1e-9)
        boost = np.where(np.isnan(gap), 0.0, np.exp(-np.nan_to_num(gap, nan=0.0) / scale)) * config.time_boost
        out["[gần thời gian]"] = boost.astype(np.float32)
    return out


class _Clock:
    """Seconds per stage of the last scoring run, in TIMINGS (for the benchmark and the docs)."""

    def __init__(self) -> None:
        TIMINGS.clear()
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        TIMINGS[stage] = round(now - self.last, 3)
        self.last = now


TIMINGS: dict[str, float] = {}


def _score(documents: Sequence[Document], config: RelatedConfig) -> _Scored:
    seen: set[str] = set()
    for doc in documents:
        if doc.key in seen:
            raise ValueError(f"related_news: two documents have the key {doc.key!r}")
        seen.add(doc.key)
    docs = sorted(documents, key=lambda d: d.key)
    clock = _Clock()
    model = _model(docs, config)
    X, n = model.X, len(docs)
    clock("terms")
    E = _embedding(X, int(config.embedding_dims))
    clock("embedding")
    cand = _candidates(E, int(config.candidates) if X.nnz else 0, int(config.exact_search_max))
    clock("candidates")
    c = cand.shape[1]
    rows = np.repeat(np.arange(n), c)
    # an article whose only terms are function words has nothing to relate
    content = np.array([not (" " not in t and t in FUNCTION_WORDS) for t in model.terms], bool)
    row_of = np.repeat(np.arange(n), np.diff(X.indptr))
    has_terms = np.bincount(row_of, weights=content[X.indices], minlength=n) > 0
    workers = _workers(int(config.workers))
    # a pair counts once, never with itself (the approximate search may repeat or pad), and needs content
    valid = _first_occurrences(cand) & (cand != np.arange(n)[:, None]) & has_terms[:, None] & has_terms[cand]
    lexical = _candidate_dots(X, X, cand, workers) * valid
    cand, lexical = _rank_rows(cand, lexical)
    cols = cand.reshape(-1)
    clock("exact cosine")
    ke = min(int(config.expansion_neighbours), c)
    weights = np.maximum(lexical[:, :ke], 0) * has_terms[:, None] * has_terms[cand[:, :ke]]
    Y = _expand(X, cand[:, :ke], weights, int(config.expansion_terms),
                float(config.expansion_weight), workers) if ke else X
    expanded = _candidate_dots(Y, Y, cand, workers) if Y is not X else lexical.copy()
    expanded = np.where(lexical > 0, np.maximum(expanded, 0), 0.0).astype(np.float32)
    clock("expansion")
    ks = min(int(config.shared_neighbours), c)
    if ks and config.shared_weight:
        order_c, order_s = _rank_rows(cand, expanded)
        near = np.where(order_s[:, :ks] > 0, order_c[:, :ks], -1).astype(np.int32)
        shared = (_common(near, rows, cols) / ks).reshape(n, c)
    else:
        near = np.full((n, 1), -1, np.int64)
        shared = np.zeros((n, c), np.float32)
    clock("shared neighbours")
    # a bonus only (like the boosts): a different style never lowers a score
    style = (np.float32(config.style_weight) * np.maximum(_style_similarity(model.style, cand), 0)).astype(np.float32) \
        if config.style_weight else np.zeros((n, c), np.float32)
    clock("style")
    boosts = {name: values.reshape(n, c) for name, values in _boosts(docs, rows, cols, config).items()}
    clock("boosts")
    final = expanded + config.shared_weight * shared + style
    for values in boosts.values():
        final = final + values
    return _Scored(model.keys, docs, X, Y, model.terms, cand, lexical, expanded, shared, style, boosts,
                   final.astype(np.float32), near, model.style)


def related_lists(documents: Sequence[Document],
                  config: RelatedConfig = RelatedConfig()) -> dict[str, list[tuple[str, float]]]:
    """key -> [(other key, score)] best first, at most max_items, never itself; deterministic."""
    scored = _score(documents, config)
    keys = scored.keys
    result: dict[str, list[tuple[str, float]]] = {key: [] for key in keys}
    limit = int(config.max_items)
    if limit <= 0 or scored.cand.shape[1] == 0:
        return result
    order = np.lexsort((scored.cand, -scored.final), axis=-1)
    cand = np.take_along_axis(scored.cand, order, 1)
    final = np.take_along_axis(scored.final, order, 1)
    # an item needs a term in common: boosts and neighbours alone never make an article related
    has_text = np.take_along_axis(scored.lexical, order, 1) > 0
    ok = has_text & (final >= config.min_score)
    # keep the first `limit` acceptable items of each row (rows are already best first)
    ok &= np.cumsum(ok, axis=1) <= limit
    counts = ok.sum(axis=1)
    picked_cand = cand[ok].tolist()
    picked_score = final[ok].tolist()
    position = 0
    for i, key in enumerate(keys):
        stop = position + int(counts[i])
        result[key] = [(keys[j], round(float(v), 6))
                       for j, v in zip(picked_cand[position:stop], picked_score[position:stop])]
        position = stop
    return result


def explain(documents: Sequence[Document], key: str, other: str, config: RelatedConfig = RelatedConfig(),
            top: int = 8) -> list[tuple[str, float]]:
    """The terms that contributed most to the similarity of `key` and `other`, strongest first.

    Each term is a syllable or a "syllable bigram" with its diacritics, with its
    contribution to the cosine of the two tf-idf vectors. After the terms come
    the other parts of the score, when not zero: '[mở rộng theo bài gần]' (what
    the neighbours' expansion added or took away), '[láng giềng chung]'
    (shared nearest neighbours), '[cùng văn phong]' (writing style),
    '[cùng chuyên mục]', '[cùng thẻ]', '[cùng đơn vị]', '[gần thời gian]'.
    The terms and these parts add up to the score that related_lists gives
    (when the pair is among the candidates; the terms shown are only the
    `top` strongest).
    """
    scored = _score(documents, config)
    index = {k: i for i, k in enumerate(scored.keys)}
    for name in (key, other):
        if name not in index:
            raise KeyError(f"related_news: no document with the key {name!r}")
    i, j = index[key], index[other]
    if i == j:
        return []
    xi, xj = scored.X[i], scored.X[j]
    common, at_i, at_j = np.intersect1d(xi.indices, xj.indices, assume_unique=True, return_indices=True)
    contributions = xi.data[at_i].astype(np.float64) * xj.data[at_j]
    order = np.lexsort((common, -contributions))[:max(0, top)]
    out = [(scored.terms[common[t]], round(float(contributions[t]), 6)) for t in order if contributions[t] > 0]
    lexical = float(contributions.sum())
    slot = np.flatnonzero(scored.cand[i] == j)
    if len(slot):
        k = int(slot[0])
        expanded = float(scored.expanded[i, k])
        shared = float(scored.shared[i, k])
        style = float(scored.style[i, k])
        boosts = {name: float(values[i, k]) for name, values in scored.boosts.items()}
    else:  # not a candidate: compute the parts for this pair alone
        yi, yj = scored.Y[i], scored.Y[j]
        expanded = max(0.0, float(yi.multiply(yj).sum())) if lexical > 0 else 0.0
        ks = scored.near.shape[1]
        near_i = set(scored.near[i][scored.near[i] >= 0].tolist())
        near_j = set(scored.near[j][scored.near[j] >= 0].tolist())
        shared = len(near_i & near_j) / ks if config.shared_weight and ks else 0.0
        cosine = np.float32(scored.profiles[i] @ scored.profiles[j]) if scored.profiles.shape[1] else np.float32(0)
        style = float(np.float32(config.style_weight) * max(np.float32(0), cosine))
        pair = np.array([i]), np.array([j])
        boosts = {name: float(values[0]) for name, values in _boosts(scored.docs, *pair, config).items()}
    extra = [("[mở rộng theo bài gần]", expanded - lexical), ("[láng giềng chung]", config.shared_weight * shared)]
    extra.append(("[cùng văn phong]", style))
    extra += sorted(boosts.items())
    out += [(name, round(value, 6)) for name, value in extra if abs(value) >= 5e-7]
    return out
