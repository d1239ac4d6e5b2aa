"""related_news.scoring: the related lists on a small Vietnamese fixture written for these tests.

Four topics, four short articles each (chữ ký số, dịch vụ công trực tuyến, an
toàn thông tin, khoa học nông nghiệp). The texts are made up for the tests.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from related_news.reference import tfidf_reference_lists
from related_news.scoring import Document, RelatedConfig, explain, related_lists
from related_news.vocabulary import FUNCTION_WORDS

# (topic, title, lead, body)
ARTICLES = [
    ("ky-so", "Cấp chứng thư chữ ký số cho cán bộ cấp xã",
     "Sở Thông tin và Truyền thông phối hợp Ban Cơ yếu cấp chứng thư chữ ký số chuyên dùng cho cán bộ cấp xã.",
     "Mỗi cán bộ được cấp thiết bị ký số và hướng dẫn ký số văn bản điện tử. Chữ ký số giúp văn bản có giá trị "
     "pháp lý như bản giấy. Chứng thư số được gia hạn định kỳ, mất thiết bị phải báo thu hồi ngay."),
    ("ky-so", "Ký số trên điện thoại di động: nhanh và an toàn",
     "Dịch vụ chữ ký số từ xa cho phép ký số văn bản ngay trên điện thoại di động.",
     "Người dùng xác thực bằng mã OTP rồi ký số hợp đồng, hóa đơn. Chứng thư số lưu tại nhà cung cấp dịch vụ "
     "chứng thực chữ ký số, khóa bí mật không rời khỏi thiết bị bảo mật. Doanh nghiệp tiết kiệm thời gian ký số."),
    ("ky-so", "Toàn tỉnh có hơn 3.000 chứng thư chữ ký số chuyên dùng",
     "Tỷ lệ văn bản điện tử được ký số trong cơ quan nhà nước đạt trên 90%.",
     "Chứng thư chữ ký số chuyên dùng đã được cấp cho lãnh đạo và văn thư các cơ quan. Văn bản đi được ký số "
     "trước khi phát hành trên hệ thống quản lý văn bản. Thiết bị ký số hỏng được thay mới, chứng thư hết hạn "
     "được gia hạn."),
    ("ky-so", "Hướng dẫn gia hạn chứng thư chữ ký số",
     "Chứng thư chữ ký số sắp hết hạn cần được gia hạn trước 30 ngày.",
     "Đơn vị gửi văn bản đề nghị gia hạn chứng thư số kèm danh sách thiết bị ký số. Sau khi gia hạn, người dùng "
     "cài lại phần mềm ký số và kiểm tra chữ ký số trên văn bản điện tử thử nghiệm."),
    ("dvc", "Nộp hồ sơ qua dịch vụ công trực tuyến toàn trình",
     "Người dân nộp hồ sơ thủ tục hành chính qua Cổng dịch vụ công mà không phải đến bộ phận một cửa.",
     "Hồ sơ trực tuyến được tiếp nhận, xử lý và trả kết quả qua mạng. Người dân thanh toán lệ phí trực tuyến, "
     "tra cứu tình trạng hồ sơ bằng mã hồ sơ. Tỷ lệ hồ sơ trực tuyến toàn trình tăng mạnh trong năm."),
    ("dvc", "Cổng dịch vụ công của tỉnh tích hợp thanh toán trực tuyến",
     "Các thủ tục hành chính trên Cổng dịch vụ công đã cho phép thanh toán phí, lệ phí trực tuyến.",
     "Người dân chọn thủ tục, điền tờ khai, đính kèm hồ sơ và thanh toán trực tuyến. Kết quả giải quyết thủ tục "
     "hành chính được trả qua bưu chính công ích hoặc tài khoản trên cổng dịch vụ công."),
    ("dvc", "Bộ phận một cửa hướng dẫn người dân dùng dịch vụ công trực tuyến",
     "Cán bộ bộ phận một cửa cấp huyện hướng dẫn người dân tạo tài khoản và nộp hồ sơ trực tuyến.",
     "Tổ hỗ trợ giúp người dân số hóa giấy tờ, nộp hồ sơ thủ tục hành chính trên Cổng dịch vụ công. "
     "Hồ sơ trực tuyến được xử lý đúng hạn, người dân không phải đi lại nhiều lần."),
    ("dvc", "Đánh giá mức độ hài lòng với dịch vụ công trực tuyến",
     "Khảo sát cho thấy người dân hài lòng với thủ tục hành chính giải quyết qua dịch vụ công trực tuyến.",
     "Phiếu đánh giá trên Cổng dịch vụ công ghi nhận thời gian xử lý hồ sơ rút ngắn. Một số thủ tục hành chính "
     "còn yêu cầu nộp bản giấy, cần đơn giản hóa để tăng tỷ lệ hồ sơ trực tuyến toàn trình."),
    ("attt", "Cảnh báo mã độc tống tiền tấn công hệ thống thông tin",
     "Trung tâm giám sát an toàn không gian mạng cảnh báo chiến dịch mã độc tống tiền nhắm vào máy chủ.",
     "Mã độc mã hóa dữ liệu và đòi tiền chuộc. Các đơn vị cần sao lưu dữ liệu, vá lỗ hổng bảo mật, giám sát "
     "an toàn thông tin và báo cáo sự cố về đội ứng cứu sự cố máy tính của tỉnh."),
    ("attt", "Diễn tập ứng cứu sự cố an toàn thông tin mạng",
     "Đội ứng cứu sự cố an toàn thông tin của tỉnh diễn tập xử lý tấn công mạng vào cổng thông tin điện tử.",
     "Tình huống giả định tin tặc khai thác lỗ hổng bảo mật, cài mã độc và thay đổi giao diện trang tin. "
     "Các thành viên phát hiện, cô lập máy chủ, khôi phục dữ liệu và rút kinh nghiệm bảo đảm an toàn thông tin."),
    ("attt", "Vá lỗ hổng bảo mật nghiêm trọng trên phần mềm quản lý",
     "Cục An toàn thông tin đề nghị các cơ quan khẩn trương vá lỗ hổng bảo mật vừa được công bố.",
     "Lỗ hổng cho phép tin tặc chiếm quyền điều khiển máy chủ từ xa để cài mã độc. Quản trị viên cần cập nhật "
     "bản vá, rà soát nhật ký hệ thống và giám sát an toàn thông tin liên tục."),
    ("attt", "Phòng chống lừa đảo trực tuyến và tấn công mạng",
     "Người dùng cần cảnh giác với tin nhắn giả mạo chứa đường link cài mã độc đánh cắp dữ liệu.",
     "Tin tặc giả mạo cơ quan nhà nước để lừa đảo, chiếm đoạt tài khoản. Không cài ứng dụng lạ, bật xác thực "
     "hai lớp và báo cáo sự cố an toàn thông tin cho cơ quan chức năng khi bị tấn công mạng."),
    ("nong-nghiep", "Ứng dụng giống lúa chịu mặn trên đồng ruộng ven biển",
     "Trung tâm ứng dụng tiến bộ khoa học đưa giống lúa chịu mặn vào sản xuất cho nông dân vùng ven biển.",
     "Giống lúa mới cho năng suất cao, chống chịu sâu bệnh và nước mặn xâm nhập. Nông dân được tập huấn kỹ thuật "
     "gieo cấy, bón phân hữu cơ. Mô hình trình diễn trên cánh đồng lúa cho thu hoạch vượt kỳ vọng."),
    ("nong-nghiep", "Nghiên cứu phân bón hữu cơ vi sinh cho cây hồ tiêu",
     "Đề tài khoa học cấp tỉnh nghiên cứu phân bón hữu cơ vi sinh giúp cây hồ tiêu sinh trưởng tốt.",
     "Phân hữu cơ vi sinh cải tạo đất, giảm sâu bệnh hại rễ. Nông dân áp dụng quy trình bón phân mới thu hoạch "
     "hồ tiêu năng suất cao hơn, giảm chi phí phân bón hóa học trong sản xuất nông nghiệp."),
    ("nong-nghiep", "Chuyển giao kỹ thuật trồng nấm cho nông dân miền núi",
     "Kỹ thuật trồng nấm trên phụ phẩm nông nghiệp được chuyển giao cho hộ nông dân miền núi.",
     "Nông dân tận dụng rơm rạ, mùn cưa để trồng nấm, vừa bảo vệ môi trường vừa tăng thu nhập. Cán bộ kỹ thuật "
     "hướng dẫn xử lý giá thể, chăm sóc và thu hoạch nấm đạt năng suất cao."),
    ("nong-nghiep", "Nhân giống cây dược liệu bằng nuôi cấy mô",
     "Phòng thí nghiệm nuôi cấy mô nhân giống cây dược liệu sạch bệnh cung cấp cho nông dân.",
     "Cây giống nuôi cấy mô đồng đều, sạch sâu bệnh, thích nghi tốt khi đưa ra đồng ruộng. Nông dân trồng dược "
     "liệu dưới tán rừng được hỗ trợ kỹ thuật chăm sóc, thu hoạch và tiêu thụ sản phẩm nông nghiệp."),
]

CATEGORIES = {"ky-so": "Chính quyền điện tử", "dvc": "Chính quyền điện tử",
              "attt": "An toàn thông tin", "nong-nghiep": "Khoa học - Công nghệ"}


def _documents(articles=ARTICLES, with_metadata: bool = False) -> list[Document]:
    start = datetime(2024, 3, 1, 8, 0)
    docs = []
    for index, (topic, title, lead, body) in enumerate(articles):
        extra = {}
        if with_metadata:
            extra = {"category": CATEGORIES[topic], "tags": (topic,), "date": start + timedelta(days=7 * index)}
        docs.append(Document(key=f"{topic}-{index:02d}", title=title, lead=lead, body=body, **extra))
    return docs


def _topic(key: str) -> str:
    return key.rsplit("-", 1)[0]


@pytest.fixture(scope="module")
def lists():
    return related_lists(_documents())


def test_top_neighbours_are_on_the_same_topic(lists):
    hits = 0
    for key, items in lists.items():
        assert items, key
        first_two = [other for other, _ in items[:2]]
        assert all(_topic(other) == _topic(key) for other in first_two), (key, items)
        hits += sum(_topic(other) == _topic(key) for other, _ in items[:3])
    assert hits / (3 * len(lists)) >= 0.9


def test_every_article_gets_a_list_best_first_never_itself(lists):
    assert set(lists) == {doc.key for doc in _documents()}
    for key, items in lists.items():
        others = [other for other, _ in items]
        assert key not in others
        assert len(others) == len(set(others))
        scores = [score for _, score in items]
        assert scores == sorted(scores, reverse=True)
        assert len(items) <= RelatedConfig().max_items


def test_max_items_is_respected():
    for limit in (0, 1, 3):
        result = related_lists(_documents(), RelatedConfig(max_items=limit))
        assert all(len(items) <= limit for items in result.values())
    assert all(items == [] for items in related_lists(_documents(), RelatedConfig(max_items=0)).values())


def test_same_content_same_lists_whatever_the_input_order(lists):
    docs = _documents(with_metadata=True)
    expected = related_lists(docs)
    for seed in (1, 2, 3):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert related_lists(shuffled) == expected


def test_nfc_and_nfd_inputs_give_the_same_lists(lists):
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    decomposed = [replace(doc, title=nfd(doc.title), lead=nfd(doc.lead), body=nfd(doc.body)) for doc in _documents()]
    assert decomposed[0].title != _documents()[0].title
    assert related_lists(decomposed) == lists


def test_shared_category_and_tags_raise_the_rank():
    docs = _documents()
    target = docs[0]
    plain = related_lists(docs, RelatedConfig(max_items=15, min_score=0))[target.key]
    ranked = [other for other, _ in plain]
    low = ranked[-1]  # the weakest related article
    for field, value, name in (("category", "Chuyên mục X", "category_boost"), ("tags", ("thẻ riêng",), "tag_boost"),
                               ("departments", ("Phòng Công nghệ thông tin",), "department_boost")):
        boosted_docs = [replace(d, **{field: value}) if d.key in (target.key, low) else d for d in docs]
        default = related_lists(boosted_docs, RelatedConfig(max_items=15, min_score=0))[target.key]
        default = [other for other, _ in default]
        assert default.index(low) < ranked.index(low), field  # the default boosts already count
        strong = RelatedConfig(max_items=15, min_score=0, **{name: 1.0})
        assert related_lists(boosted_docs, strong)[target.key][0][0] == low, field
        off = RelatedConfig(max_items=15, min_score=0, **{name: 0.0})
        assert [o for o, _ in related_lists(boosted_docs, off)[target.key]] == ranked, field


def test_time_boost_prefers_close_dates():
    docs = _documents(with_metadata=True)
    target = docs[0]
    far = related_lists(docs, RelatedConfig(max_items=15, min_score=0))[target.key]
    last = far[-1][0]
    moved = [replace(d, date=target.date + timedelta(hours=1)) if d.key == last else d for d in docs]
    near = related_lists(moved, RelatedConfig(max_items=15, min_score=0, time_boost=1.0, time_scale_days=3))
    assert [other for other, _ in near[target.key]][0] == last


def test_degenerate_inputs_do_not_crash():
    assert related_lists([]) == {}
    empty = [Document(key=f"trong-{i}", title="", lead="", body="") for i in range(4)]
    assert related_lists(empty) == {doc.key: [] for doc in empty}
    docs = _documents() + [
        Document(key="chi-co-anh", title="", lead="", body=""),  # an image-only article: no text at all
        Document(key="mot-tu", title="Nông", lead="", body=""),
        Document(key="ngan-lan", title="", lead="", body=" ".join(["mã"] * 1000)),
        Document(key="ky-tu-la", title="!!! ??? 2024 ...", lead="—", body="12/3/2024 50% 1.000"),
        Document(key="chi-hu-tu", title="của và các", lead="được trong cho", body="với là những đã này"),
    ]
    result = related_lists(docs)
    assert set(result) == {doc.key for doc in docs}
    assert result["chi-co-anh"] == []
    assert result["ky-tu-la"] == []
    for key, items in result.items():
        assert key not in [other for other, _ in items]
    # a thousand copies of one word: whatever it gets, it shares that word
    assert all("mã" in (d.title + d.lead + d.body).lower() for d in docs
               for other, _ in result["ngan-lan"] if d.key == other)
    # the function words alone never make a list
    assert result["chi-hu-tu"] == [] or all(score < 0.2 for _, score in result["chi-hu-tu"])


def test_two_documents_and_one_document():
    one = _documents()[:1]
    assert related_lists(one) == {one[0].key: []}
    two = _documents()[:2]
    result = related_lists(two)
    assert result[two[0].key][0][0] == two[1].key
    assert result[two[1].key][0][0] == two[0].key


def test_duplicate_keys_are_refused():
    doc = _documents()[0]
    with pytest.raises(ValueError):
        related_lists([doc, doc])


def test_explain_names_the_shared_terms_with_diacritics():
    docs = _documents(with_metadata=True)
    terms = explain(docs, "ky-so-00", "ky-so-03")
    words = [term for term, _ in terms if not term.startswith("[")]
    assert words and len(words) <= 8
    assert any(term in ("chứng thư", "ký số", "chữ ký", "gia hạn", "chứng thư số", "thư số") for term in words), terms
    values = [value for term, value in terms if not term.startswith("[")]
    assert values == sorted(values, reverse=True) and all(v > 0 for v in values)
    assert ("[cùng chuyên mục]", RelatedConfig().category_boost) in terms
    assert any(term == "[cùng thẻ]" for term, _ in terms)


def test_explain_adds_up_to_the_listed_score():
    docs = _documents(with_metadata=True)
    listed = dict(related_lists(docs)["attt-08"])
    other = next(iter(listed))
    parts = explain(docs, "attt-08", other, top=10_000)
    assert sum(value for _, value in parts) == pytest.approx(listed[other], abs=1e-4)


def test_function_words_never_dominate_explain():
    docs = _documents()
    for key, other in (("dvc-04", "dvc-05"), ("nong-nghiep-12", "nong-nghiep-13"), ("attt-09", "attt-10")):
        words = [term for term, _ in explain(docs, key, other) if not term.startswith("[")]
        assert words
        assert all(term not in FUNCTION_WORDS for term in words[:3]), words
        pure = [term for term in words if all(part in FUNCTION_WORDS for part in term.split())]
        assert len(pure) <= 1, words


def test_explain_of_unrelated_or_unknown_articles():
    docs = _documents()
    assert explain(docs, "ky-so-00", "ky-so-00") == []
    with pytest.raises(KeyError):
        explain(docs, "ky-so-00", "khong-co")


def test_reference_lists():
    docs = _documents()
    reference = tfidf_reference_lists(docs, k=3)
    assert set(reference) == {doc.key for doc in docs}
    for key, others in reference.items():
        assert len(others) == 3 and key not in others
    hits = sum(_topic(o) == _topic(k) for k, others in reference.items() for o in others)
    assert hits / (3 * len(docs)) >= 0.8


def test_worker_processes_and_approximate_search_give_sensible_lists(monkeypatch, lists):
    import related_news.scoring as scoring

    docs = _documents()
    monkeypatch.setattr(scoring, "_PARALLEL_MIN_DOCS", 1)
    monkeypatch.setattr(scoring, "_CHUNK_DOCS", 5)
    parallel = related_lists(docs, RelatedConfig(workers=2))
    assert parallel == related_lists(docs, RelatedConfig(workers=1))
    # other chunks number the words in another order: the same lists, scores equal to float precision
    for key, items in parallel.items():
        assert [o for o, _ in items] == [o for o, _ in lists[key]]
        assert [v for _, v in items] == pytest.approx([v for _, v in lists[key]], abs=1e-5)
    # the inverted-file search (used above exact_search_max articles) on the same fixture
    approximate = related_lists(docs, RelatedConfig(exact_search_max=4))
    for key, items in approximate.items():
        others = [other for other, _ in items]
        assert key not in others and len(others) == len(set(others))
        assert _topic(others[0]) == _topic(key)


def test_style_term_is_a_bonus_in_explain_and_off_at_zero(lists):
    docs = _documents()
    off = related_lists(docs, RelatedConfig(style_weight=0))
    on = related_lists(docs)
    assert on == lists
    for key, items in on.items():
        before = dict(off[key])
        for other, score in items:
            if other in before:
                # the style part is never negative, and at most style_weight
                assert before[other] - 1e-5 <= score <= before[other] + RelatedConfig().style_weight + 1e-5
    parts = dict(explain(docs, "attt-08", on["attt-08"][0][0], top=10_000))
    assert 0 < parts.get("[cùng văn phong]", 0) <= RelatedConfig().style_weight
    assert "[cùng văn phong]" not in dict(explain(docs, "attt-08", on["attt-08"][0][0], RelatedConfig(style_weight=0)))
