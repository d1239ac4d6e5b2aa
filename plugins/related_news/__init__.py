"""Related news ("Tin liên quan") and the category lists "Các tin khác" and "Tin đã đưa" (see README.md)."""

from .glue import register

__all__ = ["register"]
