"""Write the whole whoosh index at once, from the postings the browser export computed.

`index.update_index` adds documents one by one through whoosh's
`IndexWriter.add_document`: pure Python, about 20 ms an article (minutes for
10,000). A full build has already analysed every document for the browser's
index (`export.Postings`: per field, term → documents with weight and count;
field lengths), so `write_index` hands those straight to whoosh's codec: the
per-document writer (stored fields, field lengths), the field writer's term
table and posting blocks, then the segment and the TOC, as
`SegmentWriter.commit` does. Documents get the numbers the slow path gives
them (by key), and blocks are whoosh's own (`W3PostingsWriter._write_block`),
so whoosh reads and ranks the result exactly as an index built document by
document (tests compare the two).

`BulkJob(folder)` is an `on_postings` for `export.export_static` that
writes the index in a forked process while the export scores and encodes
(on the machine's other core); `BulkJob.wait()` returns its figures.
"""

from __future__ import annotations

import gc
import os
import pickle
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import W3PostingsWriter

from .export import Postings, stored_length
from .index import new_index, save_stamps, stored_fields


class _BlockWriter(W3PostingsWriter):
    """whoosh's postings writer, given a block at a time instead of a posting at a time."""

    def add_block(self, ids: list[int], weights: list[float], values: bytes, lengths: list[int], last: bool) -> None:
        """Write one block (at most `blocklimit` postings) of the current term, as `_write_block` would.

        Plain lists: most terms have a few postings, and numpy's per-call cost would dominate.
        """
        self._ids = ids
        self._weights = weights
        self._values = [values] if values else []  # a fixed-size format joins them: one piece joins alike
        self._maxweight = max(weights)
        present = [n for n in lengths if n] if 0 in lengths else lengths
        self._minlength = min(present) if present else None
        self._maxlength = max(lengths)
        self._write_block(last=last)

    def _mini_ids(self):
        ids = self._ids
        return (ids[0], *map(int.__sub__, ids[1:], ids))

    def _mini_weights(self):
        weights = self._weights
        if weights.count(weights[0]) == len(weights):
            return None if weights[0] == 1.0 else weights[0]
        return tuple(weights)


@dataclass
class BulkStats:
    documents: int
    terms: int
    postings: int
    seconds: float


def write_index(folder: Path, postings: Postings) -> BulkStats:
    """Replace the whoosh index in `folder` by one of `postings.documents`, written segment-wise."""
    started = time.perf_counter()
    documents = postings.documents
    keys = [d.key for d in documents]
    if len(set(keys)) != len(keys):
        raise ValueError("two search documents have the same key")
    ix = new_index(Path(folder))
    writer = ix.writer()
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of small tuples, no cycles: the collector would only rescan the heap
    try:
        schema = writer.schema
        # whoosh numbers documents in the order they are added; update_index adds them by key
        by_key = sorted(range(len(documents)), key=keys.__getitem__)
        number = np.empty(len(documents), dtype=np.int32)
        number[by_key] = np.arange(len(documents), dtype=np.int32)
        stored = [stored_fields(documents[old]) for old in by_key]
        field_number = {name: i for i, name in enumerate(postings.fields)}
        lengths = postings.lengths

        perdoc = writer.perdocwriter
        names = sorted(schema.names())
        for docnum, old in enumerate(by_key):
            values = stored[docnum]
            perdoc.start_doc(docnum)
            for name in names:
                field = schema[name]
                if name in field_number:
                    perdoc.add_field(name, field, None, int(lengths[field_number[name], old]))
                else:
                    perdoc.add_field(name, field, values[name] if field.stored else None, 0)
            perdoc.finish_doc()
        writer.docnum = len(documents)
        writer._added = True
        perdoc.close()

        terms = _write_postings(writer, names, postings, number, stored)
        writer._close_segment()
        writer._assemble_segment()
        writer._commit_toc([writer.get_segment()])
    except BaseException:
        writer.cancel()
        raise
    finally:
        if collecting:
            gc.enable()
    writer._finish()
    save_stamps(Path(folder), ix, {d.key: d.stamp() for d in documents})
    return BulkStats(len(documents), terms, int(postings.doc_ids.size), time.perf_counter() - started)


def _write_postings(writer, names: list[str], postings: Postings, number: np.ndarray, stored: list[dict]) -> int:
    """Every field's terms and posting blocks, in whoosh's order (field name, term bytes, document)."""
    schema, codec, fields = writer.schema, writer.codec, writer.fieldwriter
    limit = codec._blocklimit
    # the lengths whoosh's postings writer sees: read back from the one-byte column
    lossy = stored_length(postings.lengths)
    # by term, then by whoosh's document number: one int64 key sorts faster than np.lexsort
    key = postings.term_ids.astype(np.int64) * max(len(number), 1) + number[postings.doc_ids]
    order = np.argsort(key).astype(np.int32)
    del key
    starts = np.searchsorted(postings.term_ids, np.arange(len(postings.terms) + 1), sorter=order)
    doc_ids, weights, counts = postings.doc_ids, postings.weights, postings.counts
    by_field: dict[str, list[tuple[bytes, int]]] = {name: [] for name in postings.fields}
    for term_id, (field, text) in enumerate(postings.terms):
        by_field[postings.fields[field]].append((text.encode("utf-8"), term_id))
    written = 0
    for name in names:
        field = schema[name]
        if not field.indexed:
            continue
        if name in by_field:
            row = postings.fields.index(name)
            entries = sorted(by_field.pop(name))
            if not entries:
                continue
            fields.start_field(name, field)
            blocks = fields._postwriter = _BlockWriter(fields._postfile, blocklimit=limit,
                                                       compression=codec._compression,
                                                       inlinelimit=codec._inlinelimit)
            row_lengths = lossy[row]
            for text, term_id in entries:
                chosen = order[starts[term_id]:starts[term_id + 1]]  # the term's postings, by document number
                olds = doc_ids[chosen]
                ids, found = number[olds].tolist(), weights[chosen].tolist()
                values = counts[chosen].astype(">u4").tobytes()  # whoosh's Frequency value: pack_uint(count)
                sizes = row_lengths[olds].tolist()
                fields.start_term(text)
                for first in range(0, len(ids), limit):
                    last = first + limit
                    blocks.add_block(ids[first:last], found[first:last], values[4 * first:4 * last],
                                     sizes[first:last], last >= len(ids))
                fields.finish_term()
                written += 1
        else:
            # a one-term field (key, category, year, kind): whoosh's Existence format, weight 1, no length
            found: dict[bytes, list[int]] = {}
            for docnum, values in enumerate(stored):
                found.setdefault(values[name].encode("utf-8"), []).append(docnum)
            fields.start_field(name, field)
            blocks = fields._postwriter = _BlockWriter(fields._postfile, blocklimit=limit,
                                                       compression=codec._compression,
                                                       inlinelimit=codec._inlinelimit)
            for text in sorted(found):
                ids = found[text]
                fields.start_term(text)
                for first in range(0, len(ids), limit):
                    part = ids[first:first + limit]
                    blocks.add_block(part, [1.0] * len(part), b"", [0] * len(part), first + limit >= len(ids))
                fields.finish_term()
                written += 1
        fields.finish_field()
    fields.close()
    return written


class BulkJob:
    """The whoosh index written in a forked process from the postings of an export.

    An instance is an `on_postings` for `export.export_static`. `os.fork`, not
    multiprocessing: the build's indexing process is a daemon, which
    multiprocessing forbids to have children.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.pid = None
        self.reader = None

    def __call__(self, postings: Postings) -> None:
        """Fork the writer; the export goes on scoring in this process."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: write, report, and leave without running the parent's exit handlers
            status = 1
            try:
                os.close(read)
                try:
                    result = ("ok", write_index(self.folder, postings))
                except BaseException:  # reported to the parent, which raises it
                    result = ("error", traceback.format_exc())
                with os.fdopen(write, "wb") as out:
                    pickle.dump(result, out)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self.reader = pid, os.fdopen(read, "rb")

    @property
    def started(self) -> bool:
        return self.pid is not None

    def wait(self) -> BulkStats:
        """The writer's figures; its error raised here."""
        try:
            status, detail = pickle.load(self.reader)
        except (EOFError, pickle.UnpicklingError):
            status, detail = "error", "the whoosh writer died"
        finally:
            self.reader.close()
            os.waitpid(self.pid, 0)
            self.pid = None
        if status != "ok":
            raise RuntimeError(f"whoosh bulk index of {self.folder}:\n{detail}")
        return detail
