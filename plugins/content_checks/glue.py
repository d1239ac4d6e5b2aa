"""Pelican glue: a Markdown reader that checks front matter first and reads
Vietnamese day-first dates ("23/11/2017 10:20")."""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.readers import MarkdownReader

from vietnamese.dates import parse_date

from .checks import check_front_matter

logger = logging.getLogger(__name__)


class ContentCheckError(ValueError):
    """A content file has problems an editor must fix; they were logged."""


class CheckedMarkdownReader(MarkdownReader):
    """MarkdownReader that refuses files with bad front matter, naming file and line."""

    def read(self, source_path):
        with open(source_path, encoding="utf-8") as handle:
            text = handle.read()
        shown_path = os.path.relpath(source_path)
        problems = check_front_matter(text, shown_path, require_date=self._is_article(source_path))
        if problems:
            # Pelican logs only "Could not process <file>" for a reader's exception,
            # so every problem is logged here, each on its own line.
            for problem in problems:
                logger.error("%s", problem)
            raise ContentCheckError(f"{len(problems)} lỗi trong {shown_path}")
        return super().read(source_path)

    def process_metadata(self, name, value):
        if name in ("date", "modified"):
            return parse_date(value)
        return super().process_metadata(name, value)

    def _is_article(self, source_path: str) -> bool:
        content_root = os.path.abspath(self.settings["PATH"])
        relative = os.path.relpath(os.path.abspath(source_path), content_root)
        return any(
            relative == folder or relative.startswith(folder.rstrip("/") + os.sep)
            for folder in self.settings.get("ARTICLE_PATHS", [""])
        ) and not any(
            relative.startswith(folder.rstrip("/") + os.sep)
            for folder in self.settings.get("PAGE_PATHS", [])
        )


def use_checked_reader(readers) -> None:
    """Read every Markdown extension with the checking reader."""
    for extension in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CheckedMarkdownReader


def register() -> None:
    """Connect the handlers."""
    signals.readers_init.connect(use_checked_reader)
