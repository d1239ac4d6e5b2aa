"""./inv hooks: a real `git commit` in a copy of the project is refused for a broken staged article."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BROKEN = "Title: Bài lỗi\nDate: 31/02/2026\nCatgory: Chuyển đổi số\n\nNội dung.\n"
GOOD = "Title: Bài đúng\nDate: 2026-02-03 08:00\nCategory: Chuyển đổi số\n\nNội dung.\n"


@pytest.fixture
def project(tmp_path):
    """A git repository holding the project's code and sample content, using the project's .venv."""
    if not (ROOT / ".venv" / "bin" / "invoke").exists():
        pytest.skip("needs the project's .venv (./inv creates it)")
    copy = tmp_path / "portal"
    copy.mkdir()
    for name in ("tasks.py", "inv", "pelicanconf.py", "publishconf.py", "requirements.txt"):
        shutil.copy2(ROOT / name, copy / name)
    for name in ("sitetools", "plugins", "content", "deploy", "theme"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / ".venv").symlink_to(ROOT / ".venv")
    (copy / ".gitignore").write_text(".venv\n__pycache__/\n")
    git(copy, "init", "-q", "-b", "main")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "start")
    return copy


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = os.environ | {"GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.gov.vn",
                        "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.gov.vn"}
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, env=env, check=check)


def inv(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["./inv", *args], cwd=folder, capture_output=True, text=True, timeout=120)


def test_the_hook_refuses_a_broken_staged_article_with_the_messages_of_check(project):
    installed = inv(project, "hooks")
    assert installed.returncode == 0, installed.stderr
    hook = project / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK)

    article = project / "content" / "articles" / "2026" / "bai-loi.md"
    article.write_text(BROKEN, encoding="utf-8")
    unstaged = project / "content" / "articles" / "2026" / "chua-stage.md"
    unstaged.write_text(BROKEN.replace("Bài lỗi", "Bài chưa stage"), encoding="utf-8")
    git(project, "add", str(article))
    refused = git(project, "commit", "-m", "Bài lỗi", check=False)
    assert refused.returncode != 0
    whole = inv(project, "check")
    said = refused.stdout + refused.stderr
    mine = [line for line in whole.stdout.splitlines() if line.startswith("content/articles/2026/bai-loi.md:")]
    assert len(mine) >= 2 and all(line in said for line in mine), said  # same messages as ./inv check
    assert "chua-stage.md" not in said  # not staged: not judged
    assert "content/articles/2026/chua-stage.md:" in whole.stdout

    article.write_text(GOOD, encoding="utf-8")  # fixed in the working tree only: the staged text is still broken
    assert git(project, "commit", "-m", "Bài lỗi", check=False).returncode != 0
    git(project, "add", str(article))
    accepted = git(project, "commit", "-m", "Bài đúng", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert inv(project, "check", "--staged").returncode == 0  # nothing staged: nothing to say


def test_hooks_keeps_a_foreign_hook_unless_forced(project):
    hook = project / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    kept = inv(project, "hooks")
    assert kept.returncode == 1 and "--force" in kept.stderr and hook.read_text() == "#!/bin/sh\nexit 0\n"
    assert inv(project, "hooks", "--force").returncode == 0 and "check --staged" in hook.read_text()
