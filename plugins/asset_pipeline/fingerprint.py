"""Content-hashed names for the theme's static files, and CSS `url()`s that point at them.

Plain functions on plain data: file names relative to the theme's static
root ("css/portal.css") and their bytes in, the hashed names and the bytes to
write out. A stylesheet is rewritten before it is hashed, so its name changes
whenever a font or image it uses changes.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field

HASH_LENGTH = 10
_CSS_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<url>[^'")]+?)(?P=quote)\s*\)""")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|#)")  # data:, https:, //host, /absolute, #fragment


class FingerprintError(ValueError):
    """Stylesheets that import each other in a loop: no hash can cover both."""


@dataclass
class Fingerprints:
    """`names`: plain name → hashed name; `files`: hashed name → the bytes to write."""

    names: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


def content_hash(data: bytes, length: int = HASH_LENGTH) -> str:
    """The first `length` hex digits of the SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()[:length]


def hashed_name(name: str, digest: str) -> str:
    """`css/portal.css` → `css/portal.<digest>.css`; a name without extension gets the hash at its end."""
    folder, base = posixpath.split(name)
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem:  # "LICENSE", ".htaccess"
        return posixpath.join(folder, f"{base}.{digest}")
    return posixpath.join(folder, f"{stem}.{digest}.{extension}")


def _split_suffix(url: str) -> tuple[str, str]:
    """`a.woff2?v=1#x` → (`a.woff2`, `?v=1#x`)."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:cut], url[cut:]


def css_references(css: str, css_name: str) -> list[str]:
    """The static-root names that the relative `url()`s of stylesheet `css_name` point at."""
    found = []
    for match in _CSS_URL.finditer(css):
        url = match.group("url").strip()
        if _EXTERNAL.match(url):
            continue
        path, _ = _split_suffix(url)
        found.append(posixpath.normpath(posixpath.join(posixpath.dirname(css_name), path)))
    return found


def rewrite_css_urls(css: str, css_name: str, names: dict[str, str]) -> str:
    """Point each relative `url()` of stylesheet `css_name` at the hashed name in `names`.

    URLs to other sites, `data:` URLs, absolute paths and names that are not in
    `names` are left as they are; a query or fragment is kept."""
    folder = posixpath.dirname(css_name)

    def replace(match: re.Match) -> str:
        url = match.group("url").strip()
        if _EXTERNAL.match(url):
            return match.group(0)
        path, suffix = _split_suffix(url)
        target = names.get(posixpath.normpath(posixpath.join(folder, path)))
        if target is None:
            return match.group(0)
        relative = posixpath.relpath(target, folder or ".")
        quote = match.group("quote")
        return f"url({quote}{relative}{suffix}{quote})"

    return _CSS_URL.sub(replace, css)


def fingerprint(files: dict[str, bytes]) -> Fingerprints:
    """Hash every file; stylesheets after the files they reference, with their `url()`s rewritten first."""
    result = Fingerprints()
    resolving: set[str] = set()

    def resolve(name: str) -> str:
        if name in result.names:
            return result.names[name]
        data = files[name]
        if name.endswith(".css"):
            if name in resolving:
                raise FingerprintError(f"asset_pipeline: {name} references itself through url() (a loop)")
            resolving.add(name)
            css = data.decode("utf-8")
            for reference in css_references(css, name):
                if reference in files:
                    resolve(reference)
            data = rewrite_css_urls(css, name, result.names).encode("utf-8")
            resolving.discard(name)
        hashed = hashed_name(name, content_hash(data))
        result.names[name] = hashed
        result.files[hashed] = data
        return hashed

    for name in sorted(files):
        resolve(name)
    return result
