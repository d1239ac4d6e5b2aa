"""Pelican glue: fingerprinted theme files, the `asset` filter, and `.gz` copies of the built site.

* `initialized`: the theme's static files are read and hashed once per build
  (`fingerprint.py`); the templates' `{{ 'css/portal.css'|asset }}` gives
  `{{ SITEURL }}/theme/css/portal.<hash>.css` from that table, so a page can
  only name a file this same build writes.
* When `Pelican.run()` returns, the hashed files are written beside Pelican's
  plain copies, then (ASSET_PIPELINE_GZIP) every text file gets its `.gz`
  (`precompress.py`). This runs after `run()` rather than at `finalized`
  because blinker calls a signal's receivers in no fixed order, and other
  plugins write files at `finalized` (the sitemap, the search index and the
  manifest inlined into the search page, the photo variants): their final
  bytes must be what gets compressed. It is still inside the build, in the
  staging folder that `sitetools/build.py` swaps in only when no error was
  logged.
"""

from __future__ import annotations

import fnmatch
import functools
import logging
import os
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from .fingerprint import FingerprintError, fingerprint
from .precompress import PrecompressStats, precompress_tree

logger = logging.getLogger(__name__)

PREFIX = "ASSET_PIPELINE_"
DEFAULTS = {
    "ASSET_PIPELINE_FINGERPRINT": True,   # False: `asset` gives the plain names
    "ASSET_PIPELINE_GZIP": False,         # publishconf.py turns it on
    "ASSET_PIPELINE_GZIP_EXTENSIONS": (".html", ".css", ".js", ".mjs", ".xml", ".json", ".svg", ".txt",
                                       ".webmanifest", ".map", ".ics", ".csv"),
    "ASSET_PIPELINE_GZIP_MIN_BYTES": 1024,
    "ASSET_PIPELINE_GZIP_MIN_SAVING": 0.10,
    "ASSET_PIPELINE_GZIP_LEVEL": 9,
    "ASSET_PIPELINE_WORKERS": 2,
    "ASSET_PIPELINE_CACHE": "",           # "" means <CACHE_PATH>/gzip
}
# Files of the theme that pages and stylesheets load: the ones that get hashed names.
FINGERPRINTED = (".css", ".js", ".mjs", ".woff2", ".woff", ".ttf", ".otf", ".svg", ".png", ".jpg", ".jpeg",
                 ".gif", ".webp", ".avif", ".ico")

_state: dict = {"names": {}, "files": {}, "static_dir": "theme"}
last_stats: dict = {}  # figures of the last build's precompression, for the benchmark


class AssetPipelineSettingError(ValueError):
    """An ASSET_PIPELINE_* setting is unknown or has a wrong value."""


def _check(name: str, value, ok: bool, wanted: str) -> None:
    if not ok:
        raise AssetPipelineSettingError(f"asset_pipeline: {name} must be {wanted}, not {value!r}")


def settings_of(settings) -> dict:
    """The plugin's settings with defaults filled in; one clear error per unknown name or bad value."""
    unknown = sorted(name for name in settings if name.startswith(PREFIX) and name not in DEFAULTS)
    if unknown:
        raise AssetPipelineSettingError(
            f"asset_pipeline: unknown setting {unknown[0]}; known: {', '.join(sorted(DEFAULTS))}")
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    for name in ("ASSET_PIPELINE_FINGERPRINT", "ASSET_PIPELINE_GZIP"):
        _check(name, values[name], isinstance(values[name], bool), "True or False")
    extensions = values["ASSET_PIPELINE_GZIP_EXTENSIONS"]
    _check("ASSET_PIPELINE_GZIP_EXTENSIONS", extensions, isinstance(extensions, (list, tuple)) and all(
        isinstance(e, str) and e.startswith(".") for e in extensions), 'a list of extensions like ".html"')
    values["ASSET_PIPELINE_GZIP_EXTENSIONS"] = tuple(extensions)
    for name, low, high in (("ASSET_PIPELINE_GZIP_MIN_BYTES", 0, None), ("ASSET_PIPELINE_GZIP_LEVEL", 1, 9),
                            ("ASSET_PIPELINE_WORKERS", 1, None)):
        value = values[name]
        _check(name, value, isinstance(value, int) and not isinstance(value, bool) and value >= low
               and (high is None or value <= high), f"a whole number from {low}" + (f" to {high}" if high else ""))
    saving = values["ASSET_PIPELINE_GZIP_MIN_SAVING"]
    _check("ASSET_PIPELINE_GZIP_MIN_SAVING", saving, isinstance(saving, (int, float)) and not isinstance(saving, bool)
           and 0 <= saving < 1, "a share from 0 to below 1 (0.10 = 10 %)")
    _check("ASSET_PIPELINE_CACHE", values["ASSET_PIPELINE_CACHE"], isinstance(values["ASSET_PIPELINE_CACHE"], str),
           "a folder path or \"\"")
    return values


def cache_folder(settings) -> Path:
    configured = settings_of(settings)["ASSET_PIPELINE_CACHE"]
    return Path(configured or os.path.join(settings.get("CACHE_PATH", "cache"), "gzip"))


def theme_static_files(theme: str, static_paths, ignore=()) -> dict[str, bytes]:
    """The files Pelican copies from the theme, by their name under THEME_STATIC_DIR ("css/portal.css")."""
    files: dict[str, bytes] = {}

    def ignored(name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in ignore)

    for static in static_paths:
        source = Path(theme, static)
        if source.is_file() and not ignored(source.name):
            files[source.name] = source.read_bytes()
        for folder, dirs, names in os.walk(source):
            dirs[:] = sorted(d for d in dirs if not ignored(d))
            for name in names:
                if not ignored(name):
                    path = Path(folder, name)
                    files[path.relative_to(source).as_posix()] = path.read_bytes()
    return files


def start(pelican) -> None:
    """Hash the theme's files for this build and arrange for the output work when `run()` returns."""
    settings = pelican.settings
    values = settings_of(settings)
    files = theme_static_files(pelican.theme, settings.get("THEME_STATIC_PATHS", ["static"]),
                               settings.get("IGNORE_FILES", ()))
    _state["static_dir"] = settings.get("THEME_STATIC_DIR", "theme").strip("/")
    if values["ASSET_PIPELINE_FINGERPRINT"]:
        try:
            table = fingerprint({name: data for name, data in files.items() if name.endswith(FINGERPRINTED)})
        except FingerprintError as error:
            logger.error("%s", error)
            table = None
        _state["names"] = {**{name: name for name in files}, **(table.names if table else {})}
        _state["files"] = table.files if table else {}
    else:
        _state["names"], _state["files"] = {name: name for name in files}, {}
    if not getattr(pelican.run, "asset_pipeline", False):
        run = pelican.run

        @functools.wraps(run)
        def run_then_finish():
            run()
            finish(pelican)

        run_then_finish.asset_pipeline = True
        pelican.run = run_then_finish


@pass_context
def asset_url(context, name: str) -> str:
    """`'css/portal.css'|asset` → `SITEURL/theme/css/portal.<hash>.css`; an unknown name is a build error."""
    hashed = _state["names"].get(name)
    if hashed is None:
        logger.error("asset_pipeline: a template asks for %r, which is not a file of the theme's static folders "
                     "(known: %s)", name, ", ".join(sorted(_state["names"])) or "none")
        hashed = name
    return f"{context.get('SITEURL', '')}/{_state['static_dir']}/{hashed}"


def add_filter(generator) -> None:
    """Make `asset` available to every template."""
    generator.env.filters["asset"] = asset_url


def write_fingerprinted(output: Path) -> int:
    """Write this build's hashed theme files under THEME_STATIC_DIR; return how many."""
    folder = output / _state["static_dir"]
    for name, data in _state["files"].items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(_state["files"])


def finish(pelican) -> None:
    """After the site is written: the hashed theme files, then the `.gz` copies."""
    output = Path(pelican.output_path)
    values = settings_of(pelican.settings)
    written = write_fingerprinted(output)
    logger.info("asset_pipeline: %d fingerprinted theme files", written)
    last_stats.clear()
    if not values["ASSET_PIPELINE_GZIP"]:
        return
    stats: PrecompressStats = precompress_tree(
        output, cache_folder(pelican.settings), extensions=values["ASSET_PIPELINE_GZIP_EXTENSIONS"],
        min_bytes=values["ASSET_PIPELINE_GZIP_MIN_BYTES"], min_saving=values["ASSET_PIPELINE_GZIP_MIN_SAVING"],
        level=values["ASSET_PIPELINE_GZIP_LEVEL"], workers=values["ASSET_PIPELINE_WORKERS"])
    last_stats.update({key: value for key, value in vars(stats).items() if key != "skipped"},
                      skipped=len(stats.skipped))
    logger.info("asset_pipeline: %d .gz files (%d → %d bytes), %d compressed, %d from the cache, in %.1f s",
                stats.gzipped, stats.bytes_in, stats.bytes_out, stats.compressed, stats.cache_hits, stats.seconds)


def register() -> None:
    """Connect the handlers."""
    signals.initialized.connect(start)
    signals.generator_init.connect(add_filter)
