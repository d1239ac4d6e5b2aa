"""Real parts for the deploy tests: an OpenSSH server and nginx on 127.0.0.1 high ports, in a temp dir.

Both run as the current user. The sample portal is built once per session with
publishconf.py; two variants are derived from it (one article edited; new CSS),
so that the tests deploy real changes without building again.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import ssl
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitetools.local_sshd import current_user, free_port, local_sshd, stop, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
NGINX_DIR = ROOT / "deploy" / "nginx"
PUBLIC_URL = "https://cong.example.gov.vn"
TOOLS = {"sshd": "/usr/sbin/sshd", "nginx": "/usr/sbin/nginx", "rsync": "rsync", "openssl": "openssl",
         "ssh": "ssh", "ssh-keygen": "ssh-keygen"}


def _tool(name: str) -> str:
    found = shutil.which(TOOLS[name]) or (TOOLS[name] if Path(TOOLS[name]).exists() else None)
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


def nginx_config(folder: Path, base: Path, https_port: int, http_port: int, cert: Path, key: Path) -> str:
    """deploy/nginx/portal-http.conf and portal.conf with the test's ports and paths, in a minimal nginx.conf."""
    site = "\n".join((NGINX_DIR / name).read_text(encoding="utf-8") for name in ("portal-http.conf", "portal.conf"))
    substitutions = [
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("/etc/letsencrypt/live/portal.example.gov.vn/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/portal.example.gov.vn/privkey.pem", str(key)),
        ("/etc/nginx/snippets/portal-headers.conf", str(NGINX_DIR / "portal-headers.conf")),
        ("/var/www/letsencrypt", str(folder / "acme")),
        ("/srv/cong-thong-tin", str(base)),
    ]
    for old, new in substitutions:
        assert old in site, f"deploy/nginx/ no longer has {old!r}: update the test's substitutions"
        site = site.replace(old, new)
    temp = folder / "temp"
    return "\n".join([
        "user root;" if os.geteuid() == 0 else "",  # workers must read the temp dir, which is private to us
        "worker_processes 1;", f"pid {folder / 'nginx.pid'};", f"error_log {folder / 'error.log'} warn;",
        "events { worker_connections 128; }",
        "http {", "include /etc/nginx/mime.types;", "default_type application/octet-stream;",
        f"access_log {folder / 'access.log'};",
        *(f"{kind}_temp_path {temp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        site, "}", ""])


@pytest.fixture(scope="session")
def nginx(tmp_path_factory):
    """nginx serving deploy/nginx/portal.conf over HTTPS (a self-signed certificate) from a temp DEPLOY_PATH."""
    nginx_bin, openssl = _tool("nginx"), _tool("openssl")
    folder = tmp_path_factory.mktemp("nginx")
    base = folder / "srv"
    (base / "releases").mkdir(parents=True)
    for sub in ("temp", "acme"):
        (folder / sub).mkdir()
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    https_port, http_port = free_port(), free_port()
    config = folder / "nginx.conf"
    config.write_text(nginx_config(folder, base, https_port, http_port, cert, key), encoding="utf-8")
    log = folder / "error.log"
    checked = subprocess.run([nginx_bin, "-t", "-p", str(folder), "-e", str(log), "-c", str(config)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([nginx_bin, "-p", str(folder), "-e", str(log), "-c", str(config),
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(https_port, process, log)
        context = ssl.create_default_context(cafile=str(cert))
        yield Nginx(base, f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", context, log)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def config(sshd, nginx):
    """DeployConfig for the test server, deploying into the directory nginx serves."""
    from sitetools.deploy import DeployConfig

    return DeployConfig(host="127.0.0.1", port=sshd.port, user=current_user(),
                        key=str(sshd.key), known_hosts=str(sshd.known_hosts), path=str(nginx.base), keep=3,
                        batch=True)


# --- The sample portal and two variants --------------------------------------------------------------------

ASSETS = {"theme/css/portal.css": "css", "theme/js/portal.js": "js"}


def fingerprint(site: Path) -> dict[str, str]:
    """Give the theme's CSS/JS fingerprinted names as the publish build's asset pipeline does, when the build
    did not (the pipeline is developed on another branch); write .gz siblings of text files when missing.
    Returns {plain path: fingerprinted path}."""
    renamed = {}
    for plain, ext in ASSETS.items():
        source = site / plain
        if not source.exists():
            continue
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:10]
        target = source.with_name(f"{source.stem}.{digest}.{ext}")
        source.rename(target)
        renamed[plain] = str(target.relative_to(site))
    if renamed:
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            new = text
            for plain, final in renamed.items():
                new = new.replace(f"/{plain}\"", f"/{final}\"")
            if new != text:
                page.write_text(new, encoding="utf-8")
    if not any(site.rglob("*.gz")):
        for path in [*site.glob("theme/css/*.css"), *site.glob("theme/js/*.js"), site / "index.html"]:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
    return renamed


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
    fingerprint(v1)
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
    new_name = f"portal.{hashlib.sha256(body).hexdigest()[:10]}.css"
    css.unlink()
    css.with_name(css.name + ".gz").unlink(missing_ok=True)
    (css.parent / new_name).write_bytes(body)
    (css.parent / (new_name + ".gz")).write_bytes(gzip.compress(body, 9, mtime=0))
    for html in v3.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if css.name in text:
            html.write_text(text.replace(css.name, new_name), encoding="utf-8")
            packed = html.with_name(html.name + ".gz")
            if packed.exists():  # as the asset pipeline would: the .gz follows its page
                packed.write_bytes(gzip.compress(html.read_bytes(), 9, mtime=0))
    return Sites(v1, v2, v3, edited, added, removed)


ASSET_LINK = re.compile(r'<(?:link rel="stylesheet" href|script src)="(?P<url>[^"]+)"')


def asset_paths(html: bytes) -> list[str]:
    """The site paths of a page's stylesheets and scripts."""
    return [m["url"].removeprefix(PUBLIC_URL).lstrip("/") for m in ASSET_LINK.finditer(html.decode("utf-8"))]
