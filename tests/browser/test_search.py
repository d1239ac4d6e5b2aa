"""The offline search page in headless Chromium: typing, URL state, filters, highlights, safety."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe


RESULTS = "ol[data-search-results]"


def wait_done(page, query):
    page.wait_for_selector(f"{RESULTS}[data-search-state='done'][data-search-query='{query}']", timeout=10_000, state="attached")


def result_links(page):
    return page.locator(f"{RESULTS} li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_typed_without_marks_finds_and_highlights_the_marked_words(page, artifacts):
    page.goto("/tim-kiem/")
    page.fill("#vnp-search-page-q", "chu ky so")
    wait_done(page, "chu ky so")
    links = result_links(page)
    assert "chu-ky-so" in links[0]
    marks = page.locator(f"{RESULTS} li").first.locator("mark").all_inner_texts()
    assert {"chữ", "ký", "số"} <= {m.lower() for m in marks}
    assert parse_qs(urlparse(page.url).query)["q"] == ["chu ky so"]
    assert "kết quả" in page.locator("[data-search-status]").inner_text()
    page.screenshot(path=str(artifacts / "search-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(artifacts / "search-375.png"), full_page=True)


def test_query_in_the_url_and_the_back_button(page):
    page.goto("/tim-kiem/?q=%C4%91%C6%B0%E1%BB%9Dng+truy%E1%BB%81n")
    wait_done(page, "đường truyền")
    first = result_links(page)
    assert first
    page.fill("#vnp-search-page-q", "chu ky so")
    page.press("#vnp-search-page-q", "Enter")
    wait_done(page, "chu ky so")
    page.go_back()
    wait_done(page, "đường truyền")
    assert page.input_value("#vnp-search-page-q") == "đường truyền"
    assert result_links(page) == first


def test_the_query_in_the_url_is_searched_while_the_page_is_parsed(page):
    page.goto("/tim-kiem/?q=chu+ky+so")
    wait_done(page, "chu ky so")
    assert "chu-ky-so" in result_links(page)[0]
    head = page.evaluate("() => Array.from(document.head.querySelectorAll('script'))"
                         ".map(s => [s.type, s.src.split('/').pop(), s.defer, s.async])")
    manifest = next(i for i, s in enumerate(head) if s[0] == "application/json")
    script = next(i for i, s in enumerate(head) if re.fullmatch(r"search(\.[0-9a-f]{10})?\.js", s[1]))
    assert manifest < script and head[script][2:] == [False, False]  # in <head>, run before the body is parsed
    # before the stylesheet: a script after a loading stylesheet waits for it
    assert page.evaluate("() => { const [script, sheet] = [document.head.querySelector('script[src*=\"/search\"]'),"
                         " document.head.querySelector('link[rel=stylesheet]')];"
                         " return !!(script.compareDocumentPosition(sheet) & Node.DOCUMENT_POSITION_FOLLOWING); }")
    timing = page.evaluate("""() => {
        const navigation = performance.getEntriesByType('navigation')[0];
        const names = performance.getEntriesByType('resource').map(e => [e.name, e.startTime]);
        const shards = names.filter(e => e[0].includes('/chi-muc/t/'));
        const rows = names.filter(e => e[0].includes('/chi-muc/d/'));
        return {parsed: navigation.domContentLoadedEventStart, shards: shards.map(e => e[0]),
                firstShard: Math.min(...shards.map(e => e[1])), rows: rows.map(e => e[0]),
                manifest: names.filter(e => e[0].includes('index.json')).length};
    }""")
    assert timing["shards"] and timing["firstShard"] < timing["parsed"]
    assert timing["rows"] and timing["manifest"] == 0  # the manifest came with the page
    # the page's own run used what <head> fetched: nothing twice
    assert len(set(timing["shards"])) == len(timing["shards"]) and len(set(timing["rows"])) == len(timing["rows"])


def test_filters_by_category_and_year_and_more_results(page):
    page.goto("/tim-kiem/?q=so")
    wait_done(page, "so")
    assert page.locator(f"{RESULTS} li").count() == 10
    page.click("[data-search-more]")
    page.locator(f"{RESULTS} li").nth(10).wait_for()
    page.select_option("#vnp-search-year", "2017")
    wait_done(page, "so")
    dates = page.locator(f"{RESULTS} time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert dates and all(d.startswith("2017") for d in dates)
    assert "nam=2017" in page.url
    page.select_option("#vnp-search-year", "")
    page.select_option("#vnp-search-category", "chuyen-doi-so")
    wait_done(page, "so")
    meta = page.locator(f"{RESULTS} .vnp-result__meta").all_inner_texts()
    assert meta and all("Chuyển đổi số" in m for m in meta)


@pytest.mark.parametrize("query", ["!!!", "😀", "x" * 2000, "ch\u01b0\u0303 ky\u0301 s\u00f4\u0301"])
def test_odd_queries_give_a_message_not_an_error(page, query):
    page.goto("/tim-kiem/")
    page.fill("#vnp-search-page-q", query)
    wait_done(page, page.input_value("#vnp-search-page-q"))  # the box keeps at most 200 characters
    assert page.locator("[data-search-status]").inner_text().strip() or page.locator(f"{RESULTS} li").count()


def test_no_result_suggests_the_folded_form(page):
    page.goto("/tim-kiem/")
    page.fill("#vnp-search-page-q", "chữ ký số xyzzyq")
    wait_done(page, "chữ ký số xyzzyq")
    assert "Không tìm thấy" in page.locator("[data-search-status]").inner_text()
    suggestions = page.locator("[data-search-suggestions] a").all_inner_texts()
    assert any("chu ky so xyzzyq" in s for s in suggestions)


def test_axe_finds_no_violation_on_the_search_page_with_results(page):
    page.goto("/tim-kiem/?q=chuyen+doi+so")
    wait_done(page, "chuyen doi so")
    results = Axe().run(page, options={"runOnly": {"type": "tag",
                                                   "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    assert results.response["violations"] == [], results.generate_report()


def test_marked_query_ranks_exact_diacritics_first_and_titles_stay_text(browser, search_server):
    context = browser.new_context(base_url=search_server)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/tim-kiem/?q=ch%E1%BB%A7+k%E1%BB%B3+s%E1%BB%95")
    wait_done(page, "chủ kỳ sổ")
    assert "chu-ky-so-sach" in result_links(page)[0]
    page.fill("#vnp-search-page-q", "chữ ký số")
    wait_done(page, "chữ ký số")
    assert "cap-chu-ky-so" in result_links(page)[0]
    assert not any("nhap" in link for link in result_links(page))  # drafts are not in the index
    page.fill("#vnp-search-page-q", "alert")
    wait_done(page, "alert")
    title = page.locator(f"{RESULTS} li h2").first.inner_text()
    assert "<script>alert(1)</script>" in title and "<img src=x onerror=alert(2)>" in title
    assert page.locator(f"{RESULTS} script, {RESULTS} img").count() == 0
    assert dialogs == []
    context.close()


def test_a_shard_that_fails_to_load_shows_a_message_and_the_page_stays_usable(browser, search_server):
    context = browser.new_context(base_url=search_server)
    context.route("**/chi-muc/t/**", lambda route: route.abort())
    page = context.new_page()
    page.goto("/tim-kiem/?q=chu+ky+so")
    page.wait_for_selector(f"{RESULTS}[data-search-state='error']", timeout=10_000, state="attached")
    assert "Không tải được" in page.locator("[data-search-status]").inner_text()
    assert page.locator("a[href='/so-do-cong/']").first.is_visible()
    context.unroute("**/chi-muc/t/**")
    page.fill("#vnp-search-page-q", "chu ky so nua")  # a later query loads the shards again
    page.fill("#vnp-search-page-q", "chu ky so")
    page.press("#vnp-search-page-q", "Enter")
    wait_done(page, "chu ky so")
    assert page.locator(f"{RESULTS} li").count() >= 1
    context.close()


def test_after_an_edit_the_browser_finds_the_new_text_through_the_delta(browser, tmp_path):
    from sitetools.build import build_site, report
    from sitetools.serve import serve_in_background

    from ..conftest import ROOT, SEARCH_ARTICLES

    content = tmp_path / "content"
    for name, text in SEARCH_ARTICLES.items():
        (content / "articles" / name).parent.mkdir(parents=True, exist_ok=True)
        (content / "articles" / name).write_text(text, encoding="utf-8")
    (content / "pages").mkdir()
    settings = {"PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": [],
                "SEARCH_INDEX_PATH": str(tmp_path / "search-index"), "SEARCH_DELTA_SHARE": 0.5}
    output = tmp_path / "output"
    assert build_site(ROOT / "pelicanconf.py", output, settings).ok
    edited = content / "articles" / "2023" / "duong-truyen.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThêm trạm phát sóng khinh khí cầu.\n", encoding="utf-8")
    (content / "articles" / "2025" / "chu-ky.md").unlink()
    result = build_site(ROOT / "pelicanconf.py", output, settings)
    assert result.ok, report(result)
    assert '"delta"' in (output / "tim-kiem" / "chi-muc" / "index.json").read_text(encoding="utf-8")
    server, base = serve_in_background(output)
    try:
        page = browser.new_page(base_url=base)
        page.goto("/tim-kiem/?q=khinh+khi+cau")
        wait_done(page, "khinh khi cau")
        assert result_links(page) == ["/tin/2023/06/nang-cap-duong-truyen-so-lieu-den-dak-lak/"]
        page.fill("#vnp-search-page-q", "chủ kỳ sổ")
        wait_done(page, "chủ kỳ sổ")
        assert not any("chu-ky-so-sach" in link for link in result_links(page))  # the removed article is gone
        page.close()
    finally:
        server.shutdown()
        server.server_close()
