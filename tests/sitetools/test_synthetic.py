"""The synthetic article generator behind `./inv bench`: deterministic, valid, shaped like our content."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from content_checks.checks import check_tree, front_matter
from sitetools import synthetic
from sitetools.bench import page_weight
from vietnamese.text import slugify

N = 200
CATEGORY_NAMES = {name for name, _ in synthetic.CATEGORIES}
IMAGE = re.compile(r'^!\[[^\]]+\]\(\{static\}/(images/synthetic/img-\d+\.svg) "[^"]+"\)$', re.MULTILINE)


@pytest.fixture(scope="module")
def real_content(tmp_path_factory) -> Path:
    """A stand-in for content/: one page with an image, a favicon; no sitemap page (so a stub is written)."""
    root = tmp_path_factory.mktemp("real")
    (root / "pages").mkdir()
    (root / "pages" / "gioi-thieu.md").write_text(
        "Title: Giới thiệu\nSlug: gioi-thieu\n\nSơ đồ tổ chức:\n\n"
        '![Sơ đồ]({static}/images/trang/so-do.svg "Sơ đồ tổ chức")\n', encoding="utf-8")
    (root / "pages" / "lien-he.md").write_text("Title: Liên hệ\n\nĐịa chỉ.\n", encoding="utf-8")
    (root / "images" / "trang").mkdir(parents=True)
    (root / "images" / "trang" / "so-do.svg").write_text("<svg/>\n", encoding="utf-8")
    (root / "extra").mkdir()
    (root / "extra" / "favicon.svg").write_text("<svg/>\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tree(tmp_path_factory, real_content):
    root = tmp_path_factory.mktemp("synthetic")
    stats = synthetic.generate(root, N, real_content=real_content)
    return root, stats


def _articles(root: Path) -> list[Path]:
    return sorted((root / "articles").rglob("*.md"))


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_same_n_and_seed_give_byte_identical_trees(tmp_path, real_content):
    first = synthetic.generate(tmp_path / "a", 30, real_content=real_content)
    second = synthetic.generate(tmp_path / "b", 30, real_content=real_content)
    assert first == second
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_gives_other_articles(tmp_path, real_content):
    one = synthetic.generate(tmp_path / "a", 30, seed=1, real_content=real_content)
    two = synthetic.generate(tmp_path / "b", 30, seed=2, real_content=real_content)
    assert [item["title"] for item in one["manifest"]] != [item["title"] for item in two["manifest"]]


def test_counts_match_the_files_written(tree):
    root, stats = tree
    files = _articles(root)
    assert stats["articles"] == len(files) == len(stats["manifest"]) == N
    texts = [path.read_text(encoding="utf-8") for path in files]
    assert stats["images"] == sum(1 for text in texts if IMAGE.search(text))
    assert 0 < stats["images"] < N * 0.25  # about one article in ten
    assert stats["words"] == sum(item["words"] for item in stats["manifest"])
    assert all(250 <= item["words"] <= 600 for item in stats["manifest"])
    assert len(list((root / "images" / "synthetic").glob("img-*.svg"))) == stats["image_files"] == synthetic.N_IMAGES


def test_every_file_is_nfc_with_title_date_and_category(tree):
    root, _ = tree
    for path in _articles(root):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path
        fields = {key: value for key, (_, value) in front_matter(text).items()}
        assert fields["title"] and fields["category"] in CATEGORY_NAMES, path
        moment = datetime.strptime(fields["date"], "%Y-%m-%d %H:%M")
        assert 2009 <= moment.year <= 2026 and moment.weekday() < 5, path
        assert (7, 30) <= (moment.hour, moment.minute) <= (17, 0), path
        assert path.parent.name == f"{moment.year}"
        assert 2 <= len(fields["tags"].split(", ")) <= 4
        assert 30 <= len(fields["summary"].split()) <= 50
        assert fields["author"]
        body = text.split("\n\n", 1)[1]
        paragraphs = [block for block in body.split("\n\n") if not block.startswith(("## ", "!["))]
        assert 4 <= len(paragraphs) <= 9


def test_categories_and_tags_are_varied(tree):
    root, _ = tree
    categories, tags = set(), set()
    for path in _articles(root):
        fields = {key: value for key, (_, value) in front_matter(path.read_text(encoding="utf-8")).items()}
        categories.add(fields["category"])
        tags.update(fields["tags"].split(", "))
    assert categories == CATEGORY_NAMES
    assert len(tags) > 60
    assert sum(len(values) for values in synthetic.TAGS.values()) + len(synthetic.GENERAL_TAGS) >= 150


def test_slugs_are_unique_and_are_the_file_names(tree):
    root, stats = tree
    slugs = [item["slug"] for item in stats["manifest"]]
    assert len(set(slugs)) == len(slugs)
    for item in stats["manifest"]:
        assert item["slug"] == slugify(item["title"])
        assert Path(item["path"]).stem == item["slug"]


def test_the_tree_passes_our_content_checks(tree):
    root, _ = tree
    assert check_tree(root, root) == []  # front matter, dates, NFC, duplicate slugs


def test_image_references_exist(tree):
    root, _ = tree
    referenced = {match for path in _articles(root) for match in IMAGE.findall(path.read_text(encoding="utf-8"))}
    assert referenced
    for relative in referenced:
        assert (root / relative).read_text(encoding="utf-8").startswith("<svg")


def test_pages_extra_and_page_images_are_copied_and_menu_pages_stubbed(tree, real_content):
    root, stats = tree
    assert (root / "pages" / "gioi-thieu.md").read_bytes() == (real_content / "pages" / "gioi-thieu.md").read_bytes()
    assert (root / "images" / "trang" / "so-do.svg").exists()
    assert (root / "extra" / "favicon.svg").exists()
    assert stats["stub_pages"] == ["so-do-cong"]  # gioi-thieu has a Slug, lien-he's title gives it
    assert "Template: sitemap" in (root / "pages" / "so-do-cong.md").read_text(encoding="utf-8")
    assert stats["pages"] == 3


def test_a_long_title_keeps_a_unique_slug_within_80_characters():
    seen: set[str] = set()
    long_title = "Hội thảo “Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính: thực trạng và giải pháp” tại huyện Gio Linh"

    class Fixed:
        category = "Chính quyền điện tử"

        def fill(self, _):
            return long_title

        def pick(self, sequence):
            return sequence[0]

    first = synthetic._title(Fixed(), seen)
    second = synthetic._title(Fixed(), seen)
    assert first == long_title and second != first and "(kỳ 2)" in second
    assert slugify(second) != slugify(first) and len(slugify(second)) <= 80
    assert slugify(second).endswith("ky-2")


def test_page_weight_counts_html_local_css_with_imports_and_js(tmp_path):
    (tmp_path / "theme" / "css").mkdir(parents=True)
    (tmp_path / "theme" / "js").mkdir()
    (tmp_path / "theme" / "css" / "main.css").write_text('@import url("reset.css");\nbody{color:red}\n')
    (tmp_path / "theme" / "css" / "reset.css").write_text("*{margin:0}\n")
    (tmp_path / "theme" / "js" / "a.js").write_text("console.log(1)\n")
    page = tmp_path / "tin" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<link rel="stylesheet" href="/theme/css/main.css"><link rel="icon" href="/f.svg">'
                    '<script src="../../theme/js/a.js" defer></script><script src="https://cdn.example/x.js"></script>')
    weight = page_weight(tmp_path, page)
    assert [asset["path"] for asset in weight["assets"]] == ["theme/css/main.css", "theme/js/a.js", "theme/css/reset.css"]
    assert weight["external"] == ["https://cdn.example/x.js"]
    assert weight["total_bytes"] == page.stat().st_size + sum(asset["bytes"] for asset in weight["assets"])
    assert weight["total_gzip"] == weight["html_gzip"] + weight["css_gzip"] + weight["js_gzip"]
