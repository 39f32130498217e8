"""Member directory (plugins/members): the data file, sorting, validation,
logos, the map, and the built /leden/, home and Ondersteuning pages."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, REPO, build_site
from PIL import Image

from kernel.problems import ContentError
from members import logos
from members.data import (
    FIELDS_OF_WORK,
    PROVINCES,
    collation_key,
    fold,
    load_members,
)
from members.members import json_ld, read_config
from members.provincemap import HEIGHT, WIDTH, province_shapes

DATA = CONTENT / "data" / "leden.yml"
SCENARIO = REPO / "tests" / "scenarios" / "members-broken"
GOOD = """\
- name: Voorbeeld Een
  city: Gent
  province: Oost-Vlaanderen
  website: https://een.example.org/
  description: Een voorbeeld.
  fields: [opvang, juridische hulp]
"""


def _load(tmp_path: Path, text: str, files: dict[str, bytes] | None = None):
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True, exist_ok=True)
    for name, data in (files or {}).items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(data)
    source = content / "data" / "leden.yml"
    source.write_text(text, encoding="utf-8")
    return load_members(source, content, "content/data/leden.yml")


def _messages(directory) -> list[str]:
    return [str(p) for p in directory.problems]


def _png(size=(40, 20), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red").save(buffer, "PNG")
    return buffer.getvalue()


# --- sorting -----------------------------------------------------------------

def test_dutch_collation_ignores_case_and_accents_and_keeps_ij_with_i():
    names = ["Zon", "IJzer", "ivoor", "Ieper", "Élan", "eiland", "Ezel", "ijs", "Ĳsland", "Ánder", "Aalst"]
    ordered = sorted(names, key=collation_key)
    assert ordered == ["Aalst", "Ánder", "eiland", "Élan", "Ezel", "Ieper", "ijs", "Ĳsland", "IJzer", "ivoor", "Zon"]
    # Plain code-point order gets both wrong: upper case and accents first or last.
    assert sorted(names) != ordered


def test_fold_is_what_search_and_duplicates_compare():
    assert fold("  Élan -- Voorbeeld's  Ĳs ") == "elan voorbeeld s ijs"
    assert fold("Straße") == "strasse"


# --- loading the real file -----------------------------------------------------

def test_the_shipped_data_file_is_valid_fictional_and_sorted():
    directory = load_members(DATA, CONTENT, "content/data/leden.yml")
    assert directory.problems == []
    members = directory.members
    assert 45 <= len(members) <= 60
    assert "VOORBEELD" in DATA.read_text(encoding="utf-8").splitlines()[0].upper()
    for member in members:
        assert "voorbeeld" in member.name.lower(), member.name
        assert member.host.endswith(".example.org"), member.website
    assert [m.name for m in members] == sorted((m.name for m in members), key=collation_key)
    assert any(m.name.startswith("IJ") for m in members)
    assert any(fold(m.name) != m.name.lower() and "'" not in m.name and "&" not in m.name for m in members)
    assert {group.province for group in directory.by_province if group.count} == set(PROVINCES)
    assert sum(directory.counts.values()) == len(members)
    assert set().union(*(m.fields for m in members)) == set(FIELDS_OF_WORK)


def test_ij_sorts_between_ie_and_iv_in_the_shipped_list():
    names = [m.name for m in load_members(DATA, CONTENT, "x").members]
    position = next(i for i, n in enumerate(names) if n.startswith("IJ"))
    assert fold(names[position - 1]) < "ij" < fold(names[position + 1])
    assert fold(names[position + 1])[0] in "ijk"


def test_a_valid_entry_is_read_with_its_line(tmp_path):
    directory = _load(tmp_path, "# comment\n" + GOOD)
    assert directory.problems == []
    (member,) = directory.members
    assert (member.name, member.city, member.province.name, member.line) == ("Voorbeeld Een", "Gent",
                                                                              "Oost-Vlaanderen", 2)
    assert member.fields == ("opvang", "juridische hulp")
    assert member.anchor == "lid-voorbeeld-een" and member.field_slugs == ("opvang", "juridische-hulp")
    assert directory.working_on("juridische hulp") == [member]
    assert directory.working_on("werk") == []
    with pytest.raises(ValueError, match="not a field of work"):
        directory.working_on("rechtshulp")


def test_fields_may_be_a_block_list_or_comma_separated(tmp_path):
    block = GOOD.replace("fields: [opvang, juridische hulp]", "fields:\n    - opvang\n    - juridische hulp")
    comma = GOOD.replace("fields: [opvang, juridische hulp]", "fields: opvang, juridische hulp")
    for text in (block, comma):
        directory = _load(tmp_path, text)
        assert directory.problems == [] and directory.members[0].fields == ("opvang", "juridische hulp")


def test_without_a_data_file_there_are_no_members(tmp_path):
    directory = load_members(tmp_path / "leden.yml", tmp_path, "leden.yml")
    assert not directory.found and directory.members == [] and directory.problems == []


# --- validation: one test per kind of mistake ------------------------------------

@pytest.mark.parametrize(("old", "new", "expected"), [
    ("province: Oost-Vlaanderen", "province: Oost-Vlaanderenn",
     "regel 5, 'Voorbeeld Een', province: 'Oost-Vlaanderenn' is geen provincie (bedoel je 'Oost-Vlaanderen'?)"),
    ("fields: [opvang, juridische hulp]", "fields: [opvang, rechtshulp]",
     "regel 8, 'Voorbeeld Een', fields: 'rechtshulp' is geen werkveld"),
    ("fields: [opvang, juridische hulp]", "fields: [opvang, opvang]",
     "regel 8, 'Voorbeeld Een', fields: 'opvang' staat er twee keer"),
    ("fields: [opvang, juridische hulp]", "fields: []", "regel 8, 'Voorbeeld Een', fields: is leeg"),
    ("- name: Voorbeeld Een\n  city", "- city", "regel 3, vermelding 1, name: ontbreekt"),
    ("name: Voorbeeld Een", "name: ''", "regel 3, vermelding 1, name: is leeg"),
    ("website: https://een.example.org/", "website: www.een.example.org",
     "regel 6, 'Voorbeeld Een', website: 'www.een.example.org' is geen websiteadres"),
    ("website: https://een.example.org/", "website: https://een/",
     "'https://een/' is geen websiteadres"),
    ("website: https://een.example.org/", "website: https://een .example.org/", "is geen websiteadres"),
    ("website: https://een.example.org/", "website: ftp://een.example.org/", "is geen websiteadres"),
    ("city: Gent", "city: [Gent, Aalst]", "regel 4, 'Voorbeeld Een', city: is geen enkele waarde"),
    ("city: Gent", "citty: Gent", "regel 4, 'Voorbeeld Een', citty: is geen bekende sleutel (bedoel je 'city'?)"),
    ("city: Gent", "city: Gent\n  city: Aalst",
     "regel 5, 'Voorbeeld Een', city: staat er twee keer (eerst op regel 4)"),
    ("description: Een voorbeeld.", "", "'Voorbeeld Een', description: ontbreekt"),
])
def test_each_mistake_is_reported_with_line_and_member(tmp_path, old, new, expected):
    assert old in GOOD
    directory = _load(tmp_path, "# leden\n\n" + GOOD.replace(old, new))
    messages = _messages(directory)
    assert any(m.startswith("content/data/leden.yml: ") and expected in m for m in messages), messages
    assert all("Oplossing: " in m for m in messages), messages
    assert len(messages) == 1, messages  # one mistake, one line: no knock-ons
    assert directory.members == []


def test_missing_logo_file_and_logo_that_is_not_an_image(tmp_path):
    missing = _load(tmp_path, GOOD + "  logo: images/leden/weg.png\n")
    assert any("logo: het bestand 'images/leden/weg.png' bestaat niet" in m for m in _messages(missing))
    broken = _load(tmp_path, GOOD + "  logo: images/leden/kapot.png\n", {"images/leden/kapot.png": b"not a png"})
    assert any("'images/leden/kapot.png' is geen beeld dat gelezen kan worden" in m for m in _messages(broken))
    outside = _load(tmp_path, GOOD + "  logo: ../geheim.png\n")
    assert any("ligt buiten content/" in m for m in _messages(outside))
    wrong_kind = _load(tmp_path, GOOD + "  logo: images/leden/logo.gif\n")
    assert any("is geen PNG-, JPEG- of WebP-bestand" in m for m in _messages(wrong_kind))
    fine = _load(tmp_path, GOOD + "  logo: images/leden/goed.png\n", {"images/leden/goed.png": _png()})
    assert fine.problems == [] and fine.members[0].logo == "images/leden/goed.png"


def test_duplicate_members_by_name_or_website(tmp_path):
    twice = GOOD + GOOD.replace("Voorbeeld Een", "voorbeeld  één").replace("https://een.", "https://twee.")
    messages = _messages(_load(tmp_path, twice))
    assert any("regel 7, 'voorbeeld  één', name: is hetzelfde lid als 'Voorbeeld Een' op regel 1" in m
               for m in messages), messages
    same_site = GOOD + GOOD.replace("Voorbeeld Een", "Voorbeeld Twee").replace("een.example.org/", "EEN.example.org")
    messages = _messages(_load(tmp_path, same_site))
    assert any("'Voorbeeld Twee', website: is ook de website van 'Voorbeeld Een' op regel 1" in m
               for m in messages), messages


@pytest.mark.parametrize(("text", "expected"), [
    ("- name: [unclosed\n", "regel 1: een lijst met [ wordt niet gesloten met ] op deze regel"),
    ("name: Voorbeeld\n", "(bestand): is geen lijst van leden"),
    ("", "(bestand): is geen lijst van leden"),
    ("- Voorbeeld Een\n", "regel 1, vermelding 1: is geen lid"),
])
def test_a_file_that_is_not_a_member_list(tmp_path, text, expected):
    messages = _messages(_load(tmp_path, text))
    assert any(expected in m for m in messages), messages


def test_every_problem_of_the_file_comes_out_of_one_read():
    directory = load_members(SCENARIO / "data" / "leden.yml", SCENARIO, "leden.yml")
    messages = "\n".join(_messages(directory))
    for words in ("regel 11, 'Voorbeeld Provincie', province: 'Oost-Vlaanderenn' is geen provincie",
                  "regel 16, vermelding 3, name: ontbreekt",
                  "regel 25, 'voorbeeld goed', website: 'www.dubbel.example.org' is geen websiteadres",
                  "regel 27, 'voorbeeld goed', fields: 'rechtshulp' is geen werkveld",
                  "regel 28, 'voorbeeld goed', logo: het bestand 'images/leden/bestaat-niet.png' bestaat niet",
                  "regel 29, 'voorbeeld goed', telefoon: is geen bekende sleutel"):
        assert words in messages, messages
    assert [m.name for m in directory.members] == ["Voorbeeld Goed"]


def test_a_broken_data_file_stops_the_build_before_anything_is_written(tmp_path, content_errors):
    content = tmp_path / "content"
    shutil.copytree(SCENARIO, content)
    output = tmp_path / "output"
    with pytest.raises(ContentError):
        build_site(output, content=content)
    errors = content_errors()
    assert any(e.startswith("content/data/leden.yml: regel 11, 'Voorbeeld Provincie', province:") for e in errors)
    assert len([e for e in errors if e.startswith("content/data/leden.yml:")]) >= 6, errors
    assert not output.exists() or not any(output.rglob("*"))


def test_bad_settings_are_problems():
    config, problems = read_config({"MEMBERS": {"logo_size": (0, 80), "url": "x/"}})
    assert config["logo_size"] == (160, 80) and config["data"] == "data/leden.yml"
    assert {p.field for p in problems} == {"MEMBERS['url']", "MEMBERS['logo_size']"}


# --- logos, map, JSON-LD -------------------------------------------------------------

def test_logos_get_one_size_no_metadata_and_the_same_bytes(tmp_path):
    source = Image.new("RGB", (600, 100), "blue")
    exif = Image.Exif()
    exif[0x010E] = "geheime beschrijving"  # ImageDescription
    buffer = io.BytesIO()
    source.save(buffer, "JPEG", exif=exif.tobytes(), icc_profile=b"\0" * 128, comment=b"commentaar")
    data = buffer.getvalue()
    assert b"geheime" in data
    logos._memo.clear()
    first = logos.render_logo(data, (160, 80))
    logos._memo.clear()
    assert logos.render_logo(data, (160, 80)) == first
    for blob, kind in zip(first, ("WEBP", "PNG"), strict=True):
        assert b"geheime" not in blob and b"commentaar" not in blob
        with Image.open(io.BytesIO(blob)) as image:
            assert image.format == kind and image.size == (160, 80) and image.mode == "RGBA"
            assert not image.getexif() and "icc_profile" not in image.info and "exif" not in image.info
            # 600x100 fits as 160x27, centred: the top rows are transparent canvas.
            assert image.getpixel((80, 0))[3] == 0 and image.getpixel((80, 40))[3] == 255
    tall = logos.render_logo(_png((20, 400)), (160, 80))
    with Image.open(io.BytesIO(tall[1])) as image:
        assert image.size == (160, 80)


def test_unchanged_logos_are_not_redone(tmp_path, monkeypatch):
    logos._memo.clear()
    data = _png()
    logos.render_logo(data, (160, 80))
    monkeypatch.setattr(logos, "_canvas", lambda *a: pytest.fail("re-rendered an unchanged logo"))
    logos.render_logo(data, (160, 80))


def test_logo_files_are_kept_when_unchanged(tmp_path):
    source = tmp_path / "logo.png"
    source.write_bytes(_png())
    settings = {"OUTPUT_PATH": str(tmp_path / "out")}
    written = logos.write_logo(settings, source, "leden/logos/een", (160, 80))
    assert written == ["leden/logos/een.webp", "leden/logos/een.png"]
    files = [tmp_path / "out" / name for name in written]
    stamps = [p.stat().st_mtime_ns for p in files]
    assert logos.write_logo(settings, source, "leden/logos/een", (160, 80)) == written
    assert [p.stat().st_mtime_ns for p in files] == stamps  # not rewritten


def test_map_has_a_shape_inside_the_viewbox_for_every_province():
    shapes = province_shapes({p.slug: p.name for p in PROVINCES})
    assert set(shapes) == {p.slug for p in PROVINCES}
    for shape in shapes.values():
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.path)]
        xs, ys = numbers[0::2], numbers[1::2]
        assert min(xs) >= 0 and max(xs) <= WIDTH and min(ys) >= 0 and max(ys) <= HEIGHT, shape.slug
        assert 0 < shape.count_x < WIDTH and 0 < shape.count_y < HEIGHT
    assert shapes["vlaams-brabant"].path.count("M") == 2  # Brussels is its hole
    assert [line[0] for line in shapes["oost-vlaanderen"].name_lines] == ["Oost-", "Vlaanderen"]


def test_json_ld_cannot_end_its_script_element(tmp_path):
    text = GOOD.replace("Voorbeeld Een", "Tekst met </script><!-- & meer")
    directory = _load(tmp_path, text)
    markup = str(json_ld(directory, {"SITENAME": "VW", "SITEURL": "https://vw.example.org"}))
    assert "<" not in markup and ">" not in markup and "&" not in markup
    data = json.loads(markup)
    assert data["@type"] == "NGO" and data["url"] == "https://vw.example.org/"
    assert data["member"][0]["name"] == "Tekst met </script><!-- & meer"


def test_docs_list_the_fixed_fields_and_provinces():
    text = (REPO / "docs" / "members.md").read_text(encoding="utf-8")
    fields_section = text.split("### Werkvelden", 1)[1].split("##", 1)[0]
    assert re.findall(r"^- (.+)$", fields_section, flags=re.M) == list(FIELDS_OF_WORK)
    provinces = text.split("### Provincies", 1)[1].split("##", 1)[0]
    assert provinces.strip() == ", ".join(p.name for p in PROVINCES)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "content/data/leden.yml" in readme and "docs/members.md" in readme


def test_page_template_field_accepts_only_known_templates():
    from content_model.schema import PAGE, PAGE_TEMPLATES, ReadContext, check_metadata

    assert "ondersteuning" in PAGE_TEMPLATES
    ctx = ReadContext(zone=None, content_root=CONTENT, path="p.md")
    base = {"title": "T", "slug": "t", "summary": "S"}
    values, problems = check_metadata(PAGE, {**base, "template": "ondersteuning"}, ctx)
    assert problems == [] and values["template"] == "ondersteuning"
    _values, problems = check_metadata(PAGE, {**base, "template": "leden"}, ctx)
    assert [str(p) for p in problems] == ["p.md: template: 'leden' is geen paginasjabloon. Oplossing: kies "
                                          + " of ".join(PAGE_TEMPLATES) + ". Voorbeeld: template: home"]
    for template in PAGE_TEMPLATES:
        assert (REPO / "theme" / "templates" / f"{template}.html").is_file()


# --- the built site ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def directory():
    return load_members(DATA, CONTENT, "content/data/leden.yml")


def _count_text(count: int) -> str:
    return "1 lid" if count == 1 else f"{count} leden"


def test_leden_page_groups_counts_and_anchors(site, directory):
    soup = site.soup("/leden/")
    items = soup.select("li[data-member]")
    assert len(items) == len(directory.members)
    sections = soup.select("section[data-member-province]")
    assert [s["id"] for s in sections] == [p.anchor for p in PROVINCES]
    for section, group in zip(sections, directory.by_province, strict=True):
        heading = section.find("h2")
        assert heading.get_text(" ", strip=True) == f"{group.province.name} ({_count_text(group.count)})"
        names = [h.get_text(strip=True) for h in section.select(".vw-member__name")]
        assert names == [m.name for m in group.members]
        assert names == sorted(names, key=collation_key)
        assert [li["id"] for li in section.select("li[data-member]")] == [m.anchor for m in group.members]
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_every_member_is_shown_with_its_data(site, directory):
    soup = site.soup("/leden/")
    for member in directory.members:
        item = soup.find("li", id=member.anchor)
        assert item.find(class_="vw-member__place").get_text(strip=True) == member.city
        assert item.find("a", href=member.website).get_text(strip=True) == member.host
        assert [f.get_text(strip=True) for f in item.select(".vw-member__field")] == list(member.fields)
        assert item["data-member-fields"].split() == list(member.field_slugs)
        province = item.find_parent(attrs={"data-member-province": True})["data-member-province"]
        name = item.find(class_="vw-member__name").get_text(strip=True)
        assert fold(f"{name} {member.city} {province}") == member.search_text  # what members.js searches
        picture = item.find("picture")
        assert bool(picture) == bool(member.logo)
        if member.logo:
            source, img = picture.find("source"), picture.find("img")
            assert source["type"] == "image/webp" and img["alt"] == ""
            assert (img["width"], img["height"]) == ("160", "80")
            for url, kind in ((source["srcset"], "WEBP"), (img["src"], "PNG")):
                with Image.open(site.output / url.lstrip("/")) as image:
                    assert image.format == kind and image.size == (160, 80) and not image.getexif()


def test_map_links_resolve_and_have_accessible_names(site, directory):
    soup = site.soup("/leden/")
    svg = soup.find("nav", class_="vw-member-map").find("svg")
    links = svg.find_all("a")
    assert len(links) == len(PROVINCES)
    for link, group in zip(links, directory.by_province, strict=True):
        target = link["href"]
        assert target == f"#{group.province.anchor}"
        assert soup.find(id=target[1:]) is not None, target
        assert link.find("title").get_text(strip=True) == f"{group.province.name}: {_count_text(group.count)}"
        assert link.find("path")["d"].startswith("M")
        assert link.find(class_="vw-member-map__count").get_text(strip=True) == str(group.count)
    listed = soup.select(".vw-member-map__list a")
    assert [a["href"] for a in listed] == [a["href"] for a in links]


def test_leden_page_has_json_ld_filter_and_no_inline_code(site, directory):
    soup = site.soup("/leden/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NGO" and len(data["member"]) == len(directory.members)
    assert {m["name"] for m in data["member"]} == {m.name for m in directory.members}
    form = soup.find("form", attrs={"data-module": "vw-member-filter"})
    assert "vw-js-only" in form["class"], "hidden without JavaScript (theme/static/css/nojs.css)"
    status = form.find(attrs={"data-member-filter-status": True})
    assert status["role"] == "status"
    options = [o["value"] for o in form.find("select").find_all("option")]
    assert options[1:] == [re.sub(r"\s+", "-", f) for f in FIELDS_OF_WORK]
    scripts = soup.find_all("script")
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts)
    assert any(s.get("src", "").endswith("/theme/js/members.js") and s.has_attr("defer") for s in scripts)
    assert not soup.find(style=True)


def test_home_ondersteuning_and_over_ons_use_the_members(site, directory):
    home = site.soup("/")
    text = home.get_text(" ", strip=True)
    assert f"telt {len(directory.members)} lidorganisaties" in text
    assert home.find("a", href="/leden/")
    support = site.soup("/ondersteuning/")
    section = support.find("section", class_="vw-member-highlight")
    names = [h.get_text(strip=True) for h in section.select(".vw-member__name")]
    assert names == [m.name for m in directory.working_on("juridische hulp")] and names
    assert support.find("h1").get_text(strip=True) == "Ondersteuning"
    assert site.soup("/over-ons/").find("a", href="/leden/").get_text(strip=True) == "onze lidorganisaties"
