"""The preview with fingerprinted theme files: a theme edit gives new names that exist,
a body edit keeps the names of the last full build."""

from __future__ import annotations

import re
import shutil

from tests.conftest import ROOT

STYLESHEET = re.compile(r'<link rel="stylesheet" href="/theme/(css/portal\.[0-9a-f]{10}\.css)">')


def test_theme_and_body_edits_in_the_preview(tmp_path):
    from sitetools.preview import PreviewSite

    content, theme = tmp_path / "content", tmp_path / "theme"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    shutil.copytree(ROOT / "theme", theme)
    article = content / "articles" / "a.md"
    article.write_text("Title: Hội nghị chuyển đổi số\nDate: 2024-03-05 09:00\nCategory: Chuyển đổi số\n\nNội dung.\n",
                       encoding="utf-8")
    output = tmp_path / "output"
    site = PreviewSite(ROOT / "pelicanconf.py", output, {
        "PATH": str(content), "THEME": str(theme), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [],
        "STATIC_PATHS": [], "SEARCH_INDEX_PATH": str(tmp_path / "search-index"), "CACHE_PATH": str(tmp_path / "cache")})
    assert site.build().ok
    page = next(output.glob("tin/**/index.html"))
    first = STYLESHEET.search(page.read_text(encoding="utf-8")).group(1)
    assert (output / "theme" / first).is_file()

    css = theme / "static" / "css" / "portal.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.vnp-new{color:red}\n", encoding="utf-8")
    refresh = site.refresh({css})
    assert refresh.mode == "full", refresh
    second = STYLESHEET.search(page.read_text(encoding="utf-8")).group(1)
    assert second != first and (output / "theme" / second).is_file()
    assert ".vnp-new{color:red}" in (output / "theme" / second).read_text(encoding="utf-8")

    article.write_text(article.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    refresh = site.refresh({article})
    assert refresh.mode == "quick", refresh
    html = page.read_text(encoding="utf-8")
    assert "Thêm một câu." in html and STYLESHEET.search(html).group(1) == second
