"""`./inv related SLUG`: an article's related list, with scores and the terms behind them.

Reads the Markdown files directly (no build), with the same Document
construction as the related_news plugin, so the editor sees what the build uses.
"""

from __future__ import annotations

from pathlib import Path

import markdown

from content_checks.checks import front_matter
from related_news.documents import make_document, parse_related_field
from related_news.scoring import RelatedConfig, explain, related_lists
from vietnamese.dates import parse_date
from vietnamese.text import slugify


def load_documents(articles_root: Path) -> tuple[list, dict[str, dict]]:
    """Documents of every published article under `articles_root`, and per slug {path, title, related}."""
    converter = markdown.Markdown(extensions=["extra"])
    documents, info = [], {}
    for path in sorted(Path(articles_root).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        fields = {key: value for key, (_line, value) in front_matter(text).items()}
        if fields.get("status", "published").lower() in ("draft", "hidden", "skip"):
            continue
        body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
        slug = fields.get("slug") or slugify(fields.get("title", ""))
        try:
            date = parse_date(fields["date"]) if "date" in fields else None
        except ValueError:
            date = None
        documents.append(make_document(
            slug, fields.get("title", ""), fields.get("summary", ""), converter.reset().convert(body),
            category=fields.get("category", ""),
            tags=[tag.strip() for tag in fields.get("tags", "").split(",") if tag.strip()],
            departments=[code.strip() for code in fields.get("departments", "").split(",") if code.strip()],
            date=date,
        ))
        info[slug] = {"path": path, "title": fields.get("title", ""), "related": fields.get("related")}
    return documents, info


def describe(articles_root: Path, slug: str, config: RelatedConfig | None = None, terms: int = 6) -> str:
    """The report `./inv related` prints."""
    config = config or RelatedConfig()
    documents, info = load_documents(articles_root)
    if slug not in info:
        close = sorted(key for key in info if slug in key or key in slug)[:5]
        hint = f" Gần giống: {', '.join(close)}." if close else ""
        raise KeyError(f"Không có bài viết nào có đường dẫn (slug) “{slug}”.{hint}")
    path = info[slug]["path"]
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    lines = [f"Tin liên quan của: {info[slug]['title']} ({shown})", ""]
    pinned, switched_off = parse_related_field(info[slug]["related"])
    if switched_off:
        return "\n".join([*lines, "Bài này tắt danh sách Tin liên quan (Related: off)."])
    for number, key in enumerate(pinned, start=1):
        state = info[key]["title"] if key in info else "KHÔNG CÓ BÀI NÀY — hãy sửa dòng Related"
        lines.append(f"{number}. [ghim] {key} — {state}")
    computed = [(key, score) for key, score in related_lists(documents, config)[slug] if key not in pinned]
    for number, (key, score) in enumerate(computed[: max(0, config.max_items - len(pinned))], start=len(pinned) + 1):
        lines.append(f"{number}. {score:.3f}  {info[key]['title']}  ({key})")
        reasons = explain(documents, slug, key, config, top=terms)
        lines.append("      vì: " + ", ".join(f"{term} ({weight:.3f})" for term, weight in reasons))
    if len(lines) == 2:
        lines.append("(không có bài nào đủ gần)")
    return "\n".join(lines)
