"""The production build: absolute URLs on the public address, no drafts."""

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from sitetools.build import build_site, report

ROOT = Path(__file__).resolve().parents[2]


def test_publish_build_uses_the_public_address_and_leaves_drafts_out(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_SITEURL", "https://skhcn.example.gov.vn")
    content = tmp_path / "content"
    for folder in ("pages", "images", "extra"):
        shutil.copytree(ROOT / "content" / folder, content / folder)
    (content / "articles").mkdir()
    (content / "articles" / "nhap.md").write_text(
        "Title: Bản nháp chưa đăng\nDate: 2026-11-23 10:00\nCategory: Chuyển đổi số\nStatus: draft\n\nNháp.\n",
        encoding="utf-8")
    (content / "articles" / "that.md").write_text(
        "Title: Bài đã đăng\nDate: 2026-11-22 10:00\nCategory: Chuyển đổi số\n\n"
        "![Biểu đồ]({static}/images/2026/ho-so-truc-tuyen-cap-xa.svg \"Chú thích\")\n",
        encoding="utf-8")
    output = tmp_path / "output"
    result = build_site(ROOT / "publishconf.py", output, {"PATH": str(content), "PORTAL_HOME_CATEGORIES": []} | {
        "PORTAL_MENU": [{"title": "Trang chủ", "url": ""}, {"category": "chuyen-doi-so"}, {"page": "so-do-cong"}]})
    assert result.ok, report(result)
    article = BeautifulSoup((output / "tin/2026/11/bai-da-dang/index.html").read_text(encoding="utf-8"), "html.parser")
    assert article.find("link", rel="canonical")["href"] == "https://skhcn.example.gov.vn/tin/2026/11/bai-da-dang/"
    assert article.find("meta", property="og:image")["content"] == (
        "https://skhcn.example.gov.vn/images/2026/ho-so-truc-tuyen-cap-xa.svg")
    assert not (output / "ban-nhap").exists()
    everything = " ".join(p.read_text(encoding="utf-8") for p in output.rglob("*") if p.suffix in (".html", ".xml"))
    assert "Bản nháp chưa đăng" not in everything
    assert not re.search(r"https://skhcn\.example\.gov\.vnhttps", everything)
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://skhcn.example.gov.vn/tin/2026/11/bai-da-dang/</loc>" in sitemap
