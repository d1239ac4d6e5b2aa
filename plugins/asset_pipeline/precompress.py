"""Precompressed `.gz` copies of a built site's text files, for nginx `gzip_static`.

The same bytes in always give the same `.gz` bytes out (no time, no file
name, a fixed OS byte in the header), so a deploy that compares files moves
only the `.gz` of pages that really changed. Each result is kept in a cache
by the SHA-256 of the file, so an unchanged file is never compressed twice.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"
# ID1 ID2, CM=deflate, FLG=0 (no name, no comment), MTIME=0, then XFL and OS=255 ("unknown").
_HEADER = GZIP_MAGIC + b"\x08\x00" + b"\x00\x00\x00\x00"
_SKIP = b""  # cached verdict: compressing this content is not worth it


@dataclass
class PrecompressStats:
    """What one pass over a site did."""

    considered: int = 0        # text files of at least the minimum size
    gzipped: int = 0           # .gz files written
    bytes_in: int = 0          # size of the files that got a .gz
    bytes_out: int = 0         # size of their .gz
    compressed: int = 0        # files actually compressed in this pass (cache misses)
    cache_hits: int = 0
    seconds: float = 0.0
    removed_from_cache: int = 0
    skipped: list[str] = field(default_factory=list)  # considered but not worth it (relative paths)


def gzip_bytes(data: bytes, level: int = 9) -> bytes:
    """`data` as a gzip member whose bytes depend on `data` and `level` only."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    body = compressor.compress(data) + compressor.flush()
    extra_flags = b"\x02" if level == 9 else b"\x04" if level == 1 else b"\x00"
    return _HEADER + extra_flags + b"\xff" + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def worth_it(size: int, packed: int, min_saving: float) -> bool:
    """True when the `.gz` saves at least `min_saving` (a share, 0.10 = 10 %) of `size`."""
    return size > 0 and packed <= size * (1 - min_saving)


def candidates(root: Path, extensions: tuple[str, ...], min_bytes: int) -> tuple[list[Path], set[Path]]:
    """Files under `root` with one of `extensions` (".html") of at least `min_bytes`, sorted, and the `.gz`
    files already there (left by an earlier pass over the same folder)."""
    found, existing = [], set()
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if name.endswith(".gz"):
                existing.add(path)
            elif name.endswith(extensions) and path.stat().st_size >= min_bytes:
                found.append(path)
    return sorted(found), existing


class GzipCache:
    """`.gz` bytes by SHA-256 and level of the original, one file each under `folder`.

    An empty file records that compressing that content was not worth it."""

    def __init__(self, folder: Path, level: int) -> None:
        self.folder = Path(folder)
        self.level = level

    def path(self, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}-{self.level}.gz"

    def get(self, digest: str) -> bytes | None:
        try:
            return self.path(digest).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, digest: str, packed: bytes) -> Path:
        path = self.path(digest)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")  # two files, same bytes
        temporary.write_bytes(packed)
        os.replace(temporary, path)  # a reader never sees half a file
        return path

    def prune(self, keep: set[str]) -> int:
        """Remove entries whose file name is not in `keep`; return how many went."""
        removed = 0
        if not self.folder.exists():
            return 0
        for entry in self.folder.glob("*/*.gz"):
            if entry.name not in keep:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed


def _place(cached: Path, target: Path) -> None:
    """Put the cached `.gz` beside its file: a hard link when the cache is on the same disk."""
    target.unlink(missing_ok=True)
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)


def _one(path: Path, cache: GzipCache, min_saving: float) -> tuple[str, int, int, bool, str]:
    """Compress one file (or take its `.gz` from the cache); return (outcome, size, packed size, hit, entry name)."""
    data = path.read_bytes()
    if data.startswith(GZIP_MAGIC):  # already gzip (the search index shards): a second pass gains nothing
        return "skipped", len(data), len(data), False, ""
    digest = hashlib.sha256(data).hexdigest()
    entry = cache.path(digest)
    packed = cache.get(digest)
    hit = packed is not None
    if packed is None:
        packed = gzip_bytes(data, cache.level)
        if not worth_it(len(data), len(packed), min_saving):
            packed = _SKIP
        cache.put(digest, packed)
    if packed == _SKIP:
        return "skipped", len(data), len(data), hit, entry.name
    _place(entry, path.with_name(path.name + ".gz"))
    return "gzipped", len(data), len(packed), hit, entry.name


def precompress_tree(root: Path, cache_folder: Path, *, extensions: tuple[str, ...], min_bytes: int = 1024,
                     min_saving: float = 0.10, level: int = 9, workers: int = 2, prune: bool = True) -> PrecompressStats:
    """Write `<file>.gz` beside every text file under `root` worth compressing; return the figures.

    With `prune`, cache entries this pass did not use are removed, so the cache
    holds one site's worth of `.gz` files, not every version ever built."""
    started = time.perf_counter()
    stats = PrecompressStats()
    cache = GzipCache(cache_folder, level)
    files, stale = candidates(Path(root), extensions, min_bytes)
    used: set[str] = set()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:  # zlib and hashlib release the GIL
        for path, (outcome, size, packed, hit, entry) in zip(
                files, pool.map(lambda p: _one(p, cache, min_saving), files)):
            stats.considered += 1
            stats.cache_hits += hit
            stats.compressed += not hit and bool(entry)
            if entry:
                used.add(entry)
            if outcome == "gzipped":
                stale.discard(path.with_name(path.name + ".gz"))
                stats.gzipped += 1
                stats.bytes_in += size
                stats.bytes_out += packed
            else:
                stats.skipped.append(path.relative_to(root).as_posix())
    for leftover in stale:  # the .gz of a file that is no longer worth it would serve old bytes
        if leftover.with_suffix("").is_file():  # a published `x.tar.gz` download has no `x.tar`: kept
            leftover.unlink(missing_ok=True)
    if prune:
        stats.removed_from_cache = cache.prune(used)
    stats.seconds = time.perf_counter() - started
    return stats
