"""A Jinja filter that renders a small template once per object and build.

An article appears in "Các tin khác" or "Tin đã đưa" on dozens of other
pages; its list item is the same markup each time. `{{ a|render_once(
"partials/news_item.html") }}` renders it the first time and reuses the
result (compute once, render many), while the markup stays in the theme.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup

_cache: dict[tuple, Markup] = {}


def forget() -> None:
    """Empty the cache; called at the start of each build."""
    _cache.clear()


def forget_item(item) -> None:
    """Drop the cached markup of one object (the preview changed its text in place)."""
    for key in [key for key in _cache if key[0] == id(item)]:
        del _cache[key]


@pass_context
def render_once(context, item, template_name: str, **options) -> Markup:
    """`template_name` rendered with `item`, `SITEURL` and `options`, cached by object identity and options.

    `options` name a variant of the markup (e.g. image=False): each variant is rendered once.
    """
    key = (id(item), template_name, *sorted(options.items()))
    html = _cache.get(key)
    if html is None:
        template = context.environment.get_template(template_name)
        html = _cache[key] = Markup(template.render(item=item, SITEURL=context.get("SITEURL", ""), **options))
    return html


@pass_context
def render_site_part(context, template_name: str, **variant) -> Markup:
    """A part of the page chrome (header, menu, aside, footer), rendered once per build and variant.

    Every page carries the same header, menu, aside and footer, up to a few
    variants (the page language, the active menu key). Rendering that markup
    for each of thousands of pages was most of the theme's cost, so it is
    rendered with the first page's context plus `variant` and reused. The
    partial may therefore use only site-wide values (settings, menu,
    categories, departments) and the variant's names, never the page's own.
    """
    key = ("site part", template_name, *sorted(variant.items()))
    html = _cache.get(key)
    if html is None:
        template = context.environment.get_template(template_name)
        html = _cache[key] = Markup(template.render({**context.get_all(), **variant}))
    return html
