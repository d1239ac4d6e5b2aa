"""Images on their own line become <figure> with a <figcaption> (see README.md)."""

from .glue import register

__all__ = ["register"]
