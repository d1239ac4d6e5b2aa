import json
from datetime import datetime
from types import SimpleNamespace

import pytest

from portal.articles import first_image, news_article_json_ld, plain_text, shorten
from portal.sitemap import robots_txt, sitemap_files
from portal.structure import archive_tree, join_url, neighbours_by_group, pick_home, resolve_menu

CATEGORIES = {"chuyen-doi-so": {"name": "Chuyển đổi số", "url": "/chuyen-muc/chuyen-doi-so/", "count": 3}}
PAGES = {"lien-he": {"title": "Liên hệ", "url": "/lien-he/"}}


def test_join_url():
    assert join_url("", "chuyen-muc/a/") == "/chuyen-muc/a/"
    assert join_url("https://skhcn.quangtri.gov.vn", "/a/") == "https://skhcn.quangtri.gov.vn/a/"
    assert join_url("", "https://dichvucong.gov.vn/") == "https://dichvucong.gov.vn/"


def test_resolve_menu_builds_keys_urls_and_children():
    menu = [
        {"title": "Trang chủ", "url": "", "accesskey": "1"},
        {"title": "Tin tức", "children": [{"category": "chuyen-doi-so"}]},
        {"title": "Dịch vụ công", "url": "https://dichvucong.gov.vn/", "external": True},
        {"page": "lien-he"},
    ]
    home, news, services, contact = resolve_menu(menu, CATEGORIES, PAGES, "")
    assert (home["key"], home["url"], home["accesskey"]) == ("home", "/", "1")
    assert news["children"][0] == {
        "title": "Chuyển đổi số", "url": "/chuyen-muc/chuyen-doi-so/", "key": "category:chuyen-doi-so",
        "count": 3, "external": False, "accesskey": None, "children": [],
    }
    assert news["url"] == "/chuyen-muc/chuyen-doi-so/"
    assert services["external"] is True
    assert (contact["title"], contact["key"]) == ("Liên hệ", "page:lien-he")


@pytest.mark.parametrize("entry", [{"category": "khong-co"}, {"page": "khong-co"}, {"title": "?"}])
def test_resolve_menu_refuses_unknown_entries(entry):
    with pytest.raises(ValueError, match="PORTAL_MENU"):
        resolve_menu([entry], CATEGORIES, PAGES, "")


def test_archive_tree_counts_years_and_months_newest_first():
    years = archive_tree(
        [datetime(2017, 11, 23), datetime(2017, 11, 2), datetime(2017, 5, 1), datetime(2009, 9, 18)],
        "luu-tru/{date:%Y}/", "luu-tru/{date:%Y}/{date:%m}/", "",
    )
    assert [(y["year"], y["count"], y["url"]) for y in years] == [(2017, 3, "/luu-tru/2017/"), (2009, 1, "/luu-tru/2009/")]
    assert years[0]["months"][0] == {"month": 11, "title": "Tháng 11/2017", "url": "/luu-tru/2017/11/", "count": 2}


def _article(name, category, featured=0):
    return SimpleNamespace(name=name, category=category, featured=featured)


def test_pick_home_prefers_marked_then_illustrated_articles():
    items = [_article("a", "x"), _article("b", "y", 1), _article("c", "x", 2), _article("d", "y")]
    home = pick_home(items, ["x", "y", "z"], 1, 2, is_featured=lambda a: a.featured, category_of=lambda a: a.category)
    assert home["featured"].name == "c"
    assert [a.name for a in home["latest"]] == ["a", "b"]
    assert [(b["slug"], [a.name for a in b["articles"]]) for b in home["blocks"]] == [("x", ["a"]), ("y", ["b"])]


def test_neighbours_by_group():
    items = [_article("new", "x"), _article("other", "y"), _article("mid", "x"), _article("old", "x")]
    found = neighbours_by_group(items, lambda a: a.category)
    older, newer = found[id(items[2])]
    assert (older.name, newer.name) == ("old", "new")
    assert found[id(items[1])] == (None, None)
    assert found[id(items[0])][1] is None and found[id(items[3])][0] is None


def test_first_image_resolves_static_links():
    html = '<p>x</p><figure><img alt="Biểu đồ &amp; số liệu" loading="lazy" src="{static}/images/2017/a.svg"></figure>'
    assert first_image(html, "") == {"url": "/images/2017/a.svg", "alt": "Biểu đồ & số liệu"}
    assert first_image("<p>no image</p>", "") is None


def test_text_helpers():
    assert plain_text("<p>Sở <b>TT&amp;TT</b>\n tỉnh</p>") == "Sở TT&TT tỉnh"
    assert shorten("một hai ba bốn", 2) == "một hai…"


def test_json_ld_is_valid_and_cannot_close_the_script_element():
    text = news_article_json_ld(
        url="https://x/tin/a/", headline="Tiêu đề </script><script>alert(1)</script>", description="d",
        published="2017-11-23T10:20:00+07:00", modified="2017-11-23T10:20:00+07:00", section="CNTT",
        author="Thiện Đạt", publisher="Sở KH&CN", publisher_url="https://x/", logo="https://x/favicon.svg", image=None,
    )
    assert "</script>" not in text
    data = json.loads(text)
    assert data["@type"] == "NewsArticle" and data["author"]["name"] == "Thiện Đạt"
    assert data["datePublished"].endswith("+07:00")


def test_sitemap_is_sorted_and_split_past_the_limit():
    entries = [(f"https://x/{i}/", None) for i in (3, 1, 2)]
    single = sitemap_files(entries, "https://x")
    assert list(single) == ["sitemap.xml"]
    assert single["sitemap.xml"].index("https://x/1/") < single["sitemap.xml"].index("https://x/3/")
    split = sitemap_files(entries, "https://x", limit=2)
    assert sorted(split) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    assert "<sitemapindex" in split["sitemap.xml"] and "https://x/sitemap-2.xml" in split["sitemap.xml"]


def test_robots_points_to_the_sitemap():
    assert robots_txt("https://x", ["/ban-nhap/"]) == "User-agent: *\nDisallow: /ban-nhap/\nSitemap: https://x/sitemap.xml\n"
