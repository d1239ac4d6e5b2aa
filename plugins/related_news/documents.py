"""Turn content into scoring Documents, and read the editors' `Related:` field.

Shared by the Pelican glue (articles already read) and `./inv related`
(Markdown files read directly), so that both score the same text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from vietnamese.text import html_to_text, nfc

from .scoring import Document

OFF_WORDS = {"off", "không", "khong", "tắt", "tat", "none", "no", "false"}


def make_document(
    key: str, title: str, lead: str, body_html: str, category: str = "", tags: Iterable[str] = (),
    departments: Iterable[str] = (), date: datetime | None = None,
) -> Document:
    """A Document from an article's parts (lead and body may be HTML); every text in NFC."""
    return Document(
        key=key, title=nfc(title or ""), lead=nfc(html_to_text(lead)), body=nfc(html_to_text(body_html)),
        category=nfc(category or ""), tags=tuple(sorted(nfc(tag) for tag in tags)),
        departments=tuple(sorted(departments)), date=date,
    )


def parse_related_field(value: str | None) -> tuple[list[str], bool]:
    """Read `Related:` front matter: (pinned slugs in order, list switched off?).

    `Related: slug-a, slug-b` pins two articles; `Related: off` (or "không")
    switches the list off for this article.
    """
    if value is None:
        return [], False
    text = str(value).strip()
    if text.lower() in OFF_WORDS:
        return [], True
    slugs = []
    for part in text.split(","):
        slug = part.strip().strip("/").rsplit("/", 1)[-1]
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs, False
