"""Fast preview: rebuild what changed and tell the open browser pages to reload.

`./inv serve` keeps one `PreviewSite` in memory. Its first build is the normal
atomic build (sitetools/build.py), during which every call to Pelican's writer
is recorded together with the articles and pages it rendered. After that:

* **Quick path.** When only the body of existing articles or pages changed
  (their front matter, images and departments named are the same), the
  changed files are read again, their objects are updated in place, and only
  the recorded writes that show them are replayed: the article's own page,
  the listing pages that carry it (other pages of a listing are left alone),
  its feeds. Then its search document goes into the browser index as a
  delta. At 10,000 articles this takes well under a second, against more
  than a minute for a full build.
* **Full path.** Anything else (a new, deleted or renamed file, changed
  front matter, a theme, data or settings file) runs the normal atomic build
  again, with the settings read afresh.

What the quick path leaves as the last full build computed them: the related
news lists ("Tin liên quan" of this article and of others), the whoosh index
used by `./inv search`. The next full build (any structural change, or
`./inv build`) brings them up to date.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sitetools.build import PROJECT_ROOT, BuildResult, LogCollector, _summarise, build_site

logger = logging.getLogger(__name__)

# Editors' and tools' scratch files never trigger a rebuild.
_IGNORED = re.compile(r"(^\.|~$|\.sw[a-p]$|\.tmp$|^#.*#$|^4913$)")
_IMAGE_SOURCES = re.compile(r"""<(?:img|source)\b[^>]*?\b(?:src|srcset)=["']([^"']+)""", re.I)


@dataclass
class RefreshResult:
    """What one refresh did: `mode` is "quick", "full" or "failed"."""

    mode: str
    seconds: float
    written: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def ignored(path: str | os.PathLike) -> bool:
    """Scratch files of editors and tools (swap files, backups, hidden files)."""
    return bool(_IGNORED.search(Path(path).name))


class _RecordingWriter:
    """Pelican's writer, recording each write and the content objects it showed."""

    def __init__(self, writer) -> None:
        self._writer = writer
        self.calls: list[tuple[str, tuple, dict]] = []
        self.by_content: dict[int, list[int]] = defaultdict(list)

    def __getattr__(self, name):
        return getattr(self._writer, name)

    def _record(self, method: str, args: tuple, kwargs: dict, shown) -> None:
        index = len(self.calls)
        self.calls.append((method, args, kwargs))
        for content_id in {id(content) for content in shown}:
            self.by_content[content_id].append(index)

    def write_file(self, *args, **kwargs):
        self._record("write_file", args, kwargs, _contents_in(kwargs))
        return self._writer.write_file(*args, **kwargs)

    def write_feed(self, *args, **kwargs):
        elements = args[0] if args else kwargs.get("elements", [])
        limit = self._writer.settings.get("FEED_MAX_ITEMS")
        self._record("write_feed", args, kwargs, list(elements)[:limit])
        return self._writer.write_feed(*args, **kwargs)


def _is_content(value) -> bool:
    from pelican.contents import Content

    return isinstance(value, Content)


def _contents_in(kwargs: dict):
    """Articles and pages a write shows: `article=`, `page=`, and lists (paginated or not)."""
    for value in kwargs.values():
        if _is_content(value):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from (item for item in value if _is_content(item))
        elif isinstance(value, dict):
            for inner in value.values():
                if isinstance(inner, (list, tuple)):
                    yield from (item for item in inner if _is_content(item))


class _OnlyPagesShowing:
    """A template that renders only the pages showing one of `targets`.

    Used when a recorded paginated write is replayed: the writer walks every
    page of the listing, and the pages that do not carry a changed article are
    neither rendered nor written (their file stays as it is)."""

    def __init__(self, template, targets: set[int], skipped: set[str]) -> None:
        self._template = template
        self._targets = targets
        self.skipped = skipped  # shared with the writer's file opener, which discards these
        self.rendered: list[str] = []

    def _shows_target(self, localcontext: dict) -> bool:
        pages = [value for key, value in localcontext.items() if key.endswith("_page") and hasattr(value, "object_list")]
        if not pages:
            return True  # not paginated: the write was recorded because it shows a target
        return any(id(item) in self._targets for page in pages for item in page.object_list)

    def render(self, localcontext: dict) -> str:
        name = localcontext.get("output_file", "")
        if self._shows_target(localcontext):
            self.rendered.append(name)
            return self._template.render(localcontext)
        self.skipped.add(name)
        return ""


def _image_sources(html: str | None) -> list[str]:
    return _IMAGE_SOURCES.findall(html or "")


def structural_signature(content) -> tuple:
    """What other pages show of a content object, besides its body text: front matter and images.

    Two versions of a file with the same signature differ only in body text,
    which the quick path can handle."""
    metadata = sorted((key, repr(value)) for key, value in content.metadata.items())
    return (type(content).__name__, content.save_as, content.url, metadata, _image_sources(content._content))


class PreviewSite:
    """The portal kept in memory between refreshes of the preview."""

    def __init__(self, settings_file: str | os.PathLike = PROJECT_ROOT / "pelicanconf.py",
                 output: str | os.PathLike | None = None, overrides: dict | None = None) -> None:
        self.settings_file = Path(settings_file)
        self.output = output
        self.overrides = dict(overrides or {})
        self.pelican = None
        self.generators: list = []
        self.writer: _RecordingWriter | None = None
        self.last: BuildResult | None = None
        self.lock = threading.Lock()

    # ------------------------------------------------------------------ full
    def _prepare(self, pelican) -> None:
        from pelican import signals

        self.pelican, self.generators, self.writer = pelican, [], None
        make_writer = pelican._get_writer  # Pelican 4.12's own hook point for the writer

        def recording_writer():
            self.writer = _RecordingWriter(make_writer())
            return self.writer

        pelican._get_writer = recording_writer

        def keep_generators(generators):
            self.generators = list(generators)

        self._keep_generators = keep_generators  # blinker holds receivers weakly
        signals.all_generators_finalized.connect(keep_generators)

    def build(self) -> BuildResult:
        """A full atomic build, recording what it writes for later quick refreshes."""
        from pelican import signals

        from pelican.contents import Content

        with self.lock:
            # Pelican memoizes every content object's HTML in class-level caches: a long preview
            # session would keep each full build's 10,000 articles alive without this.
            Content.get_content.cache.clear()
            Content.get_summary.cache.clear()
            self.pelican = self.writer = None
            self.generators = []
            try:
                result = build_site(self.settings_file, self.output, self.overrides, prepare=self._prepare)
            finally:
                if getattr(self, "_keep_generators", None) is not None:
                    signals.all_generators_finalized.disconnect(self._keep_generators)
            self.last = result
            if result.ok and self.writer is not None:
                self._point_at(result.output)
            else:
                self.generators, self.writer = [], None
            return result

    def _point_at(self, output: Path) -> None:
        """The build wrote into a staging folder that is now `output`: write there from now on."""
        self.writer._writer.output_path = str(output)
        self.pelican.settings["OUTPUT_PATH"] = str(output)
        for generator in self.generators:
            generator.output_path = str(output)
            generator.context["OUTPUT_PATH"] = str(output)

    # ----------------------------------------------------------------- quick
    def _content_objects(self) -> dict[str, object]:
        """Every article, draft and page of the last build, by absolute source path."""
        found = {}
        for generator in self.generators:
            for attribute in ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                              "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations"):
                for content in getattr(generator, attribute, None) or ():
                    found[os.path.realpath(content.source_path)] = (generator, content)
        return found

    def _quick_plan(self, changed: set[Path]) -> tuple[list, str]:
        """The (generator, old object, path) of each changed file, or why the quick path does not apply."""
        if self.writer is None or not self.generators:
            return [], "no previous build in memory"
        known = self._content_objects()
        plan = []
        for path in sorted(changed):
            real = os.path.realpath(path)
            if real not in known:
                return [], f"{path} is not an article or page of the last build"
            if not os.path.exists(real):
                return [], f"{path} was removed"
            generator, content = known[real]
            plan.append((generator, content, real))
        return plan, ""

    def _read_again(self, generator, content, path: str):
        from pelican import signals
        from pelican.contents import Article, Page

        is_page = isinstance(content, Page)
        prefix = "page" if is_page else "article"
        return generator.readers.read_file(
            base_path=generator.path, path=os.path.relpath(path, generator.path),
            content_class=Page if is_page else Article, context=generator.context,
            preread_signal=getattr(signals, f"{prefix}_generator_preread"), preread_sender=generator,
            context_signal=getattr(signals, f"{prefix}_generator_context"), context_sender=generator,
        )

    def _department_codes(self, settings):
        from departments.glue import article_codes, load_registry, unit_matcher

        registry, _ = load_registry(settings)
        matcher = unit_matcher(registry)
        return lambda article: tuple(article_codes(article, registry, matcher))

    def _quick(self, plan: list) -> RefreshResult | str:
        """Re-read, update in place, replay. Returns the result, or why a full build is needed."""
        started = time.perf_counter()
        collector = LogCollector()
        root = logging.getLogger()
        root.addHandler(collector)
        try:
            fresh = [(generator, old, self._read_again(generator, old, path)) for generator, old, path in plan]
        except Exception as error:  # a reader failure: show it (once), keep the pages as they are
            if not any(record.levelno >= logging.ERROR for record in collector.records):
                logging.getLogger(__name__).error("%s: %s", type(error).__name__, error)
            fresh = []
        finally:
            root.removeHandler(collector)
        errors, _ = _summarise(collector.records)
        if errors:
            return RefreshResult("failed", time.perf_counter() - started, errors=errors)
        settings = self.pelican.settings
        codes_of = self._department_codes(settings)
        for _, old, new in fresh:
            if structural_signature(old) != structural_signature(new):
                return f"{old.relative_source_path}: front matter, address or images changed"
            if hasattr(old, "departments") and codes_of(new) != tuple(old.departments):
                return f"{old.relative_source_path}: the departments it names changed"
        for _, old, new in fresh:
            _update_in_place(old, new)
        from portal.glue import refresh_article_values
        from pelican.contents import Article

        for _, old, _new in fresh:
            if isinstance(old, Article) and hasattr(old, "date_short"):
                refresh_article_values(old, settings)
        written = self._replay({id(old) for _, old, _ in fresh})
        search = None
        try:
            from offline_search.glue import refresh_documents

            published = [old for _, old, _ in fresh if getattr(old, "status", "published") == "published"]
            if published:
                search = refresh_documents(self.generators, published)
        except Exception as error:  # the pages are right; say the search lags behind
            logger.warning("Tìm kiếm chưa cập nhật bài vừa sửa (%s: %s); chạy lại ./inv build", type(error).__name__, error)
        result = RefreshResult("quick", time.perf_counter() - started, written=written)
        if search is not None:
            result.reason = f"search delta of {search['delta']} document(s)"
        return result

    def _replay(self, targets: set[int]) -> list[str]:
        writer = self.writer
        calls = sorted({index for target in targets for index in writer.by_content.get(target, ())})
        real = writer._writer
        real._written_files.clear()
        real._overridden_files.clear()
        written: list[str] = []
        skipped: set[str] = set()  # pages of a listing that carry no target: their file stays as it is
        open_for_real = real._open_w

        def open_or_discard(filename, encoding, override=False):
            if os.path.relpath(filename, real.output_path) in skipped:
                return open(os.devnull, "w", encoding=encoding)
            return open_for_real(filename, encoding, override)

        real._open_w = open_or_discard
        try:
            for index in calls:
                method, args, kwargs = writer.calls[index]
                if method == "write_feed":
                    real.write_feed(*args, **kwargs)
                    path = args[2] if len(args) > 2 else kwargs.get("path")
                    if path:
                        written.append(path)
                    continue
                args, kwargs = list(args), dict(kwargs)
                template = args[1] if len(args) > 1 else kwargs["template"]
                only = _OnlyPagesShowing(template, targets, skipped)
                if len(args) > 1:
                    args[1] = only
                else:
                    kwargs["template"] = only
                real.write_file(*args, **kwargs)
                written.extend(only.rendered)
        finally:
            del real._open_w  # back to the class's method
        return written

    # --------------------------------------------------------------- refresh
    def refresh(self, changed: set[Path] | set[str]) -> RefreshResult:
        """Bring the output up to date after `changed` files changed (quick path when it can)."""
        changed = {Path(path) for path in changed if not ignored(path)}
        started = time.perf_counter()
        with self.lock:
            plan, reason = self._quick_plan(changed) if changed else ([], "nothing to do")
            if plan:
                outcome = self._quick(plan)
                if isinstance(outcome, RefreshResult):
                    return outcome
                reason = outcome
        result = self.build()
        mode = "full" if result.ok else "failed"
        return RefreshResult(mode, time.perf_counter() - started, errors=result.errors, reason=reason)

    def watched_paths(self) -> list[Path]:
        """Content, theme and the settings file: what a change to means a refresh."""
        settings = self.pelican.settings if self.pelican else {}
        content = Path(self.overrides.get("PATH") or settings.get("PATH") or PROJECT_ROOT / "content")
        theme = Path(settings.get("THEME") or PROJECT_ROOT / "theme")
        return [path for path in (content, theme, self.settings_file) if path.exists()]

    def watch(self, on_refresh, stop_event: threading.Event, debounce_ms: int = 150) -> None:
        """Refresh on every change under `watched_paths()` until `stop_event` is set.

        `on_refresh(result)` is called after each refresh (the server tells the
        browsers to reload)."""
        import watchfiles

        for changes in watchfiles.watch(*self.watched_paths(), debounce=debounce_ms, step=50,
                                        stop_event=stop_event, raise_interrupt=False,
                                        watch_filter=lambda _change, path: not ignored(path)):
            result = self.refresh({Path(path) for _change, path in changes})
            on_refresh(result)


def _update_in_place(old, new) -> None:
    """Make `old` (held by every list, paginator and recorded write) show `new`'s text.

    Values plugins attached to `old` and `new` lacks (related news, neighbours,
    departments) are kept; Pelican's memoized content and summary are dropped."""
    for name in ("get_content", "get_summary"):
        cache = getattr(old, name).cache
        for key in [key for key in cache if key and key[0] is old]:
            del cache[key]
    keep = {"override_url"}
    for key, value in new.__dict__.items():
        if key not in keep:
            old.__dict__[key] = value
