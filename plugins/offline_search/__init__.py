"""Offline search: a whoosh index of the portal, exported as static files the browser searches."""

from .glue import register

__all__ = ["register"]
