"""The browser's search (theme/static/js/search.js, run in Node.js) ranks as its Python twin does.

`StaticIndex` (static.py) is checked against whoosh elsewhere; here the page's own code is run on
the same exported files, with filters, quoted phrases, a delta and deleted documents, and its
ids are compared one by one: the first page (chosen without sorting every match) and a longer
list (all matches sorted, as "Xem thêm" asks for).
"""

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from offline_search.export import export_static
from offline_search.incremental import export_incremental
from offline_search.static import StaticIndex
from test_bulk import QUERIES, corpus

RUNNER = Path(__file__).resolve().parents[2] / "vectors" / "run_search.js"
FILTERS = [("", ""), ("chuyen-doi-so", ""), ("", "2020"), ("ha-tang", "2019"), ("khong-co", "")]


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if found is None:
        pytest.fail("Node.js is needed to run the browser's search: apt-get install nodejs")
    return found


def run_in_node(folder: Path, asked: list, tmp_path: Path) -> list[dict]:
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps(asked, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([node(), str(RUNNER), str(folder), str(queries)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout)


def assert_same_ranking(folder: Path, tmp_path: Path, queries: list[str]) -> int:
    twin = StaticIndex(folder)
    asked = [[q, category, year, count] for q in queries for category, year in FILTERS for count in (10, 40)]
    compared = 0
    for (text, category, year, count), browser in zip(asked, run_in_node(folder, asked, tmp_path)):
        total, hits = twin.search(text, category=category, year=year, limit=count)
        assert browser == {"total": total, "ids": [doc for _, doc, _ in hits]}, (text, category, year, count)
        compared += bool(hits)
    return compared


def test_the_page_ranks_like_its_python_twin(tmp_path):
    export_static(corpus(), tmp_path / "out", shard_bytes=2_000, chunk=2, workers=1)
    assert assert_same_ranking(tmp_path / "out", tmp_path, QUERIES) > 100  # most queries find something


def test_the_page_ranks_like_its_python_twin_through_a_delta(tmp_path):
    documents = corpus()
    export_incremental(documents, tmp_path / "out1", tmp_path / "cache")
    changed = [replace(d, body=d.body + " Bổ sung chữ ký số.") if n % 40 == 0 else d for n, d in enumerate(documents)]
    changed = [d for n, d in enumerate(changed) if n % 50 != 7]
    second, done = export_incremental(changed, tmp_path / "out2", tmp_path / "cache")
    assert done["mode"] == "delta" and done["deleted"] > 0
    assert assert_same_ranking(tmp_path / "out2", tmp_path, QUERIES[:12]) > 20
