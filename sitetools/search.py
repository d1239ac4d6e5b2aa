"""`./inv search`: query the portal's whoosh index from the terminal."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def index_folder(settings_file: Path = PROJECT_ROOT / "pelicanconf.py") -> Path:
    """The whoosh index folder the build keeps (SEARCH_INDEX_PATH), relative to the project."""
    import os

    from pelican.settings import read_settings

    from offline_search.glue import index_folder as configured

    previous = os.getcwd()
    os.chdir(PROJECT_ROOT)  # CACHE_PATH and SEARCH_INDEX_PATH are relative to the project
    try:
        folder = configured(read_settings(str(settings_file)))
    finally:
        os.chdir(previous)
    return folder if folder.is_absolute() else PROJECT_ROOT / folder


def describe_search(query: str, category: str = "", year: str = "", limit: int = 10,
                    folder: Path | None = None) -> str:
    """The ranked results of `query`, one block per hit, with its score (what the browser shows, in order)."""
    from offline_search.index import load_documents, update_index
    from offline_search.ranking import search

    folder = folder or index_folder()
    updated = update_index(folder, load_documents(folder))  # only what the last build changed
    results = search(folder, query, category=category, year=year, limit=limit)
    if results.terms.empty:
        return "Hãy nhập chữ hoặc số để tìm."
    note = (f"(chỉ mục whoosh cập nhật: {updated.added} thêm, {updated.replaced} sửa, {updated.removed} bỏ)\n"
            if updated.changed else "")
    terms = " ".join(results.terms.words)
    lines = [note + f"“{query.strip()}” → {terms}: {results.total} kết quả"
             + (f" (chuyên mục {category})" if category else "") + (f" (năm {year})" if year else "")]
    for number, hit in enumerate(results.hits, 1):
        date = hit.date[:10] if hit.date else "trang"
        lines.append(f"{number:>3}. {hit.score:7.3f}  {hit.title}")
        lines.append(f"     {date} · {hit.category or '-'} · /{hit.url}")
    if results.total > len(results.hits):
        lines.append(f"     … và {results.total - len(results.hits)} kết quả khác (--limit để xem thêm)")
    return "\n".join(lines)
