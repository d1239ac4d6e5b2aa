"""Write analyzer.json: the Python analyzer's answers, which the browser's port must give too.

Run after a deliberate change to the analyzer: `.venv/bin/python tests/vectors/make_analyzer_vectors.py`.
"""

import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))

from offline_search.ranking import MAX_QUERY_CHARACTERS, MAX_QUERY_TERMS, query_terms  # noqa: E402
from vietnamese.analyzer import phrase_forms  # noqa: E402

INPUTS = [
    "Chữ ký số", "chu ky so", "CHỮ KÝ SỐ", "Hoà bình, thuỷ lợi; Uỷ ban", "Hòa bình thủy lợi Ủy ban",
    "Đắk Lắk – Đắk Nông", "dak lak", "TP.HCM, covid-19!", "đường truyền số liệu chuyên dùng",
    unicodedata.normalize("NFD", "Chữ ký số"), "  ", "!!! ... ???", "Cổng 😀 dịch vụ công", "năm 2017: 43 hệ thống",
    "nghiêng ngả quý khách", "Sở TT&TT", "an_toàn thông tin", "Ngày 23/11/2017 10:20", "ổ ỗ ợ ữ ự ỹ ỵ",
    "Nguyễn Thị Thu Hường", "x" * 250 + " cuối", '"tập huấn kỹ năng số"', "“kho dữ liệu dùng chung”",
    '"chu ky so', '""', "«Đắk Nông»",
]


def main() -> None:
    vectors = []
    for text in INPUTS:
        terms = query_terms(text)
        vectors.append({
            "input": text,
            "phrases": [[list(forms) for forms in phrase] for phrase in phrase_forms(text)],
            "query": {"words": list(terms.words), "phrases": list(terms.phrases), "exact": list(terms.exact),
                      "quoted": terms.quoted},
        })
    data = {"max_characters": MAX_QUERY_CHARACTERS, "max_terms": MAX_QUERY_TERMS, "vectors": vectors}
    out = Path(__file__).with_name("analyzer.json")
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(vectors)} vectors → {out}")


if __name__ == "__main__":
    main()
