from datetime import datetime

import pytest

from content_checks.checks import check_front_matter
from sitetools.newpost import write_new_article
from vietnamese.dates import VIETNAM_TZ


def test_new_article_is_a_dated_draft_that_passes_the_checks(tmp_path):
    now = datetime(2026, 11, 23, 21, 50, tzinfo=VIETNAM_TZ)
    path = write_new_article(tmp_path, "Đắk Lắk thử nghiệm trợ lý ảo", "Chuyển đổi số", now=now)
    assert path == tmp_path / "2026" / "dak-lak-thu-nghiem-tro-ly-ao.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Title: Đắk Lắk thử nghiệm trợ lý ảo\nDate: 2026-11-23 21:50\nCategory: Chuyển đổi số\n")
    assert "Status: draft" in text
    assert check_front_matter(text, str(path), require_date=True) == []


def test_new_article_refuses_to_overwrite_and_empty_titles(tmp_path):
    write_new_article(tmp_path, "Bài một", "Tin tức - Sự kiện")
    with pytest.raises(FileExistsError):
        write_new_article(tmp_path, "Bài một", "Tin tức - Sự kiện")
    with pytest.raises(ValueError):
        write_new_article(tmp_path, "   ", "Tin tức - Sự kiện")
