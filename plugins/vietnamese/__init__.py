"""Vietnamese text core and locale for the portal (see README.md)."""

from .glue import register

__all__ = ["register"]
