"""The search benchmark's planting, ground truth and recall logic (no Pagefind, no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitetools import search_bench, synthetic
from sitetools.search_bench import (Target, check_truth, ground_truth, indexed_text, normalise_url, plant,
                                    queries_of, recall_at)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-bench")
    real = tmp_path_factory.mktemp("real")
    (real / "pages").mkdir()
    (real / "pages" / "gioi-thieu.md").write_text("Title: Giới thiệu\nSlug: gioi-thieu\n\nTrang.\n", encoding="utf-8")
    stats = synthetic.generate(root, 120, real_content=real)
    before = {item["path"]: (root / item["path"]).read_text(encoding="utf-8") for item in stats["manifest"]}
    planted = plant(root, stats["manifest"], per_target=4)
    texts = {item["path"]: indexed_text((root / item["path"]).read_text(encoding="utf-8"))
             for item in stats["manifest"]}
    return root, stats["manifest"], before, planted, texts


def test_planting_is_deterministic_and_only_adds_a_paragraph(site, tmp_path):
    root, manifest, before, planted, _ = site
    targets = [t for t in search_bench.TARGETS if t.planted]
    assert sorted(planted) == sorted(t.name for t in targets)
    chosen = [path for paths in planted.values() for path in paths]
    assert len(chosen) == len(set(chosen)) == 4 * len(targets)  # no article gets two targets
    for target in targets:
        for path in planted[target.name]:
            old, new = before[path], (root / path).read_text(encoding="utf-8")
            assert old.split("\n\n", 1)[0] == new.split("\n\n", 1)[0]  # front matter untouched
            old_blocks = [block.strip() for block in old.split("\n\n")]
            added = [block for block in new.strip().split("\n\n") if block.strip() not in old_blocks]
            assert len(added) == 1 and target.phrase in added[0]
    untouched = [path for path in before if path not in chosen]
    assert all((root / path).read_text(encoding="utf-8") == before[path] for path in untouched)
    again = tmp_path / "again"
    stats = synthetic.generate(again, 120, real_content=root)
    assert plant(again, stats["manifest"], per_target=4) == planted


def test_ground_truth_of_planted_targets_is_the_planted_set(site):
    _, _, _, planted, texts = site
    truth = ground_truth(texts)
    assert check_truth(planted, truth) == []
    for name, paths in planted.items():
        assert truth[name]["exact"] == sorted(paths)


def test_ground_truth_matches_whole_words_with_exact_marks_and_folds_for_the_folded_set():
    targets = (Target("p", "phrase", "đường truyền", ("{p}",)), Target("d", "đ place", "Đắk Nông", ("{p}",)))
    texts = {
        "a.md": "Sự cố Đường truyền đã được khắc phục.",
        "b.md": "Đương truyện ngắn.",          # folds to "duong truyen": folded set only
        "c.md": "Mạng đường truyềnx không.",   # not a whole word
        "d.md": "Huyện Đakrông, nông nghiệp.",   # "dak" is not a word of "Đakrông"
        "e.md": "Tỉnh đắk nông.",
    }
    truth = ground_truth(texts, targets)
    assert truth["p"] == {"exact": ["a.md"], "folded": ["a.md", "b.md"]}
    assert truth["d"] == {"exact": ["e.md"], "folded": ["e.md"]}
    problems = check_truth({"p": ["a.md"], "d": ["e.md"]}, truth, targets)
    assert len(problems) == 1 and problems[0].startswith("p: its folded form")


def test_indexed_text_keeps_title_summary_tags_and_body_only():
    text = ("Title: Tiêu đề\nDate: 2020-01-01 08:00\nCategory: Chuyển đổi số\nTags: chữ ký số, an ninh\n"
            "Summary: Tóm tắt\nAuthor: Thu Hà\n\nThân bài.\n")
    assert indexed_text(text) == "Tiêu đề\nchữ ký số, an ninh\nTóm tắt\nThân bài.\n"


def test_recall_at_10():
    truth = {f"t{i}" for i in range(15)}
    assert recall_at([f"t{i}" for i in range(10)], truth) == 1.0
    assert recall_at(["x"] * 5 + [f"t{i}" for i in range(10)], truth) == 0.5  # only the top 10 count
    assert recall_at(["t1", "x", "t2"], {"t1", "t2", "t3"}) == pytest.approx(2 / 3)  # |truth| < 10
    assert recall_at(["t1"], set()) is None


def test_queries_have_every_form_and_fold_d():
    queries = {(q.target, q.form): q.text for q in queries_of()}
    assert queries[("dak-lak", "folded")] == "dak lak"
    assert queries[("duong-truyen", "exact")] == "đường truyền"
    assert queries[("chu-ky-so", "quoted")] == '"chữ ký số"'
    assert len(queries) == 3 * len(search_bench.TARGETS)


def test_urls_are_normalised_to_site_relative_paths():
    assert normalise_url("http://127.0.0.1:8000/tin/2020/01/a-b/") == "tin/2020/01/a-b/"
    assert normalise_url("/ban-tin-%C4%91.html") == "ban-tin-đ.html"
    assert normalise_url("/tin/2020/01/a/index.html") == "tin/2020/01/a/"
    item = {"date": "2020-01-05 08:00", "slug": "a-b", "title": "A b"}
    assert search_bench.our_url(item) == "tin/2020/01/a-b/"
    assert search_bench.bare_url(item) == "a-b.html"


def _report_without_browser() -> dict:
    index = {"ours": {"seconds": 10.0, "cpu_seconds": 9.0, "peak_rss_mb": 300.0, "documents_seconds": 1.0,
                      "export_seconds": 2.0, "whoosh_seconds": 6.0, "whoosh_wait_seconds": 0.25,
                      "peak_mb_after_documents": 100,
                      "peak_mb_after_export": 200, "peak_mb_after_whoosh": 300, "reindex_whoosh_seconds": 0.5,
                      "reindex_export_seconds": 1.0},
             "pagefind": {"seconds": 20.0, "cpu_seconds": 18.0, "peak_rss_mb": 900.0},
             "pagefind_reindex": {"seconds": 20.0}}
    report = {"articles": 10, "seed": 1, "targets": [], "truth_problems": [], "date": "now",
              "machine": {"pagefind": "pagefind 1.5.2", "cpu_count": 2}, "index": index,
              "sizes": {"ours_bytes": 1e6, "pagefind_bytes": 2e6, "ours_files": 3, "pagefind_files": 4,
                        "ours_whoosh_bytes": 5e6, "pagefind_folder_bytes": 3e6},
              "twin": {"recall": {"rare word / exact": {"mean": 1.0, "min": 1.0, "queries": 2}}, "records": []}}
    return report


def test_report_formats_without_a_browser_run():
    report = _report_without_browser()
    report["verdicts"] = search_bench.verdicts(report)
    assert report["verdicts"]["index_time"] and report["verdicts"]["reindex"]
    text = search_bench.format_report(report)
    assert "0.50" in text and "rare word / exact" in text and "MISSED" not in text
    assert "whoosh index (beside the export)" in text and "0.2 s" in text


def test_every_timed_first_query_counts_in_the_median_and_the_max():
    def record(runs, **extra):
        return {"bytes": {"first": {"search": 1000, "all": 2000}}, "first_ms_from_navigation": runs[0],
                "first_ms_runs": runs, "first_search_ms": 50, "second_search_ms": 5, "warm_search_ms": 2, **extra}

    summary = search_bench.summarise_browser([record([100.0, 300.0, 120.0]), record([90.0, 110.0, None]),
                                              {"error": "timeout"}])
    assert summary["first_ms_runs"] == 6 and summary["failed"] == 1
    assert summary["first_ms_median"] == 110.0 and summary["first_ms_max"] == 300.0


def test_the_bench_task_is_wired(monkeypatch):
    import tasks

    called = {}
    monkeypatch.setattr(search_bench, "run_search_bench", lambda n, **kw: called.update(n=n, **kw))
    tasks.bench.body(None, search=True)
    assert called == {"n": 10_000, "json_path": None, "keep": False}
    assert Path(search_bench.PROJECT_ROOT / "requirements-bench.txt").is_file()


def _browser_record(engine: str, runs: list[float], search_bytes: int = 1000) -> dict:
    return {"engine": engine, "query": "sầu riêng", "bytes": {"first": {"search": search_bytes, "all": 3 * search_bytes}},
            "first_ms_from_navigation": runs[0], "first_ms_runs": runs, "first_search_ms": 200, "second_search_ms": 20,
            "warm_search_ms": 3, "recall": 1.0}


def _report_with_browser(nginx: dict | None) -> dict:
    report = _report_without_browser()
    ours, pf = _browser_record("ours", [480.0, 620.0, 470.0]), _browser_record("pagefind", [3000.0], 20_000)
    recall = {"rare word / exact": {"mean": 1.0, "min": 1.0, "queries": 1}}
    report["browser"] = {"ours": {"recall": recall, **search_bench.summarise_browser([ours])},
                         "pagefind": {"recall": recall, **search_bench.summarise_browser([pf])},
                         "records": [ours, pf]}
    if nginx is not None:
        report["browser"]["nginx"] = nginx
    report["verdicts"] = search_bench.verdicts(report)
    return report


def test_the_first_query_target_is_judged_via_nginx_and_the_python_server_figure_stays():
    served = _browser_record("ours-nginx", [300.0, 410.0, 290.0], 400)
    nginx = {"server": "nginx/1.22.1", "workers": "auto", "recall": {},
             **search_bench.summarise_browser([served])}
    report = _report_with_browser(nginx)
    verdict = report["verdicts"]
    assert verdict["first_latency"] and verdict["first_latency_server"] == "nginx"
    assert verdict["first_latency_python_server"] is False and verdict["complete"]
    text = search_bench.format_report(report)
    assert "first query, navigation → results (max)" in text  # the Python server's rows are kept
    assert "MISSED (< 500 ms on our dev server; judged via nginx)" in text
    line = next(line for line in text.splitlines() if line.startswith("first query via nginx (max)"))
    assert "410 ms" in line and "OK (< 500 ms, production server; Python server 620 ms)" in line
    median = next(line for line in text.splitlines() if line.startswith("first query via nginx (med"))
    assert "(med, 3 runs)" in median and "300 ms" in median and "Python server 480 ms" in median
    assert "warm query via nginx (med/max)" in text and "nginx/1.22.1" in text
    assert "400/1,200 B" in text


def test_without_nginx_the_rows_are_skipped_with_a_note_and_python_is_judged():
    report = _report_with_browser({"skipped": "nginx or openssl is not installed"})
    assert report["verdicts"]["first_latency"] is False and report["verdicts"]["first_latency_server"] == "python"
    text = search_bench.format_report(report)
    assert "Ours via nginx: skipped (nginx or openssl is not installed)." in text
    assert "first query via nginx" not in text
    old = _report_with_browser(None)  # a saved run from before nginx was measured
    assert "via nginx" not in search_bench.format_report(old)


def test_nginx_traffic_log_counts_body_bytes_and_headers_from_bytes_sent(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("/tim-kiem/?q=x\t900\t1100\n", encoding="utf-8")
    traffic = search_bench._Traffic(log, search_bench._our_search_file, sent_total=True)
    with log.open("a", encoding="utf-8") as out:
        out.write("/tim-kiem/?q=sau\t5000\t5300\n/theme/js/search.0123456789.js\t700\t900\n"
                  "/tim-kiem/chi-muc/s/ab.json\t300\t420\n/tim-kiem/chi-muc/s/c")  # the last line is not complete
    traffic.close_phase("first")
    assert traffic.bytes["first"] == {"all": 6000, "search": 1000, "headers": 620, "requests": 3}
    assert traffic.files["first"] == ["/theme/js/search.0123456789.js", "/tim-kiem/chi-muc/s/ab.json"]
