"""The fast preview (sitetools/preview.py): quick refresh of body edits, full build otherwise."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTICLES = {
    "a.md": "Title: Hội nghị chuyển đổi số cấp tỉnh\nDate: 2024-03-05 09:00\nCategory: Chuyển đổi số\n"
            "Tags: Chuyển đổi số\n\nHội nghị bàn về nền tảng số dùng chung.\n",
    "b.md": "Title: Tập huấn an toàn thông tin\nDate: 2024-02-01 08:00\nCategory: Chuyển đổi số\n\n"
            "Cán bộ được hướng dẫn phòng chống mã độc.\n",
    "c.md": "Title: Bản nháp kế hoạch năm\nDate: 2024-01-10 08:00\nCategory: Chuyển đổi số\nStatus: draft\n\n"
            "Bản nháp chưa đăng.\n",
}
for number in range(30):  # enough for the category listing to have several pages
    ARTICLES[f"x{number:02}.md"] = (f"Title: Tin ngắn số {number}\nDate: 2023-{number % 12 + 1:02}-{number % 27 + 1:02} 08:00\n"
                                    f"Category: Chuyển đổi số\n\nNội dung ngắn số {number}.\n")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    from sitetools.preview import PreviewSite

    folder = tmp_path_factory.mktemp("preview")
    content = folder / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    for name, text in ARTICLES.items():
        (content / "articles" / name).write_text(text, encoding="utf-8")
    site = PreviewSite(ROOT / "pelicanconf.py", folder / "output", {
        "PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": [],
        "SEARCH_INDEX_PATH": str(folder / "search-index"), "CACHE_PATH": str(folder / "cache")})
    result = site.build()
    assert result.ok, result.errors
    site.content, site.out = content, folder / "output"
    return site


def _edit(site, name: str, new_text: str):
    path = site.content / "articles" / name
    path.write_text(new_text, encoding="utf-8")
    return site.refresh({path})


def _page(site, slug_part: str) -> Path:
    matches = [path for path in site.out.glob("tin/**/index.html") if slug_part in str(path)]
    assert len(matches) == 1, matches
    return matches[0]


def _mtimes(folder: Path) -> dict[str, int]:
    return {str(path): path.stat().st_mtime_ns for path in folder.rglob("*.html")}


def test_a_body_edit_takes_the_quick_path_and_rewrites_only_pages_showing_the_article(preview):
    before = _mtimes(preview.out)
    result = _edit(preview, "a.md", ARTICLES["a.md"] + "\nĐoạn mới về kho dữ liệu dùng chung.\n")
    assert result.mode == "quick", result
    page = _page(preview, "hoi-nghi-chuyen-doi-so")
    assert "Đoạn mới về kho dữ liệu dùng chung." in page.read_text(encoding="utf-8")
    after = _mtimes(preview.out)
    changed = {path for path in after if after[path] != before.get(path)}
    assert str(page) in changed
    # the other article pages are untouched, and so are listing pages that do not carry it
    assert not any("tin-ngan-so" in path for path in changed)
    category_pages = sorted(path for path in before if "/chuyen-muc/chuyen-doi-so/" in path)
    assert len(category_pages) > 1
    assert any(path in changed for path in category_pages) and not all(path in changed for path in category_pages)
    # its listing entry shows the new text (no Summary: the description comes from the body)
    listing = (preview.out / "chuyen-muc" / "chuyen-doi-so" / "index.html").read_text(encoding="utf-8")
    assert "Hội nghị bàn về nền tảng số dùng chung. Đoạn mới" in listing
    _edit(preview, "a.md", ARTICLES["a.md"])


def test_the_quick_path_puts_the_new_text_into_the_search_index(preview):
    from offline_search.static import StaticIndex

    result = _edit(preview, "b.md", ARTICLES["b.md"] + "\nTừ khóa riêng qwertzuio.\n")
    assert result.mode == "quick"
    index = StaticIndex(preview.out / "tim-kiem" / "chi-muc")
    total, hits = index.search("qwertzuio")
    assert total == 1 and [row[0] for _score, _id, row in hits] == ["Tập huấn an toàn thông tin"]
    page = (preview.out / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    manifest = page.split("data-search-manifest>", 1)[1].split("</script>", 1)[0]
    assert json.loads(manifest.replace("<\\/", "</"))["delta"]  # the page knows the delta
    _edit(preview, "b.md", ARTICLES["b.md"])


def test_a_draft_is_previewed_quickly_and_stays_out_of_the_search_index(preview):
    from offline_search.static import StaticIndex

    result = _edit(preview, "c.md", ARTICLES["c.md"] + "\nNháp có chữ bimatxyz.\n")
    assert result.mode == "quick"
    draft = next(preview.out.glob("ban-nhap/**/index.html"), None) or next(
        path for path in preview.out.rglob("index.html") if "ban-nhap-ke-hoach" in str(path))
    assert "bimatxyz" in draft.read_text(encoding="utf-8")
    assert StaticIndex(preview.out / "tim-kiem" / "chi-muc").search("bimatxyz") == (0, [])
    _edit(preview, "c.md", ARTICLES["c.md"])


def test_a_front_matter_change_runs_the_full_build(preview):
    result = _edit(preview, "b.md", ARTICLES["b.md"].replace("Tập huấn an toàn thông tin", "Tập huấn bảo mật"))
    assert result.mode == "full" and "front matter" in result.reason
    listing = (preview.out / "chuyen-muc" / "chuyen-doi-so" / "index.html").read_text(encoding="utf-8")
    assert "Tập huấn bảo mật" in listing
    assert _edit(preview, "b.md", ARTICLES["b.md"]).mode == "full"


def test_a_new_file_runs_the_full_build(preview):
    path = preview.content / "articles" / "moi.md"
    path.write_text("Title: Bài mới tinh\nDate: 2024-04-01 08:00\nCategory: Chuyển đổi số\n\nNội dung.\n", encoding="utf-8")
    try:
        result = preview.refresh({path})
        assert result.mode == "full" and "not an article" in result.reason
        assert _page(preview, "bai-moi-tinh").exists()
    finally:
        path.unlink()
        assert preview.refresh({path}).mode == "full"


def test_a_broken_edit_is_reported_and_changes_nothing(preview):
    before = {path: Path(path).read_bytes() for path in _mtimes(preview.out)}
    result = _edit(preview, "a.md", ARTICLES["a.md"].replace("Category:", "Catgory:"))
    assert result.mode == "failed"
    assert any("a.md:3" in message and "Category" in message for message in result.errors), result.errors
    assert len(result.errors) == 1  # said once, with file and line
    assert {path: Path(path).read_bytes() for path in _mtimes(preview.out)} == before
    assert _edit(preview, "a.md", ARTICLES["a.md"]).mode == "quick"  # fixed: quick again


def test_a_theme_or_settings_change_runs_the_full_build(preview, tmp_path):
    result = preview.refresh({ROOT / "theme" / "templates" / "base.html"})
    assert result.mode == "full" and result.ok


@pytest.mark.parametrize("name, scratch", [
    ("bai.md.swp", True), (".bai.md.swx", True), ("bai.md~", True), ("#bai.md#", True), (".hidden", True),
    ("4913", True), ("bai.md", False), ("anh.jpg", False), ("don-vi.toml", False),
])
def test_editor_scratch_files_are_ignored(name, scratch):
    from sitetools.preview import ignored

    assert ignored(Path("content") / name) is scratch


def test_the_preview_server_adds_the_reload_script_and_streams_rebuilds(preview):
    import threading
    import urllib.request

    from sitetools.serve import ReloadHub, serve_in_background

    hub = ReloadHub()
    server, base = serve_in_background(preview.out, hub)
    try:
        html = urllib.request.urlopen(base + "/").read().decode()
        assert html.count("/__xem-truoc/tai-lai.js") == 1 and html.index("tai-lai.js") < html.index("</body>")
        assert "tai-lai.js" not in (preview.out / "index.html").read_text(encoding="utf-8")  # files untouched
        script = urllib.request.urlopen(base + "/__xem-truoc/tai-lai.js")
        assert script.headers["Content-Type"].startswith("text/javascript")
        events = []

        def listen():
            with urllib.request.urlopen(base + "/__xem-truoc/su-kien", timeout=10) as stream:
                for line in stream:
                    events.append(line.decode().strip())
                    if line.startswith(b"event: reload"):
                        return

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        while not events:
            threading.Event().wait(0.02)
        hub.publish([])
        listener.join(5)
        assert "event: state" in events and "event: reload" in events
    finally:
        server.stopping = True
        server.shutdown()
        server.server_close()


def test_watching_refreshes_after_a_save(preview):
    import threading
    import time

    stop, results = threading.Event(), []
    watcher = threading.Thread(target=preview.watch, args=(results.append, stop), daemon=True)
    watcher.start()
    try:
        time.sleep(0.3)  # the watcher is set up
        path = preview.content / "articles" / "a.md"
        path.write_text(ARTICLES["a.md"] + "\nCâu lưu từ trình soạn thảo.\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not results and time.monotonic() < deadline:
            time.sleep(0.02)
        assert results and results[0].mode == "quick"
        assert "Câu lưu từ trình soạn thảo." in _page(preview, "hoi-nghi-chuyen-doi-so").read_text(encoding="utf-8")
    finally:
        stop.set()
        (preview.content / "articles" / "a.md").write_text(ARTICLES["a.md"], encoding="utf-8")
        watcher.join(5)
        preview.refresh({preview.content / "articles" / "a.md"})
