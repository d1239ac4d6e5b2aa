"""The content checks of `./inv check`, on the working tree or on what git has staged.

`./inv check --staged` (the pre-commit hook of `./inv hooks`) checks the
staged version of `content/`, exported from git's index into a temp folder,
so that what is judged is what the commit will hold; it reports the problems
of the staged files only, with the same messages as `./inv check`.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

PRE_COMMIT = """#!/bin/sh
# Installed by ./inv hooks: refuse a commit whose staged content has problems (./inv check --staged).
# Skip it once with: git commit --no-verify
root=$(git rev-parse --show-toplevel) || exit 1
cd "$root" && exec ./inv check --staged
"""


def menu_categories(settings: dict) -> dict[str, None] | None:
    """The category slugs of PORTAL_MENU (None when it names none); their names are read by the checks."""
    found: dict[str, None] = {}

    def walk(entries):
        for entry in entries:
            if "category" in entry:
                found[entry["category"]] = None
            walk(entry.get("children", []))

    walk(settings.get("PORTAL_MENU", []))
    return found or None


def link_settings(settings: dict) -> dict:
    """What `check_tree` needs to judge links to this site: address patterns, host names, static folders."""
    from content_checks.glue import site_hosts

    return {"urls": {key: settings[key] for key in ("ARTICLE_URL", "PAGE_URL", "CATEGORY_URL", "TAG_URL")},
            "site_hosts": site_hosts(settings),
            "static_folders": tuple(f for f in settings.get("STATIC_PATHS", ()) if "." not in f)}


def content_problems(root: Path, content: Path | None = None, shown_from: Path | None = None) -> list[str]:
    """Every problem of the content files and the departments file, as `path:line: message` lines.

    `content` defaults to root/content; paths are shown relative to `shown_from` (default: root).
    """
    from content_checks.checks import check_tree
    from departments.registry import parse_registry
    from pelican.settings import read_settings

    content, shown_from = content or root / "content", shown_from or root
    dev, publish = read_settings(str(root / "pelicanconf.py")), read_settings(str(root / "publishconf.py"))
    departments = content / "don-vi.toml"
    shown = str(departments.relative_to(shown_from))
    registry = parse_registry(departments.read_text(encoding="utf-8"), shown) if departments.exists() else None
    problems = [str(p) for p in (registry.problems if registry else [])]
    problems += [str(p) for p in check_tree(
        content, shown_from, department_codes=set(registry.units) if registry else None, departments_file=shown,
        categories=menu_categories(dev), **link_settings(publish))]
    return problems


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=True).stdout


def staged_changes(root: Path, folder: str = "content") -> tuple[list[str], list[str]]:
    """Files under `folder` the index adds or changes, and those it deletes (paths from the repository's root)."""
    listed = _git(root, "diff", "--cached", "--name-status", "--no-renames", "-z", "--", folder).split(b"\0")
    changed, deleted = [], []
    for status, path in zip(listed[0::2], listed[1::2]):
        (deleted if status.startswith(b"D") else changed).append(path.decode("utf-8"))
    return changed, deleted


def staged_problems(root: Path) -> tuple[list[str], int]:
    """The problems of the staged content files (all problems when a content file is deleted, since that can
    break links elsewhere), checked on the index's version of content/; and how many files are staged."""
    changed, deleted = staged_changes(root)
    if not changed and not deleted:
        return [], 0
    with tempfile.TemporaryDirectory(prefix="kiem-tra-") as folder:
        tracked = _git(root, "ls-files", "-z", "--", "content")
        _git(root, "checkout-index", f"--prefix={folder}/", "-z", "--stdin", stdin=tracked)
        exported = Path(folder)
        (exported / "content").mkdir(exist_ok=True)
        problems = content_problems(root, exported / "content", exported)
    if deleted:
        return problems, len(changed) + len(deleted)
    staged = set(changed)
    return [p for p in problems if p.split(":", 1)[0] in staged], len(changed)


def install_pre_commit(root: Path, force: bool = False) -> Path:
    """Write the pre-commit hook into the repository's hooks folder (core.hooksPath honoured); return its path.

    An existing hook that is not ours is kept unless `force`: FileExistsError.
    """
    hooks = Path(_git(root, "rev-parse", "--git-path", "hooks").decode().strip())
    hooks = hooks if hooks.is_absolute() else root / hooks
    hooks.mkdir(parents=True, exist_ok=True)
    hook = hooks / "pre-commit"
    if hook.exists() and hook.read_text(encoding="utf-8", errors="replace") != PRE_COMMIT and not force:
        raise FileExistsError(f"{hook} đã có một hook khác; xem nội dung của nó, rồi chạy ./inv hooks --force "
                              "để thay bằng hook kiểm tra bài")
    hook.write_text(PRE_COMMIT, encoding="utf-8")
    hook.chmod(0o755)
    return hook
