"""An HTTPS server on 127.0.0.1 that stands in for YouTube, recording every request.

The tests map YouTube's hosts to it (Chromium's --host-resolver-rules, tests/conftest.py),
so the player page reaches it under the names its Content-Security-Policy allows.

Serves `iframe_api.js` for `/iframe_api`, `embed.html` for `/embed/<id>`, a 404 for
paths under `/missing/`, and an empty 204 for anything else. The certificate is
self-signed, made by openssl in a tmp dir; the tests run Chromium with
`--ignore-certificate-errors` (tests/conftest.py).
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

HERE = Path(__file__).resolve().parent
ROUTES = {"/iframe_api": ("iframe_api.js", "text/javascript; charset=utf-8")}


@dataclass(frozen=True)
class Request:
    """One request as the stand-in saw it."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """Create a self-signed localhost certificate; return (cert, key)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("openssl is needed for the YouTube stand-in: apt-get install openssl")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
         "-days", "1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


class StandinServer:
    """The stand-in, running in a daemon thread until `stop()`."""

    def __init__(self, cert_dir: Path, port: int = 0) -> None:
        self.requests: list[Request] = []
        self.missing: set[str] = set()  # paths answered with 404 (as are those under /missing/)
        self._lock = threading.Lock()
        cert, key = make_certificate(cert_dir)
        server = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(cert), str(key))
        # The TLS handshake happens in each request's thread, not in the accept loop, so a
        # browser's idle preconnect cannot stall the server.
        server.socket = context.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
        server.daemon_threads = True
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        """`https://127.0.0.1:<port>`."""
        return f"https://127.0.0.1:{self.port}"

    def requests_to(self, prefix: str) -> list[Request]:
        """The recorded requests whose path starts with `prefix`."""
        with self._lock:
            return [r for r in self.requests if r.path.startswith(prefix)]

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        record = self._record
        server = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 10

            def setup(self) -> None:
                super().setup()
                self.request.do_handshake()

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                record(Request(parts.path, parse_qs(parts.query), dict(self.headers.items())))
                if parts.path in ROUTES and parts.path not in server.missing:
                    name, content_type = ROUTES[parts.path]
                    self._send(200, (HERE / name).read_bytes(), content_type)
                elif parts.path.startswith("/missing/") or parts.path in server.missing:
                    self._send(404, b"not here", "text/plain")
                elif parts.path.startswith("/embed/"):
                    self._send(200, (HERE / "embed.html").read_bytes(), "text/html; charset=utf-8")
                else:
                    self._send(204, b"", "text/plain")

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output quiet; requests are recorded instead

        return Handler
