"""Embargo: an item before its moment leaks nowhere; after it, it is everywhere it belongs.

One scenario site (tests/scenarios/embargo/) holds a press release under embargo,
a future-dated page, a future-dated opinion piece and a future-dated campaign, each carrying the token
below in title, slug, body, topics and (for the release) an attachment and an
image. It is built with the production settings at a clock before the lift and
at one after it. Translations: the held release has a French translation without an
embargo of its own (it waits for its original) and an English one with a later embargo
(LATER_TOKEN); the public release has a French translation under embargo
(TRANSLATION_TOKEN): nothing, not even an hreflang link, shows them before their time.
"""

from __future__ import annotations

import gzip
import io
import logging
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import REPO, BuiltSite, build_site

from embargo import find_embargoed
from kernel.problems import ContentError

TOKEN = "zzembargotoken"
SCENARIO = REPO / "tests" / "scenarios" / "embargo"
BEFORE = "2027-02-25T12:00:00+01:00"
AFTER = "2027-03-02T12:00:00+01:00"
RELEASE = "/persberichten/2027/zzembargotoken-persbericht/"
PAGE = "/zzembargotoken-pagina/"
OPINION = "/opinie/zzembargotoken-opinie/"
CAMPAIGN = "/campagnes/zzembargotoken-actie/"
RELEASE_FR = "/fr/persberichten/2027/zzembargotoken-persbericht/"
RELEASE_EN = "/en/persberichten/2027/zzembargotoken-persbericht/"
LATER_TOKEN = "zzlatertoken"  # in the English translation, held until 2027-04-01
TRANSLATION_TOKEN = "zzvertalingtoken"  # in the French translation of the public release, held until the lift
PUBLIC = "/persberichten/2026/openbaar-persbericht/"
PUBLIC_FR = "/fr/persberichten/2026/openbaar-persbericht/"


def scenario_content(folder: Path) -> Path:
    """A copy of the scenario with its images drawn (no binaries kept in the repository)."""
    from PIL import Image

    content = folder / "content"
    shutil.copytree(SCENARIO, content)
    (content / "images" / "mediakit").mkdir(parents=True)
    Image.new("RGB", (1200, 800), (18, 60, 105)).save(content / "images" / "mediakit" / "beeld.png")
    Image.new("RGB", (300, 200), (18, 60, 105)).save(content / "images" / "mediakit" / "beeld-klein.png")
    Image.new("RGB", (40, 20), (179, 65, 14)).save(content / "images" / f"{TOKEN}-grafiek.png")
    (content / "images" / "auteurs").mkdir()
    Image.new("RGB", (200, 200), (18, 60, 105)).save(content / "images" / "auteurs" / "test-auteur.png")
    return content


def forget_logged_warnings() -> None:
    """Pelican drops a warning it logged before in this process; tests build many sites in one."""
    from pelican.log import LimitFilter

    LimitFilter._ignore.clear()
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build(tmp_path_factory, name: str, now: str) -> tuple[BuiltSite, list[str]]:
    folder = tmp_path_factory.mktemp(name)
    forget_logged_warnings()
    records = _Records()
    logger = logging.getLogger("embargo")
    logger.addHandler(records)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        output = build_site(folder / "output", content=scenario_content(folder), now=now,
                            settings_file="publishconf.py")
    finally:
        logger.removeHandler(records)
        logger.setLevel(level)
    return BuiltSite(output), records.messages


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    return _build(tmp_path_factory, "before", BEFORE)


@pytest.fixture(scope="module")
def after(tmp_path_factory):
    return _build(tmp_path_factory, "after", AFTER)[0]


def _layers(name: str, data: bytes, depth: int = 0):
    """The bytes of a file and of everything compressed or archived inside it."""
    yield name, data
    if depth > 4:
        return
    if data[:2] == b"\x1f\x8b":
        yield from _layers(name + "|gunzip", gzip.decompress(data), depth + 1)
    elif data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield member, member.encode()
                yield from _layers(f"{name}|{member}", archive.read(member), depth + 1)
    elif data[:4] == b"\x28\xb5\x2f\xfd" or name.endswith((".br", ".zst", ".xz", ".bz2")):
        pytest.fail(f"{name}: compressed in a format this test cannot open yet; teach _layers() to read it")


def leaks(output: Path, token: str) -> list[str]:
    """Every file whose name or (decompressed) bytes hold the token, case-insensitively."""
    found = []
    needle = token.lower().encode()
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output).as_posix()
        if token in relative.lower():
            found.append(f"file name {relative}")
        if path.is_file():
            found += [f"inside {where}" for where, data in _layers(relative, path.read_bytes())
                      if needle in data.lower()]
    return found


def test_lift_moment_is_the_later_of_embargo_and_date():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from embargo import lift_moment

    zone = ZoneInfo("Europe/Brussels")
    now = datetime(2027, 2, 25, 12, tzinfo=zone)
    past, soon, later = (datetime(2027, 1, 1, tzinfo=zone), datetime(2027, 3, 1, 10, tzinfo=zone),
                         datetime(2027, 4, 1, tzinfo=zone))
    assert lift_moment({"date": past}, now) is None
    assert lift_moment({"date": past, "embargo": past}, now) is None
    assert lift_moment({"date": past, "embargo": soon}, now) == soon
    assert lift_moment({"date": later, "embargo": soon}, now) == later
    assert lift_moment({"date": soon}, now) == soon
    assert lift_moment({"embargo": soon}, now) == soon  # a page without a date
    assert lift_moment({"date": now}, now) is None  # the moment itself is published


def test_leak_finder_finds_gzip_and_zip_and_names(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"... ZZEmbargoToken ..."))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x/inner.json", gzip.compress(b'{"t": "zzembargotoken"}'))
    (tmp_path / "b.zip").write_bytes(buffer.getvalue())
    (tmp_path / f"{TOKEN}.png").write_bytes(b"\x89PNG")
    found = leaks(tmp_path, TOKEN)
    assert any("a.txt.gz|gunzip" in f for f in found)
    assert any("b.zip|x/inner.json|gunzip" in f for f in found)
    assert f"file name {TOKEN}.png" in found


def test_before_the_lift_the_token_is_nowhere(before):
    site, _messages = before
    files = [p for p in site.output.rglob("*") if p.is_file()]
    assert len(files) > 20, "the scenario built almost nothing"
    assert leaks(site.output, TOKEN) == []


def test_before_the_lift_no_translation_shows_anywhere(before):
    """A translation waits for the later of its own moment and its original's: no page, hreflang, feed,
    listing, sitemap line or search entry names it, even when its original is public."""
    site, _messages = before
    for needle in (TRANSLATION_TOKEN, LATER_TOKEN, PUBLIC_FR.strip("/"), RELEASE_FR.strip("/"),
                   RELEASE_EN.strip("/")):
        assert leaks(site.output, needle) == [], needle
    original = site.soup(PUBLIC)
    assert original.h1 is not None
    assert original.find("link", hreflang=True) is None and original.select_one(".vw-languages") is None
    assert site.soup("/fr/persberichten/").select(".vw-card") == []


def test_after_the_lift_a_translation_appears_with_its_original_and_not_before_its_own_moment(after):
    french = after.soup(RELEASE_FR)
    assert french.h1.get_text(strip=True) == "Communiqué zzembargotoken sous embargo"
    assert french.html["lang"] == "fr-BE"
    hreflangs = {link["hreflang"]: link["href"] for link in after.soup(RELEASE).find_all("link", hreflang=True)}
    assert hreflangs == {"nl-BE": f"https://www.vluchtelingenwerk.be{RELEASE}",
                         "fr-BE": f"https://www.vluchtelingenwerk.be{RELEASE_FR}",
                         "x-default": f"https://www.vluchtelingenwerk.be{RELEASE}"}
    public = {link["hreflang"] for link in after.soup(PUBLIC).find_all("link", hreflang=True)}
    assert public == {"nl-BE", "fr-BE", "x-default"}
    assert TRANSLATION_TOKEN in after.soup(PUBLIC_FR).get_text()
    # The English translation has an embargo of its own until April: still nowhere.
    for needle in (LATER_TOKEN, RELEASE_EN.strip("/")):
        assert leaks(after.output, needle) == [], needle
    listed = [a["href"] for a in after.soup("/fr/persberichten/").select(".vw-card__link")]
    assert [h.removeprefix("https://www.vluchtelingenwerk.be") for h in listed] == [RELEASE_FR, PUBLIC_FR]
    feed = feedparser.parse((after.output / "feeds/fr/persberichten.atom.xml").read_bytes())
    assert sorted(e.title for e in feed.entries) == sorted(
        ["Communiqué zzembargotoken sous embargo", "Un communiqué public zzvertalingtoken, traduit plus tard"])
    sitemap = (after.output / "sitemap.xml").read_text(encoding="utf-8")
    assert f'hreflang="fr-BE" href="https://www.vluchtelingenwerk.be{RELEASE_FR}"' in sitemap


def test_before_the_lift_published_content_is_all_there(before):
    site, _messages = before
    assert (site.output / "persberichten/2026/openbaar-persbericht/index.html").is_file()
    assert (site.output / "files/openbaar-rapport.pdf").is_file(), "a published attachment must still be copied"
    assert not (site.output / "persberichten/2027").exists()
    release = site.soup("/persberichten/2026/openbaar-persbericht/")
    assert release.find("a", rel="prev")["href"].endswith("/persberichten/2025/ouder-persbericht/")
    assert release.find("a", rel="next") is None
    years = [a.get_text(strip=True) for a in site.soup("/persberichten/").select("#pers-jaren ~ ul a")]
    assert years == ["2026", "2025"]


def test_the_build_logs_each_embargo_and_when_it_lifts(before):
    _site, messages = before
    expected = {
        "content/persberichten/2027-02-20-zzembargotoken.md": "2027-03-01T10:00:00+01:00",
        "content/pages/zzembargotoken-pagina.md": "2027-03-01T10:00:00+01:00",
        "content/opinie/2027-03-01-zzembargotoken.md": "2027-03-01T08:00:00+01:00",
        "content/campagnes/zzembargotoken-actie.md": "2027-03-01T09:00:00+01:00",
    }
    for path, moment in expected.items():
        assert any(path in m and moment in m for m in messages), (path, messages)


def test_find_embargoed_lists_what_the_build_holds(tmp_path):
    from pelican.settings import read_settings

    content = scenario_content(tmp_path)
    settings = read_settings(str(REPO / "pelicanconf.py"), override={"PATH": str(content), "SITE_NOW": BEFORE})
    found = find_embargoed(settings)
    assert [(r.path, r.lifts.isoformat()) for r in found] == [
        ("content/opinie/2027-03-01-zzembargotoken.md", "2027-03-01T08:00:00+01:00"),
        ("content/campagnes/zzembargotoken-actie.md", "2027-03-01T09:00:00+01:00"),
        ("content/pages/zzembargotoken-pagina.md", "2027-03-01T10:00:00+01:00"),
        ("content/persberichten/2026-01-10-openbaar.fr.md", "2027-03-01T10:00:00+01:00"),
        ("content/persberichten/2027-02-20-zzembargotoken.fr.md", "2027-03-01T10:00:00+01:00"),  # its original's
        ("content/persberichten/2027-02-20-zzembargotoken.md", "2027-03-01T10:00:00+01:00"),
        ("content/persberichten/2027-02-20-zzembargotoken.en.md", "2027-04-01T10:00:00+02:00"),
    ]
    settings = read_settings(str(REPO / "pelicanconf.py"), override={"PATH": str(content), "SITE_NOW": AFTER})
    assert [r.path for r in find_embargoed(settings)] == ["content/persberichten/2027-02-20-zzembargotoken.en.md"]


def test_invoke_embargo_lists_real_content_at_an_early_clock():
    result = subprocess.run([str(Path(sys.executable).parent / "invoke"), "embargo"], cwd=REPO,
                            capture_output=True, text=True, env={"SITE_NOW": "2026-06-01T12:00+02:00",
                                                                 "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "content/persberichten/2026-10-15-petitie-gelanceerd.md" in result.stdout
    assert "content/persberichten/2026-03-10-nieuwkomers-sneller-aan-de-slag.md" not in result.stdout


def test_after_the_lift_the_release_is_everywhere(after):
    title = "Persbericht zzembargotoken onder embargo"
    assert after.soup(RELEASE).h1.get_text(strip=True) == title
    links = {
        "/persberichten/": "press room",
        "/persberichten/2027/": "year archive",
        "/persberichten/onderwerpen/zzembargotoken/": "press topic",
        "/persberichten/onderwerpen/opvang/": "press topic",
        "/onderwerpen/zzembargotoken/": "site topic",
        "/": "home page",
    }
    for url, what in links.items():
        hrefs = [a["href"] for a in after.soup(url).select("main a")]
        assert any(h.endswith(RELEASE) for h in hrefs), f"{what} {url} does not list the release"
    for feed in ("feeds/persberichten.atom.xml", "feeds/alles.atom.xml", "feeds/persberichten/opvang.atom.xml",
                 f"feeds/persberichten/{TOKEN}.atom.xml", f"feeds/onderwerpen/{TOKEN}.atom.xml"):
        parsed = feedparser.parse((after.output / feed).read_bytes())
        assert title in [e.title for e in parsed.entries], feed
    sitemap = after.output / "sitemap.xml"
    if sitemap.exists():  # written by the seo plugin
        text = sitemap.read_text(encoding="utf-8")
        assert all(f"https://www.vluchtelingenwerk.be{url}<" in text for url in (RELEASE, PAGE, OPINION, CAMPAIGN))
    if (after.output / "pagefind").exists():  # the search index (search plugin)
        assert leaks(after.output / "pagefind", TOKEN), "the search index does not know the released items"
    assert (after.output / f"files/{TOKEN}-bijlage.pdf").is_file()
    assert (after.output / f"images/{TOKEN}-grafiek.png").is_file()
    attachment = after.soup(RELEASE).select_one(".vw-attachments a")
    assert attachment["href"].endswith(f"/files/{TOKEN}-bijlage.pdf")


def test_after_the_lift_page_opinion_and_campaign_are_there(after):
    assert after.soup(PAGE).h1.get_text(strip=True) == "Pagina zzembargotoken"
    assert after.soup(CAMPAIGN).h1.get_text(strip=True) == "Actie zzembargotoken"
    assert any(a["href"].endswith(CAMPAIGN) for a in after.soup("/campagnes/").select("main a"))
    assert after.soup(OPINION).h1.get_text(strip=True) == "Opinie zzembargotoken"
    author_page = after.soup("/auteurs/test-auteur/")
    assert any(a["href"].endswith(OPINION) for a in author_page.select("main a"))
    assert author_page.select_one(".vw-author__role").get_text(strip=True) == "testauteur (voorbeeld)"
    photo = author_page.select_one(".vw-author img")
    assert photo["alt"] == "Een effen blauw vierkant in plaats van een portret."
    parsed = feedparser.parse((after.output / "feeds/opinie.atom.xml").read_bytes())
    assert "Opinie zzembargotoken" in [e.title for e in parsed.entries]


def test_prev_next_and_related_after_the_lift(after):
    release = after.soup("/persberichten/2026/openbaar-persbericht/")
    assert release.find("a", rel="next")["href"].endswith(RELEASE)
    related = [urlsplit(a["href"]).path for a in after.soup(RELEASE).select(".vw-related a")]
    # each of the four candidates shares one topic with the release: the three newest win
    assert related == [CAMPAIGN, OPINION, "/opinie/openbaar-opiniestuk/"]
    related = [urlsplit(a["href"]).path for a in after.soup(CAMPAIGN).select(".vw-related a")]
    assert related == [OPINION, RELEASE]
    # two shared topics (opvang, kinderen) beat one, however new
    related = [urlsplit(a["href"]).path
               for a in after.soup("/persberichten/2026/openbaar-persbericht/").select(".vw-related a")]
    assert related == ["/opinie/openbaar-opiniestuk/", RELEASE, "/persberichten/2025/ouder-persbericht/"]


def _with_extra_page(tmp_path, body: str) -> Path:
    content = scenario_content(tmp_path)
    (content / "pages" / "verwijzing.md").write_text(
        f"title: Verwijzing\nslug: verwijzing\nsummary: Een pagina met een link.\n\n{body}\n", encoding="utf-8")
    return content


@pytest.mark.parametrize("link", [RELEASE, "{filename}../persberichten/2027-02-20-zzembargotoken.md"])
def test_a_link_to_an_embargoed_item_stops_the_build(link, tmp_path, content_errors):
    content = _with_extra_page(tmp_path, f"Lees [het bericht]({link}).")
    output = tmp_path / "output"
    with pytest.raises(ContentError):
        build_site(output, content=content, now=BEFORE)
    errors = content_errors()
    assert any(e.startswith("content/pages/verwijzing.md: (tekst): linkt naar "
                            "content/persberichten/2027-02-20-zzembargotoken.md, dat onder embargo staat tot "
                            "1 maart 2027 om 10:00. Oplossing: ") for e in errors), errors
    assert len(errors) == 1, errors  # the link check does not report the held address as missing too
    assert not output.exists() or not any(output.rglob("*"))


def test_a_call_to_action_to_an_embargoed_item_stops_the_build(tmp_path, content_errors):
    content = scenario_content(tmp_path)
    (content / "campagnes" / "oproep.md").write_text(
        "title: Oproep\ndate: 2026-01-05 10:00\nslug: oproep\nsummary: Een oproep.\n"
        f"cta_text: Lees het persbericht\ncta_link: {RELEASE}\n\nTekst.\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=content, now=BEFORE)
    assert any(e.startswith("content/campagnes/oproep.md: cta_link: linkt naar "
                            "content/persberichten/2027-02-20-zzembargotoken.md, dat onder embargo staat")
               for e in content_errors()), content_errors()


def test_an_embargoed_item_is_checked_now_not_at_the_lift(tmp_path, content_errors):
    content = scenario_content(tmp_path)
    release = content / "persberichten" / "2027-02-20-zzembargotoken.md"
    release.write_text(release.read_text("utf-8").replace("![Grafiek bij zzembargotoken]", "![]")
                       + "\nVUL AAN\n", encoding="utf-8")
    (content / "persberichten" / "2027-01-05-zelfde.md").write_text(
        "title: Zelfde adres\ndate: 2027-01-05 10:00\nslug: zzembargotoken-persbericht\nsummary: x\n\nTekst.\n",
        encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=content, now=BEFORE)
    errors = content_errors()
    shown = "content/persberichten/2027-02-20-zzembargotoken.md"
    for start in (f"{shown}: (tekst): het beeld '", f"{shown}: (tekst): de tekst bevat nog VUL AAN",
                  f"{shown}: slug: het adres /persberichten/2027/zzembargotoken-persbericht/ is al van "
                  "content/persberichten/2027-01-05-zelfde.md"):
        assert any(e.startswith(start) for e in errors), (start, errors)


def test_the_same_link_is_fine_after_the_lift(tmp_path):
    content = _with_extra_page(tmp_path, f"Lees [het bericht]({RELEASE}).")
    output = build_site(tmp_path / "output", content=content, now=AFTER)
    assert (output / "verwijzing" / "index.html").is_file()


def test_a_kept_output_folder_forgets_an_item_whose_embargo_holds_again(tmp_path):
    """Preview builds keep their output folder: an item that goes back under embargo must vanish from it."""
    content = scenario_content(tmp_path)
    output = tmp_path / "output"
    cache = tmp_path / "cache"
    build_site(output, content=content, now=AFTER, BUILD_CACHE_PATH=str(cache))
    assert (output / RELEASE.strip("/") / "index.html").is_file()
    forget_logged_warnings()
    build_site(output, content=content, now=BEFORE, BUILD_CACHE_PATH=str(cache))
    assert leaks(output, TOKEN) == []
    assert (output / "persberichten/2026/openbaar-persbericht/index.html").is_file()


def test_a_link_in_a_releases_notes_to_an_embargoed_item_stops_the_build(tmp_path, content_errors):
    content = scenario_content(tmp_path)
    (content / "persberichten" / "2026-01-12-noot.md").write_text(
        "title: Noot\ndate: 2026-01-12 10:00\nslug: noot\nsummary: Een bericht.\n"
        f"notes: Lees ook [het bericht]({RELEASE}).\n\nTekst.\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=content, now=BEFORE)
    errors = content_errors()
    assert any(e.startswith("content/persberichten/2026-01-12-noot.md: notes: linkt naar "
                            "content/persberichten/2027-02-20-zzembargotoken.md, dat onder embargo staat")
               for e in errors)
    assert len(errors) == 1, errors


def _with_release_notes(tmp_path, notes: str) -> Path:
    """The scenario with `notes` added to the held release's front matter."""
    content = scenario_content(tmp_path)
    release = content / "persberichten" / "2027-02-20-zzembargotoken.md"
    release.write_text(release.read_text("utf-8").replace("\n\n", f"\nnotes: {notes}\n\n", 1), encoding="utf-8")
    return content


def test_a_held_releases_notes_are_checked_now_too(tmp_path, content_errors):
    """An image without alt text in a held release's notes would stop the first build after the lift.

    (A VUL AAN in notes is a front-matter problem, reported when the file is read.)
    """
    content = _with_release_notes(tmp_path, "Zie ![]({static}/images/zzembargotoken-grafiek.png)")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=content, now=BEFORE)
    errors = content_errors()
    assert any(e.startswith("content/persberichten/2027-02-20-zzembargotoken.md: (tekst): het beeld '"
                            "{static}/images/zzembargotoken-grafiek.png'") for e in errors), errors
    assert len(errors) == 1, errors


def test_a_file_linked_only_from_a_held_releases_notes_waits_for_the_lift(tmp_path):
    content = _with_release_notes(tmp_path, "Het [verslag]({static}/files/alleen-in-de-noot.pdf) volgt.")
    (content / "files" / "alleen-in-de-noot.pdf").write_bytes(b"%PDF-1.4\n")
    output = build_site(tmp_path / "output", content=content, now=BEFORE)
    assert (output / "files/openbaar-rapport.pdf").is_file(), "a published attachment must still be copied"
    assert not (output / "files/alleen-in-de-noot.pdf").exists()


def test_a_placeholder_in_a_held_releases_notes_is_one_problem(tmp_path, content_errors):
    """Reported as a problem of the notes field when the file is read; not again as one of the text."""
    content = _with_release_notes(tmp_path, "VUL AAN: wie we zijn.")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=content, now=BEFORE)
    errors = content_errors()
    assert any(e.startswith("content/persberichten/2027-02-20-zzembargotoken.md: notes: bevat nog VUL AAN")
               for e in errors), errors
    assert len(errors) == 1, errors
