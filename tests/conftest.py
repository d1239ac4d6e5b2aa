"""Shared fixtures: the project's modules on sys.path, one built sample site per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "plugins"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


@pytest.fixture(scope="session", autouse=True)
def private_search_index(tmp_path_factory):
    """Test builds keep their whoosh index out of the project's cache folder."""
    from offline_search import glue

    glue.DEFAULTS["SEARCH_INDEX_PATH"] = str(tmp_path_factory.mktemp("search-index"))
    from asset_pipeline import glue as asset_glue  # and their .gz cache (publish builds)

    asset_glue.DEFAULTS["ASSET_PIPELINE_CACHE"] = str(tmp_path_factory.mktemp("gzip-cache"))


SEARCH_ARTICLES = {
    "2024/ky-so.md": "Title: Cấp chữ ký số chuyên dùng cho cán bộ xã\nDate: 2024-03-05 09:00\nCategory: Chuyển đổi số\n"
                     "Summary: Tỉnh cấp thêm chữ ký số cho cán bộ các xã, phường.\n\nChữ ký số giúp ký văn bản điện tử.\n",
    "2025/chu-ky.md": "Title: Chủ kỳ sổ sách doanh nghiệp\nDate: 2025-01-10 08:00\nCategory: Kinh tế\n\n"
                      "Chủ doanh nghiệp rà soát kỳ báo cáo, sổ sách.\n",
    "2023/duong-truyen.md": "Title: Nâng cấp đường truyền số liệu đến Đắk Lắk\nDate: 2023-06-01 10:00\n"
                            "Category: Hạ tầng\n\nĐường truyền chuyên dùng được nâng cấp.\n",
    "2026/xss.md": "Title: Thử <script>alert(1)</script> và <img src=x onerror=alert(2)> trong tiêu đề\n"
                   "Date: 2026-01-02 08:00\nCategory: Kinh tế\n\nBài kiểm tra an toàn hiển thị chữ ký.\n",
    "2026/nhap.md": "Title: Bản nháp về chữ ký số bí mật\nDate: 2026-02-02 08:00\nCategory: Kinh tế\nStatus: draft\n\n"
                    "Bản nháp chưa đăng: từ khóa riêng zyxwvu.\n",
}


@pytest.fixture(scope="session")
def search_site(tmp_path_factory):
    """A tiny portal for search: marked and unmarked look-alikes, a title with HTML, a draft."""
    from sitetools.build import build_site, report

    folder = tmp_path_factory.mktemp("search-site")
    for name, text in SEARCH_ARTICLES.items():
        path = folder / "content" / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "content" / "pages").mkdir()
    output = folder / "output"
    result = build_site(ROOT / "pelicanconf.py", output, overrides={
        "PATH": str(folder / "content"), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": [],
        "SEARCH_INDEX_PATH": str(folder / "search-index")})
    assert result.ok, report(result)
    return output


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The sample portal built once into a temp dir with the development settings."""
    from sitetools.build import build_site, report

    folder = tmp_path_factory.mktemp("site")
    output = folder / "output"
    result = build_site(ROOT / "pelicanconf.py", output, overrides={"SEARCH_INDEX_PATH": str(folder / "search-index")})
    assert result.ok, report(result)
    return output


def _served(folder):
    from sitetools.serve import serve_in_background

    server, base_url = serve_in_background(folder)
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built sample site served on 127.0.0.1 for the browser tests; yields its base URL."""
    yield from _served(built_site)


@pytest.fixture(scope="session")
def search_server(search_site):
    """The tiny search portal served on 127.0.0.1; yields its base URL."""
    yield from _served(search_site)
