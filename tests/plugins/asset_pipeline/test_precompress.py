"""Deterministic, cached `.gz` copies of text files (asset_pipeline/precompress.py)."""

import gzip
import os
import random

import pytest

from asset_pipeline.precompress import GzipCache, gzip_bytes, precompress_tree, worth_it

TEXT = ("<p>Sở Khoa học và Công nghệ tỉnh Quảng Trị tổ chức hội nghị chuyển đổi số.</p>\n" * 60).encode()
EXTENSIONS = (".html", ".css", ".js", ".xml", ".json", ".svg", ".txt")


def noise(size: int) -> bytes:
    return random.Random(size).randbytes(size)


def test_gzip_bytes_decompress_to_the_input_and_carry_no_time_or_name():
    packed = gzip_bytes(TEXT)
    assert gzip.decompress(packed) == TEXT
    assert packed[:4] == b"\x1f\x8b\x08\x00"  # deflate, no file name or comment
    assert packed[4:8] == b"\x00\x00\x00\x00"  # mtime 0
    assert packed[8:10] == b"\x02\xff"  # best compression, OS unknown, whatever the machine


def test_same_input_same_bytes():
    assert gzip_bytes(TEXT) == gzip_bytes(bytes(TEXT))
    assert gzip_bytes(TEXT, level=6) != gzip_bytes(TEXT * 2, level=6)
    assert gzip.decompress(gzip_bytes(b"")) == b""


@pytest.mark.parametrize(("size", "packed", "expected"), [
    (1000, 900, True), (1000, 901, False), (1000, 100, True), (0, 0, False)])
def test_worth_it_needs_a_ten_percent_saving(size, packed, expected):
    assert worth_it(size, packed, 0.10) is expected


def site(root):
    (root / "tin" / "bai").mkdir(parents=True)
    (root / "tin" / "bai" / "index.html").write_bytes(TEXT)
    (root / "feeds").mkdir()
    (root / "feeds" / "tat-ca.atom.xml").write_bytes(TEXT)
    (root / "robots.txt").write_bytes(b"User-agent: *\nAllow: /\n")  # under 1 KB
    (root / "noise.json").write_bytes(noise(4000))  # saves nothing
    (root / "shard.json").write_bytes(gzip.compress(noise(3000)))  # already gzip, like the search shards
    (root / "photo.jpg").write_bytes(TEXT)  # not a text extension
    return root


def test_a_tree_gets_gz_copies_only_where_they_help(tmp_path):
    root = site(tmp_path / "out")
    stats = precompress_tree(root, tmp_path / "cache", extensions=EXTENSIONS)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.gz")) == [
        "feeds/tat-ca.atom.xml.gz", "tin/bai/index.html.gz"]
    for name in ("feeds/tat-ca.atom.xml", "tin/bai/index.html"):
        assert gzip.decompress((root / (name + ".gz")).read_bytes()) == (root / name).read_bytes()
    assert (stats.considered, stats.gzipped, stats.bytes_in) == (4, 2, 2 * len(TEXT))
    assert stats.bytes_out == 2 * len(gzip_bytes(TEXT))
    assert sorted(stats.skipped) == ["noise.json", "shard.json"]


def test_an_unchanged_file_is_never_compressed_twice(tmp_path, monkeypatch):
    first = precompress_tree(site(tmp_path / "one"), tmp_path / "cache", extensions=EXTENSIONS, workers=1)
    assert (first.compressed, first.cache_hits) == (2, 1)  # the page and the feed are the same bytes
    from asset_pipeline import precompress

    def forbidden(*args, **kwargs):
        raise AssertionError("compressed again")

    monkeypatch.setattr(precompress, "gzip_bytes", forbidden)
    second = precompress_tree(site(tmp_path / "two"), tmp_path / "cache", extensions=EXTENSIONS)
    assert (second.compressed, second.cache_hits, second.gzipped) == (0, 3, 2)
    assert (tmp_path / "two/tin/bai/index.html.gz").read_bytes() == (tmp_path / "one/tin/bai/index.html.gz").read_bytes()


def test_the_cache_keeps_only_what_the_last_pass_used(tmp_path):
    root = site(tmp_path / "out")
    precompress_tree(root, tmp_path / "cache", extensions=EXTENSIONS)
    (root / "tin" / "bai" / "index.html").write_bytes(TEXT + "<p>Sửa.</p>".encode())
    (root / "feeds" / "tat-ca.atom.xml").write_bytes(TEXT + "<p>Sửa.</p>".encode())
    stats = precompress_tree(root, tmp_path / "cache", extensions=EXTENSIONS)
    assert stats.removed_from_cache == 1
    assert len(list((tmp_path / "cache").glob("*/*.gz"))) == 2  # the new page and the noise verdict
    assert gzip.decompress((root / "tin/bai/index.html.gz").read_bytes()).endswith("Sửa.</p>".encode())


def test_a_gz_left_from_an_earlier_pass_goes_when_its_file_no_longer_needs_one(tmp_path):
    root = site(tmp_path / "out")
    precompress_tree(root, tmp_path / "cache", extensions=EXTENSIONS)
    (root / "tin" / "bai" / "index.html").write_bytes("<p>ngắn</p>".encode())
    (root / "bundle.tar.gz").write_bytes(b"a download, not ours")
    precompress_tree(root, tmp_path / "cache", extensions=EXTENSIONS)
    assert not (root / "tin/bai/index.html.gz").exists()
    assert (root / "bundle.tar.gz").exists()


def test_cache_entries_are_written_whole(tmp_path):
    cache = GzipCache(tmp_path, level=9)
    path = cache.put("ab" + "0" * 62, b"packed")
    assert cache.get("ab" + "0" * 62) == b"packed"
    assert path.parent.name == "ab" and not [p for p in os.listdir(path.parent) if p.endswith(".tmp")]
    assert cache.get("cd" + "0" * 62) is None


def test_many_files_with_the_same_bytes_at_once(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    for number in range(40):  # e.g. search.js and search.<hash>.js: two workers may compress them together
        (root / f"{number}.js").write_bytes(TEXT)
    stats = precompress_tree(root, tmp_path / "cache", extensions=(".js",), workers=2)
    assert stats.gzipped == 40 and len(list((tmp_path / "cache").glob("*/*"))) == 1
    assert {p.read_bytes() for p in root.glob("*.gz")} == {gzip_bytes(TEXT)}
