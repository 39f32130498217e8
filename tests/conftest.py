"""Shared fixtures: one build of the real site per session, a local server, one browser.

Scenario builds (broken content, embargo, ...) use `build_site()` with their
own content folder and clock.
"""

from __future__ import annotations

import atexit
import functools
import http.server
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitechecks import page_urls, public_pages

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
# The fixed clock of the session build: SITE_NOW for tests.
FIXED_NOW = "2026-11-26T12:00:00+01:00"
# Caches of made images (<NAME>_CACHE_PATH settings): tests keep them outside the source tree.
GENERATED_IMAGE_CACHES = ("IMAGES", "SOCIAL_CARDS", "CAMPAIGN_ART")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip a test whose tool is missing; under CI a missing tool is a failure."""
    if condition:
        return
    if under_ci():
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


@functools.cache
def _test_cache() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="vw-test-cache-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def cache_arguments(folder: Path) -> list[str]:
    """`pelican -e` arguments that keep a subprocess build's image caches in `folder`, outside the source tree."""
    return ["-e", *(f'{name}_CACHE_PATH="{folder / name.lower()}"' for name in GENERATED_IMAGE_CACHES)]


def build_site(
    output: Path,
    *,
    content: Path = CONTENT,
    now: str | None = FIXED_NOW,
    settings_file: str = "pelicanconf.py",
    **overrides,
) -> Path:
    """Build a site in-process with Pelican, as `pelican content -s <settings>` does."""
    from pelican import Pelican
    from pelican.settings import read_settings

    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "SITE_NOW": now}
    # Generated images are cached outside the source tree, shared by the session's builds.
    override.update({f"{name}_CACHE_PATH": str(_test_cache() / name.lower()) for name in GENERATED_IMAGE_CACHES})
    override.update(overrides)
    settings = read_settings(str(REPO / settings_file), override=override)
    Pelican(settings).run()
    return output


@dataclass
class BuiltSite:
    """A built output tree with helpers to read its pages."""

    output: Path
    _soups: dict = field(default_factory=dict)

    def file_for(self, url: str) -> Path:
        path = self.output / url.split("#", 1)[0].lstrip("/")
        if url.endswith("/") or path.is_dir():
            path = path / "index.html"
        return path

    def soup(self, url: str) -> BeautifulSoup:
        if url not in self._soups:
            self._soups[url] = BeautifulSoup(self.file_for(url).read_text(encoding="utf-8"), "lxml")
        return self._soups[url]

    def html_files(self) -> list[Path]:
        """Every public HTML page of the output.

        The team's folders (sitechecks.TEAM_ONLY: the web editor at /admin/) are left out
        explicitly: the checks of public pages (shell, budgets, accessibility, cards) do not
        apply there; tests/test_admin.py checks them, and the Nu checker reads the whole folder.
        """
        return public_pages(self.output)

    def page_urls(self) -> list[str]:
        """Every public HTML page as a root-relative URL, directory-style where it is an index."""
        return page_urls(self.output)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The real content, built once with the preview settings at the fixed clock."""
    output = tmp_path_factory.mktemp("site") / "output"
    build_site(output)
    return BuiltSite(output)


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> BuiltSite:
    """The real content built once with publishconf.py: absolute addresses, nothing preview-only."""
    return BuiltSite(build_site(tmp_path_factory.mktemp("production") / "output", settings_file="publishconf.py"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve a folder on a free local port; returns a function folder -> base URL."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(site, serve) -> str:
    return serve(site.output)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for all browser tests."""
    need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets tests inject axe-core; the pages' own CSP is tested separately.
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def node_modules() -> Path:
    folder = REPO / "node_modules"
    need(shutil.which("node") is not None, "Node.js is not installed")
    need(folder.is_dir(), "node_modules/ is missing (run npm ci)")
    return folder


@pytest.fixture
def content_errors(caplog):
    """The content problems logged by a failed build, as text lines."""
    caplog.set_level(logging.ERROR)

    def lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name.startswith("kernel")]

    return lines
