"""sitetools.local_nginx: the shipped config served over HTTPS, with its headers, gzip_static and traffic log."""

from __future__ import annotations

import gzip
import time
import urllib.request

import pytest

from sitetools.local_nginx import local_nginx, nginx_binary
from sitetools.tools import find

pytestmark = pytest.mark.skipif(not nginx_binary() or not find("openssl"),
                                reason="nginx or openssl is missing: ./inv test installs them with apt")


def test_serves_current_with_the_security_headers_and_the_prebuilt_gzip(tmp_path):
    release = tmp_path / "srv" / "releases" / "r1"
    release.mkdir(parents=True)
    page = "<!doctype html><title>Trang chủ</title>" + "<p>Tin tức tỉnh.</p>" * 200
    (release / "index.html").write_text(page, encoding="utf-8")
    packed = gzip.compress(page.encode("utf-8"), 9, mtime=0) + b"\0"  # marked: nginx must send this file as is
    (release / "index.html.gz").write_bytes(packed)
    (tmp_path / "srv" / "current").symlink_to(release)
    with local_nginx(tmp_path / "nginx", tmp_path / "srv") as server:
        request = urllib.request.Request(server.https + "/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, context=server.ssl_context(), timeout=10) as response:
            headers, body = response.headers, response.read()
        for _ in range(100):  # nginx logs a request once its response is sent
            log = server.access_log.read_text(encoding="utf-8")
            if log.endswith("\n"):
                break
            time.sleep(0.02)
    assert body == packed and headers["Content-Encoding"] == "gzip"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "public, max-age=60, must-revalidate"
    uri, body_bytes, sent = log.splitlines()[-1].split("\t")
    assert uri == "/" and int(body_bytes) == len(packed) and int(sent) > len(packed)
