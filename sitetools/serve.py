"""A small static file server for previews and tests, bound to 127.0.0.1."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class PortalRequestHandler(SimpleHTTPRequestHandler):
    """Serve the built site; answer unknown paths with the portal's 404 page."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def end_headers(self):
        # The same policy the production server sends: the theme needs nothing else.
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(directory: str | Path, port: int = 8000, host: str = "127.0.0.1", verbose: bool = False) -> ThreadingHTTPServer:
    """A server for `directory` on host:port (port 0 picks a free one)."""
    handler = functools.partial(PortalRequestHandler, directory=str(directory))
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer((host, port), handler)
    server.verbose = verbose
    return server


def serve_in_background(directory: str | Path) -> tuple[ThreadingHTTPServer, str]:
    """Start a server on a free port in a daemon thread; return it and its base URL."""
    server = make_server(directory, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"
