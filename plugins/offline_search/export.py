"""Export the whoosh index as static files the browser searches with no server.

Layout under the output folder (default `tim-kiem/chi-muc/`), every file but
`index.json` gzip-compressed (the browser inflates it with DecompressionStream):

* `index.json`: the version, the document count, the first term of every
  shard, the ranking constants, the categories and the id range of each year;
* `t/<n>.bin`: shards of the sorted term list, each about `shard_bytes`
  before compression: a query fetches only the shards of its own terms;
* `d/<n>.json`: the result data (title, URL, date, category, snippet) of
  `chunk` documents: fetched only for the results shown;
* `c.bin`: one byte per document, its category number (fetched for a category filter).

Document ids run from the newest article (0) to the oldest, then the pages,
so that the recency tie-breaker and the year filter need no extra data.

A term entry in a shard (little-endian; varint = 7 bits a byte, low first):
  varint key length, key (UTF-8: a field letter then the term: "wchu",
  "pchu ky", "echư4", "xchư4 ky1"), float32 best score, varint n,
  n varint id gaps (the first from 0), n bytes of score in 1/255 of the best.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import struct
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh.util.numeric import byte_to_length

from vietnamese.analyzer import syllable_forms

from . import ranking
from .index import TEXT_FIELDS, SearchDocument, document_weights

def term_key(field: str, term: str) -> str:
    """A term's key in the shards, chosen so that what one query needs sits together.

    A folded syllable is itself ("chu"), a bigram too ("chu ky": the space tells
    it apart), and an exact form follows its folded form after a \x01
    ("chu\x01chư4"). In sorted order, "chu", its exact forms and the bigrams
    that start with it are neighbours, so a query reads few shards.
    """
    if field == "exact":
        return f"{fold_exact(term)}\x01{term}"
    return term


def fold_exact(exact: str) -> str:
    """The folded form of an exact term ("chư4" → "chu")."""
    return syllable_forms(exact.rstrip("12345"))[1]
FORMAT_VERSION = 3


@dataclass
class ExportStats:
    documents: int
    terms: int
    postings: int
    shards: int
    chunks: int
    bytes: int
    statistics: "Statistics | None" = field(default=None, repr=False)


def encode_varints(values: np.ndarray) -> bytes:
    """Unsigned integers as LEB128 varints, vectorised."""
    return varints_and_lengths(values)[0]


def varints_and_lengths(values: np.ndarray) -> tuple[bytes, np.ndarray]:
    """The varints of `values` (unsigned, < 2**32) and the byte length of each (uint8)."""
    values = np.asarray(values, dtype=np.uint32)
    lengths = np.ones(values.shape, dtype=np.uint8)
    for limit in (1 << 7, 1 << 14, 1 << 21, 1 << 28):
        lengths += values >= limit
    if values.size == 0:
        return b"", lengths
    starts = np.zeros(values.size, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    out = np.zeros(int(starts[-1]) + int(lengths[-1]), dtype=np.uint8)
    for byte in range(int(lengths.max())):
        has = np.flatnonzero(lengths > byte)
        chunk = ((values[has] >> np.uint32(7 * byte)) & np.uint32(0x7F)).astype(np.uint8)
        chunk |= (lengths[has] > byte + 1).astype(np.uint8) << 7
        out[starts[has] + byte] = chunk
    return out.tobytes(), lengths


def decode_varints(data: bytes, offset: int, count: int) -> tuple[list[int], int]:
    """`count` varints from `data` at `offset`; returns them and the offset after them."""
    values = []
    for _ in range(count):
        value = shift = 0
        while True:
            byte = data[offset]
            offset += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        values.append(value)
    return values, offset


def _write_gzip(path: Path, data: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    packed = gzip.compress(data, compresslevel=6, mtime=0)  # 9 is 2.3x slower for 0.3 % smaller shards
    path.write_bytes(packed)
    return len(packed)


def _analyse(documents, fields) -> tuple:
    """Postings of a run of documents, numbered locally: the part that is done in parallel.

    Returns ([(field number, term)] in local id order, local term ids, document
    numbers within the run, weighted frequencies, counts (the frequencies
    unweighted), field lengths (fields × documents), length totals per field).
    """
    vocabularies: list[dict[str, int]] = [{} for _ in fields]
    terms: list[tuple[int, str]] = []
    term_ids, doc_ids, weights, counts = array("i"), array("i"), array("f"), array("i")
    lengths = np.zeros((len(fields), len(documents)), dtype=np.int32)
    totals = np.zeros(len(fields), dtype=np.float64)
    for doc_id, document in enumerate(documents):
        per_field = document_weights(document)
        for number, field in enumerate(fields):
            found, length, count = per_field[field]
            lengths[number, doc_id] = length
            totals[number] += length
            vocabulary = vocabularies[number]
            tids = list(map(vocabulary.get, found))
            if None in tids:
                for i, term in enumerate(found):
                    if tids[i] is None:
                        tids[i] = vocabulary[term] = len(terms)
                        terms.append((number, term))
            term_ids.extend(tids)
            doc_ids.extend([doc_id] * len(tids))
            weights.extend(found.values())
            counts.extend(map(count.__getitem__, found))
    return (terms, np.frombuffer(term_ids, dtype=np.int32), np.frombuffer(doc_ids, dtype=np.int32),
            np.frombuffer(weights, dtype=np.float32), np.frombuffer(counts, dtype=np.int32), lengths, totals)


def _analyse_in_child(documents, fields, connection) -> None:
    try:
        terms, term_ids, doc_ids, weights, counts, lengths, totals = _analyse(documents, fields)
        connection.send_bytes(pickle.dumps((terms, term_ids.tobytes(), doc_ids.tobytes(), weights.tobytes(),
                                            counts.tobytes(), lengths, totals), protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException as error:  # the parent raises it
        connection.send_bytes(pickle.dumps(error))
    finally:
        connection.close()


def _analyse_all(documents, fields, workers: int) -> list[tuple]:
    """`_analyse` on `workers` runs of the documents (forked processes when more than one)."""
    if workers <= 1 or len(documents) < 2000:
        return [_analyse(documents, fields)]
    context = multiprocessing.get_context("fork")
    bounds = np.linspace(0, len(documents), workers + 1).astype(int)
    jobs = []
    for low, high in zip(bounds[:-1], bounds[1:]):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_analyse_in_child, args=(documents[low:high], fields, send), daemon=True)
        process.start()
        send.close()
        jobs.append((process, receive))
    parts = []
    for process, receive in jobs:
        result = pickle.loads(receive.recv_bytes())
        process.join()
        if isinstance(result, BaseException):
            raise result
        terms, term_ids, doc_ids, weights, counts, lengths, totals = result
        parts.append((terms, np.frombuffer(term_ids, dtype=np.int32), np.frombuffer(doc_ids, dtype=np.int32),
                      np.frombuffer(weights, dtype=np.float32), np.frombuffer(counts, dtype=np.int32), lengths,
                      totals))
    return parts


@dataclass
class Statistics:
    """The collection statistics BM25F scores with: what a delta export borrows from the main one."""

    documents: int
    averages: list[float]        # average field length, per field of TEXT_FIELDS
    keys: list[str]              # every term key, sorted
    df: np.ndarray               # documents holding each key (aligned with keys)

    def df_of(self, keys: list[str]) -> np.ndarray:
        positions = np.searchsorted(np.asarray(self.keys, dtype=object), np.asarray(keys, dtype=object))
        found = np.zeros(len(keys), dtype=np.int64)
        for i, (position, key) in enumerate(zip(positions.tolist(), keys)):
            if position < len(self.keys) and self.keys[position] == key:
                found[i] = self.df[position]
        return found


@dataclass
class Postings:
    """The analysed documents, before any scoring: what `bulk.py` writes the whoosh index from.

    Postings run in document order (ids are places in `documents`); a term is
    `terms[term_ids[i]]`, a (field number, text) pair.
    """

    documents: list[SearchDocument]
    fields: tuple[str, ...]
    terms: list[tuple[int, str]]
    term_ids: np.ndarray   # int32, per posting
    doc_ids: np.ndarray    # int32, per posting
    weights: np.ndarray    # float32, per posting: the weighted frequency (whoosh's weight)
    counts: np.ndarray     # int32, per posting: the plain frequency (whoosh's Frequency value)
    lengths: np.ndarray    # int32, fields × documents: tokens in the field


def stored_length(lengths: np.ndarray) -> np.ndarray:
    """Field lengths as whoosh reads them back: kept in one byte, lossily (`length_to_byte`)."""
    table = np.asarray([byte_to_length(b) for b in range(256)], dtype=np.int64)
    codes = np.minimum(np.searchsorted(table, lengths, side="left"), 255)
    return np.where(lengths >= 106374, table[255], table[codes]).astype(lengths.dtype)


def _score_postings(documents, fields, workers: int = 1, statistics: Statistics | None = None,
                    on_postings=None):
    """Every (term, document) posting with its BM25F score, computed as whoosh's BM25F does.

    Returns the sorted term keys, per posting (in term-key order, then
    document order) the term number, document id and score, and the
    statistics used: those of `documents`, or `statistics` when given (a
    delta export scores its few documents as the main export scored the rest).
    `on_postings`, when given, is called with the `Postings` before scoring.
    """
    count = len(documents)
    global_ids: dict[tuple[int, str], int] = {}
    pieces_terms, pieces_docs, pieces_weights, pieces_counts, all_lengths = [], [], [], [], []
    totals = np.zeros(len(fields), dtype=np.float64)
    first_doc = 0
    for terms, term_ids, doc_ids, weights, counts, lengths, part_totals in _analyse_all(documents, fields, workers):
        mapping = np.fromiter((global_ids.setdefault(term, len(global_ids)) for term in terms),
                              dtype=np.int32, count=len(terms))
        pieces_terms.append(mapping[term_ids] if len(terms) else term_ids)
        pieces_docs.append(doc_ids + np.int32(first_doc))
        pieces_weights.append(weights)
        pieces_counts.append(counts)
        all_lengths.append(lengths)
        totals += part_totals
        first_doc += lengths.shape[1]
    terms = np.concatenate(pieces_terms) if pieces_terms else np.zeros(0, np.int32)
    docs = np.concatenate(pieces_docs) if pieces_docs else np.zeros(0, np.int32)
    tf = np.concatenate(pieces_weights) if pieces_weights else np.zeros(0, np.float32)
    counts = np.concatenate(pieces_counts) if pieces_counts and on_postings else None
    # the last run's arrays too: a process forked by on_postings would carry them
    del pieces_terms, pieces_docs, pieces_weights, pieces_counts, term_ids, doc_ids, weights, lengths
    raw_lengths = np.concatenate(all_lengths, axis=1) if all_lengths else np.zeros((len(fields), 0), np.int32)
    del all_lengths
    if on_postings is not None:
        if counts is None:
            counts = np.zeros(0, np.int32)
        on_postings(Postings(list(documents), tuple(fields), list(global_ids), terms, docs, tf, counts, raw_lengths))
    del counts
    # whoosh keeps a field's length in one byte, lossily: score with the same value
    lengths = stored_length(raw_lengths).astype(np.float32)
    del raw_lengths
    term_field = np.fromiter((field for field, _ in global_ids), dtype=np.int8, count=len(global_ids))
    keys = [term_key(fields[field], term) for field, term in global_ids]
    del global_ids

    df = np.bincount(terms, minlength=len(keys))
    averages = np.where(totals > 0, totals / max(count, 1), 1.0)
    if statistics is not None:
        count, averages = statistics.documents, np.asarray(statistics.averages)
        df = statistics.df_of(keys) + df
    idf = (np.log(count / (df + 1)) + 1).astype(np.float32)  # whoosh: log(N / (df + 1)) + 1
    average = averages.astype(np.float32)
    k1, b = np.float32(ranking.K1), np.float32(ranking.B)
    field_of = term_field[terms]
    norm = lengths[field_of, docs]  # field length of each posting's document …
    norm /= average[field_of]       # … over the field's average: whoosh's fl / avgfl
    del field_of
    norm *= b
    norm += 1 - b
    norm *= k1
    norm += tf
    scores = tf * (k1 + 1)
    scores /= norm
    del norm, tf
    scores *= idf[terms]

    by_key = sorted(range(len(keys)), key=keys.__getitem__)
    rank = np.empty(len(keys), dtype=np.int64)
    rank[by_key] = np.arange(len(keys))
    term_rank = rank.astype(np.int32)[terms]
    del terms, rank
    # Postings were collected in document order, so a stable sort by term keeps each term's documents ascending.
    order = np.argsort(term_rank, kind="stable")
    sorted_keys = [keys[i] for i in by_key]
    own = Statistics(len(documents), [float(a) for a in averages], sorted_keys,
                     np.bincount(term_rank, minlength=len(keys)).astype(np.int32))
    return sorted_keys, term_rank[order], docs[order], scores[order], own


def _entries(keys, term_rank, docs, scores, block: int = 1 << 20):
    """Yield (key, bytes) of every term entry, in key order (see the module docstring).

    Terms are encoded in blocks of about `block` postings, so that the
    temporary arrays stay small whatever the size of the site.
    """
    if docs.size == 0:
        return
    starts = np.concatenate(([0], np.flatnonzero(np.diff(term_rank)) + 1))
    ends = np.append(starts[1:], docs.size)
    pack = struct.Struct("<f").pack
    first = 0
    while first < starts.size:
        last = int(np.searchsorted(starts, starts[first] + block, side="left"))
        last = max(last, first + 1)  # at least one term, however long
        low, high = int(starts[first]), int(ends[last - 1])
        block_starts = starts[first:last] - low
        block_ends = ends[first:last] - low
        block_scores = scores[low:high]
        block_docs = docs[low:high]
        best = np.maximum.reduceat(block_scores, block_starts)
        scale = np.repeat(np.where(best > 0, 255 / np.maximum(best, 1e-30), 0).astype(np.float32),
                          block_ends - block_starts)
        scale *= block_scores
        np.rint(scale, out=scale)
        np.clip(scale, 1, 255, out=scale)
        quantised = scale.astype(np.uint8).tobytes()
        gaps = np.empty_like(block_docs)
        gaps[0] = block_docs[0]
        np.subtract(block_docs[1:], block_docs[:-1], out=gaps[1:])
        gaps[block_starts] = block_docs[block_starts]
        gap_bytes, gap_lengths = varints_and_lengths(gaps)
        gap_offsets = np.zeros(gap_lengths.size + 1, dtype=np.int64)
        np.cumsum(gap_lengths, out=gap_offsets[1:])
        for number, (start, end) in enumerate(zip(block_starts.tolist(), block_ends.tolist())):
            raw_key = keys[first + number].encode("utf-8")
            body = b"".join((pack(float(best[number])), encode_varint(end - start),
                             gap_bytes[gap_offsets[start]:gap_offsets[end]], quantised[start:end]))
            yield keys[first + number], b"".join((encode_varint(len(raw_key)), raw_key, encode_varint(len(body)), body))
        first = last


def encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def separator(previous: str, key: str) -> str:
    """The shortest prefix of `key` that sorts after `previous`: where a shard starts, in index.json."""
    for length in range(1, len(key) + 1):
        if key[:length] > previous:
            return key[:length]
    return key


def export_static(documents: list[SearchDocument], out_folder: Path, *, shard_bytes: int = 24_000,
                  chunk: int = 2, workers: int = 0, on_postings=None) -> ExportStats:
    """Write the browser's index of `documents` into `out_folder` (replaced).

    Scores are whoosh's BM25F on the same tokens, statistics and lengths as
    the whoosh index of the same documents (`index.update_index`), so that the
    browser and `./inv search` rank alike. `on_postings` is called with the
    analysed `Postings` before they are scored (`bulk.py` writes whoosh from them).
    """
    out_folder = Path(out_folder)
    if out_folder.exists():
        shutil.rmtree(out_folder)
    order = ranking.document_order(documents)
    if workers <= 0:
        workers = min(os.cpu_count() or 1, 4)
    keys, term_rank, docs, scores, statistics = _score_postings(order, TEXT_FIELDS, workers,
                                                                on_postings=on_postings)

    written = 0
    shard_firsts: list[str] = []
    shard: list[bytes] = []
    size = 0
    digest = hashlib.blake2b(digest_size=8)
    shard_count = 0

    def flush():
        nonlocal written, shard_count, shard, size
        data = b"".join(shard)
        digest.update(data)
        written += _write_gzip(out_folder / "t" / f"{shard_count}.bin", data)
        shard_count += 1
        shard, size = [], 0

    last_key = ""
    for key, entry in _entries(keys, term_rank, docs, scores):
        if shard and size + len(entry) > shard_bytes:
            flush()
        if not shard:
            shard_firsts.append(separator(last_key, key) if shard_firsts else "")
        shard.append(entry)
        size += len(entry)
        last_key = key
    if shard:
        flush()

    categories: list[tuple[str, str]] = []
    category_number: dict[str, int] = {}
    years: dict[str, list[int]] = {}
    per_doc_category = bytearray()
    rows = []
    for i, document in enumerate(order):
        slug = document.category_slug
        if slug and slug not in category_number:
            category_number[slug] = len(categories) + 1
            categories.append((slug, document.category))
        per_doc_category.append(min(category_number.get(slug, 0), 255))
        if document.date:
            span = years.setdefault(str(document.date.year), [i, i])
            span[1] = i
        rows.append([document.title, document.url, document.date.isoformat() if document.date else "",
                     document.category, document.snippet])
    for start in range(0, len(rows), chunk):
        data = json.dumps(rows[start:start + chunk], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        digest.update(data)
        written += _write_gzip(out_folder / "d" / f"{start // chunk}.json", data)
    written += _write_gzip(out_folder / "c.bin", bytes(per_doc_category))

    manifest = {
        "format": FORMAT_VERSION, "version": digest.hexdigest(), "documents": len(order),
        "shards": shard_firsts, "chunk": chunk,
        "categories": [[slug, name] for slug, name in categories],
        "years": {year: span for year, span in sorted(years.items(), reverse=True)},
        "ranking": {"phrase": ranking.PHRASE_BOOST, "complete": ranking.COMPLETE, "exact": ranking.EXACT_BOOST,
                    "recency": ranking.RECENCY, "max_terms": ranking.MAX_QUERY_TERMS,
                    "max_characters": ranking.MAX_QUERY_CHARACTERS},
    }
    raw = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (out_folder / "index.json").write_bytes(raw)
    written += len(raw)
    return ExportStats(len(order), len(keys), int(docs.size), shard_count,
                       (len(rows) + chunk - 1) // chunk, written, statistics)
