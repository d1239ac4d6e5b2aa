"""The search analyzer, and its browser port checked on the same vectors."""

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from offline_search.ranking import query_terms
from vietnamese.analyzer import analyze, bigrams, phrase_forms, syllable_forms

VECTORS = Path(__file__).resolve().parents[2] / "vectors"


def test_exact_form_keeps_marks_and_writes_the_tone_as_a_digit():
    assert syllable_forms("chữ") == ("chư4", "chu")
    assert syllable_forms("đường") == ("đương2", "duong")
    assert syllable_forms("ký") == ("ky1", "ky")


def test_old_and_new_tone_placement_are_one_term():
    old, new = analyze("hoà thuỷ Uỷ"), analyze("hòa thủy Ủy")
    assert [t.exact for t in old] == [t.exact for t in new] == ["hoa2", "thuy3", "uy3"]


def test_folding_drops_every_mark_and_maps_d_bar_to_d():
    assert [t.folded for t in analyze("Đắk Lắk, Chữ ký số")] == ["dak", "lak", "chu", "ky", "so"]


def test_nfd_input_gives_the_nfc_terms():
    assert analyze(unicodedata.normalize("NFD", "Chữ ký số")) == analyze("Chữ ký số")


def test_bigrams_stay_inside_a_phrase():
    terms = analyze("chữ ký số, đường truyền")
    assert [folded for _, folded in bigrams(terms)] == ["chu ky", "ky so", "duong truyen"]


def test_the_fast_path_gives_the_same_terms():
    text = "Ngày 23/11/2017, Sở TT&TT triển khai chữ ký số; hoà mạng đường truyền."
    grouped = {}
    for term in analyze(text):
        grouped.setdefault(term.phrase, []).append((term.exact, term.folded))
    assert list(grouped.values()) == phrase_forms(text)


@pytest.mark.parametrize("text", ["", "   ", "!!! ???", "😀😀", "_" * 30])
def test_queries_without_letters_or_digits_ask_for_nothing(text):
    assert query_terms(text).empty


def test_a_long_query_is_cut():
    terms = query_terms("chữ " * 1000)
    assert terms.words == ("chu",) and len(query_terms(" ".join(f"a{i}" for i in range(50))).words) == 12


def test_python_gives_the_shared_vectors():
    data = json.loads((VECTORS / "analyzer.json").read_text(encoding="utf-8"))
    for vector in data["vectors"]:
        assert [[list(f) for f in p] for p in phrase_forms(vector["input"])] == vector["phrases"], vector["input"]
        terms = query_terms(vector["input"])
        assert {"words": list(terms.words), "phrases": list(terms.phrases), "exact": list(terms.exact),
                "quoted": terms.quoted} == vector["query"]


def test_the_browser_analyzer_gives_the_shared_vectors():
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.fail("Node.js is needed to check the browser's analyzer: apt-get install nodejs")
    run = subprocess.run([node, str(VECTORS / "check_analyzer.js")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["checked"] >= 20
