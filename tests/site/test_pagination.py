"""Listings split into numbered pages at Vietnamese URLs."""

from pathlib import Path

from bs4 import BeautifulSoup

from sitetools.build import build_site, report

ROOT = Path(__file__).resolve().parents[2]


def test_category_pages_are_numbered_with_the_current_page_marked(tmp_path):
    folder = tmp_path / "content" / "articles" / "2020"
    folder.mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    for number in range(1, 27):
        (folder / f"bai-{number}.md").write_text(
            f"Title: Bản tin chuyển đổi số số {number}\nDate: 2020-03-{number:02d} 08:00\n"
            f"Category: Chuyển đổi số\nSummary: Tóm tắt bản tin {number}.\n\nNội dung bản tin số {number}.\n",
            encoding="utf-8",
        )
    output = tmp_path / "output"
    result = build_site(ROOT / "pelicanconf.py", output, {
        "PATH": str(tmp_path / "content"), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": ["chuyen-doi-so"],
        "STATIC_PATHS": [],
    })
    assert result.ok, report(result)
    base = output / "chuyen-muc" / "chuyen-doi-so"
    assert (base / "trang" / "2" / "index.html").exists()
    assert (base / "trang" / "3" / "index.html").exists()
    assert not (base / "trang" / "4").exists()
    second = BeautifulSoup((base / "trang" / "2" / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = second.find("nav", attrs={"aria-label": "Phân trang"})
    assert nav.find(attrs={"aria-current": "page"}).get_text(" ", strip=True).split()[-1] == "2"
    hrefs = {a["href"] for a in nav.find_all("a", href=True)}
    assert "/chuyen-muc/chuyen-doi-so/" in hrefs and "/chuyen-muc/chuyen-doi-so/trang/3/" in hrefs
    first = BeautifulSoup((base / "index.html").read_text(encoding="utf-8"), "html.parser")
    titles = [a.get_text(strip=True) for a in first.find("main").find_all("a") if "Bản tin" in a.get_text()]
    assert titles[0] == "Bản tin chuyển đổi số số 26"  # newest first
    assert "26" in first.find("h1").parent.get_text(" ", strip=True) or "26 bài" in first.get_text()
