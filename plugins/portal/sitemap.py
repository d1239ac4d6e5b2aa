"""sitemap.xml (split into an index above 50,000 URLs) and robots.txt, as text."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

MAX_URLS_PER_FILE = 50_000  # the sitemaps.org limit per file

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def url_set(entries: Sequence[tuple[str, str | None]]) -> str:
    """One <urlset> for (absolute URL, lastmod ISO date or None) pairs."""
    lines = [_HEAD, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    for loc, lastmod in entries:
        lines.append(f"<url><loc>{escape(loc)}</loc>")
        if lastmod:
            lines.append(f"<lastmod>{lastmod}</lastmod>")
        lines.append("</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines)


def sitemap_files(entries: Sequence[tuple[str, str | None]], base_url: str,
                  limit: int = MAX_URLS_PER_FILE) -> dict[str, str]:
    """Return {file name: XML}: one sitemap.xml, or an index plus numbered parts.

    Entries are sorted by URL so that the same site gives the same bytes.
    """
    ordered = sorted(entries)
    if len(ordered) <= limit:
        return {"sitemap.xml": url_set(ordered)}
    files = {}
    index = [_HEAD, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    for number, start in enumerate(range(0, len(ordered), limit), start=1):
        name = f"sitemap-{number}.xml"
        files[name] = url_set(ordered[start:start + limit])
        index.append(f"<sitemap><loc>{escape(base_url.rstrip('/'))}/{name}</loc></sitemap>\n")
    index.append("</sitemapindex>\n")
    files["sitemap.xml"] = "".join(index)
    return files


def robots_txt(base_url: str, disallow: Sequence[str] = ()) -> str:
    """robots.txt allowing everything but `disallow`, pointing to the sitemap."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallow] or ["Allow: /"]
    lines.append(f"Sitemap: {base_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
