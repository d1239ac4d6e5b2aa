"""The production build's assets: every page names theme files that exist under their
content-hashed names, and text files carry `.gz` copies that decompress to the same bytes."""

from __future__ import annotations

import gzip
import logging
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment

from asset_pipeline import glue
from sitetools.build import build_site, report

ROOT = Path(__file__).resolve().parents[2]
SITEURL = "https://skhcn.example.gov.vn"
HASHED = re.compile(r"\.[0-9a-f]{10}\.[a-z0-9]+$")
CSS_URL = re.compile(r"url\(([^)]+)\)")


def publish(output: Path, cache: Path, search_index: Path):
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("PORTAL_SITEURL", SITEURL)
        return build_site(ROOT / "publishconf.py", output, {"ASSET_PIPELINE_CACHE": str(cache),
                                                            "SEARCH_INDEX_PATH": str(search_index)})


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample portal built with publishconf.py, then once more from the same content and cache."""
    folder = tmp_path_factory.mktemp("published")
    first = publish(folder / "output", folder / "cache", folder / "search-index")
    assert first.ok, report(first)
    stats = dict(glue.last_stats)
    again = publish(folder / "again", folder / "cache", folder / "search-index")
    assert again.ok, report(again)
    return folder / "output", folder / "again", stats, dict(glue.last_stats)


def theme_references(output: Path, siteurl: str) -> dict[str, set[str]]:
    """Every theme file a page loads (stylesheets, scripts, images), with the pages that load it."""
    found: dict[str, set[str]] = {}
    for page in output.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attribute) or ""
                if tag == "link" and not {"stylesheet", "preload"} & set(element.get("rel") or []):
                    continue
                if url.startswith(f"{siteurl}/theme/"):
                    found.setdefault(url[len(siteurl) + 1:], set()).add(str(page.relative_to(output)))
    return found


def test_pages_load_only_hashed_theme_files_that_exist(published):
    output, _, _, _ = published
    references = theme_references(output, SITEURL)
    kinds = {Path(name).suffix for name in references}
    assert {".css", ".js", ".svg"} <= kinds
    assert any("/js/search." in name for name in references)  # the search page's script too
    for name, pages in references.items():
        assert HASHED.search(name), f"{name} (loaded by {sorted(pages)[:3]}) has no content hash"
        assert (output / name).is_file(), f"{name} is loaded by {sorted(pages)[:3]} but was not written"


def test_stylesheet_urls_name_hashed_files_that_exist(published):
    output, _, _, _ = published
    stylesheets = [name for name in theme_references(output, SITEURL) if name.endswith(".css")]
    fonts = []
    for name in stylesheets:
        css = (output / name).read_text(encoding="utf-8")
        for url in CSS_URL.findall(css):
            target = (output / name).parent / url.strip("'\"").split("?")[0].split("#")[0]
            assert HASHED.search(target.name) and target.is_file(), f"{name}: url({url})"
            fonts.append(target)
    assert len(fonts) >= 6  # Be Vietnam Pro: three weights, two subsets
    # Each page preloads exactly the fonts its stylesheet names (a preload the page never uses
    # is a wasted download and a console warning), crossorigin as font requests are.
    wanted = sorted(f"theme/fonts/{font.name}" for font in fonts)
    for page in (output / "index.html", output / "tim-kiem" / "index.html", next(output.glob("tin/**/index.html"))):
        preloads = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("link[rel=preload][as=font]")
        assert sorted(link["href"].removeprefix(f"{SITEURL}/") for link in preloads) == wanted, page
        assert all(link.has_attr("crossorigin") and link["type"] == "font/woff2" for link in preloads)


def test_gz_copies_decompress_to_the_same_bytes_and_only_where_they_help(published):
    output, _, stats, _ = published
    copies = list(output.rglob("*.gz"))
    assert len(copies) == stats["gzipped"] > 30
    for copy in copies:
        original = copy.with_suffix("")
        data = original.read_bytes()
        packed = copy.read_bytes()
        assert gzip.decompress(packed) == data, copy
        assert len(data) >= 1024 and len(packed) <= 0.9 * len(data), copy
    for page in output.rglob("index.html"):
        assert page.with_name("index.html.gz").exists(), page  # every page is text well over 1 KB
    for name in ("sitemap.xml", "feeds/tat-ca.atom.xml", "feeds/tat-ca.rss.xml", "tim-kiem/index.html"):
        assert (output / (name + ".gz")).exists(), name
    small = [p for p in output.rglob("*") if p.is_file() and p.suffix != ".gz" and p.stat().st_size < 1024]
    assert small and not [p for p in small if p.with_name(p.name + ".gz").exists()]  # robots.txt, early.js …
    assert not (output / "robots.txt.gz").exists()
    for shard in (output / "tim-kiem" / "chi-muc" / "t").iterdir():  # already gzip: left alone
        assert not shard.name.endswith(".gz")


def test_a_rebuild_gives_the_same_bytes_from_the_cache(published):
    output, again, first, second = published
    assert first["compressed"] > 0
    assert second["compressed"] == 0 and second["cache_hits"] == second["considered"]
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    after = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert before.keys() == after.keys()
    changed = sorted(str(name) for name in before if before[name] != after[name])
    assert changed == []


def test_development_builds_use_hashed_names_and_write_no_gz(built_site):
    references = theme_references(built_site, "")
    assert references and all(HASHED.search(name) and (built_site / name).is_file() for name in references)
    assert not list(built_site.rglob("*.gz"))


def test_a_template_asking_for_a_file_the_theme_lacks_is_a_build_error(caplog):
    env = Environment()
    env.filters["asset"] = glue.asset_url
    saved = dict(glue._state)
    glue._state.update(names={"css/portal.css": "css/portal.0123456789.css"}, static_dir="theme")
    try:
        template = env.from_string("{{ 'css/portal.css'|asset }} {{ 'css/portl.css'|asset }}")
        with caplog.at_level(logging.ERROR):
            html = template.render(SITEURL="https://x.gov.vn")
    finally:
        glue._state.update(saved)
    assert html.startswith("https://x.gov.vn/theme/css/portal.0123456789.css ")
    assert "css/portl.css" in caplog.text and "not a file of the theme" in caplog.text
