"""The sample portal driven in headless Chromium as a reader would use it."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import MISSING_PATH

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "home": "/",
    "category": "/chuyen-muc/chuyen-doi-so/",
    "article": None,  # the newest article, found from the home page
    "page": "/gioi-thieu/",
    "sitemap-page": "/so-do-cong/",
    "archives": "/luu-tru/",
    "english": "/english/",
    "department": "/don-vi/so-thong-tin-va-truyen-thong/",
    "404": MISSING_PATH,
}


def root_font_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def newest_article_path(page) -> str:
    page.goto("/")
    href = page.locator("main a[href^='/tin/']").first.get_attribute("href")
    assert href
    return href


def test_home_to_category_to_article(page):
    page.goto("/")
    assert "Sở Khoa học và Công nghệ" in page.title() or "Sở Khoa học và Công nghệ" in page.content()
    menu = page.get_by_role("navigation", name="Menu chính")
    menu.get_by_role("button", name="Tin tức").click()
    menu.get_by_role("link", name="An toàn thông tin").click()
    page.wait_for_url("**/chuyen-muc/an-toan-thong-tin/")
    assert "An toàn thông tin" in page.locator("h1").inner_text()
    first = page.locator("main a[href^='/tin/']").first
    title = first.inner_text().strip()
    first.click()
    page.wait_for_url("**/tin/**")
    assert page.locator("h1").inner_text().strip() == title
    assert page.locator("main time[datetime$='+07:00']").count() >= 1
    crumbs = page.get_by_role("navigation", name="Đường dẫn")
    assert "An toàn thông tin" in crumbs.inner_text()


def test_text_size_is_remembered_across_pages(page):
    page.goto("/")
    default = root_font_size(page)
    page.locator("[data-module='text-size'] button[data-step='1']").click()
    larger = root_font_size(page)
    assert larger > default
    page.goto(newest_article_path(page))
    assert root_font_size(page) == larger
    page.goto("/lien-he/")
    assert root_font_size(page) == larger
    page.locator("[data-module='text-size'] button[data-step='0']").click()
    assert root_font_size(page) == default
    page.reload()
    assert root_font_size(page) == default


def test_no_horizontal_scroll_at_320_px(page):
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/", newest_article_path(page), "/chuyen-muc/chuyen-doi-so/", "/lien-he/"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag21_aa_violation_and_screenshots(page, name, artifacts):
    path = PAGES[name] or newest_article_path(page)
    response = page.goto(path)
    if name == "404":
        assert response.status == 404
    else:
        assert response.ok, path
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = results.response["violations"]
    assert violations == [], results.generate_report()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)


def test_print_view_shows_only_the_article_and_its_address(page):
    page.goto(newest_article_path(page))
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible()
    assert page.locator("main time").first.is_visible()
    assert page.locator(".vnp-article__body").is_visible()
    for hidden in ("header nav", "aside", "footer", "[data-module='text-size']", "form[role='search']"):
        locator = page.locator(hidden)
        assert all(not locator.nth(i).is_visible() for i in range(locator.count())), hidden
    address = page.locator(".vnp-print-url")
    assert address.is_visible() and "http://127.0.0.1:8000/tin/" in address.inner_text()


def test_access_keys_reach_home_site_map_and_search(page):
    page.goto("/lien-he/")
    assert page.locator("[accesskey='1']").first.get_attribute("href") == "/"
    assert page.locator("[accesskey='3']").first.get_attribute("href") == "/so-do-cong/"
    search = page.locator("[accesskey='4']")
    assert search.get_attribute("name") == "q" and search.is_visible()


def test_department_links_fold_on_phones_and_open_by_keyboard(page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    toggle = page.locator(".vnp-deptlinks [data-disclosure-toggle]")
    links = page.locator(".vnp-deptlinks__body")
    assert toggle.get_attribute("aria-expanded") == "false" and not links.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and links.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.vnp-deptlinks__body') !== null")
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "false" and not links.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert links.is_visible() and not toggle.is_visible()
