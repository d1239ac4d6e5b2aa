"""`./inv search`: the whoosh index of the last build, ranked as the browser ranks."""

from pathlib import Path

from offline_search.static import StaticIndex
from sitetools.build import build_site, report
from sitetools.search import describe_search

ROOT = Path(__file__).resolve().parents[2]


def test_search_task_prints_ranked_results_with_scores(built_site):
    folder = built_site.parent / "search-index"
    text = describe_search("chu ky so", folder=folder, limit=3)
    assert "cập nhật" not in text  # the build indexed its few documents itself
    lines = text.splitlines()
    assert "kết quả" in lines[0] and lines[1].lstrip().startswith("1.")
    _, hits = StaticIndex(built_site / "tim-kiem" / "chi-muc").search("chu ky so", limit=1)
    assert f"/{hits[0][2][1]}" in lines[2]  # the browser's first result is the terminal's first
    assert describe_search("!!!", folder=folder) == "Hãy nhập chữ hoặc số để tìm."


def test_a_large_change_is_indexed_by_the_search_task_not_the_build(tmp_path):
    article = tmp_path / "content" / "articles" / "bai.md"
    article.parent.mkdir(parents=True)
    article.write_text("Title: Đường truyền số liệu\nDate: 2024-01-02 08:00\nCategory: Hạ tầng\n\n"
                       "Nâng cấp đường truyền.\n", encoding="utf-8")
    folder = tmp_path / "search-index"
    result = build_site(ROOT / "pelicanconf.py", tmp_path / "output", overrides={
        "PATH": str(tmp_path / "content"), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": [],
        "SEARCH_INDEX_PATH": str(folder), "SEARCH_WHOOSH_BUILD_LIMIT": 0})
    assert result.ok, report(result)
    assert (folder / "documents.pickle").exists() and not list(folder.glob("*.toc"))
    text = describe_search("duong truyen", folder=folder)
    assert "cập nhật: 1 thêm" in text and "Đường truyền số liệu" in text
