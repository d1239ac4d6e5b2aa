"""Pelican glue: add the figure extension to the Markdown settings."""

from __future__ import annotations

from pelican import signals

from .extension import FigureExtension


def add_extension(pelican) -> None:
    """Append the extension to a copy of MARKDOWN['extensions'] (the user's dict is not mutated)."""
    markdown = dict(pelican.settings.get("MARKDOWN", {}))
    extensions = list(markdown.get("extensions", []))
    if not any(isinstance(extension, FigureExtension) for extension in extensions):
        extensions.append(FigureExtension())
    markdown["extensions"] = extensions
    pelican.settings["MARKDOWN"] = markdown


def register() -> None:
    """Connect the handlers."""
    signals.initialized.connect(add_extension)
