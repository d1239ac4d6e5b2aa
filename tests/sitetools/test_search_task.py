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


def test_whoosh_is_written_whole_by_a_full_build_and_past_the_limit_left_to_the_task(tmp_path):
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    for name, title in (("bai", "Đường truyền số liệu"), ("khac", "Hội nghị chuyển đổi số")):
        (content / f"{name}.md").write_text(f"Title: {title}\nDate: 2024-01-02 08:00\nCategory: Hạ tầng\n\n"
                                            "Nâng cấp đường truyền.\n", encoding="utf-8")
    folder = tmp_path / "search-index"
    overrides = {"PATH": str(tmp_path / "content"), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [],
                 "STATIC_PATHS": [], "SEARCH_INDEX_PATH": str(folder), "SEARCH_WHOOSH_BUILD_LIMIT": 0}
    result = build_site(ROOT / "pelicanconf.py", tmp_path / "output", overrides=overrides)
    assert result.ok, report(result)
    # a full export: whoosh written whole from its postings, whatever the limit
    assert list(folder.glob("*.toc")) and "cập nhật" not in describe_search("duong truyen", folder=folder)
    (content / "bai.md").write_text("Title: Đường truyền cáp quang\nDate: 2024-01-02 08:00\nCategory: Hạ tầng\n\n"
                                    "Nâng cấp đường truyền.\n", encoding="utf-8")
    result = build_site(ROOT / "pelicanconf.py", tmp_path / "output", overrides=overrides)
    assert result.ok, report(result)
    # a delta export, and more changes than SEARCH_WHOOSH_BUILD_LIMIT: the task updates whoosh
    text = describe_search("cap quang", folder=folder)
    assert "cập nhật: 0 thêm, 1 sửa" in text and "Đường truyền cáp quang" in text
