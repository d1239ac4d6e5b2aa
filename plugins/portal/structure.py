"""Pure functions that shape the portal's navigation and listings.

They take plain values (dicts, lists, tuples) and return plain values, so
templates only loop over ready data and tests need no Pelican.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from vietnamese.dates import month_title


def join_url(siteurl: str, path: str) -> str:
    """Join SITEURL ("" in development) and a site-relative path into an href."""
    if path.startswith(("http://", "https://", "mailto:")):
        return path
    return f"{siteurl.rstrip('/')}/{path.lstrip('/')}"


def resolve_menu(
    menu: Sequence[Mapping[str, Any]],
    categories: Mapping[str, Mapping[str, Any]],
    pages: Mapping[str, Mapping[str, Any]],
    siteurl: str,
) -> list[dict[str, Any]]:
    """Turn PORTAL_MENU into nodes {title, url, external, accesskey, key, children, count}.

    `categories` maps slug → {name, url, count}; `pages` maps slug → {title, url}.
    An entry naming a category or page that does not exist raises ValueError
    naming the entry, since a menu that silently drops items misleads readers.
    """
    nodes = []
    for entry in menu:
        children = resolve_menu(entry.get("children", ()), categories, pages, siteurl)
        if "category" in entry:
            slug = entry["category"]
            if slug not in categories:
                raise ValueError(f"PORTAL_MENU: no category has the slug {slug!r}; known: {sorted(categories)}")
            found = categories[slug]
            node = {"title": entry.get("title", found["name"]), "url": found["url"],
                    "key": f"category:{slug}", "count": found["count"]}
        elif "page" in entry:
            slug = entry["page"]
            if slug not in pages:
                raise ValueError(f"PORTAL_MENU: no page has the slug {slug!r}; known: {sorted(pages)}")
            found = pages[slug]
            node = {"title": entry.get("title", found["title"]), "url": found["url"], "key": f"page:{slug}", "count": None}
        elif "url" in entry:
            url = entry["url"]
            external = bool(entry.get("external")) or url.startswith(("http://", "https://"))
            href = url if external else join_url(siteurl, url)
            key = "home" if url in ("", "/") else f"url:/{url.lstrip('/')}"
            node = {"title": entry["title"], "url": href, "key": key, "count": None, "external": external}
        elif children:
            node = {"title": entry["title"], "url": children[0]["url"], "key": f"group:{entry['title']}", "count": None}
        else:
            raise ValueError(f"PORTAL_MENU: entry {dict(entry)!r} needs 'category', 'page', 'url' or 'children'")
        node.setdefault("external", False)
        node["accesskey"] = entry.get("accesskey")
        node["children"] = children
        nodes.append(node)
    return nodes


def archive_tree(dates: Iterable[datetime], year_url: str, month_url: str, siteurl: str) -> list[dict[str, Any]]:
    """Years, newest first, each with its months and article counts.

    `year_url` and `month_url` are Pelican's YEAR_/MONTH_ARCHIVE_URL patterns.
    """
    per_month = Counter((moment.year, moment.month) for moment in dates)
    years: dict[int, dict[str, Any]] = {}
    for (year, month), count in sorted(per_month.items(), reverse=True):
        sample = datetime(year, month, 1)
        entry = years.setdefault(year, {"year": year, "url": join_url(siteurl, year_url.format(date=sample)),
                                        "count": 0, "months": []})
        entry["count"] += count
        entry["months"].append({"month": month, "title": month_title(sample),
                                "url": join_url(siteurl, month_url.format(date=sample)), "count": count})
    return list(years.values())


def pick_home(
    articles: Sequence[Any],
    block_categories: Sequence[str],
    block_size: int,
    latest_size: int,
    is_featured,
    category_of,
) -> dict[str, Any]:
    """Choose the home page's featured article, latest list and category blocks.

    `articles` are newest first. The featured article is the newest one marked
    featured, else the newest with an image (`is_featured(article)` returns
    2 for marked, 1 for has-image, 0 otherwise); it is not repeated in "Tin mới".
    """
    featured = None
    best = 0
    for article in articles:
        rank = is_featured(article)
        if rank > best:
            featured, best = article, rank
            if rank == 2:
                break
    if featured is None and articles:
        featured = articles[0]
    latest = [article for article in articles[: latest_size + 1] if article is not featured][:latest_size]
    wanted = {slug: [] for slug in block_categories}
    for article in articles:
        bucket = wanted.get(category_of(article))
        if bucket is not None and len(bucket) < block_size:
            bucket.append(article)
    return {"featured": featured, "latest": latest,
            "blocks": [{"slug": slug, "articles": wanted[slug]} for slug in block_categories if wanted[slug]]}


def neighbours_by_group(items: Sequence[Any], group_of) -> dict[int, tuple[Any, Any]]:
    """Map id(item) → (older, newer) within its group; `items` are newest first."""
    newer_by_group: dict[Any, Any] = {}
    result: dict[int, tuple[Any, Any]] = {}
    for item in items:
        group = group_of(item)
        newer = newer_by_group.get(group)
        result[id(item)] = (None, newer)
        if newer is not None:
            result[id(newer)] = (item, result[id(newer)][1])
        newer_by_group[group] = item
    return result
