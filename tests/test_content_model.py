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


def test_unknown_kind_is_refused():
    expected = "'nieuws' is geen soort inhoud. Kies een van: campagne, persbericht, opinie, pagina"
    with pytest.raises(NewContentError, match=re.escape(expected)):
        render_new_file("nieuws", "x", datetime(2026, 1, 1, tzinfo=BRUSSELS))


def test_docs_describe_every_field_of_every_type():
    docs = (REPO / "docs" / "content-model.md").read_text(encoding="utf-8")
    for ctype in TYPES.values():
        assert f"content/{ctype.folder}/" in docs, ctype.folder
        for name in ctype.fields:
            assert f"`{name}`" in docs, f"{ctype.name}.{name} is not documented"
