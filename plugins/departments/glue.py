"""Pelican glue: load the departments file, match mentions once per build,
give templates the sidebar, and write one page and one feed per unit."""

from __future__ import annotations

import logging
import os
from datetime import date, datetime

from pelican import signals
from pelican.generators import Generator

from content_checks.checks import front_matter
from vietnamese.dates import VIETNAM_TZ

from .matcher import MentionMatcher
from .registry import Registry, parse_registry

logger = logging.getLogger(__name__)

DEFAULTS = {
    "DEPARTMENTS_FILE": "don-vi.toml",      # relative to PATH (content/)
    "DEPARTMENTS_URL": "don-vi/{slug}/",
    "DEPARTMENTS_SAVE_AS": "don-vi/{slug}/index.html",
    "DEPARTMENTS_FEED_ATOM": "feeds/don-vi/{slug}.atom.xml",
    "DEPARTMENTS_TODAY": None,              # date the sidebar is "as of"; None = the build's day in Vietnam
}


def setting(settings, name):
    """A departments setting, or its documented default."""
    return settings.get(name, DEFAULTS[name])


def _today(settings) -> date:
    value = setting(settings, "DEPARTMENTS_TODAY")
    return value if isinstance(value, date) else datetime.now(VIETNAM_TZ).date()


def load_registry(settings) -> tuple[Registry, str]:
    path = os.path.join(settings["PATH"], setting(settings, "DEPARTMENTS_FILE"))
    shown = os.path.relpath(path)
    if not os.path.exists(path):
        return Registry(), shown
    with open(path, encoding="utf-8") as handle:
        return parse_registry(handle.read(), shown), shown


def _unit_view(unit, registry, siteurl, settings, today):
    url = f"{siteurl}/{setting(settings, 'DEPARTMENTS_URL').format(slug=unit.slug)}"
    return {
        "code": unit.code, "name": unit.name, "website": unit.website, "url": url, "slug": unit.slug,
        "group": unit.group, "ended": unit.ended, "current": unit.current(today),
        "successors": [registry.units[code] for code in unit.successors if code in registry.units],
    }


def _declared_codes(article) -> list[str]:
    value = article.metadata.get("departments", "")
    if isinstance(value, (list, tuple)):
        value = ",".join(str(item) for item in value)
    return [code.strip() for code in str(value).split(",") if code.strip()]


def _departments_line(article) -> int:
    try:
        with open(article.source_path, encoding="utf-8") as handle:
            return front_matter(handle.read()).get("departments", (1, ""))[0]
    except OSError:
        return 1


def unit_matcher(registry: Registry) -> MentionMatcher:
    """The matcher of every unit's names and aliases."""
    return MentionMatcher({code: unit.aliases for code, unit in registry.units.items()})


def article_codes(article, registry: Registry, matcher: MentionMatcher) -> list[str]:
    """The units of an article: declared codes that exist, then units named in its title, summary or body."""
    codes = []
    for code in _declared_codes(article):
        if code in registry.units and code not in codes:
            codes.append(code)
    text = " ".join((article.title, str(article.metadata.get("summary", "")), article._content or ""))
    for code in matcher.find(text):
        if code not in codes:
            codes.append(code)
    return codes


def attach_departments(generator) -> None:
    """Match every article once; put the sidebar, banners and unit views in the shared context."""
    settings, context = generator.settings, generator.context
    registry, shown = load_registry(settings)
    for problem in registry.problems:
        logger.error("%s", problem)
    today = _today(settings)
    siteurl = settings.get("SITEURL", "")
    views = {code: _unit_view(unit, registry, siteurl, settings, today) for code, unit in registry.units.items()}
    for view in views.values():
        view["successors"] = [views[unit.code] for unit in view["successors"]]
    matcher = unit_matcher(registry)
    by_unit: dict[str, list] = {code: [] for code in registry.units}
    for article in generator.articles:
        for code in _declared_codes(article):
            if code not in registry.units:
                logger.error("%s:%d: Departments: không có đơn vị mã “%s” trong %s; hãy sửa mã (xem %s)",
                             article.relative_source_path or article.source_path, _departments_line(article),
                             code, shown, shown)
        codes = article_codes(article, registry, matcher)
        article.departments = tuple(codes)
        article.department_views = [views[code] for code in codes]
        for code in codes:
            by_unit[code].append(article)
    groups = []
    for group in registry.groups:
        members = [views[code] for code, unit in registry.units.items() if unit.group == group["code"] and unit.current(today)]
        if members:
            groups.append({**group, "units": members})
    context["departments_sidebar"] = {"groups": groups}
    context["department_banners"] = registry.banners
    context["department_views"] = views
    context["department_articles"] = by_unit


class DepartmentPagesGenerator(Generator):
    """One paginated page and one Atom feed per unit, newest articles first."""

    def generate_context(self) -> None:
        """Nothing to read: the articles generator's handler fills the context."""

    def generate_output(self, writer) -> None:
        views = self.context.get("department_views", {})
        by_unit = self.context.get("department_articles", {})
        template = self.get_template("department")
        for code, view in views.items():
            articles = by_unit.get(code, [])
            save_as = setting(self.settings, "DEPARTMENTS_SAVE_AS").format(slug=view["slug"])
            url = setting(self.settings, "DEPARTMENTS_URL").format(slug=view["slug"])
            writer.write_file(save_as, template, self.context, self.settings["RELATIVE_URLS"],
                              paginated={"articles": articles, "dates": articles}, template_name="department",
                              url=url, department=view, articles=articles, dates=articles)
            feed = setting(self.settings, "DEPARTMENTS_FEED_ATOM")
            if feed and articles:
                writer.write_feed(articles, self.context, feed.format(slug=view["slug"]),
                                  feed_title=view["name"])


def department_generator(pelican):
    """Offer the page generator to Pelican."""
    return DepartmentPagesGenerator


def register() -> None:
    """Connect the handlers; `departments` must come before `related_news` in PLUGINS."""
    signals.article_generator_finalized.connect(attach_departments)
    signals.get_generators.connect(department_generator)
