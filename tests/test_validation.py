"""The validation gate: every broken example under tests/broken/ gives its message,
all problems of a run are reported together, and nothing is written."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import REPO, build_site

from kernel.problems import ContentError

BROKEN = REPO / "tests" / "broken"

# case folder -> (file, field, words of the message) that must all be reported.
EXPECTED = {
    "missing-field": [
        ("missing-field/persberichten/2025-01-10-zonder-slug.md", "slug", "ontbreekt"),
        ("missing-field/persberichten/2025-01-10-zonder-slug.md", "summary", "ontbreekt"),
    ],
    "unknown-field": [
        ("unknown-field/persberichten/2025-01-10-titel.md", "titel", "is geen bekend veld (bedoel je 'title'?)"),
    ],
    "bad-date": [
        ("bad-date/persberichten/2025-01-10-datum.md", "date", "'2025-13-45' is geen datum"),
    ],
    "wrong-type": [
        ("wrong-type/opinie/2025-01-10-type.md", "original_canonical", "'misschien' is geen ja of nee"),
        ("wrong-type/opinie/2025-01-10-type.md", "original_url", "'www.example.org/stuk' is geen link"),
    ],
    "duplicate-slug": [
        ("duplicate-slug/persberichten/2025-03-10-twee.md", "slug",
         "het adres /persberichten/2025/dubbel/ is al van duplicate-slug/persberichten/2025-01-10-een.md"),
    ],
    "image-without-alt": [
        ("image-without-alt/persberichten/2025-01-10-beeld.md", "image_alt", "ontbreekt terwijl er een beeld is"),
        ("image-without-alt/persberichten/2025-01-10-beeld.md", "(tekst)", "heeft geen alt-tekst"),
    ],
    "broken-link": [
        ("broken-link/persberichten/2025-01-10-links.md", "(tekst)",
         "de link '/persberichten/2024/bestaat-niet/' wijst naar een pagina die niet bestaat"),
        ("broken-link/persberichten/2025-01-10-links.md", "(tekst)",
         "de link '{filename}bestaat-ook-niet.md' wijst naar een bestand dat niet bestaat"),
    ],
    "stray-file": [
        ("stray-file/nieuws/2025-01-10-verkeerde-map.md", "(bestand)", "staat buiten de mappen voor inhoud"),
        ("stray-file/persberichten/notities.txt", "(bestand)", "is geen Markdown-bestand"),
    ],
    "placeholder": [
        ("placeholder/campagnes/nieuwe-actie.md", "summary", "bevat nog VUL AAN"),
        ("placeholder/campagnes/nieuwe-actie.md", "(tekst)", "bevat nog VUL AAN"),
        # In the notes: a problem of that field, not also of the text they are shown with.
        ("placeholder/persberichten/2025-01-10-notities.md", "notes", "bevat nog VUL AAN"),
    ],
    "bad-campaign": [
        ("bad-campaign/campagnes/actie.md", "slug", "'Mijn Actie' is geen geldige slug"),
        ("bad-campaign/campagnes/actie.md", "image", "het bestand 'images/bestaat-niet.jpg' bestaat niet"),
        ("bad-campaign/campagnes/actie.md", "end", "ligt niet na countdown"),
        ("bad-campaign/campagnes/actie.md", "cta_link", "ontbreekt terwijl cta_text er staat"),
    ],
}


def test_every_broken_example_has_expectations():
    assert sorted(p.name for p in BROKEN.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_example_is_reported_and_nothing_written(case, tmp_path, content_errors):
    output = tmp_path / "output"
    with pytest.raises(ContentError) as raised:
        build_site(output, content=BROKEN / case)
    errors = content_errors()
    for path, field, words in EXPECTED[case]:
        matching = [e for e in errors if e.startswith(f"{path}: {field}: ") and words in e]
        assert matching, f"no error for {path} / {field} containing {words!r}; got:\n" + "\n".join(errors)
        assert all("Oplossing: " in e for e in matching), matching
    assert "er is niets geschreven" in str(raised.value)
    assert not output.exists() or not any(output.rglob("*")), "a failed build wrote output"
    # Each problem once, and nothing else: no knock-on line about a field that depends on a broken one.
    assert len(errors) == len(EXPECTED[case]), "\n".join(errors)


def test_a_misspelt_field_is_one_problem_not_two(tmp_path, content_errors):
    """'titel' for 'title': one line that names the right field, not also 'title is missing'."""
    with pytest.raises(ContentError):
        build_site(tmp_path / "output", content=BROKEN / "unknown-field")
    errors = content_errors()
    assert len(errors) == 1, errors
    assert "Oplossing: schrijf 'title'" in errors[0] and "Voorbeeld: title: " in errors[0]


def test_all_problems_of_one_run_are_reported_together(tmp_path, content_errors):
    """Several broken folders in one content tree: every message comes out of one build."""
    content = tmp_path / "content"
    for case in ("missing-field", "bad-date", "duplicate-slug", "wrong-type"):
        shutil.copytree(BROKEN / case, content, dirs_exist_ok=True)
    with pytest.raises(ContentError) as raised:
        build_site(tmp_path / "output", content=content)
    errors = content_errors()
    wanted = [(f, w.replace(f"{case}/", "content/"))
              for case in ("missing-field", "bad-date", "duplicate-slug", "wrong-type")
              for _p, f, w in EXPECTED[case]]
    for field, words in wanted:
        assert any(f": {field}: " in e and words in e for e in errors), (field, words, errors)
    assert str(len(errors)) in str(raised.value)


def test_a_failed_build_writes_nothing(tmp_path, content_errors):
    """Nothing broken is ever served, none is half-written.

    Preview settings empty the output folder only once the content passed every
    check (SITE_FRESH_OUTPUT): a failed build leaves the last good site exactly as
    it was. Production deletes the output before it starts: there the old output goes.
    """
    output = tmp_path / "output"
    output.mkdir()
    (output / "oud.html").write_text("oud")
    with pytest.raises(ContentError):
        build_site(output, content=BROKEN / "bad-date")
    assert [p.name for p in output.rglob("*")] == ["oud.html"]
    assert (output / "oud.html").read_text() == "oud"
    with pytest.raises(ContentError):
        build_site(output, content=BROKEN / "bad-date", settings_file="publishconf.py")
    assert not any(output.rglob("*"))


def test_pelican_command_exits_non_zero_without_a_traceback(tmp_path):
    """The team runs Pelican itself: the exit code and message are what they see."""
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(BROKEN / "bad-date"), "-s", str(REPO / "pelicanconf.py"),
         "-o", str(tmp_path / "out")],
        cwd=REPO, capture_output=True, text=True, env={"COLUMNS": "300", "PATH": "/usr/bin:/bin",
                                                        "SITE_NOW": "2026-11-26T12:00+01:00"},
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "bad-date/persberichten/2025-01-10-datum.md: date: '2025-13-45' is geen datum" in out
    assert "Voorbeeld: date: 2026-06-20 14:00" in out
    assert "er is niets geschreven" in out
    assert "Traceback" not in out


def test_bad_site_now_is_a_clear_error(tmp_path):
    from kernel.clock import ClockError

    with pytest.raises(ClockError, match="SITE_NOW='gisteren' is geen moment"):
        build_site(tmp_path / "out", now="gisteren")


def test_one_problem_gives_one_line(tmp_path, caplog):
    """A missing title is reported once, by us: no knock-on lines, no raw Pelican lines about the same file."""
    import logging

    content = tmp_path / "content" / "persberichten"
    content.mkdir(parents=True)
    (content / "2025-01-10-zonder-titel.md").write_text(
        "date: 2025-01-10\nslug: zonder-titel\nsummary: Een bericht.\n\nTekst.\n", encoding="utf-8")
    caplog.set_level(logging.WARNING)
    with pytest.raises(ContentError) as raised:
        build_site(tmp_path / "output", content=tmp_path / "content")
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    about = [line for line in lines if "zonder-titel" in line]
    assert about == ["content/persberichten/2025-01-10-zonder-titel.md: title: ontbreekt. Oplossing: voeg een regel "
                     "'title: ...' toe met de titel, zoals op de pagina en in de overzichten"], lines
    assert "1 probleem in de inhoud" in str(raised.value)
