"""Pelican glue: Jinja filters for Vietnamese dates, Vietnamese slugs, and
day-first dates in front matter. The logic lives in `text` and `dates`."""

from __future__ import annotations

import logging

from pelican import signals
from pelican.contents import Article, Page

from . import dates, text

logger = logging.getLogger(__name__)

JINJA_FILTERS = {
    "vn_datetime": dates.date_line,
    "vn_date": dates.date_numeric,
    "vn_short_date": dates.date_short,
    "vn_weekday": dates.weekday,
    "iso_datetime": dates.iso,
    "vn_month_title": dates.month_title,
    "vn_slugify": text.slugify,
}


class SlugCollisionError(ValueError):
    """Two content files would be published under the same address."""


# Source path of the file that first claimed each (kind, lang, slug) in this run.
_claimed_slugs: dict[tuple[str, str, str], str] = {}


def add_filters(generator) -> None:
    """Make the Vietnamese date filters available to every template."""
    for name, function in JINJA_FILTERS.items():
        generator.env.filters.setdefault(name, function)


def forget_slugs(generator) -> None:
    """Start each run with no claimed slugs (autoreload reuses the process)."""
    kind = "page" if "Page" in type(generator).__name__ else "article"
    for key in [key for key in _claimed_slugs if key[0] == kind]:
        del _claimed_slugs[key]


def set_slugs(content) -> None:
    """Give articles, pages, categories and tags Vietnamese slugs; refuse duplicates.

    A slug given in front matter is kept as the editor wrote it.
    """
    if not isinstance(content, (Article, Page)):
        return
    if "slug" not in content.metadata:
        content.slug = text.slugify(content.title)
    category = getattr(content, "category", None)
    if category is not None:
        category.slug = text.slugify(category.name)
    for tag in getattr(content, "tags", None) or ():
        tag.slug = text.slugify(tag.name)
    kind = "page" if isinstance(content, Page) else "article"
    key = (kind, getattr(content, "lang", ""), content.slug)
    here = content.relative_source_path or content.source_path
    first = _claimed_slugs.setdefault(key, here)
    if first != here:
        message = (
            f"{here}: đường dẫn (slug) “{content.slug}” trùng với bài {first}; "
            "hãy đổi tiêu đề hoặc ghi dòng “Slug: …” khác nhau cho hai bài"
        )
        # Pelican swallows the text of exceptions raised while reading, so say it first.
        logger.error(message)
        raise SlugCollisionError(message)


def register() -> None:
    """Connect the handlers (module-level functions: Pelican keeps weak references)."""
    signals.generator_init.connect(add_filters)
    signals.article_generator_init.connect(forget_slugs)
    signals.page_generator_init.connect(forget_slugs)
    signals.content_object_init.connect(set_slugs)
