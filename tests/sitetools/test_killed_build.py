"""A build killed halfway leaves the previous site exactly as it was; the next build cleans up after it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitetools.build import build_site, report
from sitetools.synthetic import generate

ROOT = Path(__file__).resolve().parents[2]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_killed_build_leaves_the_live_site_byte_for_byte(tmp_path):
    content = tmp_path / "content"
    generate(content, 300)
    output = tmp_path / "output"
    settings = {"PATH": str(content), "SEARCH_INDEX_PATH": str(tmp_path / "search-index")}
    first = build_site(ROOT / "pelicanconf.py", output, settings)
    assert first.ok, report(first)
    before = snapshot(output)

    (content / "articles" / "extra.md").write_text(
        "Title: Bài mới trong lúc dựng\nDate: 2026-11-20 08:00\nCategory: Tin tức\n\nNội dung.\n", encoding="utf-8")
    code = ("import sys; sys.path[:0] = [%r, %r]\n"
            "from sitetools.build import build_site\n"
            "build_site(%r, %r, %r)\n") % (str(ROOT), str(ROOT / "plugins"), str(ROOT / "pelicanconf.py"),
                                          str(output), settings)
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, start_new_session=True)
    staging = output.with_name(f"output.building-{child.pid}")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (staging.exists() and sum(1 for _ in staging.rglob("*.html")) > 50):
        assert child.poll() is None, "the build ended before it could be killed: give it more content"
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)  # the build and its search process, as a power cut or `kill -9` would
    child.wait()

    assert snapshot(output) == before
    assert staging.exists()  # what the killed build left behind …
    again = build_site(ROOT / "pelicanconf.py", output, settings)
    assert again.ok, report(again)
    assert not staging.exists()  # … is removed by the next build
    assert "Bài mới trong lúc dựng" in "".join(p.read_text(encoding="utf-8") for p in (output / "tin").rglob("*.html"))
