"""A build with bad content stops, names every file and line, and keeps the old site."""

from pathlib import Path

from sitetools.build import build_site, report

ROOT = Path(__file__).resolve().parents[2]
GOOD = """Title: Hội nghị trực tuyến về chuyển đổi số
Date: 2026-11-20 09:00
Category: Chuyển đổi số
Summary: Sở Khoa học và Công nghệ dự hội nghị.
Author: Minh Hà
Source: Sở Khoa học và Công nghệ

Nội dung bài viết về chuyển đổi số.
"""


def tiny_site(tmp_path: Path) -> tuple[Path, dict]:
    content = tmp_path / "content"
    (content / "articles" / "2026").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "articles" / "2026" / "hoi-nghi.md").write_text(GOOD, encoding="utf-8")
    overrides = {"PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": []}
    return tmp_path / "output", overrides


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bad_date_and_missing_title_stop_the_build_and_keep_the_previous_site(tmp_path):
    output, overrides = tiny_site(tmp_path)
    first = build_site(ROOT / "pelicanconf.py", output, overrides)
    assert first.ok, report(first)
    before = snapshot(output)
    assert "tin/2026/11/hoi-nghi-truc-tuyen-ve-chuyen-doi-so/index.html" in before

    articles = tmp_path / "content" / "articles" / "2026"
    (articles / "ngay-sai.md").write_text(GOOD.replace("2026-11-20 09:00", "20/13/2026").replace("Hội nghị", "Ngày sai"), encoding="utf-8")
    (articles / "thieu-tieu-de.md").write_text(GOOD.replace("Title: Hội nghị trực tuyến về chuyển đổi số\n", ""), encoding="utf-8")
    (articles / "moi.md").write_text(GOOD.replace("Hội nghị", "Bài mới"), encoding="utf-8")

    second = build_site(ROOT / "pelicanconf.py", output, overrides)
    assert not second.ok
    text = report(second)
    assert "ngay-sai.md:2: Date: ngày “20/13/2026” không tồn tại" in text
    assert "thieu-tieu-de.md:1: thiếu tiêu đề" in text
    assert "được giữ nguyên" in text
    assert snapshot(output) == before  # not even the good new article leaked in
    assert not list(tmp_path.glob("output.*"))  # no staging folder left behind


def test_duplicate_slugs_name_both_files(tmp_path):
    output, overrides = tiny_site(tmp_path)
    articles = tmp_path / "content" / "articles" / "2026"
    (articles / "ban-sao.md").write_text(GOOD.replace("09:00", "10:00"), encoding="utf-8")
    result = build_site(ROOT / "pelicanconf.py", output, overrides)
    assert not result.ok
    message = " ".join(result.errors)
    assert "hoi-nghi-truc-tuyen-ve-chuyen-doi-so" in message
    assert "ban-sao.md" in message and "hoi-nghi.md" in message
    assert not output.exists()


def test_vietnamese_day_first_dates_are_read_day_first(tmp_path):
    output, overrides = tiny_site(tmp_path)
    page = tmp_path / "content" / "articles" / "2026" / "hoi-nghi.md"
    page.write_text(GOOD.replace("2026-11-20 09:00", "10/4/2019 08:30"), encoding="utf-8")
    result = build_site(ROOT / "pelicanconf.py", output, overrides)
    assert result.ok, report(result)
    html = (output / "tin/2019/04/hoi-nghi-truc-tuyen-ve-chuyen-doi-so/index.html").read_text(encoding="utf-8")
    assert 'datetime="2019-04-10T08:30:00+07:00"' in html
    assert "Thứ Tư, 10/04/2019 08:30" in html


def test_a_file_that_is_not_utf8_stops_the_build_naming_it_and_keeps_the_previous_site(tmp_path):
    output, overrides = tiny_site(tmp_path)
    assert build_site(ROOT / "pelicanconf.py", output, overrides).ok
    before = snapshot(output)
    (tmp_path / "content" / "articles" / "2026" / "word.md").write_bytes(
        b"Title: Bai tu Word\nDate: 2026-11-21\n\n\xd0\xcf\x11\xe0 n\xe1i dung\n")
    result = build_site(ROOT / "pelicanconf.py", output, overrides)
    assert not result.ok
    assert any("word.md:4: tệp không phải văn bản UTF-8" in line for line in result.errors), report(result)
    assert snapshot(output) == before


def test_a_link_to_an_article_that_does_not_exist_stops_the_build_with_file_and_line(tmp_path):
    output, overrides = tiny_site(tmp_path)
    articles = tmp_path / "content" / "articles" / "2026"
    (articles / "lien-ket.md").write_text(
        GOOD.replace("Hội nghị", "Bài liên kết").replace("Author:", "Tags: Chữ ký số\nAuthor:")
        + "\nXem [bài hội nghị](/tin/2026/11/hoi-nghi-truc-tuyen-ve-chuyen-doi-so/), [thẻ](/the/chu-ky-so/),\n"
          "[chuyên mục](/chuyen-muc/chuyen-doi-so/) và [bài gõ nhầm](/tin/2026/11/hoi-nghi-truc-tuyen/).\n",
        encoding="utf-8")
    result = build_site(ROOT / "pelicanconf.py", output, overrides)
    assert not result.ok
    assert len(result.errors) == 1, result.errors  # the good link passes; the bad one is said once
    message = result.errors[0]
    assert message.endswith(".md:12: liên kết /tin/2026/11/hoi-nghi-truc-tuyen/ trỏ tới địa chỉ không có trên cổng"
                            " (không có bài, chuyên mục, thẻ hay tệp nào ở đó); hãy chép lại địa chỉ đúng từ trang"
                            " của bài đó trên cổng, hoặc liên kết bằng tên tệp: [chữ]({filename}/articles/…/ten-bai.md)")
    assert "lien-ket.md" in message
    assert not output.exists()
