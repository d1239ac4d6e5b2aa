"""Pelican glue: compute the portal's shared data once, after all content is read,
and write sitemap.xml and robots.txt at the end of the build."""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.writers import Writer

from vietnamese.dates import date_short, iso

from . import articles as article_values
from . import render_once, sitemap, structure

logger = logging.getLogger(__name__)

DEFAULTS = {
    "PORTAL": {},
    "PORTAL_MENU": [],
    "PORTAL_HOME_CATEGORIES": [],
    "PORTAL_HOME_BLOCK_SIZE": 4,
    "PORTAL_HOME_LATEST": 10,
    "PORTAL_DESCRIPTION_WORDS": 40,
    "PORTAL_SITEMAP_EXCLUDE": ["404.html", "tim-kiem/index.html"],
    "SITE_HOST": "",
}

# Output paths written during this run, for the sitemap: {path: lastmod or None}.
_written: dict[str, str | None] = {}


def setting(settings, name):
    """A portal setting, or its documented default."""
    return settings.get(name, DEFAULTS[name])


def absolute_base(settings) -> str:
    """The origin used for canonical URLs: SITEURL when absolute, else SITE_HOST + SITEURL."""
    siteurl = settings.get("SITEURL", "")
    return siteurl if siteurl.startswith(("http://", "https://")) else setting(settings, "SITE_HOST") + siteurl


def _find(generators, kind):
    return next((generator for generator in generators if isinstance(generator, kind)), None)


def _category_key(article):
    return article.category.slug


def _freeze_url(content) -> None:
    """Store the URL once: Pelican re-expands the URL pattern on every `.url`
    access (about a dozen per article across listings), a measurable share of a
    10,000-article build. Pelican reads `override_url` first when it exists."""
    content.override_url = content.url


def _add_article_values(article, settings, siteurl, base, publisher, logo):
    _freeze_url(article)
    # Rendered in every list that shows the article ("Các tin khác" on thousands of pages): format once.
    article.date_short = date_short(article.date)
    article.date_iso = iso(article.date)
    metadata = article.metadata
    article.lead = article_values.plain_text(metadata.get("summary", "")) if "summary" in metadata else ""
    author = metadata.get("author")
    article.byline = str(getattr(author, "name", author or ""))
    article.source = str(metadata.get("source", "") or "")
    article.thumbnail = article_values.first_image(article._content, siteurl)
    text = article.lead or article_values.plain_text(article._content)
    article.description = article_values.shorten(text, setting(settings, "PORTAL_DESCRIPTION_WORDS"))
    url = article_values.absolute(base, article.url)
    article.og_image = article_values.absolute(base, article.thumbnail["url"]) if article.thumbnail else None
    modified = getattr(article, "modified", None) or article.date
    article.json_ld = article_values.news_article_json_ld(
        url=url, headline=article.title, description=article.description,
        published=iso(article.date), modified=iso(modified), section=article.category.name,
        author=article.byline, publisher=publisher, publisher_url=base + "/", logo=logo, image=article.og_image,
    )


def _article_value_arguments(settings) -> tuple:
    siteurl = settings.get("SITEURL", "")
    base = absolute_base(settings)
    portal = setting(settings, "PORTAL")
    publisher = portal.get("agency_full_name", settings.get("SITENAME", ""))
    logo = article_values.absolute(base, "/favicon.svg")
    return siteurl, base, publisher, logo


def refresh_article_values(article, settings) -> None:
    """Recompute one article's values after its body changed (the preview's quick path)."""
    _add_article_values(article, settings, *_article_value_arguments(settings))
    render_once.forget_item(article)


def compute_portal_data(generators) -> None:
    """Attach per-article values and put menu, home, archive and category data in the shared context."""
    articles_generator = _find(generators, ArticlesGenerator)
    pages_generator = _find(generators, PagesGenerator)
    if articles_generator is None:
        return
    settings = articles_generator.settings
    context = articles_generator.context
    siteurl, base, publisher, logo = _article_value_arguments(settings)
    portal = setting(settings, "PORTAL")

    articles = articles_generator.articles  # published, newest first
    for article in articles:
        _add_article_values(article, settings, siteurl, base, publisher, logo)
    neighbours = structure.neighbours_by_group(articles, _category_key)
    for article in articles:
        article.prev_in_category, article.next_in_category = neighbours[id(article)]

    categories = {}
    for category, members in articles_generator.categories:
        categories[category.slug] = {
            "name": category.name, "slug": category.slug, "url": structure.join_url(siteurl, category.url),
            "count": len(members),
            "feed_atom": structure.join_url(siteurl, settings["CATEGORY_FEED_ATOM"].format(slug=category.slug))
            if settings.get("CATEGORY_FEED_ATOM") else None,
            "feed_rss": structure.join_url(siteurl, settings["CATEGORY_FEED_RSS"].format(slug=category.slug))
            if settings.get("CATEGORY_FEED_RSS") else None,
        }
    pages = {}
    if pages_generator is not None:
        for page in pages_generator.pages:
            _freeze_url(page)
            pages[page.slug] = {"title": page.title, "url": structure.join_url(siteurl, page.url)}

    menu = structure.resolve_menu(setting(settings, "PORTAL_MENU"), categories, pages, siteurl)
    menu_order = [child["key"].split(":", 1)[1] for node in menu for child in [node, *node["children"]]
                  if child["key"].startswith("category:")]
    ordered = [categories[slug] for slug in menu_order if slug in categories]
    ordered += sorted((value for slug, value in categories.items() if slug not in menu_order), key=lambda c: c["slug"])

    home = structure.pick_home(
        articles, setting(settings, "PORTAL_HOME_CATEGORIES"), setting(settings, "PORTAL_HOME_BLOCK_SIZE"),
        setting(settings, "PORTAL_HOME_LATEST"),
        is_featured=lambda article: 2 if str(article.metadata.get("featured", "")).lower() in ("true", "yes", "1")
        else (1 if article.thumbnail else 0),
        category_of=_category_key,
    )
    by_slug = {category.slug: category for category, _ in articles_generator.categories}
    for block in home["blocks"]:
        block["category"] = by_slug[block["slug"]]
        block["url"] = categories[block["slug"]]["url"]

    context["site_base"] = base
    context["portal_menu"] = menu
    context["site_categories"] = ordered
    context["home"] = home
    context["archive_years"] = structure.archive_tree(
        (article.date for article in articles), settings.get("YEAR_ARCHIVE_URL", ""),
        settings.get("MONTH_ARCHIVE_URL", ""), siteurl,
    )


class AbsoluteFeedWriter(Writer):
    """Pelican's writer, but feeds always carry absolute links.

    In development SITEURL is "" so that the site works on any port; feed
    readers need absolute URLs, so feeds are written against the site base.
    """

    def write_feed(self, elements, context, *args, **kwargs):
        return super().write_feed(elements, {**context, "SITEURL": absolute_base(self.settings)}, *args, **kwargs)


def use_absolute_feed_writer(pelican):
    """Offer the feed writer to Pelican (the get_writer signal wants a class)."""
    return AbsoluteFeedWriter


def remember_written(path, context) -> None:
    """Note each written HTML file and its last modification for the sitemap."""
    item = context.get("article") or context.get("page")
    lastmod = None
    if item is not None:
        lastmod = iso(getattr(item, "modified", None) or item.date)[:10] if hasattr(item, "date") else None
    _written[path] = lastmod


def write_sitemap_and_robots(pelican) -> None:
    """Write sitemap.xml (split past 50,000 URLs) and robots.txt into the output."""
    settings = pelican.settings
    output = pelican.output_path
    base = absolute_base(settings)
    excluded = set(setting(settings, "PORTAL_SITEMAP_EXCLUDE"))
    entries = []
    for path, lastmod in _written.items():
        relative = os.path.relpath(path, output).replace(os.sep, "/")
        if relative in excluded or relative.startswith("ban-nhap/"):
            continue
        url_path = relative[: -len("index.html")] if relative.endswith("index.html") else relative
        entries.append((f"{base}/{url_path}", lastmod))
    for name, body in sitemap.sitemap_files(entries, base).items():
        with open(os.path.join(output, name), "w", encoding="utf-8") as handle:
            handle.write(body)
    with open(os.path.join(output, "robots.txt"), "w", encoding="utf-8") as handle:
        handle.write(sitemap.robots_txt(base, ["/ban-nhap/"]))
    _written.clear()


def forget_written(pelican) -> None:
    """Start each run with an empty list of written files."""
    _written.clear()


def add_render_once(generator) -> None:
    """Offer `render_once` and `site_part` to the templates; each build starts with an empty cache."""
    render_once.forget()
    generator.env.filters["render_once"] = render_once.render_once
    generator.env.filters["site_part"] = render_once.render_site_part


def register() -> None:
    """Connect the handlers."""
    signals.initialized.connect(forget_written)
    signals.get_writer.connect(use_absolute_feed_writer)
    signals.generator_init.connect(add_render_once)
    signals.all_generators_finalized.connect(compute_portal_data)
    signals.content_written.connect(remember_written)
    signals.finalized.connect(write_sitemap_and_robots)
