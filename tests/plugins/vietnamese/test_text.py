import unicodedata

import pytest

from vietnamese.text import fold, nfc, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hội nghị trực tuyến toàn quốc", "hoi-nghi-truc-tuyen-toan-quoc"),
        ("Đắk Lắk triển khai chữ ký số", "dak-lak-trien-khai-chu-ky-so"),
        ("ĐỒNG THÁP: Ứng dụng CNTT", "dong-thap-ung-dung-cntt"),
        ("Tin tức - Sự kiện", "tin-tuc-su-kien"),
        ("Sở TT&TT tỉnh Quảng Trị", "so-tt-tt-tinh-quang-tri"),
        ("Quyết định số 1605/QĐ-TTg", "quyet-dinh-so-1605-qd-ttg"),
        ("  Thuỷ lợi — hoà bình  ", "thuy-loi-hoa-binh"),
        ("Năm 2026!!!", "nam-2026"),
    ],
)
def test_slugify_removes_diacritics_and_maps_d(title, slug):
    assert slugify(title) == slug


def test_slugify_is_the_same_for_nfd_and_nfc_input():
    text = "Chuyển đổi số"
    assert slugify(unicodedata.normalize("NFD", text)) == slugify(text) == "chuyen-doi-so"


def test_slugify_cuts_long_titles_at_a_word_boundary():
    slug = slugify("Ban Chỉ đạo Công nghệ thông tin tỉnh họp phiên đầu năm, góp ý ba dự thảo quy chế về chữ ký số và dịch vụ công")
    assert len(slug) <= 80
    assert not slug.endswith("-")
    assert slug.startswith("ban-chi-dao-cong-nghe-thong-tin-tinh-hop")
    assert all(part for part in slug.split("-"))


def test_fold_and_nfc():
    assert fold("Chữ ký số") == "Chu ky so"
    assert fold("Đường truyền") == "Duong truyen"
    assert nfc(unicodedata.normalize("NFD", "Ủy ban")) == "Ủy ban"
