"""A throwaway nginx on 127.0.0.1 serving a site with the shipped config, for the deploy tests and the search bench.

It writes a minimal nginx.conf around deploy/nginx/portal-http.conf and portal.conf
(ports, certificate and paths substituted; everything else as shipped), makes a
self-signed certificate for 127.0.0.1 with openssl, and runs `nginx -g 'daemon off;'`
as the current user from a folder of its own until the context exits. The access
log holds one "uri<TAB>body bytes<TAB>bytes sent" line per request.
"""

from __future__ import annotations

import os
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitetools.local_sshd import free_port, stop, wait_for_port
from sitetools.tools import find

NGINX_DIR = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
# One line per request, read by sitetools.search_bench: the headers' bytes are the difference of the two counts.
TRAFFIC_FORMAT = "'$request_uri\\t$body_bytes_sent\\t$bytes_sent'"


@dataclass(frozen=True)
class LocalNginx:
    """Where the server answers and what it writes."""

    https: str
    http: str
    cert: Path
    access_log: Path
    error_log: Path
    folder: Path

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts the server's self-signed certificate."""
        return ssl.create_default_context(cafile=str(self.cert))


def nginx_binary() -> str | None:
    """nginx's path, or None when it is not installed (apt-get install nginx)."""
    return find("nginx")


def nginx_config(folder: Path, deploy_path: Path, https_port: int, http_port: int, cert: Path, key: Path,
                 workers: str = "1") -> str:
    """deploy/nginx/portal-http.conf and portal.conf with these ports and paths, in a minimal nginx.conf."""
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
        ("/srv/cong-thong-tin", str(deploy_path)),
    ]
    for old, new in substitutions:
        if old not in site:
            raise ValueError(f"deploy/nginx/ no longer has {old!r}: update sitetools/local_nginx.py")
        site = site.replace(old, new)
    temp = folder / "temp"
    return "\n".join([
        "user root;" if os.geteuid() == 0 else "",  # workers must read the temp dir, which is private to us
        f"worker_processes {workers};", f"pid {folder / 'nginx.pid'};", f"error_log {folder / 'error.log'} warn;",
        "events { worker_connections 128; }",
        "http {", "include /etc/nginx/mime.types;", "default_type application/octet-stream;",
        f"log_format traffic {TRAFFIC_FORMAT};",
        f"access_log {folder / 'access.log'} traffic;",
        *(f"{kind}_temp_path {temp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        site, "}", ""])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 valid two days, and its key (openssl)."""
    openssl = find("openssl")
    if not openssl:
        raise RuntimeError("openssl is missing: apt-get install openssl")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@contextmanager
def local_nginx(folder: Path, deploy_path: Path, workers: str = "1") -> Iterator[LocalNginx]:
    """Run nginx with the shipped site config serving `deploy_path`/current; yield a LocalNginx.

    `deploy_path` is DEPLOY_PATH as on the server: nginx's root is its `current` symlink.
    """
    binary = nginx_binary()
    if not binary:
        raise RuntimeError("nginx is missing: apt-get install nginx")
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("temp", "acme"):
        (folder / sub).mkdir(exist_ok=True)
    cert, key = self_signed(folder)
    https_port, http_port = free_port(), free_port()
    config = folder / "nginx.conf"
    config.write_text(nginx_config(folder, deploy_path, https_port, http_port, cert, key, workers), encoding="utf-8")
    log = folder / "error.log"
    checked = subprocess.run([binary, "-t", "-p", str(folder), "-e", str(log), "-c", str(config)],
                             capture_output=True, text=True)
    if checked.returncode:
        raise RuntimeError(f"nginx -t refused {config}:\n{checked.stderr}")
    process = subprocess.Popen([binary, "-p", str(folder), "-e", str(log), "-c", str(config), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(https_port, process, log)
        yield LocalNginx(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", cert,
                         folder / "access.log", log, folder)
    finally:
        stop(process)
