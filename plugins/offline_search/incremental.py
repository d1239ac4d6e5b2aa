"""Incremental export of the browser's index: a main index plus a small delta.

A full export (`export.export_static`) of 10,000 articles takes seconds; an
editor who changes one article should not wait for it. So the cache keeps
the last full export ("main", with its statistics and each document's id and
stamp), and a later build writes only:

* the documents that are new or changed since, as a delta: one shard of
  their terms, scored with the main export's statistics, and their result
  rows, with ids after the main ones;
* the main ids of the changed and removed documents, which the browser skips.

The main files are linked (not copied) into the output. When the delta
would hold more than `max_share` of the documents, or when nothing is
cached, a full export replaces the main one. Until then, unchanged documents
keep their scores from the main export, so the browser's ranking may differ
from whoosh's by the statistics of the changed documents: a few documents
out of thousands.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from . import ranking
from .export import (FORMAT_VERSION, TEXT_FIELDS, ExportStats, Statistics, _entries, _score_postings,
                     _write_gzip, export_static)
from .index import SearchDocument

STATE_FILE = "state.pickle"
MAIN_FOLDER = "main"


@dataclass
class MainState:
    """What a delta needs of the last full export."""

    format: int
    statistics: Statistics
    ids: dict[str, tuple[int, str]]  # key -> (id, stamp)
    dates_descending: list[str]      # the main documents' ISO dates, newest first (pages left out)
    options: dict


def _load_state(cache: Path, options: dict) -> MainState | None:
    try:
        with open(cache / STATE_FILE, "rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None
    if not isinstance(state, MainState) or state.format != FORMAT_VERSION or state.options != options:
        return None
    if not (cache / MAIN_FOLDER / "index.json").exists():
        return None
    return state


def _save_state(cache: Path, state: MainState) -> None:
    partial = cache / f"{STATE_FILE}.{os.getpid()}"
    with open(partial, "wb") as handle:
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, cache / STATE_FILE)


def _link_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source` made of hard links (a copy where links are refused)."""
    if target.exists():
        shutil.rmtree(target)
    for folder, _, files in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            try:
                os.link(Path(folder) / name, destination / name)
            except OSError:
                shutil.copy2(Path(folder) / name, destination / name)


def _full(documents, cache: Path, options: dict, shape: dict, on_postings=None) -> tuple[ExportStats, MainState]:
    fresh = cache / f"{MAIN_FOLDER}.{os.getpid()}"
    exported = export_static(documents, fresh, on_postings=on_postings, **options)
    if (cache / MAIN_FOLDER).exists():
        shutil.rmtree(cache / MAIN_FOLDER)
    os.replace(fresh, cache / MAIN_FOLDER)
    order = ranking.document_order(documents)
    state = MainState(
        format=FORMAT_VERSION, statistics=exported.statistics,
        ids={d.key: (i, d.stamp()) for i, d in enumerate(order)},
        dates_descending=[d.date.isoformat() for d in order if d.date],
        options=shape,
    )
    _save_state(cache, state)
    return exported, state


def export_incremental(documents: list[SearchDocument], out_folder: Path, cache: Path, *,
                       max_share: float = 0.05, on_postings=None, **options) -> tuple[ExportStats | None, dict]:
    """Write the browser's index of `documents` into `out_folder`, from the cache when it can.

    Returns the full export's figures (None when a delta sufficed) and what
    was done: {"mode": "full" | "delta", "delta": n, "deleted": n}. A full
    export calls `on_postings` with its analysed postings (`export.Postings`);
    a delta does not.
    """
    cache, out_folder = Path(cache), Path(out_folder)
    cache.mkdir(parents=True, exist_ok=True)
    # what shapes the files (not how many processes make them) decides whether the cached main export fits
    shape = {key: value for key, value in options.items() if key != "workers"}
    state = _load_state(cache, shape)
    stamps = {d.key: d.stamp() for d in documents}
    if state is not None:
        changed = [d for d in documents if state.ids.get(d.key, (None, None))[1] != stamps[d.key]]
        gone = [key for key in state.ids if key not in stamps]
        if len(changed) + len(gone) > max(max_share * len(documents), 20):
            state = None  # too much changed: a full export is worth it
    exported = None
    if state is None:
        exported, state = _full(documents, cache, options, shape, on_postings)
        changed, gone = [], []
    _link_tree(cache / MAIN_FOLDER, out_folder)
    manifest = json.loads((cache / MAIN_FOLDER / "index.json").read_text(encoding="utf-8"))
    deleted = sorted(state.ids[key][0] for key in gone)
    deleted += sorted(state.ids[d.key][0] for d in changed if d.key in state.ids)
    if changed:
        manifest["delta"] = _write_delta(changed, out_folder, state, manifest)
    if deleted:
        manifest["deleted"] = sorted(deleted)
    if changed or deleted:
        digest = hashlib.blake2b(manifest["version"].encode(), digest_size=8)
        digest.update(json.dumps([manifest.get("delta"), manifest.get("deleted")], sort_keys=True).encode())
        manifest["version"] = digest.hexdigest()
        (out_folder / "index.json").unlink()
        (out_folder / "index.json").write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")),
                                               encoding="utf-8")
    return exported, {"mode": "full" if exported else "delta", "delta": len(changed), "deleted": len(deleted)}


def _write_delta(changed: list[SearchDocument], out_folder: Path, state: MainState, manifest: dict) -> dict:
    """The delta's shard and rows in `out_folder`; returns its entry of the manifest."""
    order = ranking.document_order(changed)
    keys, term_rank, docs, scores, _ = _score_postings(order, TEXT_FIELDS, 1, state.statistics)
    shard = b"".join(entry for _, entry in _entries(keys, term_rank, docs, scores))
    _write_gzip(out_folder / "delta.bin", shard)
    rows = [[d.title, d.url, d.date.isoformat() if d.date else "", d.category, d.snippet] for d in order]
    _write_gzip(out_folder / "delta.json", json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode())
    categories = manifest["categories"]
    numbers = {slug: i + 1 for i, (slug, _) in enumerate(categories)}
    per_doc_category, years, recency = [], [], []
    total = manifest["documents"]
    ascending = state.dates_descending[::-1]
    for document in order:
        if document.category_slug and document.category_slug not in numbers:
            categories.append([document.category_slug, document.category])
            numbers[document.category_slug] = len(categories)
        per_doc_category.append(numbers.get(document.category_slug, 0))
        if document.date:
            # its place among the main documents, newest first: the recency the main export would give it
            newer = len(ascending) - bisect_right(ascending, document.date.isoformat())
            recency.append(round(1 - newer / total, 6))
            years.append(document.date.year)
        else:
            recency.append(0.0)
            years.append(0)
    return {"first": total, "count": len(order), "categories": per_doc_category, "years": years,
            "recency": recency}
