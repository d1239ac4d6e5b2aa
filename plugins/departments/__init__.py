"""Department links sidebar ("Liên kết Website"), department pages and mentions (see README.md)."""

from .glue import register

__all__ = ["register"]
