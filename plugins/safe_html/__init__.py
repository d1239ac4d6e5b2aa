"""Safe content: articles and pages cleaned of anything that could run script (nh3)."""

from .glue import register

__all__ = ["register"]
