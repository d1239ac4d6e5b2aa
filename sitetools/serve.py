"""A small static file server for previews and tests, bound to 127.0.0.1.

With a `ReloadHub` (the preview of `./inv serve`), every HTML page it serves
gets one extra script, `/__xem-truoc/tai-lai.js`, which listens to the
server's event stream and reloads the page after each rebuild, or shows the
build's problems in a banner. The files on disk are never changed by this.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PREVIEW_PREFIX = "/__xem-truoc/"
RELOAD_SCRIPT = Path(__file__).with_name("preview_reload.js")
_RELOAD_TAG = f'<script src="{PREVIEW_PREFIX}tai-lai.js" defer></script>'.encode()
HEADERS_FILE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "portal-headers.conf"
_ADD_HEADER = re.compile(r'^\s*add_header\s+(?P<name>[A-Za-z-]+)\s+"(?P<value>[^"]*)"', re.MULTILINE)


def security_headers(conf: str) -> list[tuple[str, str]]:
    """The `add_header Name "value"` lines of nginx's headers include, but HSTS (meaningless over plain HTTP)."""
    return [(m["name"], m["value"]) for m in _ADD_HEADER.finditer(conf)
            if m["name"].lower() != "strict-transport-security"]


SECURITY_HEADERS = security_headers(HEADERS_FILE.read_text(encoding="utf-8"))


class ReloadHub:
    """The preview's state that browsers follow: a version bumped after each rebuild, and its problems."""

    def __init__(self) -> None:
        self.version = 0
        self.problems: list[str] = []
        self._changed = threading.Condition()

    def publish(self, problems: list[str]) -> None:
        """A rebuild finished: pages reload (no problems) or show the problems."""
        with self._changed:
            self.version += 1
            self.problems = list(problems)
            self._changed.notify_all()

    def wait_after(self, version: int, timeout: float) -> int:
        """Block until the version passes `version` or `timeout` seconds went by; return the version."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != version, timeout=timeout)
            return self.version

    def state(self) -> dict:
        return {"version": self.version, "problems": self.problems}


class PortalRequestHandler(SimpleHTTPRequestHandler):
    """Serve the built site; answer unknown paths with the portal's 404 page."""

    # Keep-alive, as a production server has: a page's dozens of requests reuse a few connections
    # instead of opening one each (the standard library's default is HTTP/1.0, one per request).
    protocol_version = "HTTP/1.1"

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
        # The same policy the production server sends (deploy/nginx/portal-headers.conf).
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self):  # noqa: N802 (the standard library's name)
        hub = getattr(self.server, "reload_hub", None)
        if hub is None:
            return super().do_GET()
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == PREVIEW_PREFIX + "tai-lai.js":
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.read_bytes())
        if path == PREVIEW_PREFIX + "su-kien":
            return self._stream_events(hub)
        file = self.translate_path(path)
        if os.path.isdir(file) and path.endswith("/"):
            file = os.path.join(file, "index.html")
        if file.endswith(".html") and os.path.isfile(file):
            body = Path(file).read_bytes()
            position = body.rfind(b"</body>")
            body = body[:position] + _RELOAD_TAG + body[position:] if position >= 0 else body + _RELOAD_TAG
            return self._send(200, "text/html; charset=utf-8", body)
        return super().do_GET()

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _stream_events(self, hub: ReloadHub) -> None:
        """Server-sent events: the current state at once, then one event per rebuild."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True  # the stream has no length: it ends with its connection
        version = hub.version
        try:
            self.wfile.write(f"event: state\ndata: {json.dumps(hub.state(), ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()
            while not getattr(self.server, "stopping", False):
                now = hub.wait_after(version, timeout=10)
                if now == version:
                    self.wfile.write(b": still here\n\n")  # keeps the connection open through proxies
                else:
                    version = now
                    event = "problems" if hub.problems else "reload"
                    self.wfile.write(f"event: {event}\ndata: {json.dumps(hub.state(), ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded

    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(directory: str | Path, port: int = 8000, host: str = "127.0.0.1", verbose: bool = False,
                reload_hub: ReloadHub | None = None) -> ThreadingHTTPServer:
    """A server for `directory` on host:port (port 0 picks a free one); with `reload_hub`, a live preview."""
    handler = functools.partial(PortalRequestHandler, directory=str(directory))
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True  # open event streams must not keep the process alive
    server = ThreadingHTTPServer((host, port), handler)
    server.verbose = verbose
    server.reload_hub = reload_hub
    return server


def serve_in_background(directory: str | Path, reload_hub: ReloadHub | None = None) -> tuple[ThreadingHTTPServer, str]:
    """Start a server on a free port in a daemon thread; return it and its base URL."""
    server = make_server(directory, port=0, reload_hub=reload_hub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"
