"""The live preview of ./inv serve in Chromium: a saved edit reloads the open page; a broken one shows why."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from tests.conftest import ROOT

ARTICLE = ("Title: Hội nghị trực tuyến về dữ liệu số\nDate: 2024-03-05 09:00\nCategory: Chuyển đổi số\n\n"
           "Đại biểu thảo luận về kho dữ liệu dùng chung.\n")


@pytest.fixture
def preview_server(tmp_path):
    from sitetools.preview import PreviewSite
    from sitetools.serve import ReloadHub, serve_in_background

    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "extra").mkdir()
    shutil.copy(ROOT / "content" / "extra" / "favicon.svg", content / "extra")
    article = content / "articles" / "hoi-nghi.md"
    article.write_text(ARTICLE, encoding="utf-8")
    site = PreviewSite(ROOT / "pelicanconf.py", tmp_path / "output", {
        "PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [],
        "SEARCH_INDEX_PATH": str(tmp_path / "search-index"), "CACHE_PATH": str(tmp_path / "cache")})
    assert site.build().ok
    hub, stop = ReloadHub(), threading.Event()
    refreshed = []

    def announce(result):
        refreshed.append(result)
        hub.publish(result.errors)

    watcher = threading.Thread(target=site.watch, args=(announce, stop), daemon=True)
    watcher.start()
    server, base = serve_in_background(tmp_path / "output", hub)
    time.sleep(0.3)  # the watcher is set up
    yield base, article, refreshed
    stop.set()
    server.stopping = True
    server.shutdown()
    server.server_close()
    watcher.join(5)


def test_saving_an_article_reloads_the_open_page_and_a_broken_save_shows_the_problem(browser, preview_server):
    base, article, refreshed = preview_server
    context = browser.new_context(base_url=base)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/tin/2024/03/hoi-nghi-truc-tuyen-ve-du-lieu-so/")
    page.wait_for_load_state("load")
    time.sleep(0.3)  # the event stream is open

    article.write_text(ARTICLE + "\nPhát biểu bổ sung của Giám đốc Sở.\n", encoding="utf-8")
    page.wait_for_selector("text=Phát biểu bổ sung của Giám đốc Sở.", timeout=10_000)  # reloaded by itself
    assert refreshed[-1].mode == "quick"

    time.sleep(0.3)
    article.write_text(ARTICLE.replace("Category:", "Catgory:"), encoding="utf-8")
    banner = page.wait_for_selector("[role=alert]#vnp-xem-truoc-loi", timeout=10_000)
    text = banner.inner_text()
    assert "hoi-nghi.md:3" in text and "Category" in text
    assert page.is_visible("text=Phát biểu bổ sung của Giám đốc Sở.")  # the last good page stays
    page.screenshot(path=str(ROOT / "test-artifacts" / "preview-problem.png"), full_page=False)

    article.write_text(ARTICLE, encoding="utf-8")
    page.wait_for_selector("#vnp-xem-truoc-loi", state="detached", timeout=10_000)
    assert not page.is_visible("text=Phát biểu bổ sung của Giám đốc Sở.")
    context.close()
    assert errors == []
