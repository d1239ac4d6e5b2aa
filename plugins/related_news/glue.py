"""Pelican glue: compute related lists once, after all articles are read."""

from __future__ import annotations

import dataclasses
import logging

from pelican import signals

from . import lists
from .documents import make_document, parse_related_field
from .scoring import RelatedConfig, related_lists

logger = logging.getLogger(__name__)

PREFIX = "RELATED_NEWS_"
LIST_DEFAULTS = {"RELATED_NEWS_OTHER_MAX": 10, "RELATED_NEWS_EARLIER_MAX": 10}
# Each RelatedConfig field `x` is set by the setting RELATED_NEWS_X, except
# max_items, which keeps the name the issue and the README use: RELATED_NEWS_MAX.
CONFIG_SETTINGS = {
    (PREFIX + "MAX" if field.name == "max_items" else PREFIX + field.name.upper()): field
    for field in dataclasses.fields(RelatedConfig)
}


class RelatedNewsSettingError(ValueError):
    """A RELATED_NEWS_* setting is unknown or has the wrong type."""


def config_from_settings(settings) -> RelatedConfig:
    """Build the scoring configuration from RELATED_NEWS_* settings, refusing typos and bad types."""
    values = {}
    for name, value in settings.items():
        if not name.startswith(PREFIX) or name in LIST_DEFAULTS:
            continue
        field = CONFIG_SETTINGS.get(name)
        if field is None:
            raise RelatedNewsSettingError(
                f"related_news: unknown setting {name}; known: {', '.join(sorted([*CONFIG_SETTINGS, *LIST_DEFAULTS]))}")
        default = field.default
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise RelatedNewsSettingError(f"related_news: {name} must be a number ≥ 0, not {value!r}")
        values[field.name] = value
    return RelatedConfig(**values)


def _source(article) -> str:
    return article.relative_source_path or article.source_path


def attach_related_news(generator) -> None:
    """Give every published article `related_news`, `other_news` and `earlier_news`."""
    settings = generator.settings
    articles = generator.articles  # published, newest first
    config = config_from_settings(settings)
    documents = [
        make_document(
            article.slug, article.title, str(article.metadata.get("summary", "")), article._content,
            category=article.category.name if getattr(article, "category", None) else "",
            tags=[tag.name for tag in getattr(article, "tags", None) or ()],
            departments=getattr(article, "departments", None) or (),
            date=article.date,
        )
        for article in articles
    ]
    # Summaries are HTML after Pelican's Markdown pass; the document keeps their text.
    computed = related_lists(documents, config)
    by_slug = {article.slug: article for article in articles}
    for article in articles:
        pinned, switched_off = parse_related_field(article.metadata.get("related"))
        if switched_off:
            article.related_news = []
            continue
        chosen = []
        for slug in pinned:
            target = by_slug.get(slug)
            if target is None or target is article:
                logger.error(
                    "%s: Related: không có bài viết đã đăng nào có đường dẫn (slug) “%s”; "
                    "hãy sửa lại slug hoặc bỏ nó khỏi dòng Related", _source(article), slug)
                continue
            chosen.append(target)
        limit = max(config.max_items, len(chosen))
        for slug, _score in computed.get(article.slug, []):
            if len(chosen) >= limit:
                break
            target = by_slug[slug]
            if target not in chosen:
                chosen.append(target)
        article.related_news = chosen

    per_article = lists.category_lists(
        articles, lambda article: article.category.slug if getattr(article, "category", None) else "",
        settings.get("RELATED_NEWS_OTHER_MAX", LIST_DEFAULTS["RELATED_NEWS_OTHER_MAX"]),
        settings.get("RELATED_NEWS_EARLIER_MAX", LIST_DEFAULTS["RELATED_NEWS_EARLIER_MAX"]),
    )
    for article in articles:
        article.other_news, article.earlier_news = per_article[id(article)]


def register() -> None:
    """Connect the handlers."""
    signals.article_generator_finalized.connect(attach_related_news)
