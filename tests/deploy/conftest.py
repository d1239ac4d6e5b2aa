"""Real parts for the deploy tests: an OpenSSH server and nginx on 127.0.0.1 high ports, in a temp dir.

Both run as the current user. The sample portal is built once per session with
publishconf.py; two variants are derived from it (one article edited; new CSS),
so that the tests deploy real changes without building again.
"""

from __future__ import annotations

import os
import re
import shutil
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from asset_pipeline.fingerprint import content_hash, hashed_name
from asset_pipeline.precompress import gzip_bytes
from sitetools.local_nginx import local_nginx
from sitetools.local_sshd import current_user, local_sshd
from sitetools.tools import find as find_tool

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URL = "https://cong.example.gov.vn"
def _tool(name: str) -> str:
    found = find_tool(name)
    if not found:
        pytest.skip(f"{name} is missing: ./inv test installs openssh-server, nginx, rsync and openssl with apt")
    return found


@pytest.fixture(scope="session")
def sshd(tmp_path_factory):
    """sshd -D on a high port of 127.0.0.1 accepting one generated key for the current user."""
    _tool("sshd"), _tool("ssh"), _tool("ssh-keygen")
    with local_sshd(tmp_path_factory.mktemp("sshd")) as server:
        yield server


@dataclass(frozen=True)
class Nginx:
    base: Path  # DEPLOY_PATH: releases/, current, previous
    https: str
    http: str
    context: ssl.SSLContext
    error_log: Path

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        """(status, lower-case headers, body) of an HTTPS GET; the body is not decompressed."""
        request = urllib.request.Request(self.https + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=10) as response:
                return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
        except urllib.error.HTTPError as error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.fixture(scope="session")
def nginx(tmp_path_factory):
    """nginx serving deploy/nginx/portal.conf over HTTPS (a self-signed certificate) from a temp DEPLOY_PATH."""
    _tool("nginx"), _tool("openssl")
    folder = tmp_path_factory.mktemp("nginx")
    base = folder / "srv"
    (base / "releases").mkdir(parents=True)
    with local_nginx(folder, base) as server:
        yield Nginx(base, server.https, server.http, server.ssl_context(), server.error_log)


@pytest.fixture(scope="session")
def config(sshd, nginx):
    """DeployConfig for the test server, deploying into the directory nginx serves."""
    from sitetools.deploy import DeployConfig

    return DeployConfig(host="127.0.0.1", port=sshd.port, user=current_user(),
                        key=str(sshd.key), known_hosts=str(sshd.known_hosts), path=str(nginx.base), keep=3,
                        batch=True)


# --- The sample portal and two variants --------------------------------------------------------------------

@dataclass(frozen=True)
class Sites:
    v1: Path  # the sample portal as published
    v2: Path  # v1 with one article edited, one file added, one removed
    v3: Path  # v2 with new CSS: new fingerprint, every page names it
    edited: str  # the article page edited in v2
    added: str
    removed: str


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="session")
def sites(tmp_path_factory):
    """The sample portal built once with publishconf.py, and two variants of it."""
    from sitetools.build import build_site, report

    folder = tmp_path_factory.mktemp("published")
    before = os.environ.get("PORTAL_SITEURL")
    os.environ["PORTAL_SITEURL"] = PUBLIC_URL
    try:
        result = build_site(ROOT / "publishconf.py", folder / "v1",
                            overrides={"SEARCH_INDEX_PATH": str(folder / "search-index")})
    finally:
        if before is None:
            os.environ.pop("PORTAL_SITEURL", None)
        else:
            os.environ["PORTAL_SITEURL"] = before
    assert result.ok, report(result)
    v1 = folder / "v1"
    v2 = folder / "v2"
    shutil.copytree(v1, v2)
    edited = sorted(str(p.relative_to(v2)) for p in (v2 / "tin").rglob("index.html"))[0]
    page = v2 / edited
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (đã cập nhật)</h1>", 1), encoding="utf-8")
    added, removed = "images/2026/moi-them.svg", sorted(str(p.relative_to(v2)) for p in (v2 / "images").rglob("*.svg"))[0]
    (v2 / added).write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\n', encoding="utf-8")
    (v2 / removed).unlink()
    v3 = folder / "v3"
    shutil.copytree(v2, v3)
    # The stylesheet the pages name (the build also keeps a plain portal.css nobody loads).
    named = re.search(r"theme/css/(portal\.[0-9a-f]{10}\.css)", (v3 / "index.html").read_text(encoding="utf-8"))
    css = v3 / "theme" / "css" / named.group(1)
    body = css.read_bytes() + b"\n/* v3 */\n"
    new_name = hashed_name("portal.css", content_hash(body))
    css.unlink()
    css.with_name(css.name + ".gz").unlink(missing_ok=True)
    (css.parent / new_name).write_bytes(body)
    (css.parent / (new_name + ".gz")).write_bytes(gzip_bytes(body))
    for html in v3.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if css.name in text:
            html.write_text(text.replace(css.name, new_name), encoding="utf-8")
            packed = html.with_name(html.name + ".gz")
            if packed.exists():  # as the asset pipeline would: the .gz follows its page
                packed.write_bytes(gzip_bytes(html.read_bytes()))
    return Sites(v1, v2, v3, edited, added, removed)


ASSET_LINK = re.compile(r'<(?:link rel="stylesheet" href|script src)="(?P<url>[^"]+)"')


def asset_paths(html: bytes) -> list[str]:
    """The site paths of a page's stylesheets and scripts."""
    return [m["url"].removeprefix(PUBLIC_URL).lstrip("/") for m in ASSET_LINK.finditer(html.decode("utf-8"))]
