"""The whoosh index, its incremental updates, the ranking and the exported static index."""

from dataclasses import replace
from datetime import datetime

import pytest

from offline_search.export import decode_varints, encode_varints, export_static
from offline_search.index import SearchDocument, update_index
from offline_search.ranking import search
from offline_search.static import StaticIndex


def doc(key, title, body="", lead="", category="Chuyển đổi số", slug="chuyen-doi-so", year=2020, **extra):
    return SearchDocument(key=key, url=f"tin/{key}/", title=title, lead=lead, body=body, category=category,
                          category_slug=slug, date=datetime(year, 5, 1, 8, 0) if year else None,
                          kind="article" if year else "page", snippet=lead or body[:80], **extra)


DOCS = [
    doc("ky-so", "Cấp chữ ký số chuyên dùng cho cán bộ", "Chữ ký số giúp ký văn bản điện tử trên môi trường mạng.",
        lead="Tỉnh triển khai chữ ký số.", year=2019),
    doc("chu-ky", "Chủ kỳ sổ sách của doanh nghiệp", "Chủ doanh nghiệp rà soát kỳ báo cáo và sổ sách.",
        category="Kinh tế", slug="kinh-te", year=2021),
    doc("duong-truyen", "Nâng cấp đường truyền số liệu chuyên dùng", "Đường truyền kết nối đến Đắk Lắk và các xã.",
        category="Hạ tầng", slug="ha-tang", year=2020),
    doc("rai-rac", "Hội nghị về số hoá", "Bàn chữ nghĩa, ký kết kế hoạch, số liệu thống kê.", year=2018),
    doc("gioi-thieu", "Giới thiệu cổng thông tin", "Cổng có chữ ký số của cơ quan.", category="", slug="", year=None),
]


@pytest.fixture
def indexed(tmp_path):
    update_index(tmp_path / "ix", DOCS)
    export_static(DOCS, tmp_path / "out", shard_bytes=300, chunk=2)
    return tmp_path


def keys(results):
    return [hit.key for hit in results.hits]


def test_varints_round_trip():
    values = [0, 1, 127, 128, 300, 16383, 16384, 2**31 + 5]
    data = encode_varints(values)
    assert decode_varints(data, 0, len(values)) == (values, len(data))


def test_typed_without_marks_finds_the_marked_words(indexed):
    assert keys(search(indexed / "ix", "chu ky so"))[:1] == ["ky-so"]
    assert keys(search(indexed / "ix", "duong truyen")) == ["duong-truyen"]
    assert keys(search(indexed / "ix", "dak lak")) == ["duong-truyen"]


def test_exact_marks_rank_first(indexed):
    assert keys(search(indexed / "ix", "chữ ký số"))[0] == "ky-so"
    assert keys(search(indexed / "ix", "chủ kỳ sổ"))[0] == "chu-ky"


def test_a_phrase_ranks_above_scattered_words(indexed):
    ranked = keys(search(indexed / "ix", "chu ky so"))
    assert ranked.index("ky-so") < ranked.index("rai-rac")


def test_every_word_is_required(indexed):
    assert search(indexed / "ix", "chữ ký số xyzabc").total == 0


def test_filters_by_category_and_year(indexed):
    assert keys(search(indexed / "ix", "chu ky", category="kinh-te")) == ["chu-ky"]
    assert keys(search(indexed / "ix", "so", year="2020")) == ["duong-truyen"]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "😀", "x" * 2000, "\u0301\u0300"])
def test_odd_queries_give_no_error(indexed, query):
    results = search(indexed / "ix", query)
    assert results.total >= 0
    assert StaticIndex(indexed / "out").search(query)[0] >= 0


@pytest.mark.parametrize("query", ["chu ky so", "chữ ký số", "chủ kỳ sổ", "so", "số", "dak lak", "cổng",
                                   "đường truyền chuyên dùng"])
def test_the_exported_index_ranks_like_whoosh(indexed, query):
    from_whoosh = search(indexed / "ix", query, limit=50)
    total, hits = StaticIndex(indexed / "out").search(query, limit=50)
    assert total == from_whoosh.total
    exported = {row[1]: score for score, _, row in hits}
    expected = {hit.url: hit.score for hit in from_whoosh.hits}
    assert exported.keys() == expected.keys()
    tolerance = 0.01 * max(expected.values(), default=1)  # scores are stored in 1/255 of each term's best
    for url, score in expected.items():
        assert exported[url] == pytest.approx(score, abs=tolerance)
    static_rank = {row[1]: i for i, (_, _, row) in enumerate(hits)}
    for better in from_whoosh.hits:  # the same order wherever the scores are not a near tie
        for worse in from_whoosh.hits:
            if better.score - worse.score > 2 * tolerance:
                assert static_rank[better.url] < static_rank[worse.url]


def test_a_query_reads_only_the_shards_of_its_terms(indexed):
    static = StaticIndex(indexed / "out")
    assert len(static.manifest["shards"]) > 5
    static.search("dak lak")
    shards = [name for name in static.fetched if name.startswith("t/")]
    assert 1 <= len(shards) <= 3


def test_only_what_changed_is_indexed_again(tmp_path):
    first = update_index(tmp_path, DOCS)
    assert (first.added, first.replaced, first.removed) == (5, 0, 0)
    assert not update_index(tmp_path, DOCS).changed
    changed = [replace(DOCS[0], body=DOCS[0].body + " Thêm chứng thư số.")] + DOCS[1:4]
    second = update_index(tmp_path, changed)
    assert (second.added, second.replaced, second.removed, second.unchanged) == (0, 1, 1, 3)
    assert keys(search(tmp_path, "chung thu")) == ["ky-so"]
    assert search(tmp_path, "gioi thieu cong").total == 0


def test_documents_with_no_text_are_indexed_without_error(tmp_path):
    empty = [doc("trong", "", ""), doc("anh", "Ảnh", "")]
    update_index(tmp_path / "ix", empty)
    export_static(empty, tmp_path / "out")
    assert keys(search(tmp_path / "ix", "anh")) == ["anh"]
    assert StaticIndex(tmp_path / "out").search("anh")[0] == 1


def test_duplicate_keys_are_refused(tmp_path):
    with pytest.raises(ValueError):
        update_index(tmp_path, [DOCS[0], DOCS[0]])


PHRASE_DOCS = [
    doc("dung", "Lớp học", "Hôm nay tập huấn kỹ năng số cho cán bộ.", year=2018),
    doc("gan-dung", "Tập huấn phổ cập kỹ năng số cho người dân", "Tập huấn, phổ cập kỹ năng.", year=2024),
]


def test_the_whole_phrase_ranks_above_its_words_in_a_title(tmp_path):
    update_index(tmp_path / "ix", PHRASE_DOCS)
    export_static(PHRASE_DOCS, tmp_path / "out")
    for query in ("tập huấn kỹ năng số", "tap huan ky nang so"):
        assert keys(search(tmp_path / "ix", query)) == ["dung", "gan-dung"]
        assert [row[1] for _, _, row in StaticIndex(tmp_path / "out").search(query)[1]] == ["tin/dung/", "tin/gan-dung/"]


def test_a_quoted_query_requires_the_phrase(tmp_path):
    update_index(tmp_path / "ix", PHRASE_DOCS)
    export_static(PHRASE_DOCS, tmp_path / "out")
    for query in ('"tập huấn kỹ năng số"', "“tap huan ky nang so”"):
        assert keys(search(tmp_path / "ix", query)) == ["dung"]
        assert StaticIndex(tmp_path / "out").search(query)[0] == 1


def test_related_terms_sit_in_the_same_shard_order():
    from offline_search.export import separator, term_key

    assert sorted([term_key("phrases", "chu ky"), term_key("words", "chua"), term_key("exact", "chư4"),
                   term_key("words", "chu")]) == ["chu", "chu\x01chư4", "chu ky", "chua"]
    assert separator("chu ky", "chua") == "chua" and separator("an", "bo") == "b"


def test_a_small_change_is_exported_as_a_delta_that_searches_like_a_full_export(tmp_path):
    from offline_search.incremental import export_incremental

    many = [doc(f"bai-{i:02d}", f"Tin số {i} về hạ tầng", f"Nội dung {i} về mạng truyền số liệu.", year=2000 + i % 20)
            for i in range(40)] + DOCS
    first, done = export_incremental(many, tmp_path / "out1", tmp_path / "cache")
    assert done["mode"] == "full" and first.documents == 45
    changed = [replace(d, body=d.body + " Bổ sung: khinh khí cầu.") if d.key == "duong-truyen" else d for d in many]
    changed = [d for d in changed if d.key != "rai-rac"] + [doc("moi", "Chữ ký số cho xã mới", "Chữ ký số.", year=2024)]
    second, done = export_incremental(changed, tmp_path / "out2", tmp_path / "cache")
    assert second is None and done == {"mode": "delta", "delta": 2, "deleted": 2}
    export_static(changed, tmp_path / "full")
    delta, full = StaticIndex(tmp_path / "out2"), StaticIndex(tmp_path / "full")
    for query in ("khinh khí cầu", "chu ky so", "duong truyen", "truyen so lieu", "hoi nghi so hoa"):
        total, hits = delta.search(query, limit=50)
        assert total == full.search(query, limit=50)[0], query
        assert {row[1] for _, _, row in hits} == {row[1] for _, _, row in full.search(query, limit=50)[1]}
    assert [row[1] for _, _, row in delta.search("khinh khí cầu")[1]] == ["tin/duong-truyen/"]
    assert delta.search("chu ky so", year="2024")[1][0][2][1] == "tin/moi/"
    assert delta.search("so", category="ha-tang")[0] == full.search("so", category="ha-tang")[0]
    # the main files are shared, not copied
    assert (tmp_path / "out2" / "t" / "0.bin").stat().st_ino == (tmp_path / "cache" / "main" / "t" / "0.bin").stat().st_ino


def test_a_large_change_makes_a_full_export(tmp_path):
    from offline_search.incremental import export_incremental

    many = [doc(f"bai-{i:02d}", f"Tin {i}", "Nội dung.", year=2010) for i in range(30)]
    export_incremental(many, tmp_path / "out", tmp_path / "cache")
    retitled = [replace(d, title=d.title + " (sửa)") for d in many]
    exported, done = export_incremental(retitled, tmp_path / "out", tmp_path / "cache")
    assert done["mode"] == "full" and exported.documents == 30
