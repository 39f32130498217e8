"""The web editor end to end in Chromium, against a copy of the content and its local backend.

One session (module fixture) does what an editor does: sign in to /admin/, make a press
release (title, date, topics, text, an uploaded image with its alt text) after the editor
refused to save it without the alt text, make an embargoed one, and retitle an existing
release. Every request that would leave 127.0.0.1 is blocked and counted, and so is every
Content-Security-Policy violation. The tests then read the files the editor wrote and
build the copy: before the embargo and after it.
"""

from __future__ import annotations

import difflib
import shutil
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import CONTENT, REPO, BuiltSite, build_site, need
from test_embargo import leaks

NEW_RELEASE = "content/persberichten/2026-11-20-nieuwe-opvangplaatsen-in-gent.md"
NEW_RELEASE_TEXT = (
    "title: Nieuwe opvangplaatsen in Gent\n"
    "slug: nieuwe-opvangplaatsen-gent\n"
    "date: 2026-11-20 10:00\n"
    "summary: Vluchtelingenwerk Vlaanderen verwelkomt tweehonderd nieuwe opvangplaatsen.\n"
    "tags: opvang, kinderen\n"
    "image: images/huis-tekening.png\n"
    "image_alt: Een getekend geel huis op een blauwe achtergrond\n"
    "\n"
    "De nieuwe plaatsen openen in december.\n"
)
TOKEN = "zzcmsembargo"
EMBARGOED = f"content/persberichten/2026-11-21-{TOKEN}-persbericht.md"
EMBARGO_LIFTS = "2026-11-27T09:00:00+01:00"  # the day after the session's fixed clock
EDITED = "content/persberichten/2024-02-15-recht-op-opvang.md"
NEW_TITLE = "Recht op opvang is geen gunst"


@dataclass
class EditorSession:
    repository: Path
    url: str = ""
    outside: list[str] = field(default_factory=list)
    local_requests: int = 0
    csp_violations: list[str] = field(default_factory=list)
    refusal: str = ""  # what the editor said when asked to save an image without alt text
    preview: dict = field(default_factory=dict)  # what the preview pane showed of the new release

    def text(self, relative: str) -> str:
        return (self.repository / relative).read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(page, done, what: str, timeout: float = 60.0) -> None:
    """Wait while Playwright keeps working: the route that counts requests runs only while it does."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, what
        page.wait_for_timeout(50)


def field_named(page, label: str):
    return page.get_by_label(label).first


def publish(page) -> None:
    """Publiceer > Publiceer nu, once the editor is no longer busy with an earlier save."""
    page.get_by_role("button", name="Publiceer", exact=True).click()
    now = page.get_by_text("Publiceer nu", exact=True)
    now.wait_for()
    now.click()


def open_new_release(page) -> None:
    page.locator('a[href$="/collections/persberichten/new"]').click()
    field_named(page, "Titel").wait_for()


def back_to_the_list(page) -> None:
    """Once the editor has shown the saved entry at its own address, back to the releases."""
    page.wait_for_url("**/collections/persberichten/entries/**")
    page.get_by_text("Wijzigingen opgeslagen").wait_for()
    page.goto(page.url.split("#", 1)[0] + "#/collections/persberichten")
    page.locator('a[href$="/collections/persberichten/new"]').wait_for()


def make_release(page, session: EditorSession, image: Path) -> None:
    open_new_release(page)
    field_named(page, "Titel").fill("Nieuwe opvangplaatsen in Gent")
    field_named(page, "Slug").fill("nieuwe-opvangplaatsen-gent")
    field_named(page, "Datum").fill("2026-11-20T10:00")
    field_named(page, "Samenvatting").fill("Vluchtelingenwerk Vlaanderen verwelkomt tweehonderd nieuwe opvangplaatsen.")
    field_named(page, "Onderwerpen").fill("opvang, kinderen")
    page.get_by_role("button", name="Kies een afbeelding").click()
    page.set_input_files("input[type=file]", str(image))
    page.get_by_text(image.name).first.wait_for()
    page.get_by_role("button", name="Gebruik selectie").click()
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("De nieuwe plaatsen openen in december.")
    pane = page.frame_locator("iframe").first
    pane.locator("h1.vw-item__title").wait_for()
    session.preview = {
        "stylesheets": pane.locator("link[rel=stylesheet]").evaluate_all("links => links.map(l => l.href)"),
        "title": pane.locator("h1.vw-item__title").inner_text(),
        "title_font": pane.locator("h1.vw-item__title").evaluate("h => getComputedStyle(h).fontFamily"),
        "page_font": page.evaluate("getComputedStyle(document.body).fontFamily"),
    }
    publish(page)  # without alt text: refused
    refusal = page.get_by_text("Beschrijf het beeld")
    refusal.wait_for()
    session.refusal = refusal.inner_text()
    field_named(page, "Wat het beeld toont").fill("Een getekend geel huis op een blauwe achtergrond")
    publish(page)
    wait_until(page, (session.repository / NEW_RELEASE).is_file, f"the editor did not write {NEW_RELEASE}")


def make_embargoed_release(page, session: EditorSession) -> None:
    back_to_the_list(page)
    open_new_release(page)
    field_named(page, "Titel").fill(f"{TOKEN} persbericht")
    field_named(page, "Slug").fill(f"{TOKEN}-persbericht")
    field_named(page, "Datum").fill("2026-11-21T08:00")
    field_named(page, "Samenvatting").fill("Onder embargo tot morgen.")
    field_named(page, "Embargo tot").fill("2026-11-27T09:00")
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Pas morgen te lezen.")
    publish(page)
    wait_until(page, (session.repository / EMBARGOED).is_file, f"the editor did not write {EMBARGOED}")


def retitle_existing_release(page, session: EditorSession) -> None:
    back_to_the_list(page)
    before = (session.repository / EDITED).stat().st_mtime_ns
    page.get_by_text("Recht op opvang is geen gunst: Vluchtelingenwerk vraagt").click()
    title = field_named(page, "Titel")
    title.wait_for()
    title.fill(NEW_TITLE)
    publish(page)
    wait_until(page, lambda: (session.repository / EDITED).stat().st_mtime_ns != before, "the edit was not saved")


@pytest.fixture(scope="module")
def editor(browser, serve, tmp_path_factory) -> EditorSession:
    from PIL import Image

    from admin.local_backend import start, stop

    need(shutil.which("node") is not None, "Node.js is not installed (the editor's local backend runs on it)")
    need((REPO / "node_modules" / "decap-server").is_dir(), "decap-server is missing from node_modules (npm ci)")
    folder = tmp_path_factory.mktemp("editor")
    repository = folder / "repository"
    shutil.copytree(CONTENT, repository / "content")
    image = folder / "huis-tekening.png"
    Image.new("RGB", (800, 450), (30, 60, 120)).save(image)
    port = free_port()
    url = serve(build_site(folder / "site", content=repository / "content", ADMIN={"local_port": port}))
    session = EditorSession(repository, url)
    backend = start(repository, port, REPO / "node_modules", quiet=True)
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels",
                                  viewport={"width": 1280, "height": 900})

    def only_here(route) -> None:
        if route.request.url.startswith("http://127.0.0.1:"):
            session.local_requests += 1
            route.continue_()
        elif route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            session.outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    page = context.new_page()
    page.on("console", lambda message: session.csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        page.goto(url + "/admin/")
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("link", name="Persberichten").click()
        make_release(page, session, image)
        make_embargoed_release(page, session)
        retitle_existing_release(page, session)
    except Exception:
        page.screenshot(path=str(folder / "failure.png"))  # what the editor showed, for whoever reads the error
        print(f"The editor's screen when it failed: {folder / 'failure.png'}")
        raise
    finally:
        context.close()
        stop(backend)
    return session


@pytest.fixture(scope="module")
def built(editor, tmp_path_factory) -> BuiltSite:
    """The copy with the editor's files, built at the session's fixed clock (before the embargo lifts)."""
    output = tmp_path_factory.mktemp("edited") / "output"
    return BuiltSite(build_site(output, content=editor.repository / "content"))


def test_a_release_made_in_the_editor_follows_the_content_model(editor):
    assert editor.text(NEW_RELEASE) == NEW_RELEASE_TEXT
    image = editor.repository / "content" / "images" / "huis-tekening.png"
    assert image.is_file() and image.stat().st_size > 0


def test_the_preview_pane_shows_the_release_with_the_sites_stylesheet(editor):
    assert [s.rsplit("/", 3)[-3:] for s in editor.preview["stylesheets"]] == [["theme", "css", "site.css"]]
    assert editor.preview["title"] == "Nieuwe opvangplaatsen in Gent"
    assert editor.preview["title_font"] != editor.preview["page_font"], "the site's own type, not the editor's"


def test_the_editor_refuses_an_image_without_alt_text(editor):
    assert "Beschrijf het beeld in 'Wat het beeld toont (alt-tekst)'" in editor.refusal


def test_the_build_shows_the_new_release(built):
    soup = built.soup("/persberichten/2026/nieuwe-opvangplaatsen-gent/")
    assert soup.h1.get_text(strip=True) == "Nieuwe opvangplaatsen in Gent"
    assert "De nieuwe plaatsen openen in december." in soup.select_one(".vw-prose").get_text()
    image = soup.select_one(".vw-item__image img")
    assert image["alt"] == "Een getekend geel huis op een blauwe achtergrond"
    assert built.file_for("/onderwerpen/kinderen/").is_file()
    assert built.soup("/persberichten/").select_one('a[href$="/persberichten/2026/nieuwe-opvangplaatsen-gent/"]')


def test_editing_a_release_changes_only_what_was_edited(editor):
    before = (CONTENT / "persberichten" / Path(EDITED).name).read_text(encoding="utf-8").splitlines()
    after = editor.text(EDITED).splitlines()
    changes = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    assert changes == [f"- {before[0]}", f"+ title: {NEW_TITLE}"]


def test_the_edit_is_in_the_build(built):
    assert built.soup("/persberichten/2024/recht-op-opvang/").h1.get_text(strip=True) == NEW_TITLE


def test_an_embargoed_release_made_in_the_editor_stays_hidden_until_its_moment(editor, built, tmp_path_factory):
    assert "embargo: 2026-11-27 09:00\n" in editor.text(EMBARGOED)
    assert leaks(built.output, TOKEN) == []
    after = BuiltSite(build_site(tmp_path_factory.mktemp("lifted") / "output",
                                 content=editor.repository / "content", now=EMBARGO_LIFTS))
    assert after.soup(f"/persberichten/2026/{TOKEN}-persbericht/").h1.get_text(strip=True) == f"{TOKEN} persbericht"


def test_no_request_leaves_127_0_0_1(editor):
    assert editor.local_requests > 20, "the count must have seen the editor's own requests"
    assert editor.outside == []


def test_the_content_security_policy_allows_what_the_editor_does(editor):
    assert editor.csp_violations == []


def test_without_the_local_backend_the_editor_says_how_to_start_it(editor, browser):
    """The session stopped its backend: the page says, in Dutch, to run make edit."""
    context = browser.new_context(locale="nl-BE")
    try:
        page = context.new_page()
        page.goto(editor.url + "/admin/")
        message = page.locator(".vw-admin-error")
        message.wait_for()
        assert "lokale opslag van de webeditor draait niet" in message.inner_text()
        assert "make edit" in message.inner_text()
    finally:
        context.close()
