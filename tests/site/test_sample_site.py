"""The sample portal, built once per session, read as a reader's browser would read it."""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
ISO_VN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
DATE_LINE = re.compile(r"^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), \d{2}/\d{2}/\d{4} \d{2}:\d{2}$")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def article_pages(built_site):
    return sorted((built_site / "tin").rglob("index.html"))


@pytest.fixture(scope="module")
def illustrated_article(article_pages):
    for path in article_pages:
        if "<figcaption" in path.read_text(encoding="utf-8"):
            return path
    pytest.fail("no sample article with a figure")


def test_sample_content_is_big_enough(article_pages, built_site):
    assert len(article_pages) >= 30
    years = {path.relative_to(built_site / "tin").parts[0] for path in article_pages}
    assert {"2009", "2017", "2025", "2026"} <= years
    categories = [p for p in (built_site / "chuyen-muc").iterdir() if p.is_dir()]
    assert len(categories) >= 5


def test_every_sample_article_has_250_words_and_its_front_matter():
    for path in sorted((ROOT / "content" / "articles").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n\n")
        assert unicodedata.is_normalized("NFC", text), path
        for key in ("Title:", "Date:", "Category:", "Summary:", "Author:", "Source:"):
            assert key in head, f"{path} lacks {key}"
        assert len(re.findall(r"\w+", body)) >= 250, path


def test_article_page_reads_like_a_portal_article(illustrated_article, built_site):
    page = soup(illustrated_article)
    main = page.find("main")
    assert main is not None
    assert len(main.find_all("h1")) == 1
    time = main.find("time")
    assert ISO_VN.match(time["datetime"]), time
    assert DATE_LINE.match(time.get_text(strip=True)), time.get_text()
    figure = main.find("figure")
    assert figure.find("img")["alt"].strip()
    assert figure.find("figcaption").get_text(strip=True)
    text = main.get_text(" ", strip=True)
    assert "Nguồn:" in text
    breadcrumbs = page.find("nav", attrs={"aria-label": re.compile("Đường dẫn|breadcrumb", re.I)})
    assert breadcrumbs is not None and "Trang chủ" in breadcrumbs.get_text()
    assert breadcrumbs.find(attrs={"aria-current": "page"}) is not None
    category_link = main.find("a", href=re.compile(r"/chuyen-muc/"))
    assert category_link is not None


def test_article_metadata_canonical_open_graph_json_ld(illustrated_article, built_site):
    page = soup(illustrated_article)
    url_path = "/" + str(illustrated_article.parent.relative_to(built_site)) + "/"
    assert page.find("link", rel="canonical")["href"] == "http://127.0.0.1:8000" + url_path
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", property="og:image")["content"].startswith("http://127.0.0.1:8000/images/")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == page.find("h1").get_text(strip=True)[:110]
    assert ISO_VN.match(data["datePublished"])
    assert page.find("html")["lang"] == "vi"


def test_pages_carry_no_inline_script_or_style_and_nothing_third_party(built_site):
    checked = 0
    for path in [built_site / "index.html", built_site / "404.html", *sorted(built_site.rglob("index.html"))[:80]]:
        page = soup(path)
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (path, script)
            if script.get("src"):
                assert not script["src"].startswith(("http:", "https:", "//")), script
        assert not page.find_all("style"), path
        assert not page.find_all(style=True), path
        for tag in page.find_all(["link", "img", "source", "iframe"]):
            ref = tag.get("src") or (tag.get("href") if tag.name == "link" and "stylesheet" in tag.get("rel", []) else None)
            if ref:
                assert not ref.startswith(("http:", "https:", "//")), (path, ref)
        assert not page.find_all(attrs={"onclick": True}), path
        checked += 1
    assert checked > 30


def test_home_page_has_featured_latest_and_category_blocks(built_site):
    page = soup(built_site / "index.html")
    main = page.find("main")
    headings = [h.get_text(" ", strip=True) for h in main.find_all(["h2", "h3"])]
    assert any("Tin mới" in h for h in headings), headings
    for category in ("Chuyển đổi số", "Chính quyền điện tử", "An toàn thông tin"):
        assert any(category in h for h in headings), (category, headings)
    assert len(main.find_all("time")) >= 10
    assert main.find("img") is not None  # the featured article's image


def test_menu_marks_the_current_category(built_site):
    page = soup(built_site / "chuyen-muc" / "chuyen-doi-so" / "index.html")
    current = [a.get_text(strip=True) for a in page.find_all("a", attrs={"aria-current": "page"})]
    assert "Chuyển đổi số" in current
    assert page.find(attrs={"accesskey": "1"}) is not None
    assert page.find(attrs={"accesskey": "3"}) is not None
    assert page.find(attrs={"accesskey": "4"}) is not None


def test_archives_by_year_and_month_with_vietnamese_titles(built_site):
    years = sorted(p.name for p in (built_site / "luu-tru").iterdir() if p.is_dir())
    assert years[0] == "2009" and years[-1] == "2026"
    month = sorted((built_site / "luu-tru" / "2017").iterdir())[0]
    title = soup(month / "index.html").find("h1").get_text(" ", strip=True)
    assert re.search(r"Tháng \d{1,2}/2017", title), title
    tree = soup(built_site / "luu-tru" / "index.html").find("main").get_text(" ", strip=True)
    assert "2009" in tree and "Tháng" in tree


def test_feeds_site_wide_and_per_category(built_site):
    atom = ET.parse(built_site / "feeds" / "tat-ca.atom.xml").getroot()
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) >= 20
    links = [link.get("href") for entry in entries for link in entry.findall("{http://www.w3.org/2005/Atom}link")]
    assert links and all(href.startswith("http://127.0.0.1:8000/tin/") for href in links), links[:3]
    rss = ET.parse(built_site / "feeds" / "tat-ca.rss.xml").getroot()
    assert rss.find("channel/item/title").text
    assert rss.find("channel/item/link").text.startswith("http://127.0.0.1:8000/")
    for slug in ("chuyen-doi-so", "an-toan-thong-tin"):
        assert (built_site / "feeds" / f"{slug}.atom.xml").exists()
        assert (built_site / "feeds" / f"{slug}.rss.xml").exists()


def test_sitemap_robots_and_404(built_site):
    sitemap = ET.parse(built_site / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://127.0.0.1:8000/" in locations
    assert any("/tin/2017/" in loc for loc in locations)
    assert not any(loc.endswith("404.html") for loc in locations)
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (built_site / "robots.txt").read_text()
    not_found = soup(built_site / "404.html")
    assert not_found.find("h1") is not None
    assert not_found.find("a", href=re.compile(r"^/so-do-cong/")) is not None


def test_required_pages_exist(built_site):
    for slug in ("gioi-thieu", "lien-he", "so-do-cong", "kha-nang-tiep-can", "english"):
        assert (built_site / slug / "index.html").exists(), slug
    contact = soup(built_site / "lien-he" / "index.html")
    assert contact.find("a", href=re.compile(r"^mailto:")) is not None
    english = soup(built_site / "english" / "index.html")
    assert english.find("html")["lang"] == "en"


def test_site_map_page_lists_the_whole_category_tree(built_site):
    page = soup(built_site / "so-do-cong" / "index.html").find("main")
    links = {a["href"] for a in page.find_all("a", href=True)}
    for category in (built_site / "chuyen-muc").iterdir():
        if category.is_dir():
            assert f"/chuyen-muc/{category.name}/" in links, category.name
    for page in ("gioi-thieu", "lien-he", "kha-nang-tiep-can", "english", "luu-tru", "the"):
        assert f"/{page}/" in links, page


def test_footer_has_the_agency_details_and_reuse_notice(built_site):
    footer = soup(built_site / "index.html").find("footer").get_text(" ", strip=True)
    for expected in ("Sở Khoa học và Công nghệ", "0233", "skhcn@quangtri.gov.vn", "Người chịu trách nhiệm",
                     "Ghi rõ nguồn"):
        assert expected in footer, expected


def test_output_text_is_nfc(built_site):
    for path in [built_site / "index.html", *sorted(built_site.rglob("index.html"))[:50]]:
        assert unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8")), path
