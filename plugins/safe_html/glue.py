"""Pelican glue: clean every article's and page's body and summary as soon as it is read."""

from __future__ import annotations

from pelican import signals

from .clean import clean

DEFAULTS = {
    # Hosts whose https iframes (maps, videos) may stay in an article. Empty: no third-party frames,
    # as the portal loads nothing from other sites by default.
    "SAFE_HTML_IFRAME_HOSTS": [],
}


def clean_content(content) -> None:
    hosts = frozenset(h.lower() for h in content.settings.get("SAFE_HTML_IFRAME_HOSTS",
                                                              DEFAULTS["SAFE_HTML_IFRAME_HOSTS"]))
    if getattr(content, "_content", None):
        content._content = clean(content._content, hosts)
    summary = content.metadata.get("summary")
    if summary:
        content.metadata["summary"] = clean(str(summary), hosts)
        if hasattr(content, "_summary"):
            content._summary = content.metadata["summary"]


def register() -> None:
    """Connect the handler."""
    signals.content_object_init.connect(clean_content)
