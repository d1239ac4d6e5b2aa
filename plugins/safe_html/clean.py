"""Clean the HTML of articles and pages: what an editor pastes (from Word, from another site) cannot run script.

Plain functions around nh3 (a binding of the Rust `ammonia` sanitizer): a
list of allowed tags and attributes for news articles, URLs limited to
http(s), mailto, tel and relative ones, iframes only from hosts the portal
allows. Script and style elements are removed with their content; event
handlers, inline styles and `javascript:` URLs disappear with the attributes
that carry them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small",
    "mark", "q", "cite", "abbr", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "a", "img", "figure", "figcaption", "code", "pre",
    "span", "div", "time", "details", "summary", "iframe",
}
ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading", "fetchpriority"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "col": {"span"},
    "colgroup": {"span"},
    "iframe": {"src", "width", "height", "allowfullscreen", "loading"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean(html: str, iframe_hosts: frozenset[str] = frozenset()) -> str:
    """`html` with everything that could run script removed; iframes kept only from `iframe_hosts`."""
    if not html:
        return html or ""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            host = (urlsplit(value).hostname or "").lower()
            return value if urlsplit(value).scheme == "https" and host in iframe_hosts else None
        return value

    cleaned = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, attribute_filter=keep,
                        link_rel="noopener noreferrer", clean_content_tags={"script", "style"})
    # an iframe whose source was refused is an empty frame: drop it
    return _drop_sourceless_iframes(cleaned)


def _drop_sourceless_iframes(html: str) -> str:
    import re

    return re.sub(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", "", html, flags=re.S | re.I)
