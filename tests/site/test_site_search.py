"""The search index of a built site: what is in it, and what a query finds."""

import json

from offline_search.static import StaticIndex


def rows(output):
    index = StaticIndex(output / "tim-kiem" / "chi-muc")
    found = []
    for number in range((index.manifest["documents"] + index.manifest["chunk"] - 1) // index.manifest["chunk"]):
        found += json.loads(index._read(f"d/{number}.json"))
    return index, found


def test_every_published_article_and_page_is_indexed_and_nothing_else(built_site):
    index, found = rows(built_site)
    articles = list((built_site / "tin").rglob("index.html"))
    urls = [row[1] for row in found]
    assert len(urls) == len(set(urls)) == index.manifest["documents"]
    assert sum(url.startswith("tin/") for url in urls) == len(articles)
    assert {"gioi-thieu/", "lien-he/", "so-do-cong/"} <= set(urls)
    assert not [u for u in urls if u.startswith(("chuyen-muc/", "the/", "luu-tru/", "don-vi/", "tim-kiem/"))]


def test_folded_queries_find_the_marked_articles(built_site):
    index = StaticIndex(built_site / "tim-kiem" / "chi-muc")
    total, hits = index.search("chu ky so")
    assert "chu-ky-so" in hits[0][2][1]
    with_phrase = [p for p in (built_site / "tin").rglob("index.html")
                   if "đường truyền" in p.read_text(encoding="utf-8").split('class="vnp-article__body"', 1)[-1]
                   .split("</article>", 1)[0].lower()]
    _, hits = index.search("duong truyen", limit=10)
    shown = {row[1] for _, _, row in hits}
    missed = [p for p in with_phrase if str(p.parent.relative_to(built_site)) + "/" not in shown]
    assert with_phrase and not missed


def test_the_search_page_works_without_javascript(built_site):
    html = (built_site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert 'action="/tim-kiem/"' in html and 'name="q"' in html
    for target in ("/so-do-cong/", "/luu-tru/", "/chuyen-muc/"):
        assert f'href="{target}"' in html
    assert "data-search-results" in html and 'role="status"' in html


def test_drafts_are_never_indexed(search_site):
    index, found = rows(search_site)
    assert all("nháp" not in row[0].lower() for row in found)
    assert index.search("zyxwvu")[0] == 0
    assert len(found) == 4


def test_html_in_a_title_stays_text_in_the_index(search_site):
    _, found = rows(search_site)
    titles = [row[0] for row in found]
    assert "Thử <script>alert(1)</script> và <img src=x onerror=alert(2)> trong tiêu đề" in titles
