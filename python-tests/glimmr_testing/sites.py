"""Hospital websites on loopback: each an HTTP server (a thread of the test process) that serves a cms-hpt.txt at
its root and the MRFs it lists, with fixed ETag and Last-Modified headers so two runs record the same answers."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LAST_MODIFIED = "Wed, 01 Apr 2026 10:00:00 GMT"


@dataclass(frozen=True)
class Location:
    """One entry of a cms-hpt.txt: a hospital location and the MRF it publishes."""
    name: str
    file: Path
    content_type: str = "application/octet-stream"


class TestingHospitalSite:
    """A website whose cms-hpt.txt lists `locations`, each MRF served from its file at /files/<name>."""
    __test__ = False  # a helper, not a test class

    def __init__(self, locations: list[Location]):
        self.locations = list(locations)
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="hospital-site", daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def file_url(self, location: Location) -> str:
        return f"{self.url}/files/{location.file.name}"

    def cms_hpt_txt(self) -> bytes:
        entries = []
        for loc in self.locations:
            entries.append("\r\n".join([f"location-name: {loc.name}", f"source-page-url: {self.url}/prices",
                                        f"mrf-url: {self.file_url(loc)}", "contact-name: Price Desk",
                                        "contact-email: prices@hospital.example"]))
        return ("\r\n\r\n".join(entries) + "\r\n").encode()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = unquote(urlsplit(self.path).path)
                site.requests.append(path)
                if path == "/cms-hpt.txt":
                    self._send(200, "text/plain", site.cms_hpt_txt(), '"txt"')
                    return
                for loc in site.locations:
                    if path == f"/files/{loc.file.name}":
                        etag = f'"{loc.file.stat().st_size}-{loc.file.name}"'
                        if self.headers.get("If-None-Match") == etag:
                            self._send(304, loc.content_type, b"", etag)
                        else:
                            self._send(200, loc.content_type, loc.file.read_bytes(), etag)
                        return
                self._send(404, "text/plain", b"not found", None)

            def _send(self, status, content_type, body, etag):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Last-Modified", LAST_MODIFIED)
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def __enter__(self) -> "TestingHospitalSite":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
