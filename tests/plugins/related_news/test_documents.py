import unicodedata

from related_news.documents import make_document, parse_related_field


def test_related_field_pins_slugs_in_order_and_can_switch_off():
    assert parse_related_field(None) == ([], False)
    assert parse_related_field("bai-a, bai-b ,bai-a") == (["bai-a", "bai-b"], False)
    assert parse_related_field("/tin/2017/11/bai-c/") == (["bai-c"], False)
    for off in ("off", "không", "Không", "tắt"):
        assert parse_related_field(off) == ([], True)


def test_make_document_strips_html_and_normalises_to_nfc():
    document = make_document(
        "k", unicodedata.normalize("NFD", "Chữ ký số"), "<p>Sở <b>TT&amp;TT</b></p>",
        '<p>Nội dung</p><figure><img alt="x" src="a.svg"><figcaption>Chú thích</figcaption></figure>',
        tags=["b", "a"],
    )
    assert document.title == "Chữ ký số" and unicodedata.is_normalized("NFC", document.title)
    assert document.lead == "Sở TT&TT"
    assert document.body == "Nội dung Chú thích"
    assert document.tags == ("a", "b")
