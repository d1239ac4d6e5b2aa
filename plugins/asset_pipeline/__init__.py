"""Asset pipeline: fingerprinted theme files and precompressed `.gz` copies (see README.md)."""

from .glue import register

__all__ = ["register"]
