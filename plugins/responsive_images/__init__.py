"""Responsive article photos: WebP and JPEG at the theme's widths, no metadata (see README.md)."""

from .glue import register

__all__ = ["register"]
