"""`invoke serve`: the preview server holds stale pages back, reloads the browser, shows problems, its own 404."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from conftest import CONTENT, FIXED_NOW, REPO, need
from test_preview import Preview, release

from preview.changes import ChangeSet
from preview.serve import rebuild, summary
from preview.server import Gate, open_server, relative_file


@pytest.fixture
def served(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    preview = Preview(tmp_path, content)
    gate = Gate()
    gate.begin()
    result = preview.site.start()
    gate.end(problems=result.problems)
    preview.first_summary = summary(result, first=True)
    server = open_server(preview.site, gate, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    preview.url = f"http://127.0.0.1:{server.server_address[1]}"
    preview.gate = gate
    yield preview
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def url_of(preview, source) -> str:
    slug = next(line.split(":", 1)[1].strip() for line in source.read_text("utf-8").splitlines()
                if line.startswith("slug:"))
    date = next(line.split(":", 1)[1].strip() for line in source.read_text("utf-8").splitlines()
                if line.startswith("date:"))
    return f"{preview.url}/persberichten/{date[:4]}/{slug}/"


def test_addresses_map_to_files():
    assert relative_file("/") == "index.html"
    assert relative_file("/persberichten/2026/x/") == "persberichten/2026/x/index.html"
    assert relative_file("/feeds/alles.atom.xml?x=1") == "feeds/alles.atom.xml"


def test_pages_carry_the_reload_script_their_csp_allows(served):
    status, html = get(served.url + "/")
    assert status == 200
    assert '<script src="/__preview/reload.js" defer></script></head>' in html
    assert "script-src 'self'" in html
    status, script = get(served.url + "/__preview/reload.js")
    assert status == 200 and "EventSource" in script
    assert get(served.url + "/theme/css/site.css")[0] == 200


def test_an_unknown_address_gets_the_sites_own_404_page(served):
    status, html = get(served.url + "/bestaat/niet/")
    assert status == 404
    assert "<main" in html and "vw-search-form" in html


def test_cards_and_images_come_from_their_caches(served):
    card = next(name for name in served.site.served_tree() if name.startswith("social/"))
    status, _body = get(f"{served.url}/{card}")
    assert status == 200
    assert not (served.root / "served" / card).exists(), "the card is served from its cache, not copied"


def test_an_edit_is_served_when_its_page_is_ready_and_the_browser_is_told(served):
    source = release(served)
    url = url_of(served, source)
    events = urllib.request.urlopen(served.url + "/__preview/events", timeout=30)
    assert events.readline().startswith(b": connected")
    events.readline()
    source.write_text(source.read_text("utf-8") + "\nZin uit de servertest.\n", encoding="utf-8")
    builder = threading.Thread(target=rebuild, args=(served.site, served.gate,
                                                     ChangeSet(markdown={str(source)})))
    builder.start()
    status, html = get(url)  # asked while the build may still run: never the old page
    builder.join()
    assert status == 200 and "Zin uit de servertest." in html
    lines = [events.readline().decode("utf-8") for _ in range(2)]
    assert lines[0] == "event: build\n"
    message = json.loads(lines[1].removeprefix("data: "))
    relative = relative_file(url.removeprefix(served.url))
    assert relative in message["changed"] and message["problems"] is False
    events.close()


def test_problems_replace_every_page_until_they_are_fixed(served):
    source = release(served)
    text = source.read_text("utf-8")
    source.write_text(text.replace("date:", "date: 2026-13-45\nstray:", 1), encoding="utf-8")
    result = rebuild(served.site, served.gate, ChangeSet(markdown={str(source)}))
    assert not result.ok
    for path in ("/", "/opinie/", "/bestaat/niet/"):
        status, html = get(served.url + path)
        assert status == 200
        assert "problemen in de inhoud" in html or "probleem in de inhoud" in html
        assert source.name in html and "date" in html and 'data-preview-problems="true"' in html
    source.write_text(text, encoding="utf-8")
    assert rebuild(served.site, served.gate, ChangeSet(markdown={str(source)})).ok
    status, html = get(served.url + "/opinie/")
    assert status == 200 and "probleem" not in html


def test_a_busy_port_gives_one_dutch_line_and_a_non_zero_exit(tmp_path):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:
        result = subprocess.run(
            [sys.executable, "-m", "invoke", "serve", "--port", str(port), "--output", str(tmp_path / "out")],
            cwd=REPO, capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "SITE_NOW": FIXED_NOW})
    finally:
        blocker.close()
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Poort {port} is al in gebruik" in result.stderr
    assert f"make serve PORT={port + 1}" in result.stderr
    assert "draait op" not in result.stdout and "Traceback" not in result.stderr


def test_make_serve_and_html_pass_the_port_and_verbosity_on():
    need(shutil.which("make") is not None, "make is not installed")

    def planned(*args: str) -> str:
        # Under `make test` the outer make's MAKELEVEL/MAKEFLAGS would make this one print
        # "Leaving directory" lines; plan it as if run from a shell.
        env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
        result = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed", *args], cwd=REPO,
                                capture_output=True, text=True, check=True, env=env)
        return result.stdout.strip().splitlines()[-1]

    assert planned("serve") == ".venv/bin/invoke serve --port 8000"
    assert planned("serve", "PORT=8001") == ".venv/bin/invoke serve --port 8001"
    assert planned("html") == ".venv/bin/invoke build"
    assert planned("html", "V=1") == ".venv/bin/invoke build --verbose"


@pytest.mark.parametrize(("args", "said"), [
    (["--port", "70000"], "70000 is geen poort. Kies een getal van 1024 tot 65535"),
    (["--content", "bestaat-niet"], "bestaat-niet bestaat niet. Geef de map met de inhoud"),
])
def test_wrong_arguments_get_one_dutch_line_and_no_traceback(tmp_path, args, said):
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "serve", *args, "--output", str(tmp_path / "out")],
        cwd=REPO, capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "SITE_NOW": FIXED_NOW})
    assert result.returncode == 1, result.stdout + result.stderr
    assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stdout == "" and not (tmp_path / "out").exists()


def test_the_first_build_is_summed_up_in_dutch(served):
    """`invoke serve` says what it built, as a build does (kernel.summary), before it says it serves."""
    text = served.first_summary
    assert text.startswith("Site gebouwd in ")
    counts = [int(n) for n in re.findall(r"(\d+) (?:teksten|pagina's|feeds)", text)]
    assert len(counts) == 3 and all(counts), text


@pytest.mark.browser
def test_the_browser_reloads_by_itself(served, browser):
    source = release(served)
    url = url_of(served, source)
    page = browser.new_page()
    try:
        page.goto(url)
        page.wait_for_timeout(300)  # the event stream is open
        source.write_text(source.read_text("utf-8") + "\nHerladen zonder klikken.\n", encoding="utf-8")
        started = time.perf_counter()
        rebuild(served.site, served.gate, ChangeSet(markdown={str(source)}))
        page.wait_for_function("document.body.innerText.includes('Herladen zonder klikken.')", timeout=10000)
        assert time.perf_counter() - started < 10
    finally:
        page.close()
