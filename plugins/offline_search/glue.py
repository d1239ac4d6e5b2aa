"""Pelican glue: index the published articles and pages, export the browser's index.

When every generator has its content, the published articles and pages become
`SearchDocument`s. A forked process, on the machine's other core, exports the
browser's index into the output folder while Pelican writes the pages, and
saves the documents next to the whoosh index (in the build cache); the glue
waits for it when the build is finalized. A failure is logged as an error, so
the build fails and the previous site stays as it was.

The whoosh index is kept up to date too. When the browser's index is
exported whole (a first build, many changes), `bulk.py` writes the whole
whoosh index from the export's postings, in a process forked beside it (a
few seconds for 10,000 articles, where whoosh's own writer, pure Python,
takes minutes). When the export is a delta, whoosh's writer updates only the
changed, added and removed documents, if at most SEARCH_WHOOSH_BUILD_LIMIT of
them changed (an editor's usual build); past that, `./inv search` updates it
from the saved documents before it searches.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import time
import traceback
from pathlib import Path

from pelican import signals

from vietnamese.text import html_to_text

from .bulk import BulkJob, BulkStats
from .incremental import export_incremental
from .index import SearchDocument, load_documents, pending_changes, save_documents, update_index

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SEARCH_INDEX": True,                 # False: no index, and the search page says so
    "SEARCH_INDEX_PATH": "",              # whoosh index folder; "" means <CACHE_PATH>/search-index
    "SEARCH_WHOOSH_BUILD_LIMIT": 200,     # after a delta export, whoosh is updated when at most this many changed
    "SEARCH_DELTA_SHARE": 0.05,           # a later build exports changed documents as a delta up to this share
    "SEARCH_OUTPUT": "tim-kiem/chi-muc",  # where the browser's index is written, under OUTPUT_PATH
    "SEARCH_SHARD_BYTES": 24_000,         # target size of a term shard before compression
    "SEARCH_CHUNK": 2,                    # documents per result-data file (results are rarely neighbours)
    "SEARCH_SNIPPET_WORDS": 40,           # words of the text shown under a result
}

_job: dict = {}


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULTS[name])


def index_folder(settings: dict) -> Path:
    configured = setting(settings, "SEARCH_INDEX_PATH")
    return Path(configured or os.path.join(settings.get("CACHE_PATH", "cache"), "search-index"))


def _words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def document_of(content, kind: str, settings: dict, department_names: dict) -> SearchDocument:
    """The search document of a Pelican article or page."""
    body = html_to_text(content._content)
    summary = content.metadata.get("summary")
    lead = html_to_text(str(summary)) if summary else ""
    category = getattr(content, "category", None) if kind == "article" else None
    labels = [str(tag) for tag in getattr(content, "tags", []) or []]
    labels += [department_names[c] for c in getattr(content, "departments", ()) if c in department_names]
    return SearchDocument(
        key=content.relative_source_path.replace(os.sep, "/"),
        url=content.url,
        title=str(content.title),  # plain text, as the article page shows it (escaped there)
        lead=lead,
        body=body,
        category=str(category) if category else "",
        category_slug=category.slug if category else "",
        labels=tuple(labels),
        date=content.date if kind == "article" else None,
        kind=kind,
        snippet=_words(lead or body, setting(settings, "SEARCH_SNIPPET_WORDS")),
    )


def collect_documents(generators) -> list[SearchDocument]:
    """Published articles and pages only: drafts and hidden pages are never indexed."""
    documents = []
    for generator in generators:
        settings = generator.settings
        names = {code: view["name"] for code, view in generator.context.get("department_views", {}).items()}
        for article in getattr(generator, "articles", []):
            documents.append(document_of(article, "article", settings, names))
        if generator.__class__.__name__ == "PagesGenerator":
            for page in generator.pages:
                documents.append(document_of(page, "page", settings, names))
    return documents


def _index_in_child(folder: str, out: str, documents: list[SearchDocument], options: dict,
                    connection) -> None:
    bulk = BulkJob(Path(folder))
    try:
        started = time.perf_counter()
        limit = options.pop("whoosh_limit")
        exported, done = export_incremental(documents, Path(out), Path(folder) / "export", on_postings=bulk, **options)
        export_seconds = time.perf_counter() - started
        save_documents(Path(folder), documents)
        started = time.perf_counter()
        if bulk.started:  # a full export: whoosh written whole from its postings
            updated = bulk.wait()
        elif pending_changes(Path(folder), documents) <= limit:
            updated = update_index(Path(folder), documents)
        else:
            updated = None
        connection.send(("ok", (exported, done, export_seconds, updated, time.perf_counter() - started)))
    except BaseException:  # reported to the parent, which fails the build
        connection.send(("error", traceback.format_exc()))
        if bulk.started:  # the export failed after forking the whoosh writer: reap it
            try:
                bulk.wait()
            except RuntimeError:
                pass  # the export's error is the one reported
    finally:
        connection.close()


def start_indexing(generators) -> None:
    """Export the browser's index and update the whoosh index in a forked process while Pelican writes."""
    generators = list(generators)
    settings = generators[0].settings
    _job.clear()
    if not setting(settings, "SEARCH_INDEX"):
        return
    documents = collect_documents(generators)
    folder = index_folder(settings)
    out = Path(settings["OUTPUT_PATH"]) / setting(settings, "SEARCH_OUTPUT")
    # One process: it runs beside Pelican, which keeps the other core busy writing pages.
    options = {"shard_bytes": setting(settings, "SEARCH_SHARD_BYTES"), "chunk": setting(settings, "SEARCH_CHUNK"),
               "workers": 1, "max_share": setting(settings, "SEARCH_DELTA_SHARE"),
               "whoosh_limit": setting(settings, "SEARCH_WHOOSH_BUILD_LIMIT")}
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_index_in_child, args=(str(folder), str(out), documents, options, send),
                              daemon=True)
    process.start()
    send.close()
    _job.update(process=process, receive=receive, folder=folder)


def finish_indexing(pelican) -> None:
    """Wait for the search indexes; a failure is a build error."""
    if not _job:
        return
    process, receive, folder = _job["process"], _job["receive"], _job["folder"]
    try:
        status, detail = receive.recv()
    except EOFError:
        status, detail = "error", f"the indexing process died (exit code {process.exitcode})"
    process.join()
    _job.clear()
    if status != "ok":
        logger.error("Search index: could not build it (index folder %s):\n%s", folder, detail)
        return
    exported, done, export_seconds, updated, update_seconds = detail
    inline_manifest(Path(pelican.output_path), setting(pelican.settings, "SEARCH_OUTPUT"),
                    pelican.settings.get("SEARCH_SAVE_AS", "tim-kiem/index.html"))
    if exported is not None:
        logger.info("Search: browser index of %d documents, %d terms in %d shards, %d bytes, in %.1f s",
                    exported.documents, exported.terms, exported.shards, exported.bytes, export_seconds)
    else:
        logger.info("Search: browser index updated by a delta of %d documents (%d deleted) in %.1f s",
                    done["delta"], done["deleted"], export_seconds)
    if isinstance(updated, BulkStats):
        logger.info("Search: whoosh index of %d documents written whole from the export in %.1f s "
                    "(%.1f s after the export)", updated.documents, updated.seconds, update_seconds)
    elif updated is not None:
        logger.info("Search: whoosh index %d added, %d replaced, %d removed in %.1f s",
                    updated.added, updated.replaced, updated.removed, update_seconds)


PLACEHOLDER = '<script type="application/json" data-search-manifest>{}</script>'


def inline_manifest(output: Path, search_output: str, search_page: str) -> None:
    """Write index.json into the search page's placeholder: the first query saves a round trip."""
    manifest = (output / search_output / "index.json").read_text(encoding="utf-8")
    page = output / search_page
    if page.exists():
        html = page.read_text(encoding="utf-8")
        if PLACEHOLDER in html:
            safe = manifest.replace("</", "<\\/")  # JSON allows \/; "</script" would end the element
            page.write_text(html.replace(PLACEHOLDER, PLACEHOLDER.replace("{}", safe)), encoding="utf-8")


def register() -> None:
    """Connect the handlers."""
    signals.all_generators_finalized.connect(start_indexing)
    signals.finalized.connect(finish_indexing)


_INLINED_MANIFEST = re.compile(r'(<script type="application/json" data-search-manifest>)(.*?)(</script>)', re.S)


def refresh_documents(generators, contents) -> dict | None:
    """The preview's quick path: put the changed `contents` (articles or pages) into the
    browser's index as a delta, and the new manifest into the search page.

    Runs in the preview process after the pages are written, from the documents the last
    full build saved; returns what was done, or None when the site has no search index.
    """
    settings = generators[0].settings
    if not setting(settings, "SEARCH_INDEX"):
        return None
    folder = index_folder(settings)
    names = {}
    for generator in generators:
        names.update({code: view["name"] for code, view in generator.context.get("department_views", {}).items()})
    fresh = {}
    for content in contents:
        document = document_of(content, "page" if content.__class__.__name__ == "Page" else "article", settings, names)
        fresh[document.key] = document
    documents = [fresh.get(document.key, document) for document in load_documents(folder)]
    out = Path(settings["OUTPUT_PATH"]) / setting(settings, "SEARCH_OUTPUT")
    options = {"shard_bytes": setting(settings, "SEARCH_SHARD_BYTES"), "chunk": setting(settings, "SEARCH_CHUNK"),
               "workers": 1, "max_share": setting(settings, "SEARCH_DELTA_SHARE")}
    _, done = export_incremental(documents, out, folder / "export", **options)
    save_documents(folder, documents)
    manifest = (out / "index.json").read_text(encoding="utf-8").replace("</", "<\\/")
    page = Path(settings["OUTPUT_PATH"]) / settings.get("SEARCH_SAVE_AS", "tim-kiem/index.html")
    if page.exists():
        html = page.read_text(encoding="utf-8")
        page.write_text(_INLINED_MANIFEST.sub(lambda m: m.group(1) + manifest + m.group(3), html, count=1),
                        encoding="utf-8")
    return done
