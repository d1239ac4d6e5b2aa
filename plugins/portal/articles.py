"""Per-article values the templates show: lead, thumbnail, description, JSON-LD.

Plain functions on strings and dicts; computed once per build in the glue.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from vietnamese.text import html_to_text as plain_text

from .structure import join_url

_FIRST_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\b(src|alt)\s*=\s*"([^"]*)"', re.IGNORECASE)
_STATIC_LINK = re.compile(r"^(?:\{static\}|\|static\||\{filename\}|\|filename\|)")


def shorten(text: str, max_words: int) -> str:
    """The first `max_words` words of `text`, with an ellipsis when cut."""
    words = text.split()
    return text if len(words) <= max_words else " ".join(words[:max_words]) + "…"


def first_image(content_html: str, siteurl: str) -> dict[str, str] | None:
    """{url, alt} of the first image in an article body, or None.

    Pelican's `{static}` links are resolved here because the raw content still
    carries them; static files keep their path under the output root.
    """
    match = _FIRST_IMAGE.search(content_html or "")
    if not match:
        return None
    attributes = {name.lower(): html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(0))}
    src = attributes.get("src", "")
    if not src:
        return None
    return {"url": join_url(siteurl, _STATIC_LINK.sub("", src)), "alt": attributes.get("alt", "")}


def absolute(base: str, href: str) -> str:
    """Make an href absolute against `base` (an origin such as https://host)."""
    if href.startswith(("http://", "https://")):
        return href
    return base.rstrip("/") + "/" + href.lstrip("/")


def news_article_json_ld(
    *,
    url: str,
    headline: str,
    description: str,
    published: str,
    modified: str,
    section: str,
    author: str,
    publisher: str,
    publisher_url: str,
    logo: str,
    image: str | None,
) -> str:
    """schema.org NewsArticle as a JSON string safe to place in a <script> data block."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "url": url,
        "headline": headline[:110],
        "description": description,
        "datePublished": published,
        "dateModified": modified,
        "articleSection": section,
        "inLanguage": "vi",
        "author": {"@type": "Person", "name": author} if author else {"@type": "GovernmentOrganization", "name": publisher},
        "publisher": {"@type": "GovernmentOrganization", "name": publisher, "url": publisher_url,
                      "logo": {"@type": "ImageObject", "url": logo}},
    }
    if image:
        data["image"] = [image]
    # "</" would end the <script> element early; JSON allows the escaped form.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
