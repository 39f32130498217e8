"""The preview's web server: the built site as it is after the last good build, never a stale page.

- Files come from the output folder, and cached images and social cards from
  their caches (kernel.output), so a build never copies them.
- While a build runs, a request waits until its page is up to date: the
  edited item's own page is released as soon as it is written, every other
  file when the build is done. A build that fails changes nothing that is
  served, except that every HTML page then shows the problems instead. The
  search index, made after the pages are served, is held until it is made.
- HTML pages get one extra script (/__preview/reload.js, allowed by the
  pages' own CSP as 'self') that listens to /__preview/events and reloads
  the page when a build has changed it, or when problems appear or go.
- An unknown address gets the site's own 404 page.
- The web editor (admin/, plugins/admin) is a live application with a preview of
  its own: it gets no reload script and is never replaced by the problem page, so
  an editor can go on writing (and fix a problem) while the build reports one.
"""

from __future__ import annotations

import http.server
import json
import mimetypes
import queue
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kernel import background
from kernel.preview import notices
from sitechecks import for_the_team

from . import problem_page

RELOAD_SCRIPT = Path(__file__).with_name("static") / "reload.js"
SCRIPT_TAG = b'<script src="/__preview/reload.js" defer></script>'
SEARCH_INDEX = "pagefind/"
WAIT_LIMIT = 60.0  # seconds a request waits for a build before it gets what there is


class PortInUse(OSError):
    """The chosen port is taken by another program."""


class Gate:
    """Which files may be served while a build runs, and who is listening for builds."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.building = False
        self.released: set[str] = set()
        self.listeners: list[queue.Queue] = []
        self.problems: list = []
        self.error = ""
        notices.on_done = self.release

    def begin(self) -> None:
        with self.condition:
            self.building = True
            self.released = set()

    def release(self, paths) -> None:
        with self.condition:
            self.released |= set(paths)
            self.condition.notify_all()

    def end(self, *, problems=(), error: str = "", everything: bool = False) -> None:
        with self.condition:
            changed = sorted(self.released)
            had = bool(self.problems or self.error)
            self.building = False
            self.problems, self.error = list(problems), error
            self.condition.notify_all()
            message = {"changed": changed, "problems": bool(self.problems or self.error),
                       "everything": everything or had != bool(self.problems or self.error)}
            for listener in list(self.listeners):
                listener.put(message)

    def wait_for(self, relative: str) -> None:
        with self.condition:
            self.condition.wait_for(lambda: not self.building or relative in self.released, timeout=WAIT_LIMIT)


def relative_file(url_path: str) -> str:
    """/persberichten/2026/x/ -> persberichten/2026/x/index.html"""
    path = unquote(urlsplit(url_path).path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path


def make_handler(site, gate: Gate):
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "VluchtelingenwerkPreview"

        def log_message(self, *args):  # the terminal shows builds, not requests
            pass

        def do_GET(self):
            if self.path.startswith("/__preview/events"):
                return self._events()
            if self.path.startswith("/__preview/status"):
                status = {"building": gate.building, "indexing": not background.wait_until_done(0),
                          "problems": len(gate.problems) + bool(gate.error)}
                return self._send(200, "application/json", json.dumps(status).encode("utf-8"))
            if self.path.startswith("/__preview/reload.js"):
                return self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.read_bytes())
            relative = relative_file(self.path)
            gate.wait_for(relative)
            if relative.startswith(SEARCH_INDEX):
                # The index of an earlier build may still list what is gone or held again: wait for the new one.
                background.wait_until_done(WAIT_LIMIT)
            found = site.file_for(relative)
            if found is None and not relative.endswith("index.html") and site.file_for(relative + "/index.html"):
                return self._redirect(urlsplit(self.path).path + "/")
            is_html = relative.endswith(".html") and not for_the_team(relative)
            if (gate.problems or gate.error) and (is_html or found is None):
                return self._send(200, "text/html; charset=utf-8",
                                  problem_page.render(gate.problems, gate.error, site), html=True,
                                  problems=True)
            if found is None:
                missing = site.file_for("404.html")
                body = missing.read_bytes() if missing else b"<!DOCTYPE html><title>404</title><h1>404</h1>"
                return self._send(404, "text/html; charset=utf-8", body, html=True)
            kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml",
                                                    "application/atom+xml"):
                kind += "; charset=utf-8"
            return self._send(200, kind, found.read_bytes(), html=is_html)

        def _send(self, status: int, kind: str, body: bytes, *, html: bool = False, problems: bool = False):
            if html:
                marker = b" data-preview-problems=\"true\"" if problems else b""
                body = body.replace(b"</head>", SCRIPT_TAG + b"</head>", 1)
                if marker:
                    body = body.replace(b"<html", b"<html" + marker, 1)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, location: str):
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _events(self):
            listener: queue.Queue = queue.Queue()
            gate.listeners.append(listener)
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while True:
                    try:
                        message = listener.get(timeout=15)
                        payload = f"event: build\ndata: {json.dumps(message)}\n\n"
                    except queue.Empty:
                        payload = ": still here\n\n"  # keeps proxies and the browser from closing it
                    self.wfile.write(payload.encode("utf-8"))
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                gate.listeners.remove(listener)

    return Handler


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # A restarted preview may take the port back from its own closed connections (TIME_WAIT); on POSIX
    # this never lets two servers listen on one port. Windows' SO_REUSEADDR would: not there.
    allow_reuse_address = sys.platform != "win32"


def open_server(site, gate: Gate, host: str, port: int) -> PreviewServer:
    """Bind the port (PortInUse when another program has it); serving starts with serve_forever()."""
    try:
        return PreviewServer((host, port), make_handler(site, gate))
    except OSError as error:
        if error.errno in (98, 48, 10048):  # address in use: Linux, macOS, Windows
            raise PortInUse(port) from None
        raise
