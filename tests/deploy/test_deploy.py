"""Deploy the sample portal to a real sshd and read it back through a real nginx.

The tests run in file order against one server: first deploy, a one-article
change, a killed upload, readers during switches, rollback.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest

from sitetools.deploy import DeployError, Server, deploy, list_releases, rollback

from .conftest import PUBLIC_URL, asset_paths, tree


def live(nginx) -> str:
    return os.readlink(nginx.base / "current").removeprefix("releases/")


def url_of(path: str) -> str:
    """The address nginx answers a file's path under (folders for index.html)."""
    return "/" + (path[: -len("index.html")] if path.endswith("index.html") else path)


def test_first_deploy_serves_pages_feed_and_search_with_the_security_headers(config, nginx, sites):
    report = deploy(config, sites.v1, "aaaaaaa", log=lambda _: None)
    assert live(nginx) == report.name and report.name.endswith("-aaaaaaa")
    site = tree(sites.v1)

    status, headers, body = nginx.get("/")
    assert status == 200 and body == site["index.html"]
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cache-control"] == "public, max-age=60, must-revalidate"
    from sitetools.serve import SECURITY_HEADERS

    assert all(headers[name.lower()] == value for name, value in SECURITY_HEADERS)  # ./inv serve sends the same

    article = next(p for p in sorted(site) if p.startswith("tin/") and p.endswith("index.html"))
    status, headers, body = nginx.get(url_of(article))
    assert status == 200 and body == site[article] and "text/html" in headers["content-type"]
    assert f'<link rel="canonical" href="{PUBLIC_URL}/{article[:-len("index.html")]}">' in body.decode()

    status, headers, body = nginx.get("/feeds/tat-ca.atom.xml")
    assert status == 200 and body == site["feeds/tat-ca.atom.xml"]
    assert headers["content-type"].startswith("application/atom+xml") and f"{PUBLIC_URL}/tin/" in body.decode()
    assert headers["cache-control"] == "public, max-age=300, must-revalidate"
    assert "content-security-policy" in headers

    status, headers, body = nginx.get("/tim-kiem/chi-muc/index.json")
    assert status == 200 and body == site["tim-kiem/chi-muc/index.json"]

    css = next(p for p in asset_paths(site["index.html"]) if p.endswith(".css"))
    assert css.split(".")[-2].isalnum() and len(css.split(".")[-2]) == 10, css
    status, headers, body = nginx.get("/" + css)
    assert status == 200 and body == site[css]
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "content-security-policy" in headers and "strict-transport-security" in headers
    status, headers, body = nginx.get("/" + css, {"Accept-Encoding": "gzip"})
    assert headers.get("content-encoding") == "gzip" and body == site[css + ".gz"]  # gzip_static: the file as is

    fonts = [Path(p).name for p in site if p.endswith(".woff2")]
    hashed_font = next(name for name in fonts if re.search(r"\.[0-9a-f]{10}\.woff2$", name))
    status, headers, body = nginx.get("/theme/fonts/" + hashed_font)
    assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
    plain_font = next(name for name in fonts if not re.search(r"\.[0-9a-f]{10}\.woff2$", name))
    status, headers, body = nginx.get("/theme/fonts/" + plain_font)  # no page loads it: it may change under its name
    assert status == 200 and headers["cache-control"] == "public, max-age=2592000"

    status, headers, body = nginx.get("/khong-co-trang-nay/")
    assert status == 404 and body == site["404.html"] and "content-security-policy" in headers

    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(nginx.http + "/tin/", timeout=5)
        raise AssertionError("plain HTTP must redirect")
    except urllib.error.HTTPError as error:
        assert error.code == 301 and error.headers["Location"].startswith("https://")


def test_dry_run_lists_the_changes_and_touches_nothing(config, nginx, sites):
    before = sorted(os.listdir(nginx.base / "releases")), live(nginx)
    report = deploy(config, sites.v2, "bbbbbbb", dry_run=True)
    assert report.changes == {"added": [sites.added], "changed": [sites.edited], "removed": [sites.removed]}
    assert (sorted(os.listdir(nginx.base / "releases")), live(nginx)) == before


def test_a_one_article_change_moves_only_the_changed_files(config, nginx, sites):
    first = live(nginx)
    report = deploy(config, sites.v2, "bbbbbbb", log=lambda _: None)
    assert report.previous == first and live(nginx) == report.name
    assert report.changes["added"] == [sites.added] and report.changes["changed"] == [sites.edited]
    moved = (sites.v2 / sites.added).stat().st_size + (sites.v2 / sites.edited).stat().st_size
    assert report.stats["files_transferred"] == 2 and report.stats["transferred_bytes"] == moved
    new, old = nginx.base / "releases" / report.name, nginx.base / "releases" / first
    assert (new / "index.html").stat().st_ino == (old / "index.html").stat().st_ino  # hard link, not a copy
    assert not (new / sites.removed).exists()
    status, _, body = nginx.get(url_of(sites.edited))
    assert status == 200 and "(đã cập nhật)" in body.decode()
    assert os.readlink(nginx.base / "previous") == f"releases/{first}"


def test_a_killed_upload_leaves_the_live_release_served_byte_for_byte(config, nginx, sites):
    before = live(nginx)
    running, outcome = [], {}

    def attempt():
        try:
            deploy(config, sites.v3, "ccccccc", rsync_extra=("--bwlimit=20",), rsync_started=running.append,
                   log=lambda _: None)
        except DeployError as error:
            outcome["error"] = str(error)

    worker = threading.Thread(target=attempt)
    worker.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        partial = list((nginx.base / "releases").glob(".*.partial"))
        if running and partial and sum(1 for p in partial[0].rglob("*") if p.is_file()) > 10:
            break
        time.sleep(0.05)
    assert running, "rsync never started"
    running[0].kill()  # SIGKILL halfway through the upload
    worker.join(30)
    assert "rsync" in outcome["error"] and "dừng giữa chừng" in outcome["error"], outcome
    assert live(nginx) == before
    assert not list((nginx.base / "releases").glob(".*.partial"))
    for path, data in tree(sites.v2).items():
        if path.endswith(".gz"):
            continue
        status, _, body = nginx.get(url_of(path))
        assert (status, body) == (200 if path != "404.html" else 404, data), path


def test_readers_during_deploys_and_a_rollback_never_see_a_broken_or_mixed_page(config, nginx, sites):
    versions = [tree(sites.v2), tree(sites.v3)]
    site = versions[0]
    pages = ["index.html", sites.edited, "chuyen-muc/chuyen-doi-so/index.html", "tim-kiem/index.html",
             next(p for p in sorted(site) if p.startswith("tin/") and p != sites.edited and p.endswith(".html"))]
    problems, fetched, seen, stop = [], [0], set(), threading.Event()

    def reader():
        while not stop.is_set():
            for page in pages:
                status, _, body = nginx.get(url_of(page))
                owners = [n for n, v in enumerate(versions) if v.get(page) == body]
                if status != 200 or not owners:
                    problems.append(f"{page}: {status}, not the page of any release")
                    continue
                seen.update(owners)
                for asset in asset_paths(body):
                    status, _, data = nginx.get("/" + asset)
                    if status != 200 or not any(versions[n].get(asset) == data for n in owners):
                        problems.append(f"{page} ({owners}): asset {asset} → {status}, from another release")
                fetched[0] += 1

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.3)
        deploy(config, sites.v3, "ddddddd", log=lambda _: None)
        time.sleep(0.3)
        rollback(config)
        time.sleep(0.3)
        deploy(config, sites.v3, "eeeeeee", log=lambda _: None)
        time.sleep(0.3)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    assert not problems, problems[:5]
    assert fetched[0] > 20 and seen == {0, 1}


def test_rollback_serves_the_previous_release_and_releases_lists_them(config, nginx, sites):
    found, now_live = list_releases(config)
    names = [r["name"] for r in found]
    assert now_live == live(nginx) and [r["name"] for r in found if r["live"]] == [now_live]
    assert len(names) <= config.keep and all(r["time"] is not None for r in found)
    assert found[-1]["commit"] == "eeeeeee"
    before, after = rollback(config)
    assert before == now_live and after == names[names.index(now_live) - 1] and live(nginx) == after
    status, _, body = nginx.get(url_of(sites.edited))
    assert body == (nginx.base / "releases" / after / sites.edited).read_bytes()
    status, _, body = nginx.get("/")
    assert status == 200 and body == (nginx.base / "releases" / after / "index.html").read_bytes()


def test_a_second_deploy_waits_for_the_lock(config, nginx, sites):
    server = Server(config)
    session, _ = server.lock()
    before = live(nginx)
    try:
        with pytest.raises(DeployError, match="đang chạy"):
            deploy(config, sites.v2, "fffffff", log=lambda _: None)
    finally:
        server.unlock(session)
    assert live(nginx) == before
