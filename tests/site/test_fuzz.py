"""Random front matter, broken bytes, empty and huge files: a page or a clear error, never a traceback.

Hypothesis generates the files. `check_front_matter`/`check_tree` run on many
cases (they are fast); the whole build runs on fewer, each in a tiny site, and
must either succeed or fail with messages that name the file, while the
previous output stays untouched.
"""

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content_checks.checks import check_front_matter, check_tree
from sitetools.build import build_site

ROOT = Path(__file__).resolve().parents[2]
REPEATABLE = bool(os.environ.get("CI"))  # CI replays the same cases; a developer's run explores new ones
KEYS = ["Title", "Date", "Category", "Tags", "Summary", "Author", "Slug", "Status", "Departments", "Related",
        "Catgory", "Modified", "Featured", "Lang", "X"]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["23/11/2017 10:20", "2017-11-23", "31/02/2020", "draft", "so-tttt, khong-co", "off",
                     "Chuyển đổi số", "", "  ", "<script>alert(1)</script>", "9999-99-99", "true"]),
)
LINES = st.lists(st.tuples(st.sampled_from(KEYS), VALUES), max_size=8)
BODIES = st.one_of(st.text(max_size=300), st.sampled_from([
    "", "# Tiêu đề\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "![](khong-co.png)\n", "<div onclick='x'>y</div>\n",
    "```\ncode\n```\n", "[^1]\n\n[^1]: chú thích\n", "x" * 20000,
]))


def file_text(lines, body) -> str:
    return "".join(f"{key}: {value}\n".replace("\r", " ") for key, value in lines) + "\n" + body


@settings(max_examples=300, deadline=None, derandomize=REPEATABLE)
@given(lines=LINES, body=BODIES)
def test_front_matter_checks_never_raise(lines, body):
    problems = check_front_matter(file_text(lines, body), "a.md", require_date=True)
    assert all(str(p).startswith("a.md:") for p in problems)


@settings(max_examples=12, deadline=None, derandomize=REPEATABLE,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=LINES, body=BODIES, raw=st.one_of(st.none(), st.binary(max_size=200)))
def test_the_build_makes_a_page_or_names_the_file(tmp_path_factory, lines, body, raw):
    folder = tmp_path_factory.mktemp("fuzz")
    content = folder / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "articles" / "tot.md").write_text("Title: Bài tốt\nDate: 2026-11-20 08:00\n\nNội dung.\n",
                                                encoding="utf-8")
    settings_ = {"PATH": str(content), "PORTAL_MENU": [], "PORTAL_HOME_CATEGORIES": [], "STATIC_PATHS": [],
                 "SEARCH_INDEX_PATH": str(folder / "search-index")}
    output = folder / "output"
    assert build_site(ROOT / "pelicanconf.py", output, settings_).ok
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}

    odd = content / "articles" / "la.md"
    if raw is not None:
        odd.write_bytes(raw)
    else:
        odd.write_text(file_text(lines, body), encoding="utf-8")
    problems = check_tree(content, folder)
    result = build_site(ROOT / "pelicanconf.py", output, settings_)
    assert all(str(p).startswith("content/articles/") for p in problems)
    if result.ok:
        assert (output / "index.html").exists()
    else:
        assert result.errors and all("Traceback" not in line for line in result.errors)
        assert any("la.md" in line for line in result.errors), result.errors
        assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before
