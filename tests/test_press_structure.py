"""Structured releases (dateline, notes to editors, quotes with their speaker, spokesperson), experts by
topic, the year-and-topic archive and the logo in the media kit with its metadata."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import CONTENT, build_site
from PIL import Image

from kernel.problems import ContentError

RELEASE = "/persberichten/2026/migratiepact-van-toepassing/"
PLAIN = "/persberichten/2025/gezinshereniging/"


def _markdown(text: str) -> str:
    from markdown import Markdown

    from content_model.quotes import QuoteExtension

    return Markdown(extensions=["markdown.extensions.extra", "markdown.extensions.smarty", QuoteExtension()],
                    output_format="html").convert(text)


def test_a_quote_with_its_speaker_becomes_a_figure():
    html = _markdown("> Opvang is een *recht*.\n> -- Voorbeeld Woordvoerder, woordvoerder\n")
    assert html == ('<figure class="vw-quote">\n<blockquote class="vw-quote__text">\n<p>Opvang is een <em>recht</em>.'
                    '</p>\n</blockquote>\n<figcaption class="vw-quote__speaker">Voorbeeld Woordvoerder, woordvoerder'
                    "</figcaption>\n</figure>")
    separate = _markdown("> Eerste alinea.\n>\n> Tweede alinea.\n>\n> — Voorbeeld Spreker\n")
    assert separate.count("<p>") == 2 and "<figcaption" in separate and "Voorbeeld Spreker" in separate
    from kernel.html import quotes_in

    assert quotes_in(html) == [{"text": "Opvang is een recht.", "name": "Voorbeeld Woordvoerder",
                                "role": "woordvoerder"}]


@pytest.mark.parametrize("text", ["> Gewoon een citaat.\n", "> -- alleen een naam\n", "> Tekst -- met streepjes\n"])
def test_a_blockquote_without_a_speaker_line_stays_a_blockquote(text):
    html = _markdown(text)
    assert "<figure" not in html and "<blockquote>" in html


def test_release_structure_on_the_page(site):
    soup = site.soup(RELEASE)
    prose = soup.select_one(".vw-prose")
    first = prose.find("p")
    assert first.select_one(".vw-dateline").get_text(strip=True) == "Brussel, 11 juni 2026 –"
    assert first.get_text(" ", strip=True).startswith("Brussel, 11 juni 2026 – Het Europese Migratiepact")
    figure = prose.select_one("figure.vw-quote")
    assert figure.select_one("blockquote p") and figure.figcaption.get_text(strip=True).startswith(
        "Voorbeeld Woordvoerder")
    notes = soup.select_one("aside.vw-notes")
    assert notes.h2.get_text(strip=True) == "Noot voor de redactie"
    assert "Over Vluchtelingenwerk Vlaanderen" in notes.get_text()
    assert "Over Vluchtelingenwerk Vlaanderen" not in prose.get_text(), "notes are not part of the text"
    assert "Over Vluchtelingenwerk" not in soup.find("meta", attrs={"name": "description"})["content"]
    contacts = soup.select(".vw-press-contacts__item")
    assert soup.select_one(".vw-press-contacts__title").get_text(strip=True) == "Woordvoerder voor dit persbericht"
    names = [c.select_one(".vw-press-contacts__name").get_text(strip=True) for c in contacts]
    assert names == ["Voorbeeld Woordvoerder"]
    general = site.soup(PLAIN)
    assert general.select_one(".vw-press-contacts__title").get_text(strip=True) == "Perscontact"
    assert len(general.select(".vw-press-contacts__item")) == 2


BAD_RELEASE = ("title: Fout\ndate: 2026-01-12 10:00\nslug: fout\nsummary: x\nspokesperson: woordvoeder\n"
               "dateline: Brussel\n\nTekst.\n")


# One bad file in the small scenario -> the line that must report it.
ONE_BAD_FILE = {
    "unknown spokesperson": (
        "persberichten/2026-01-12-fout.md", BAD_RELEASE,
        "content/persberichten/2026-01-12-fout.md: spokesperson: 'woordvoeder' is geen key in "
        "content/data/perscontacten.yml (bedoel je 'woordvoerder'?)"),
    "misspelt expert topic": (
        "data/experts.yml",
        "- name: Voorbeeld Een\n  role: x\n  topics: [opvnag]\n  languages: [nl]\n  phone: '+32 2 000 00 00'\n"
        "  email: een@example.org\n",
        "content/data/experts.yml: regel 1, 'Voorbeeld Een', topics: het onderwerp 'opvnag' komt "
        "in geen enkel item voor (bedoel je 'opvang'?)"),
    "broken link in the notes": (
        "persberichten/2026-01-12-noot.md",
        "title: Noot\ndate: 2026-01-12 10:00\nslug: noot\nsummary: x\n"
        "notes: Meer op [onze pagina](/bestaat-niet/).\n\nTekst.\n",
        "content/persberichten/2026-01-12-noot.md: (tekst): de link '/bestaat-niet/' wijst naar "
        "een pagina die niet bestaat"),
}


@pytest.mark.parametrize("case", sorted(ONE_BAD_FILE))
def test_one_bad_file_stops_the_build_with_its_line(case, tmp_path, content_errors):
    from test_embargo import scenario_content

    relative, text, line = ONE_BAD_FILE[case]
    content = scenario_content(tmp_path)
    (content / relative).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=content, now="2026-06-01T12:00+02:00")
    assert any(e.startswith(line) for e in content_errors()), content_errors()


# --- experts -------------------------------------------------------------------------------------

def _experts() -> list[dict]:
    return yaml.safe_load((CONTENT / "data" / "experts.yml").read_text(encoding="utf-8"))


def test_experts_page_groups_experts_by_topic(site):
    experts = _experts()
    assert experts and all(e["email"].endswith("@example.org") and e["name"].startswith("Voorbeeld")
                           for e in experts), "example data is marked as example"
    soup = site.soup("/persberichten/experts/")
    assert soup.h1.get_text(strip=True) == "Experts en woordvoerders"
    for expert in experts:
        for topic in expert["topics"]:
            section = soup.select_one(f"#onderwerp-{topic.replace(' ', '-')}")
            assert section is not None, topic
            assert expert["name"] in [p.get_text(strip=True) for p in section.select(".vw-experts__name")]
            assert section.select_one(f'a[href="mailto:{expert["email"]}"]')
    first = soup.select_one("#onderwerp-opvang")
    assert "Talen: Nederlands, Frans, Engels" in first.get_text(" ", strip=True)
    assert first.select_one('a[href="/persberichten/onderwerpen/opvang/"]')
    assert [p.get_text(strip=True) for p in soup.select("#woordvoerders ~ ul .vw-experts__name")] == [
        "Voorbeeld Woordvoerder", "Voorbeeld Persverantwoordelijke"]


def test_topic_pages_and_releases_link_to_their_experts(site):
    for url in ("/persberichten/onderwerpen/opvang/", "/onderwerpen/opvang/"):
        link = site.soup(url).select_one(".vw-experts-link a")
        assert link["href"] == "/persberichten/experts/#onderwerp-opvang", url
    links = [a["href"] for a in site.soup(RELEASE).select(".vw-release-experts a")]
    assert links == ["/persberichten/experts/#onderwerp-europees-beleid",
                     "/persberichten/experts/#onderwerp-asielprocedure",
                     "/persberichten/experts/#onderwerp-detentie"]


BROKEN_EXPERTS = (
    "- name: Voorbeeld Een\n  role: x\n  topics: [opvnag]\n  languages: [nl, xx1]\n"
    "  phone: '02 000 00 00'\n  email: geen-adres\n"
    "- name: Voorbeeld Twee\n  role: x\n  topics: []\n  languages: [nl]\n  phone: '+32 2 000 00 00'\n"
    "  email: twee@example.org\n  twitter: '@x'\n"
    "- name: Voorbeeld Drie\n  role: x\n  topics: [kinderen]\n  languages: [nl]\n  phone: '+32 2 000 00 00'\n"
    "  email: drie@example.org\n"
)


def test_bad_experts_are_all_reported(tmp_path, content_errors):
    from test_embargo import scenario_content

    content = scenario_content(tmp_path)
    (content / "data" / "experts.yml").write_text(BROKEN_EXPERTS, encoding="utf-8")
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=content, now="2026-06-01T12:00+02:00")
    errors = content_errors()
    shown = "content/data/experts.yml: "
    for start in ("regel 1, 'Voorbeeld Een', email: 'geen-adres' is geen e-mailadres",
                  "regel 1, 'Voorbeeld Een', phone: '02 000 00 00' is geen telefoonnummer",
                  "regel 1, 'Voorbeeld Een', languages: 'xx1' is geen taalcode",
                  "regel 9, 'Voorbeeld Twee', topics: is geen lijst van waarden",
                  "regel 13, 'Voorbeeld Twee', twitter: is geen bekende sleutel"):
        assert any(e.startswith(shown + start) and "Oplossing: " in e for e in errors), (start, errors)


# --- year and topic together ---------------------------------------------------------------------

def _releases():
    found = []
    for path in sorted((CONTENT / "persberichten").glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line and not line.startswith(" "))
        if "lang" not in meta:
            found.append(meta)
    return found


def test_year_and_topic_archive_reachable_from_both_sides(site):
    releases = _releases()
    combos = {}
    for release in releases:
        for tag in release["tags"].split(", "):
            combos.setdefault((release["date"][:4], tag), []).append(
                f"/persberichten/{release['date'][:4]}/{release['slug']}/")
    assert len(combos) > 10
    for (year, tag), expected in combos.items():
        slug = tag.replace(" ", "-")
        url = f"/persberichten/onderwerpen/{slug}/{year}/"
        soup = site.soup(url)
        assert sorted(a["href"] for a in soup.select(".vw-press__main .vw-card__link")) == sorted(expected), url
        assert soup.select_one(f'#jaar-onderwerpen ~ ul a[href="{url}"]') is None  # not on itself
        year_page = site.soup(f"/persberichten/{year}/")
        assert year_page.select_one(f'nav[aria-labelledby="jaar-onderwerpen"] a[href="{url}"]'), (year, tag)
        topic_page = site.soup(f"/persberichten/onderwerpen/{slug}/")
        assert topic_page.select_one(f'nav[aria-labelledby="onderwerp-jaren"] a[href="{url}"]'), (year, tag)


# --- the logo and the media kit's metadata --------------------------------------------------------

def _xmp(path) -> str:
    with Image.open(path) as image:
        image.load()
        info = image.info
        raw = info.get("xmp") or info.get("XML:com.adobe.xmp") or b""
    return raw.decode("utf-8") if isinstance(raw, bytes) else raw


def test_the_logo_is_offered_as_svg_and_png_with_terms_and_credit(site):
    soup = site.soup("/persberichten/mediakit/")
    section = soup.select_one("#logo")
    links = {a["href"] for a in section.select("a[download]")}
    assert links == {"/persberichten/mediakit/logo-vluchtelingenwerk.svg",
                     "/persberichten/mediakit/logo-vluchtelingenwerk.png"}
    assert "Gebruiksvoorwaarden" in section.select_one(".vw-mediakit__terms").get_text()
    svg = (site.output / "persberichten/mediakit/logo-vluchtelingenwerk.svg").read_text(encoding="utf-8")
    assert "<dc:creator><rdf:Seq><rdf:li>Vluchtelingenwerk Vlaanderen</rdf:li>" in svg and "<dc:rights>" in svg
    png = site.output / "persberichten/mediakit/logo-vluchtelingenwerk.png"
    with Image.open(png) as image:
        assert image.size == (1840, 384) and image.mode == "RGBA"
        assert image.info["Author"] == "Vluchtelingenwerk Vlaanderen"
        assert image.getpixel((0, 0))[3] == 0, "transparent background"
    assert "<dc:creator><rdf:Seq><rdf:li>Vluchtelingenwerk Vlaanderen</rdf:li>" in _xmp(png)


def test_media_kit_downloads_carry_credit_and_licence_and_nothing_else_does(site):
    from PIL import IptcImagePlugin

    kit = yaml.safe_load((CONTENT / "data" / "mediakit.yml").read_text(encoding="utf-8"))
    assert kit
    for entry in kit:
        path = site.output / entry["file"]
        xmp = _xmp(path)
        assert f"<rdf:li>{entry['credit']}</rdf:li>" in xmp, entry["file"]
        assert entry["licence"] in xmp and entry["licence_url"] in xmp
        with Image.open(path) as image:
            assert image.getexif().get(0x013B) == entry["credit"]
            iptc = IptcImagePlugin.getiptcinfo(image)
            assert iptc[(2, 80)] == entry["credit"].encode() and entry["licence"].encode() in iptc[(2, 116)]
        preview = site.output / entry["preview"]
        assert _xmp(preview) == "", "the small preview is not a download: stripped"
    others = [p for p in (site.output / "images").rglob("*") if p.suffix in (".jpg", ".png", ".webp")
              and p.relative_to(site.output).as_posix() not in {e["file"] for e in kit}]
    assert len(others) > 10
    for path in others:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not re.search("xmp", " ".join(image.info), re.I), path


