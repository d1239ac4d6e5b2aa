"""Pelican glue: photos in articles and pages become responsive <picture>s; the variants go to the output."""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path

from pelican import signals

from .process import RASTER, make_variants, picture_html

logger = logging.getLogger(__name__)

DEFAULTS = {
    "RESPONSIVE_IMAGES_OUTPUT": "anh",   # output folder of the variants (/anh/<name>-<hash>-<width>.webp)
    "RESPONSIVE_IMAGES_CACHE": "",       # "" means <CACHE_PATH>/anh: made once, reused by every build
}
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_used: set[str] = set()


def _setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def _cache(settings) -> Path:
    return Path(_setting(settings, "RESPONSIVE_IMAGES_CACHE") or os.path.join(settings.get("CACHE_PATH", "cache"), "anh"))


def rewrite(content) -> None:
    """Replace each <img> of a raster file under the content folder by a <picture> of its variants."""
    html = getattr(content, "_content", None)
    if not html or "<img" not in html:
        return
    settings = content.settings
    prefix = f"{settings.get('SITEURL', '')}/{_setting(settings, 'RESPONSIVE_IMAGES_OUTPUT')}/"

    def replace(match: re.Match) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group(0)))
        src = attributes.get("src", "")
        relative = re.sub(r"^\{(static|filename|attach)\}", "", src).lstrip("/")
        source = Path(settings["PATH"]) / relative
        if Path(relative).suffix.lower() not in RASTER or not source.is_file():
            return match.group(0)
        try:
            variants = make_variants(source, _cache(settings))
        except Exception as error:  # a broken photo: an error naming it, the build stops
            logger.error("%s: ảnh %s không đọc được (%s); hãy lưu lại ảnh dạng JPEG hoặc PNG",
                         content.relative_source_path, relative, error)
            return match.group(0)
        _used.update(name for v in variants for name in (v.webp, v.jpeg))
        extra = "".join(f' {k}="{v}"' for k, v in attributes.items() if k in ("loading", "fetchpriority", "title", "class"))
        return picture_html(variants, prefix, attributes.get("alt", ""), extra + ' decoding="async"')

    content._content = _IMG.sub(replace, html)


def copy_variants(pelican) -> None:
    """Put the variants this build uses into the output (hard links from the cache where possible)."""
    settings = pelican.settings
    target = Path(pelican.output_path) / _setting(settings, "RESPONSIVE_IMAGES_OUTPUT")
    if _used:
        target.mkdir(parents=True, exist_ok=True)
    for name in sorted(_used):
        try:
            os.link(_cache(settings) / name, target / name)
        except FileExistsError:
            pass
        except OSError:
            shutil.copy2(_cache(settings) / name, target / name)
    _used.clear()


def forget(pelican) -> None:
    _used.clear()


def register() -> None:
    """Connect the handlers."""
    signals.initialized.connect(forget)
    signals.content_object_init.connect(rewrite)
    signals.finalized.connect(copy_variants)
