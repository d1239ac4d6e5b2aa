"""The checking reader keeps one Markdown converter for every file: nothing may leak between files."""

from pelican.settings import DEFAULT_CONFIG

from content_checks.glue import CheckedMarkdownReader


def reader():
    settings = dict(DEFAULT_CONFIG)
    settings["MARKDOWN"] = {"extension_configs": {"markdown.extensions.extra": {},
                                                  "markdown.extensions.toc": {}},
                            "output_format": "html5"}
    return CheckedMarkdownReader(settings)


def test_one_reader_reads_many_files_each_with_its_own_front_matter(tmp_path):
    first = tmp_path / "a.md"
    first.write_text("Title: Bài A\nDate: 2017-11-23\nSummary: Tóm tắt *A*\n\nThân bài A[^1].\n\n[^1]: Ghi chú.\n",
                     encoding="utf-8")
    second = tmp_path / "b.md"
    second.write_text("\ufeffTitle: Bài B\nDate: 23/11/2017 10:20\n\nThân bài B.\n", encoding="utf-8")
    read = reader()
    content_a, meta_a = read.read(str(first))
    content_b, meta_b = read.read(str(second))
    content_a2, meta_a2 = read.read(str(first))
    assert meta_a["title"] == "Bài A" and meta_a["summary"] == "<p>Tóm tắt <em>A</em></p>"
    assert meta_b["title"] == "Bài B" and "summary" not in meta_b
    assert meta_b["date"].hour == 10 and meta_b["date"].minute == 20
    assert "Thân bài B" in content_b and "Ghi chú" not in content_b  # no footnote left over from A
    assert (content_a2, meta_a2) == (content_a, meta_a)
