"""Tasks of the portal: ./inv --list shows them; ./inv --help TASK explains one."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from sitetools import build as site_build  # noqa: E402

SETTINGS = {"dev": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}
OUTPUT = ROOT / "output"
PUBLISH_OUTPUT = ROOT / "output-publish"  # what ./inv deploy builds and uploads
PYTHON = sys.executable


def _build(publish: bool = False, output: Path = OUTPUT) -> None:
    result = site_build.build_site(SETTINGS["publish" if publish else "dev"], output)
    print(site_build.report(result))
    if not result.ok:
        raise Exit(code=1)


@task(help={"publish": "use publishconf.py (production URLs) instead of pelicanconf.py",
            "output": "folder to build into (default: output/)"})
def build(c, publish=False, output=str(OUTPUT)):
    """Build the portal into output/; on any error the previous site stays as it was."""
    if publish:
        from pelican.settings import read_settings

        from sitetools.production import problems

        for problem in problems(read_settings(str(SETTINGS["publish"]))):
            print(f"  lưu ý (bản dựng này chưa dùng để triển khai được): {problem}")
    _build(publish, Path(output))


@task(help={"port": "port on 127.0.0.1 (default 8000)", "skip_build": "serve output/ as it is (no rebuilds)",
            "watch": "rebuild when content, theme or settings change and reload open pages (default: yes)"})
def serve(c, port=8000, skip_build=False, watch=True):
    """Build the sample portal and serve it at http://127.0.0.1:8000, rebuilding on every change."""
    import threading

    from sitetools.serve import ReloadHub, make_server

    hub, stop = None, threading.Event()
    if skip_build and OUTPUT.exists():
        watch = False
    elif watch:
        from sitetools.preview import PreviewSite

        site = PreviewSite(SETTINGS["dev"], OUTPUT)
        result = site.build()
        print(site_build.report(result))
        hub = ReloadHub()
        if not result.ok:
            hub.publish(result.errors)

        def announce(refresh):
            print(_refresh_line(refresh), flush=True)
            hub.publish(refresh.errors)

        threading.Thread(target=site.watch, args=(announce, stop), daemon=True).start()
    else:
        _build()
    server = make_server(OUTPUT, int(port), verbose=not watch, reload_hub=hub)
    print(f"Cổng thông tin đang chạy tại http://127.0.0.1:{port}/ (Ctrl+C để dừng)")
    if watch:
        print("Xem trước trực tiếp: sửa bài trong content/ (hoặc theme/, pelicanconf.py) và lưu, "
              "trang đang mở sẽ tự tải lại.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stopping = True
        server.server_close()


def _refresh_line(refresh) -> str:
    """One line per preview rebuild, for the terminal."""
    if refresh.mode == "quick":
        return f"Đã cập nhật {len(refresh.written)} tệp trong {refresh.seconds:.2f} giây (chỉ dựng lại phần thay đổi)."
    if refresh.mode == "full":
        return f"Đã dựng lại toàn bộ trong {refresh.seconds:.1f} giây ({refresh.reason})."
    problems = "\n".join(f"  • {message}" for message in refresh.errors)
    return f"Chưa cập nhật được: {len(refresh.errors)} lỗi; trang cũ được giữ nguyên.\n{problems}"


@task
def clean(c):
    """Remove output/ and the build cache."""
    for folder in (OUTPUT, ROOT / "cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task(help={"staged": "check only the content files staged for the next commit (what git will commit)"})
def check(c, staged=False):
    """Check every content file's front matter and the departments file without building; list all problems."""
    from sitetools.checks import content_problems, staged_problems

    if staged:
        problems, count = staged_problems(ROOT)
        if not count:
            return
    else:
        problems = content_problems(ROOT)
    for problem in problems:
        print(problem)
    if problems:
        raise Exit(f"{len(problems)} lỗi cần sửa.", code=1)
    print("Nội dung hợp lệ.")


@task(help={"force": "replace a pre-commit hook that is not ours"})
def hooks(c, force=False):
    """Install the git pre-commit hook that refuses a commit of broken content (./inv check --staged)."""
    from sitetools.checks import install_pre_commit

    try:
        hook = install_pre_commit(ROOT, force=force)
    except FileExistsError as error:
        raise Exit(str(error), code=1) from None
    print(f"Đã cài {hook}: mỗi lần commit, các tệp nội dung được stage sẽ được kiểm tra như ./inv check.")


def _deploy_config(require_site: bool = False):
    """The deploy settings (publishconf.py's DEPLOY_*, PORTAL_DEPLOY_* variables); stop listing what is missing."""
    from pelican.settings import read_settings

    from sitetools import deploy as site_deploy
    from sitetools.production import problems as production_problems

    settings = read_settings(str(SETTINGS["publish"]))
    config, problems = site_deploy.config_from(settings, os.environ)
    if require_site:
        problems = production_problems(settings) + problems
    if problems:
        for problem in problems:
            print(f"  • {problem}")
        done = "chưa dựng gì, " if require_site else ""
        raise Exit(f"Dừng lại: {len(problems)} thiết lập cần sửa ({done}máy chủ không bị đụng tới).", code=1)
    return config


@task(help={"dry_run": "only list the files that would be added, changed and removed; touch nothing",
            "site": "deploy this folder, built earlier (skips the settings check, the content checks and the build)"})
def deploy(c, dry_run=False, site=""):
    """Check, build with publishconf.py and put the portal on the server as a new release, switched atomically."""
    from sitetools import deploy as site_deploy

    config = _deploy_config(require_site=not site)
    if not site:
        check(c)
        _build(publish=True, output=PUBLISH_OUTPUT)
    try:
        report = site_deploy.deploy(config, Path(site or PUBLISH_OUTPUT), site_deploy.git_commit(ROOT),
                                    dry_run=dry_run, rsync_extra=site_deploy.environ_rsync_extra(os.environ))
    except site_deploy.DeployError as error:
        raise Exit(f"Triển khai dừng lại. {error}\nBản đang chạy trên cổng không thay đổi.", code=1) from None
    print(site_deploy.describe(report, config))


def _on_server(function, failure: str = ""):
    """Call a sitetools.deploy function with the configured server; stop with its message when it fails."""
    from sitetools.deploy import DeployError

    config = _deploy_config()
    try:
        return config, function(config)
    except DeployError as error:
        raise Exit(f"{failure}{error}", code=1) from None


@task
def rollback(c):
    """Make the release before the live one live again (seconds; nothing is uploaded)."""
    from sitetools.deploy import rollback as roll_back

    _, (before, after) = _on_server(roll_back, "Không quay lại được. ")
    print(f"Đã quay lại: current → releases/{after} (trước đó: {before}).")


@task
def releases(c):
    """List the releases on the server with their time, commit and which one is live."""
    from sitetools.deploy import list_releases

    config, (found, _) = _on_server(list_releases)
    if not found:
        print(f"Chưa có bản phát hành nào trong {config.path}/releases trên {config.host}.")
    for release in reversed(found):
        when = f"{release['time']:%Y-%m-%d %H:%M:%S} UTC" if release["time"] else "?"
        print(f"{'*' if release['live'] else ' '} {release['name']:<40} {when}  commit {release['commit']}"
              f"{'  (đang chạy)' if release['live'] else ''}")


@task(help={"title": "the article's title, in Vietnamese",
            "category": "its category, e.g. \"Chuyển đổi số\""})
def new(c, title, category="Tin tức - Sự kiện"):
    """Write a new draft article with every front-matter field, dated now."""
    from sitetools.newpost import write_new_article

    try:
        path = write_new_article(ROOT / "content" / "articles", title, category)
    except (ValueError, FileExistsError) as error:
        raise Exit(str(error), code=1) from None
    print(f"Đã tạo bản nháp: {path.relative_to(ROOT)}")


def _apt_install(c, packages: list[str], why: str) -> None:
    """Install Debian packages with apt (as root, or through sudo); stop with the command to run otherwise."""
    sudo = "" if os.geteuid() == 0 else "sudo "
    if sudo and not shutil.which("sudo"):
        raise Exit(f"{why} need Debian's {' '.join(packages)}: run `apt-get install {' '.join(packages)}` as root.",
                   code=1)
    print(f"Installing Debian's {' '.join(packages)} for the {why}…")
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    c.run(f"{sudo}apt-get update -qq", env=env)
    c.run(f"{sudo}apt-get install -y -qq {' '.join(packages)}", env=env)


def _ensure_chromium(c) -> None:
    """Install Debian's chromium with apt when the browser tests need it and it is missing."""
    from sitetools.tools import chromium

    if not chromium():
        _apt_install(c, ["chromium"], "browser tests")


def _ensure_deploy_tools(c) -> None:
    """Install sshd, nginx, rsync and openssl with apt when the deploy tests need them and they are missing."""
    from sitetools.tools import missing_packages

    missing = missing_packages()
    if missing:
        _apt_install(c, missing, "deploy tests")


@task(help={"browser": "run the Chromium tests too (default: yes; --no-browser skips them)",
            "k": "only tests matching this pytest -k expression"})
def test(c, browser=True, k=""):
    """Run the whole test suite (installs chromium for the browser tests if missing)."""
    args = [PYTHON, "-m", "pytest", "tests"]
    _ensure_deploy_tools(c)
    if browser:
        _ensure_chromium(c)
    else:
        args += ["-m", "not browser"]
    if k:
        args += ["-k", k]
    result = c.run(" ".join(f"'{arg}'" for arg in args), pty=False, warn=True)
    if result.exited:
        raise Exit(code=result.exited)


@task(help={"articles": "number of synthetic articles to build (default 1000; 10,000 with --search)",
            "json": "also write the figures as JSON to this file",
            "keep": "keep the generated content and both outputs (printed path)",
            "related": "instead: precision@5 of related news on a labelled corpus folder (Markdown + labels.tsv)",
            "search": "instead: our offline search against Pagefind (recall, bytes, latency, size, indexing)",
            "deploy": "instead: bytes a second deploy moves after a one-article edit (default 10,000 articles)"})
def bench(c, articles=0, json="", keep=False, related="", search=False, deploy=False):
    """Time a build of N synthetic articles against bare Pelican, or (--related DIR) measure related news,
    or (--search) benchmark our offline search against Pagefind, or (--deploy) measure a one-article deploy."""
    if deploy:
        from sitetools.deploy_bench import run_deploy_bench

        run_deploy_bench(int(articles) or 10_000, json_path=json or None, keep=keep)
        return
    if search:
        from sitetools.search_bench import run_search_bench

        run_search_bench(int(articles) or 10_000, json_path=json or None, keep=keep)
        return
    if related:
        from sitetools.related_bench import run_related_bench

        run_related_bench(Path(related), json_path=json or None)
        return
    from sitetools.bench import run_build_bench

    run_build_bench(int(articles) or 1000, json_path=json or None, keep=keep)


@task(help={"slug": "the article's slug (the last part of its address)", "terms": "terms shown per item"})
def related(c, slug, terms=6):
    """Print an article's related news with each score and the terms that made them similar."""
    from sitetools.related import describe

    try:
        print(describe(ROOT / "content" / "articles", slug.strip().strip("/").rsplit("/", 1)[-1], terms=int(terms)))
    except KeyError as error:
        raise Exit(str(error.args[0]), code=1) from None


@task(help={"query": "what to look for, with or without diacritics (\"chu ky so\")",
            "category": "only this category (its slug, e.g. chuyen-doi-so)", "year": "only this year",
            "limit": "results shown (default 10)"})
def search(c, query, category="", year="", limit=10):
    """Search the portal's articles and pages from the terminal (the index of the last build)."""
    from sitetools.search import describe_search

    try:
        print(describe_search(query, category=category, year=str(year or ""), limit=int(limit)))
    except FileNotFoundError as error:
        raise Exit(str(error), code=1) from None
