"""Nothing an editor writes can inject script: payloads in every field, the built HTML checked as text and in Chromium."""

import gzip
from pathlib import Path

from sitetools.build import build_site, report

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>"
ARTICLE = f"""Title: Tiêu đề {PAYLOAD}
Date: 2026-11-20 08:00
Category: Chuyển đổi số {PAYLOAD}
Tags: thẻ {PAYLOAD}
Summary: Tóm tắt {PAYLOAD} <a href="javascript:alert(3)">liên kết</a>
Author: Tác giả {PAYLOAD}
Source: Nguồn {PAYLOAD}

Thân bài nói về Sở Thử Nghiệm. {PAYLOAD}

<div onclick="alert(4)" style="color:red">Dán từ Word <a href="javascript:alert(5)">bấm</a></div>

![Chú thích {PAYLOAD}](/khong-co.png "Chú thích <svg onload=alert(6)>")

<iframe src="https://evil.example/x"></iframe>
"""
DEPARTMENTS = f'''[[group]]
code = "so-ban-nganh"
name = "Sở, ban, ngành {PAYLOAD}"

[[unit]]
code = "so-thu"
name = "Sở Thử Nghiệm"
aliases = ["Sở Thử Nghiệm"]
website = "https://thu.example.gov.vn/"
group = "so-ban-nganh"

[[unit]]
code = "so-hai"
name = "Sở Hai {PAYLOAD}"
website = "https://hai.example.gov.vn/"
group = "so-ban-nganh"

[[banner]]
title = "Cổng {PAYLOAD}"
text = "Dòng chữ {PAYLOAD}"
url = "https://dichvucong.gov.vn/"
link_text = "Xem chi tiết"
'''


def executable(html: str) -> list[str]:
    """What in a page could run script: foreign script elements, event handlers, javascript: URLs, frames."""
    from bs4 import BeautifulSoup

    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name == "script" and not (element.get("src", "").startswith("/theme/js/")
                                             or element.get("type") in ("application/json", "application/ld+json")):
            found.append(str(element)[:80])
        if element.name == "form" and element.get("action") == "/tim-kiem/":
            continue  # the theme's own search forms
        if element.name in ("iframe", "object", "embed", "form", "base", "meta") and (
                element.name != "meta" or element.get("http-equiv")):
            found.append(str(element)[:80])
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or value.strip().lower().startswith(("javascript:", "data:text")):
                found.append(f"{element.name} {name}={value[:40]}")
    return found


def text_of(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8")


def test_payloads_in_every_field_come_out_as_text(tmp_path, browser):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "articles" / "xss.md").write_text(ARTICLE, encoding="utf-8")
    (content / "don-vi.toml").write_text(DEPARTMENTS, encoding="utf-8")
    from PIL import Image

    Image.new("RGB", (60, 40), "white").save(content / "khong-co.png")  # the photo the caption belongs to
    output = tmp_path / "output"
    result = build_site(ROOT / "pelicanconf.py", output, {
        "PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": [],
        "SEARCH_INDEX_PATH": str(tmp_path / "search-index")})
    assert result.ok, report(result)
    pages = [p for p in output.rglob("*") if p.suffix in (".html", ".xml", ".json")]
    leaks = {str(p.relative_to(output)): executable(text_of(p)) for p in pages if p.suffix == ".html"}
    raw_leaks = {str(p.relative_to(output)) for p in pages if p.suffix != ".html" and "<script>alert" in text_of(p)
                 and "&lt;script&gt;" not in text_of(p) and '\\u003cscript' not in text_of(p)}
    assert {path: found for path, found in leaks.items() if found} == {}
    assert not [p for p in raw_leaks if p.endswith(".xml")]  # feeds carry HTML escaped inside XML
    article = next(p for p in (output / "tin").rglob("index.html"))
    html = article.read_text(encoding="utf-8")
    assert "Tiêu đề &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in html  # shown as text, escaped
    assert "Sở Thử Nghiệm" in html and "Dán từ Word" in html

    from sitetools.serve import serve_in_background

    server, base = serve_in_background(output)
    try:
        page = browser.new_page(base_url=base)
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ("/", "/" + str(article.parent.relative_to(output)) + "/", "/don-vi/so-hai/", "/tim-kiem/?q=tieu+de"):
            page.goto(path)
            page.wait_for_timeout(300)
        assert dialogs == []
        page.close()
    finally:
        server.shutdown()
        server.server_close()
