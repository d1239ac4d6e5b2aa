"""The development server sends the security headers of deploy/nginx/portal-headers.conf."""

import urllib.request

from sitetools.serve import HEADERS_FILE, security_headers, serve_in_background


def test_the_preview_sends_the_production_headers_but_hsts(tmp_path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    expected = security_headers(HEADERS_FILE.read_text(encoding="utf-8"))
    assert {name for name, _ in expected} >= {"Content-Security-Policy", "X-Content-Type-Options",
                                              "Referrer-Policy", "Permissions-Policy"}
    server, base = serve_in_background(tmp_path)
    try:
        with urllib.request.urlopen(base + "/", timeout=5) as response:
            for name, value in expected:
                assert response.headers[name] == value
            assert response.headers["Strict-Transport-Security"] is None
    finally:
        server.shutdown()
        server.server_close()
