"""Front-matter checks run on every content file before Pelican reads it (see README.md)."""

from .glue import register

__all__ = ["register"]
