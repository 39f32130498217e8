"""Unit tests: the schema's readers, the one clock, `invoke new` and the schema docs."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO

from content_model.new_content import NewContentError, render_new_file, write_new_file
from content_model.schema import PRESS_RELEASE, TYPES, ReadContext, check_metadata
from kernel.clock import build_time

BRUSSELS = ZoneInfo("Europe/Brussels")


def _check(ctype, raw, tmp_path=REPO / "content"):
    return check_metadata(ctype, raw, ReadContext(zone=BRUSSELS, content_root=Path(tmp_path), path="x.md"))


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [
        ("2026-06-20 14:00", "2026-06-20T12:00:00+00:00"),  # summer time, +02:00
        ("2026-12-20 14:00", "2026-12-20T13:00:00+00:00"),  # winter time, +01:00
        ("2026-06-20T14:00Z", "2026-06-20T14:00:00+00:00"),
        ("2026-06-20T14:00+01:00", "2026-06-20T13:00:00+00:00"),
        ("2026-06-20", "2026-06-19T22:00:00+00:00"),  # a date alone: the start of the day in Brussels
    ],
)
def test_dates_are_read_in_brussels_unless_they_carry_an_offset(text, expected_utc):
    values, problems = _check(PRESS_RELEASE, {"title": "t", "date": text, "slug": "s", "summary": "s"})
    assert problems == []
    assert values["date"].astimezone(UTC).isoformat() == expected_utc


def test_required_fields_follow_the_type():
    assert PRESS_RELEASE.required() == ["title", "date", "summary", "slug"]
    assert "slug" not in TYPES["campagnes"].required()
    assert "author" in TYPES["opinie"].required()


def test_site_now_fixes_the_clock_and_the_setting_wins(monkeypatch):
    monkeypatch.setenv("SITE_NOW", "2026-06-20T09:00+02:00")
    assert build_time({"TIMEZONE": "Europe/Brussels"}) == datetime(2026, 6, 20, 9, 0, tzinfo=BRUSSELS)
    setting = {"TIMEZONE": "Europe/Brussels", "SITE_NOW": "2027-01-01T00:00Z"}
    assert build_time(setting).isoformat() == "2027-01-01T01:00:00+01:00"


def test_invoke_new_fills_in_what_it_can_and_marks_the_rest(tmp_path):
    now = datetime(2026, 11, 26, 10, 30, tzinfo=BRUSSELS)
    path = write_new_file("persbericht", "Opvang: één dag té lang", tmp_path, now)
    assert path == tmp_path / "persberichten" / "2026-11-26-opvang-een-dag-te-lang.md"
    text = path.read_text(encoding="utf-8")
    assert "title: Opvang: één dag té lang\n" in text
    assert "slug: opvang-een-dag-te-lang\n" in text
    assert "date: 2026-11-26 10:30\n" in text
    assert re.search(r"^summary: VUL AAN: ", text, re.M)
    exists = "2026-11-26-opvang-een-dag-te-lang.md bestaat al. Kies een andere titel"
    with pytest.raises(NewContentError, match=re.escape(exists)):
        write_new_file("persbericht", "Opvang: één dag té lang", tmp_path, now)


@pytest.mark.parametrize("kind", ["persbericht", "campagne", "opinie", "pagina"])
def test_every_kind_of_new_file_lists_all_required_fields(kind):
    name, text = render_new_file(kind, "Een titel", datetime(2026, 1, 2, 3, 4, tzinfo=BRUSSELS))
    ctype = next(t for t in TYPES.values() if t.name == kind)
    keys = [line.split(":", 1)[0] for line in text.split("\n\n", 1)[0].splitlines()]
    assert set(ctype.required()) <= set(keys)
    assert name.endswith(".md")


def test_a_title_without_letters_is_refused_before_any_file_is_written(tmp_path):
    with pytest.raises(NewContentError, match="geen bruikbare titel"):
        write_new_file("persbericht", "?!", tmp_path, datetime(2026, 1, 1, tzinfo=BRUSSELS))
    assert not any(tmp_path.rglob("*.md"))


def test_unknown_kind_is_refused():
    expected = "'nieuws' is geen soort inhoud. Kies een van: campagne, persbericht, opinie, pagina"
    with pytest.raises(NewContentError, match=re.escape(expected)):
        render_new_file("nieuws", "x", datetime(2026, 1, 1, tzinfo=BRUSSELS))


ARTICLE_FOLDERS = ("campagnes", "persberichten", "opinie")
COMMON_HEADING = "## Velden van elk artikel"


def _sections(docs: str) -> dict[str, str]:
    """The docs page by second-level heading."""
    parts = re.split(r"^(## .+)$", docs, flags=re.M)
    return {heading.strip(): body for heading, body in zip(parts[1::2], parts[2::2], strict=True)}


def _field_rows(section: str) -> dict[str, tuple[str, str]]:
    """`| `name` | required | what |` rows of a section's table: name -> (required, what), without backticks."""
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        match = re.fullmatch(r"`([a-z_]+)`", cells[0]) if len(cells) == 3 else None
        if match:
            rows[match.group(1)] = (cells[1].replace("`", ""), cells[2].replace("`", ""))
    return rows


def _documented_fields(docs: str) -> dict[str, dict[str, tuple[str, str]]]:
    sections = _sections(docs)
    common = _field_rows(sections[COMMON_HEADING])
    documented = {}
    for ctype in TYPES.values():
        (heading,) = [h for h in sections if f"`content/{ctype.folder}/`" in h]
        rows = _field_rows(sections[heading])
        documented[ctype.folder] = {**common, **rows} if ctype.folder in ARTICLE_FOLDERS else rows
    return documented


def test_docs_describe_every_field_of_every_type_as_the_schema_does():
    """docs/content-model.md, for the team in Dutch, has a row per field of each type: exactly the schema's
    fields, 'ja' in the second column for exactly the required ones, and the field's own help text (which
    `invoke new` and the build's messages use) in the third."""
    documented = _documented_fields((REPO / "docs" / "content-model.md").read_text(encoding="utf-8"))
    for ctype in TYPES.values():
        rows = documented[ctype.folder]
        assert sorted(rows) == sorted(ctype.fields), f"{ctype.name}: documented {sorted(rows)}"
        for name, spec in ctype.fields.items():
            required, what = rows[name]
            assert (required == "ja") == spec.required, f"{ctype.name}.{name}: verplicht is '{required}'"
            assert spec.help.replace("`", "") in what, f"{ctype.name}.{name}: '{what}' lacks '{spec.help}'"


def test_the_common_docs_table_holds_exactly_what_every_article_type_shares():
    documented = _documented_fields((REPO / "docs" / "content-model.md").read_text(encoding="utf-8"))
    common = _field_rows(_sections((REPO / "docs" / "content-model.md").read_text(encoding="utf-8"))[COMMON_HEADING])
    articles = [TYPES[folder] for folder in ARTICLE_FOLDERS]
    shared = {name for name, spec in articles[0].fields.items()
              if all(other.fields.get(name) == spec for other in articles[1:])}
    assert common and set(common) == shared
    assert all(set(common) <= set(documented[folder]) for folder in ARTICLE_FOLDERS)


def test_a_docs_table_that_drifts_from_the_schema_is_caught():
    """The docs check itself can fail: a missing row, a wrong 'verplicht' and a changed help text."""
    docs = (REPO / "docs" / "content-model.md").read_text(encoding="utf-8")
    broken = [
        re.sub(r"^\| `attachments` .*\n", "", docs, flags=re.M),
        re.sub(r"^(\| `author` \| )ja( \|)", r"\1nee\2", docs, flags=re.M),
        docs.replace(TYPES["opinie"].fields["original_url"].help, "een link"),
    ]
    for text in broken:
        assert text != docs
        documented = _documented_fields(text)
        assert any(sorted(documented[t.folder]) != sorted(t.fields)
                   or any((documented[t.folder][n][0] == "ja") != f.required
                          or f.help not in documented[t.folder][n][1] for n, f in t.fields.items())
                   for t in TYPES.values())


def test_new_files_carry_dutch_hints_from_the_schema():
    """Every VUL AAN hint `invoke new` writes is the field's Dutch help text, never English."""
    for ctype in TYPES.values():
        _name, text = render_new_file(ctype.name, "Een titel", datetime(2026, 1, 2, 3, 4, tzinfo=BRUSSELS))
        hints = re.findall(r"^(\w+): VUL AAN: (.+)$", text, flags=re.M)
        assert hints, ctype.name
        for name, hint in hints:
            assert hint == ctype.fields[name].help
        body = text.split("\n\n", 1)[1]
        assert body.startswith("VUL AAN: schrijf hier de tekst.")
        english = re.compile(r"\b(the|one|or|sentences|write|here|for|listings|with)\b")
        assert not english.search(text.replace("Een titel", "")), text


def test_a_translation_names_its_language_and_keeps_its_originals_slug():
    from content_model.schema import OPINION

    values, problems = _check(PRESS_RELEASE, {"title": "t", "date": "2026-06-30T22:30:00Z", "slug": "s",
                                              "summary": "s", "lang": "fr", "dateline": "Bruxelles",
                                              "notes": "Une note.", "spokesperson": "woordvoerder"})
    assert problems == [] and values["lang"] == "fr" and values["spokesperson"] == "woordvoerder"
    assert values["date"].isoformat() == "2026-07-01T00:30:00+02:00"
    _values, problems = _check(PRESS_RELEASE, {"title": "t", "date": "2026-01-01", "slug": "s", "summary": "s",
                                               "lang": "de", "tags": "opvang"})
    assert [(p.field, p.message) for p in problems] == [("lang", "'de' is geen taal van deze site")]
    _values, problems = _check(OPINION, {"title": "t", "date": "2026-01-01", "summary": "s", "author": "A",
                                         "lang": "en", "tags": "opvang"})
    assert [(p.field, p.message) for p in problems] == [("slug", "ontbreekt in een vertaling"),
                                                        ("tags", "staat in een vertaling")]
    _values, problems = _check(PRESS_RELEASE, {"title": "t", "date": "2026-01-01", "summary": "s", "lang": "en"})
    assert [(p.field, p.message) for p in problems] == [("slug", "ontbreekt")], "a required slug: reported once"
    _values, problems = _check(PRESS_RELEASE, {"title": "t", "date": "2026-01-01", "slug": "s", "summary": "s",
                                               "spokesperson": "Voorbeeld Woordvoerder"})
    assert [p.field for p in problems] == ["spokesperson"]


def test_notes_are_markdown_one_paragraph_per_line():
    from pelican.settings import read_settings

    from content_model.content_model import SiteMarkdownReader

    reader = SiteMarkdownReader(read_settings(str(REPO / "pelicanconf.py")))
    text = ("title: t\nnotes: **Over ons.** Eerste alinea.\n    Tweede alinea met [een link](/contact/).\n"
            "summary: s\n\nTekst.\n")
    _body, _raw, formatted = reader.convert(text)
    assert formatted["notes"] == ('<p><strong>Over ons.</strong> Eerste alinea.</p>\n'
                                  '<p>Tweede alinea met <a href="/contact/">een link</a>.</p>')
    assert formatted["summary"] == "<p>s</p>"


def test_invoke_vertaal_starts_a_translation_next_to_its_original(tmp_path):
    from content_model.new_content import write_translation

    folder = tmp_path / "persberichten"
    folder.mkdir()
    original = folder / "2026-06-11-x.md"
    original.write_text("title: Een titel\ndate: 2026-06-11 10:00\nslug: x\nsummary: Een samenvatting.\n"
                        "tags: opvang\nnotes: Een noot.\n    Tweede regel.\n\nTekst.\n", encoding="utf-8")
    path = write_translation(original, "fr")
    assert path == folder / "2026-06-11-x.fr.md"
    text = path.read_text(encoding="utf-8")
    assert "slug: x\n" in text and "lang: fr\n" in text and "date: 2026-06-11 10:00\n" in text
    assert "tags:" not in text, "a translation takes its original's topics"
    assert "title: VUL AAN: vertaal de titel: Een titel\n" in text and "notes: VUL AAN: vertaal: Een noot.\n" in text
    with pytest.raises(NewContentError, match="bestaat al"):
        write_translation(original, "fr")
    with pytest.raises(NewContentError, match="'de' is geen taal voor een vertaling"):
        write_translation(original, "de")
    with pytest.raises(NewContentError, match="zelf een vertaling"):
        write_translation(path, "en")
