"""Site structure computed once per build: menu, home blocks, archives,
article extras (lead, byline, thumbnail, JSON-LD), sitemap and robots.txt (see README.md)."""

from .glue import register

__all__ = ["register"]
