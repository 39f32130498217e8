"""What a build prints: one short Dutch summary (made, time, held back until when); the details only with -v."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import REPO, cache_arguments
from test_embargo import BEFORE, scenario_content

from kernel.summary import BuildSummary, Held

BRUSSELS = ZoneInfo("Europe/Brussels")
HELD = [
    "  tot 1 maart 2027 om 08:00: content/opinie/2027-03-01-zzembargotoken.md",
    "  tot 1 maart 2027 om 09:00: content/campagnes/zzembargotoken-actie.md",
    "  tot 1 maart 2027 om 10:00: content/pages/zzembargotoken-pagina.md",
    "  tot 1 maart 2027 om 10:00: content/persberichten/2026-01-10-openbaar.fr.md",
    "  tot 1 maart 2027 om 10:00: content/persberichten/2027-02-20-zzembargotoken.fr.md",
    "  tot 1 maart 2027 om 10:00: content/persberichten/2027-02-20-zzembargotoken.md",
    "  tot 1 april 2027 om 10:00: content/persberichten/2027-02-20-zzembargotoken.en.md",
]

HELD_LINE = f"Onder embargo, nog niet op de site: {len(HELD)} teksten"


def _pelican(content, output, *extra: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(REPO / "pelicanconf.py"), "-o", str(output),
         *extra, *cache_arguments(output.parent / "cache")],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "300", "SITE_NOW": BEFORE, "SITE_WORKERS": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


def test_a_build_prints_a_short_dutch_summary_not_a_line_per_file(tmp_path):
    lines = _pelican(scenario_content(tmp_path), tmp_path / "output")
    text = "\n".join(lines)
    assert "Writing" not in text and "site_writer" not in text and "embargo:" not in text, text
    (made,) = [line for line in lines if "Site gebouwd in " in line]
    assert " s: 5 teksten, " in made and " pagina's, " in made and " feeds." in made, made
    start = next(i for i, line in enumerate(lines) if HELD_LINE in line)
    # Pelican's columns indent the summary's later lines.
    held = [line.strip().split(" ('")[0] for line in lines[start + 1:start + 1 + len(HELD)]]
    assert held == [h.strip() for h in HELD], text
    # The summary (two lines and the held items) and Pelican's own closing line: nothing else.
    assert len(lines) <= 2 + len(HELD) + 2, text


def test_verbose_shows_every_file_written(tmp_path):
    text = "\n".join(_pelican(scenario_content(tmp_path), tmp_path / "output", "-v"))
    assert "Writing" in text and "embargo: content/persberichten/2027-02-20-zzembargotoken.md" in text
    assert "Site gebouwd in " in text


def _invoke_build(content, output) -> subprocess.CompletedProcess:
    """`make html`, which is `invoke build`, on another content folder and output folder."""
    caches = cache_arguments(output.parent / "cache")
    code = (f"import invoke, tasks; tasks.CONFIG.update(content={str(content)!r}, output={str(output)!r}); "
            f"run = tasks._pelican; tasks._pelican = lambda settings, *extra: run(settings, *extra, *{caches!r}); "
            "tasks.build(invoke.Context())")
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "SITE_NOW": BEFORE, "SITE_WORKERS": "1"})


def test_make_html_prints_plain_dutch_lines_only(tmp_path):
    """The summary and nothing else: no columns, no English, not even Pelican's closing line."""
    result = _invoke_build(scenario_content(tmp_path), tmp_path / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Site gebouwd in ") and lines[1] == HELD_LINE
    assert [line.split(" ('")[0] for line in lines[2:]] == HELD
    assert (tmp_path / "output" / "index.html").is_file()


def test_a_content_problem_is_one_line_after_fout(tmp_path):
    content = scenario_content(tmp_path)
    release = content / "persberichten" / "2026-01-10-openbaar.md"
    release.write_text(release.read_text("utf-8").replace("date: 2026-01-10 10:00", "date: 2026-13-10"), "utf-8")
    result = _invoke_build(content, tmp_path / "output")
    assert result.returncode == 1
    assert result.stdout == "" and result.stderr.splitlines() == [
        "Fout: content/persberichten/2026-01-10-openbaar.md: date: '2026-13-10' is geen datum. Oplossing: schrijf "
        "JJJJ-MM-DD of JJJJ-MM-DD UU:MM (Brusselse tijd), of met een tijdzone erbij. Voorbeeld: date: 2026-06-20 14:00",
        "1 probleem in de inhoud; er is niets geschreven. Verbeter elke regel hierboven en bouw opnieuw.",
    ]


def test_the_summary_counts_and_sorts_what_is_held_back():
    summary = BuildSummary(seconds=2.345, items=1, pages=12, feeds=1, held=[
        Held("content/b.md", "Later", datetime(2027, 3, 1, 10, 0, tzinfo=BRUSSELS)),
        Held("content/a.md", "Eerder", datetime(2027, 2, 1, 9, 30, tzinfo=BRUSSELS)),
    ])
    assert summary.text().splitlines() == [
        "Site gebouwd in 2,3 s: 1 tekst, 12 pagina's, 1 feed.",
        "Onder embargo, nog niet op de site: 2 teksten",
        "  tot 1 februari 2027 om 09:30: content/a.md ('Eerder')",
        "  tot 1 maart 2027 om 10:00: content/b.md ('Later')",
    ]
    assert BuildSummary(seconds=0.5, items=3, pages=1, feeds=0).text(seconds=1.0) == (
        "Site gebouwd in 1,0 s: 3 teksten, 1 pagina, 0 feeds.")
