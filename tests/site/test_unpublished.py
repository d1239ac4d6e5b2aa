"""Drafts and articles dated in the future stay out of everything a reader can reach."""

import gzip
import json
from pathlib import Path

from sitetools.build import build_site, report

ROOT = Path(__file__).resolve().parents[2]
BODY = ("Sở Tư pháp tổ chức hội nghị tập huấn chữ ký số và dịch vụ công trực tuyến cho cán bộ "
        "các xã, phường; hội nghị bàn cách số hoá hồ sơ, cấp chữ ký số và ký văn bản điện tử.\n")
ARTICLES = {
    "dang.md": ("Tập huấn chữ ký số cho cán bộ xã", "2026-11-02 08:00", ""),
    "cu.md": ("Hội nghị chữ ký số năm trước", "2025-10-02 08:00", ""),
    "nhap.md": ("Bản nháp tuyệt mật về chữ ký số", "2026-11-03 08:00", "Status: draft\n"),
    "hen-gio.md": ("Bài hẹn giờ đăng năm sau về chữ ký số", "2099-01-05 08:00", ""),
}


def readable(path: Path) -> str:
    """A file's text; the search index's files are gzip (its shards hold terms, in UTF-8, among binary)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def test_drafts_and_scheduled_articles_are_nowhere_public(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    for name, (title, date, extra) in ARTICLES.items():
        (content / "articles" / name).write_text(
            f"Title: {title}\nDate: {date}\nCategory: Chuyển đổi số\nTags: chữ ký số\n{extra}\n{BODY}", encoding="utf-8")
    output = tmp_path / "output"
    result = build_site(ROOT / "pelicanconf.py", output, {
        "PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": [],
        "SEARCH_INDEX_PATH": str(tmp_path / "search-index"), "DEPARTMENTS_FILE": str(ROOT / "content" / "don-vi.toml")})
    assert result.ok, report(result)

    public = [p for p in output.rglob("*") if p.is_file() and "ban-nhap" not in p.parts]
    text = {p: readable(p) for p in public if p.suffix in (".html", ".xml", ".txt", ".json", ".bin")}
    for hidden in ("Bản nháp tuyệt mật", "Bài hẹn giờ đăng"):
        leaks = [str(p.relative_to(output)) for p, page in text.items() if hidden in page]
        assert leaks == [], f"{hidden!r} leaks into {leaks}"
    # what a reader can reach does carry the published articles: the checks above are not vacuous
    department = output / "don-vi" / "so-tu-phap" / "index.html"
    assert "Tập huấn chữ ký số" in department.read_text(encoding="utf-8")
    related = (output / "tin/2026/11/tap-huan-chu-ky-so-cho-can-bo-xa/index.html").read_text(encoding="utf-8")
    assert "Hội nghị chữ ký số năm trước" in related
    assert "tap-huan-chu-ky-so-cho-can-bo-xa" in (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "Tập huấn chữ ký số" in (output / "feeds" / "tat-ca.atom.xml").read_text(encoding="utf-8")
    rows = []
    for chunk in sorted((output / "tim-kiem" / "chi-muc" / "d").iterdir()):
        rows += json.loads(readable(chunk))
    assert sorted(row[0] for row in rows) == ["Hội nghị chữ ký số năm trước", "Tập huấn chữ ký số cho cán bộ xã"]
    # drafts stay previewable locally, in ban-nhap/ only (publishconf.py writes none)
    assert (output / "ban-nhap").exists()
