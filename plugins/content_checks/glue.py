"""Pelican glue: a Markdown reader that checks front matter first and reads
Vietnamese day-first dates ("23/11/2017 10:20")."""

from __future__ import annotations

import logging
import os

from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader

from vietnamese.dates import parse_date

from .checks import (SiteAddresses, broken_link_problem, check_front_matter, check_references, decode,
                     html_site_links, line_of, url_prefix)

logger = logging.getLogger(__name__)

_META_PRIORITY = 27  # markdown.extensions.meta registers its preprocessor at this priority


class ContentCheckError(ValueError):
    """A content file has problems an editor must fix; they were logged."""


class CheckedMarkdownReader(MarkdownReader):
    """MarkdownReader that refuses files with bad front matter, naming file and line.

    It also keeps one Markdown converter for all files (reset between them)
    where Pelican builds a new one per file: building it loads every
    extension again, which was 7 % of a 2,000-article build.
    """

    _md = None

    def read(self, source_path):
        with open(source_path, "rb") as handle:
            text, unreadable = decode(handle.read(), os.path.relpath(source_path))
        if text is None:
            for problem in unreadable:
                logger.error("%s", problem)
            raise ContentCheckError(f"{os.path.relpath(source_path)}: không phải UTF-8")
        if text.startswith("\ufeff"):  # a byte-order mark, as pelican_open drops it
            text = text[1:]
        shown_path = os.path.relpath(source_path)
        problems = check_front_matter(text, shown_path, require_date=self._is_article(source_path))
        problems += check_references(text, shown_path, self.settings["PATH"], os.path.dirname(source_path))
        if problems:
            # Pelican logs only "Could not process <file>" for a reader's exception,
            # so every problem is logged here, each on its own line.
            for problem in problems:
                logger.error("%s", problem)
            raise ContentCheckError(f"{len(problems)} lỗi trong {shown_path}")
        self._source_path = source_path
        if self._md is None:
            self._md = Markdown(**self.settings["MARKDOWN"])
            self._meta_preprocessor = self._md.preprocessors["meta"]
        else:
            self._md.reset()
        content = self._md.convert(text)
        # Pelican's _parse_metadata removes the front-matter preprocessor so that
        # a Markdown-formatted field (the summary) is not read as front matter:
        # put it back, at the priority the meta extension gives it, for the next file.
        try:
            metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        finally:
            if "meta" not in self._md.preprocessors:
                self._md.preprocessors.register(self._meta_preprocessor, "meta", _META_PRIORITY)
        return content, metadata

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


def site_hosts(settings) -> tuple[str, ...]:
    """Host names under which a link counts as internal: SITEURL's and CONTENT_CHECKS_SITE_HOSTS."""
    from urllib.parse import urlsplit

    hosts = [urlsplit(settings.get("SITEURL", "")).hostname or ""]
    hosts += [str(host).lower() for host in settings.get("CONTENT_CHECKS_SITE_HOSTS", ())]
    return tuple(host for host in hosts if host)


def check_site_links(generators) -> None:
    """Links in articles and pages to this site's articles, categories, tags or static files
    that the build does not make are errors, with file and line (the build then keeps the old site)."""
    generators = list(generators)
    settings = generators[0].settings
    addresses: set[str] = set()
    contents = []
    for generator in generators:
        for attribute in ("articles", "pages", "hidden_pages", "translations"):
            for content in getattr(generator, attribute, None) or ():
                addresses.add(content.url)
                contents.append(content)
        for attribute in ("categories", "tags"):
            found = getattr(generator, attribute, None) or ()
            # Pelican keeps categories as (category, articles) pairs and tags as a dict
            for wrapper in (found.keys() if isinstance(found, dict) else (pair[0] for pair in found)):
                addresses.add(wrapper.url)
    checked = tuple(url_prefix(settings[key]) for key in ("ARTICLE_URL", "CATEGORY_URL", "TAG_URL")
                    if url_prefix(settings.get(key, "")))
    checked += tuple(folder.rstrip("/") + "/" for folder in settings.get("STATIC_PATHS", ()) if "." not in folder)
    known = SiteAddresses(checked, addresses, _content_root(settings))
    hosts = site_hosts(settings)
    for content in contents:
        broken = [target for target, path in html_site_links(content._content or "", hosts) if known.broken(path)]
        if not broken:
            continue
        with open(content.source_path, encoding="utf-8") as handle:
            source = handle.read()
        shown = os.path.relpath(content.source_path)
        for target in dict.fromkeys(broken):
            logger.error("%s", broken_link_problem(shown, line_of(source, target), target))


def _content_root(settings):
    from pathlib import Path

    return Path(settings["PATH"])


def use_checked_reader(readers) -> None:
    """Read every Markdown extension with the checking reader."""
    for extension in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CheckedMarkdownReader


def register() -> None:
    """Connect the handlers."""
    signals.readers_init.connect(use_checked_reader)
    signals.all_generators_finalized.connect(check_site_links)
