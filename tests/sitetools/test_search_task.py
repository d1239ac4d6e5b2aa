"""`./inv search`: brings the whoosh index up to date from the last build, then ranks like the browser."""

from offline_search.static import StaticIndex
from sitetools.search import describe_search


def test_search_task_prints_ranked_results_with_scores(built_site):
    folder = built_site.parent / "search-index"
    first = describe_search("chu ky so", folder=folder, limit=3)
    assert "chỉ mục whoosh cập nhật" in first.splitlines()[0]  # the first use indexes the build's documents
    again = describe_search("chu ky so", folder=folder, limit=3)
    assert "cập nhật" not in again  # nothing changed since
    lines = again.splitlines()
    assert "kết quả" in lines[0] and lines[1].lstrip().startswith("1.")
    _, hits = StaticIndex(built_site / "tim-kiem" / "chi-muc").search("chu ky so", limit=1)
    assert f"/{hits[0][2][1]}" in lines[2]  # the browser's first result is the terminal's first
    assert describe_search("!!!", folder=folder) == "Hãy nhập chữ hoặc số để tìm."
