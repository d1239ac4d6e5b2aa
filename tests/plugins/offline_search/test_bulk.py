"""The whoosh index written whole from the export's postings (bulk.py) is the index whoosh's writer makes."""

import random
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from offline_search import bulk
from offline_search.bulk import BulkJob, write_index
from offline_search.export import export_static
from offline_search.index import SearchDocument, TEXT_FIELDS, open_index, update_index
from offline_search.ranking import search

SYLLABLES = ("chữ ký số chuyển đổi an toàn thông tin đường truyền Đắk Lắk hoà hòa thuỷ thủy Uỷ ban nhân dân "
             "tỉnh sở khoa học công nghệ cấp xã phường hội nghị triển khai kế hoạch văn bản điện tử dịch vụ "
             "trực tuyến dữ liệu hạ tầng mạng lưới cán bộ người dân doanh nghiệp").split()
CATEGORIES = [("Chuyển đổi số", "chuyen-doi-so"), ("Hạ tầng", "ha-tang"), ("Tin địa phương", "tin-dia-phuong")]


def corpus(count: int = 300, seed: int = 6) -> list[SearchDocument]:
    """Documents of random Vietnamese syllables: common words (posting lists over whoosh's block of 128),
    rare ones, pages without a date, labels, empty parts, a document with no text at all."""
    rng = random.Random(seed)

    def text(low, high):
        return " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))

    documents = []
    for number in range(count):
        category, slug = CATEGORIES[number % 3]
        dated = number % 17 != 0
        documents.append(SearchDocument(
            key=f"articles/{rng.randrange(10**6):06d}-{number}.md", url=f"tin/{number}/",
            title=text(3, 9).capitalize(), lead=text(0, 20) if number % 5 else "",
            body=". ".join(text(5, 30) for _ in range(rng.randint(0, 12))),
            category=category if dated else "", category_slug=slug if dated else "",
            labels=tuple(text(1, 3) for _ in range(number % 3)),
            date=datetime(2015, 1, 1) + timedelta(days=rng.randrange(4000), minutes=number) if dated else None,
            kind="article" if dated else "page", snippet=text(0, 10)))
    documents.append(SearchDocument(key="pages/trong.md", url="trong/", title="", kind="page"))
    return documents


QUERIES = ["chu ky so", "chữ ký số", "chủ kỳ sổ", "an toàn thông tin", "\"an toàn thông tin\"", "dak lak",
           "Đắk Lắk", "hoà", "thuỷ", "uy ban", "đường truyền số", "cán bộ người dân", "dich vu truc tuyen",
           "khoa", "xã", "không có", "!!!"] + SYLLABLES[::3]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The same corpus indexed by whoosh's writer (`update_index`) and by `bulk.write_index`, in one
    process ("bulk") and with its biggest field encoded by a forked helper ("helped")."""
    folder = tmp_path_factory.mktemp("bulk")
    documents = corpus()
    update_index(folder / "slow", documents)
    found = []
    export_static(documents, folder / "out", workers=1, on_postings=found.append)
    write_index(folder / "bulk", found[0])
    kept = bulk.HELPER_POSTINGS
    bulk.HELPER_POSTINGS = 0
    try:
        write_index(folder / "helped", found[0])
    finally:
        bulk.HELPER_POSTINGS = kept
    return folder, documents


@pytest.mark.parametrize("way", ["bulk", "helped"])
def test_the_bulk_index_holds_what_whoosh_writes(both, way):
    folder, documents = both
    with open_index(folder / "slow").reader() as slow, open_index(folder / way).reader() as bulk:
        assert bulk.doc_count() == slow.doc_count() == len(documents)
        assert list(bulk.all_stored_fields()) == list(slow.all_stored_fields())
        for field in TEXT_FIELDS:
            assert bulk.field_length(field) == slow.field_length(field)
            assert bulk.max_field_length(field) == slow.max_field_length(field)
            assert [bulk.doc_field_length(d, field) for d in range(len(documents))] == \
                   [slow.doc_field_length(d, field) for d in range(len(documents))]
        terms = list(slow.all_terms())
        assert list(bulk.all_terms()) == terms
        assert any(slow.doc_frequency(f, t) > 128 for f, t in terms)  # several posting blocks were written
        for field, term in terms:
            assert vars(bulk.term_info(field, term)) == vars(slow.term_info(field, term)), (field, term)
        assert list(bulk.iter_postings()) == list(slow.iter_postings())


@pytest.mark.parametrize("query", QUERIES)
def test_the_bulk_index_ranks_as_whoosh_writer_s(both, query):
    folder, _ = both
    for filters in ({}, {"category": "ha-tang"}, {"year": "2020"}):
        slow = search(folder / "slow", query, limit=50, **filters)
        for way in ("bulk", "helped"):
            written = search(folder / way, query, limit=50, **filters)
            assert written.total == slow.total
            assert [(hit.key, hit.score) for hit in written.hits] == [(hit.key, hit.score) for hit in slow.hits]


def test_a_bulk_index_is_then_updated_document_by_document(both, tmp_path):
    _, documents = both
    found = []
    job = BulkJob(tmp_path / "ix")
    export_static(documents, tmp_path / "out", workers=1, on_postings=lambda postings: (found.append(1), job(postings)))
    written = job.wait()
    assert found and written.documents == len(documents)
    assert not update_index(tmp_path / "ix", documents).changed  # the stamps were saved with it
    changed = documents[:]
    changed[3] = replace(changed[3], title="Đường truyền cáp quang mới")
    stats = update_index(tmp_path / "ix", changed[:-1])
    assert (stats.replaced, stats.removed) == (1, 1)
    assert [hit.key for hit in search(tmp_path / "ix", "cap quang").hits] == [changed[3].key]


def test_an_error_in_the_forked_writer_is_raised_in_the_parent(tmp_path):
    documents = corpus(5)
    job = BulkJob(tmp_path / "ix")
    export_static(documents + documents[:1], tmp_path / "out", workers=1, on_postings=job)
    with pytest.raises(RuntimeError, match="same key"):
        job.wait()
