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
document (tests compare the two). The blocks of the field with the most
postings are encoded by a forked helper while this process encodes the
others; then every field is appended to the segment in whoosh's order.

`BulkJob(folder)` is an `on_postings` for `export.export_static` that
writes the index in a forked process while the export scores and encodes
(on the machine's other core); `BulkJob.wait()` returns its figures.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import W3PostingsWriter, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_ushort

from .export import Postings, stored_length
from .index import new_index, save_stamps, stored_fields

# the biggest field is encoded in a forked helper past this many postings (a fork costs more below)
HELPER_POSTINGS = 100_000


class _BlockWriter(W3PostingsWriter):
    """whoosh's postings writer, given a block at a time instead of a posting at a time."""

    def add_block(self, ids: list[int], weights: list[float], values: bytes, lengths: list[int], last: bool,
                  deltas: list[int] | None = None) -> None:
        """Write one block (at most `blocklimit` postings) of the current term, as `_write_block` would.

        Plain lists: most terms have a few postings, and numpy's per-call cost would dominate.
        `deltas`, when given, are the ids delta-encoded as whoosh stores them (the first one whole).
        """
        self._ids = ids
        self._deltas = deltas
        self._weights = weights
        self._values = [values] if values else []  # a fixed-size format joins them: one piece joins alike
        self._maxweight = max(weights)
        present = [n for n in lengths if n] if 0 in lengths else lengths
        self._minlength = min(present) if present else None
        self._maxlength = max(lengths)
        self._write_block(last=last)

    def _mini_ids(self):
        if self._deltas is not None:
            return tuple(self._deltas)
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
    """Every field's terms and posting blocks, in whoosh's order (field name, term bytes, document).

    Each field's blocks are encoded into memory first, the field with the
    most postings in a forked helper (the encoding is most of the work, and
    the export it runs beside ends first); then they are appended to the
    segment's postings file in field order, their term infos moved by the
    field's offset in it.
    """
    schema, fields = writer.schema, writer.fieldwriter
    order = _by_term_and_number(postings, number)
    starts = np.searchsorted(postings.term_ids, np.arange(len(postings.terms) + 1), sorter=order)
    by_field: dict[str, list[tuple[bytes, int]]] = {name: [] for name in postings.fields}
    for term_id, (field, text) in enumerate(postings.terms):
        by_field[postings.fields[field]].append((text.encode("utf-8"), term_id))
    sizes = {name: int(np.diff(starts)[[t for _, t in entries]].sum()) for name, entries in by_field.items()}
    biggest = max(sizes, key=sizes.get) if sizes else None
    text = _TextEncoder(writer.codec, postings, number, order, starts)

    helper = None
    if biggest and sizes[biggest] > HELPER_POSTINGS:
        helper = _Helper(lambda: text.field(schema[biggest], by_field[biggest], postings.fields.index(biggest)))
    encoded = {}
    for name in names:
        field = schema[name]
        if not field.indexed or (helper and name == biggest):
            continue
        if name in by_field:
            encoded[name] = text.field(field, by_field[name], postings.fields.index(name))
        else:
            encoded[name] = _encode_single_terms(writer.codec, field, name, stored)
    if helper:
        encoded[biggest] = helper.result()

    written = 0
    for name in names:
        if name not in encoded or not encoded[name][1]:
            continue
        data, infos = encoded.pop(name)
        fields.start_field(name, schema[name])
        base = fields._postfile.tell()
        fields._postfile.write(data)
        prefix = pack_ushort(fields._fieldid)
        for term, info in infos:
            info._offset += base
            fields._tindex.add(prefix + term, info.to_bytes())
        fields.finish_field()
        written += len(infos)
    fields.close()
    return written


def _block_writer(codec) -> tuple[StructFile, _BlockWriter]:
    """A postings writer into memory, with the codec's block size and compression."""
    buffer = StructFile(io.BytesIO())
    return buffer, _BlockWriter(buffer, blocklimit=codec._blocklimit, compression=codec._compression,
                                inlinelimit=codec._inlinelimit)


class _TextEncoder:
    """The posting blocks of the analysed fields (words, phrases, exact): whoosh's Frequency format."""

    def __init__(self, codec, postings: Postings, number: np.ndarray, order: np.ndarray, starts: np.ndarray):
        self.codec, self.postings, self.number, self.order, self.starts = codec, postings, number, order, starts
        # the lengths whoosh's postings writer sees: read back from the one-byte column
        self.lossy = stored_length(postings.lengths)

    def field(self, field, entries: list[tuple[bytes, int]], row: int) -> tuple[bytes, list]:
        """(the postings bytes, [(term, term info)]) of one field, offsets from the start of the bytes."""
        buffer, blocks = _block_writer(self.codec)
        limit = self.codec._blocklimit
        order, starts, number, row_lengths = self.order, self.starts, self.number, self.lossy[row]
        doc_ids, weights, counts = self.postings.doc_ids, self.postings.weights, self.postings.counts
        infos = []
        for text, term_id in sorted(entries):
            chosen = order[starts[term_id]:starts[term_id + 1]]  # the term's postings, by document number
            olds = doc_ids[chosen]
            numbers = number[olds]
            deltas = np.diff(numbers, prepend=0)
            deltas[::limit] = numbers[::limit]  # each block's first id is whole
            ids, deltas, found = numbers.tolist(), deltas.tolist(), weights[chosen].tolist()
            values = counts[chosen].astype(">u4").tobytes()  # whoosh's Frequency value: pack_uint(count)
            sizes = row_lengths[olds].tolist()
            blocks.start_postings(field.format, W3TermInfo())
            for first in range(0, len(ids), limit):
                last = first + limit
                blocks.add_block(ids[first:last], found[first:last], values[4 * first:4 * last],
                                 sizes[first:last], last >= len(ids), deltas[first:last])
            infos.append((text, blocks.finish_postings()))
        return buffer.file.getvalue(), infos


def _encode_single_terms(codec, field, name: str, stored: list[dict]) -> tuple[bytes, list]:
    """A one-term field (key, category, year, kind): whoosh's Existence format, weight 1, no length."""
    found: dict[bytes, list[int]] = {}
    for docnum, values in enumerate(stored):
        found.setdefault(values[name].encode("utf-8"), []).append(docnum)
    buffer, blocks = _block_writer(codec)
    limit = codec._blocklimit
    infos = []
    for text in sorted(found):
        ids = found[text]
        blocks.start_postings(field.format, W3TermInfo())
        for first in range(0, len(ids), limit):
            part = ids[first:first + limit]
            blocks.add_block(part, [1.0] * len(part), b"", [0] * len(part), first + limit >= len(ids))
        infos.append((text, blocks.finish_postings()))
    return buffer.file.getvalue(), infos


class _Helper:
    """`work()` run in a forked process; `result()` its value (its error raised)."""

    def __init__(self, work) -> None:
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            status = 1
            try:
                os.close(read)
                try:
                    outcome = ("ok", work())
                except BaseException:  # reported to the parent, which raises it
                    outcome = ("error", traceback.format_exc())
                with os.fdopen(write, "wb") as out:
                    pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self.reader = os.fdopen(read, "rb")

    def result(self):
        try:
            status, detail = pickle.load(self.reader)
        except (EOFError, pickle.UnpicklingError):
            status, detail = "error", "the forked process died"
        finally:
            self.reader.close()
            os.waitpid(self.pid, 0)
        if status != "ok":
            raise RuntimeError(detail)
        return detail


def _by_term_and_number(postings: Postings, number: np.ndarray) -> np.ndarray:
    """The postings' order by term, then by whoosh's document number (int32 positions).

    Postings come in document order; taken in whoosh's document order, then
    sorted stably by term (a radix sort while term ids fit in 16 bits), they
    come in the order whoosh writes them.
    """
    doc_ids, count = postings.doc_ids, len(number)
    bounds = np.searchsorted(doc_ids, np.arange(count + 1))
    runs = np.diff(bounds)
    by_number = np.argsort(number)  # the documents in whoosh's order
    sizes = runs[by_number]
    ends = np.cumsum(sizes)
    # position of every posting, its document's run taken in whoosh's order
    taken = np.repeat(bounds[by_number] - (ends - sizes), sizes).astype(np.int64) + np.arange(int(ends[-1]) if count else 0)
    taken = taken.astype(np.int32)
    terms = postings.term_ids[taken]
    if len(postings.terms) < 1 << 16:
        terms = terms.astype(np.uint16)
    return taken[np.argsort(terms, kind="stable")]


class BulkJob:
    """The whoosh index written in a forked process from the postings of an export.

    An instance is an `on_postings` for `export.export_static`. `os.fork`, not
    multiprocessing: the build's indexing process is a daemon, which
    multiprocessing forbids to have children.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.helper = None

    def __call__(self, postings: Postings) -> None:
        """Fork the writer; the export goes on scoring in this process."""
        self.helper = _Helper(lambda: write_index(self.folder, postings))

    @property
    def started(self) -> bool:
        return self.helper is not None

    def wait(self) -> BulkStats:
        """The writer's figures; its error raised here."""
        helper, self.helper = self.helper, None
        try:
            return helper.result()
        except RuntimeError as error:
            raise RuntimeError(f"whoosh bulk index of {self.folder}:\n{error}") from None
