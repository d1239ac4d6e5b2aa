from pathlib import Path

import pytest

from sitetools.related import describe

ARTICLE = "Title: {title}\nDate: 2024-05-0{day} 09:00\nCategory: {category}\n{extra}\n{body}\n"


def write(folder: Path, name, title, category, body, day, extra=""):
    (folder / f"{name}.md").write_text(
        ARTICLE.format(title=title, category=category, body=body, day=day, extra=extra), encoding="utf-8")


def test_describe_lists_scores_and_reasons(tmp_path):
    body_a = "chữ ký số chuyên dùng được cấp cho lãnh đạo các sở để ký văn bản điện tử " * 4
    body_b = "diễn tập ứng cứu sự cố an toàn thông tin mạng phát hiện mã độc " * 4
    write(tmp_path, "a1", "Cấp chữ ký số cho lãnh đạo sở", "Chính quyền điện tử", body_a, 1)
    write(tmp_path, "a2", "Hướng dẫn ký văn bản bằng chữ ký số", "Chính quyền điện tử", body_a, 2)
    write(tmp_path, "a3", "Mở rộng chữ ký số chuyên dùng", "Chính quyền điện tử", body_a, 3, "Related: off")
    write(tmp_path, "b1", "Diễn tập an toàn thông tin", "An toàn thông tin", body_b, 4, "Related: cap-chu-ky-so-cho-lanh-dao-so")
    write(tmp_path, "b2", "Phát hiện mã độc trong diễn tập", "An toàn thông tin", body_b, 5)
    report = describe(tmp_path, "cap-chu-ky-so-cho-lanh-dao-so")
    assert report.splitlines()[0].startswith("Tin liên quan của: Cấp chữ ký số cho lãnh đạo sở")
    assert "huong-dan-ky-van-ban-bang-chu-ky-so" in report
    assert "vì: " in report and "chữ ký" in report
    assert "Related: off" in describe(tmp_path, "mo-rong-chu-ky-so-chuyen-dung")
    assert "1. [ghim] cap-chu-ky-so-cho-lanh-dao-so" in describe(tmp_path, "dien-tap-an-toan-thong-tin")
    with pytest.raises(KeyError, match="khong-co"):
        describe(tmp_path, "khong-co")
