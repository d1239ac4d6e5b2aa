"""The production build in Chromium, its `.gz` copies served as nginx's gzip_static serves them:
styled with the site's own fonts, every theme file under its hashed name, no console or CSP error."""

from __future__ import annotations

import functools
import os
import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from sitetools.build import build_site, report
from sitetools.serve import PortalRequestHandler

ROOT = Path(__file__).resolve().parents[2]
HASHED = re.compile(r"/theme/.+\.[0-9a-f]{10}\.[a-z0-9]+$")


class GzipStaticHandler(PortalRequestHandler):
    """Like nginx `gzip_static on`: a client that accepts gzip gets `<file>.gz` with Content-Encoding."""

    def do_GET(self):  # noqa: N802 (the standard library's name)
        path = self.translate_path(self.path.split("?", 1)[0])
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path + ".gz"):
            body = Path(path + ".gz").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.server.gzipped.append(self.path)
            return
        super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        pass


@pytest.fixture(scope="module")
def published_server(tmp_path_factory):
    """The sample portal built with publishconf.py for this server's address, served with its .gz copies."""
    folder = tmp_path_factory.mktemp("published-browser")
    output = folder / "output"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipStaticHandler, directory=str(output)))
    server.gzipped = []
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("PORTAL_SITEURL", base)
        result = build_site(ROOT / "publishconf.py", output, {"ASSET_PIPELINE_CACHE": str(folder / "cache"),
                                                              "SEARCH_INDEX_PATH": str(folder / "search-index")})
    assert result.ok, report(result)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site_server(published_server):
    """The browser fixtures of conftest.py (third-party guard, console errors) on the published build."""
    return published_server[1]


def test_published_pages_render_styled_from_their_gz_copies(page, published_server):
    server, base = published_server
    failed, theme_files = [], set()
    # A request cut short by the next navigation (the favicon, often) is aborted, not failed.
    page.on("requestfailed", lambda request: None if request.failure == "net::ERR_ABORTED" else failed.append(
        f"{request.failure} {request.url}"))

    def seen(response):
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")
        if "/theme/" in response.url:
            theme_files.add(response.url[len(base):])

    page.on("response", seen)
    page.goto("/")
    article = page.locator("main a[href*='/tin/']").first.get_attribute("href")
    for url in ("/", article, "/tim-kiem/?q=chuyen+doi+so"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Be Vietnam Pro"')
        assert page.evaluate("[...document.fonts].some(f => f.status === 'loaded')")
        assert page.evaluate("document.documentElement.classList.contains('js-enabled')")  # early.js ran
    assert page.locator("[data-search-results] li").count() > 0  # search.js ran on the inlined manifest
    assert failed == []
    assert any(name.endswith(".css") for name in theme_files) and any(name.endswith(".woff2") for name in theme_files)
    assert all(HASHED.search(name) for name in theme_files), sorted(theme_files)
    assert any(path.endswith(".css") for path in server.gzipped)  # the browser got the .gz bytes
    assert any(path.endswith("/") for path in server.gzipped)
