"""The kernel: one clock in Brussels time, per-build state, data files with line numbers, no plugin imports another."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO

from kernel import state
from kernel.clock import parse_moment, utc
from kernel.datafiles import Key, read_records
from kernel.html import scan_body
from kernel.problems import below_folder, problem_log, relative_path

BRUSSELS = ZoneInfo("Europe/Brussels")
PLUGINS = REPO / "plugins"


def test_no_plugin_imports_another():
    packages = {p.name for p in PLUGINS.iterdir() if (p / "__init__.py").is_file()}
    assert {"kernel", "content_model", "embargo"} <= packages
    found = []
    for package in sorted(packages - {"kernel"}):
        files = sorted((PLUGINS / package).rglob("*.py"))
        assert files
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                found += [(path.relative_to(REPO).as_posix(), name) for name in names
                          if name.split(".")[0] in packages - {"kernel", package}]
    assert found == []


def test_the_kernel_imports_no_plugin():
    packages = {p.name for p in PLUGINS.iterdir() if (p / "__init__.py").is_file()} - {"kernel"}
    for path in sorted((PLUGINS / "kernel").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                assert node.module.split(".")[0] not in packages, (path.name, node.module)


@pytest.mark.parametrize(("written", "day", "hour"), [
    ("2026-06-30T22:30:00Z", "2026-07-01", 0),         # the web editor's UTC: a release of 1 July
    ("2026-12-31T23:30:00+00:00", "2027-01-01", 0),    # year boundary
    ("2026-01-31T23:00:00Z", "2026-02-01", 0),         # month boundary, winter time
    ("2026-03-29T00:30:00Z", "2026-03-29", 1),         # just before spring forward (02:00 -> 03:00)
    ("2026-03-29T01:30:00Z", "2026-03-29", 3),         # just after
    ("2026-10-25T00:30:00Z", "2026-10-25", 2),         # 02:30 summer time, before falling back
    ("2026-10-25T01:30:00Z", "2026-10-25", 2),         # 02:30 winter time, after
    ("2026-06-30 22:30", "2026-06-30", 22),            # no offset: Brussels time as written
])
def test_moments_are_read_in_brussels_time(written, day, hour):
    moment = parse_moment(written, BRUSSELS)
    assert moment.tzinfo is BRUSSELS
    assert moment.date().isoformat() == day and moment.hour == hour


def test_moments_compare_and_subtract_in_real_time_across_daylight_saving():
    before = parse_moment("2026-10-25T00:30:00Z", BRUSSELS)  # 02:30 CEST
    after = parse_moment("2026-10-25T01:30:00Z", BRUSSELS)   # 02:30 CET, one hour later
    assert utc(after) - utc(before) == timedelta(hours=1)
    assert utc(before) < utc(after)
    assert utc(datetime(2026, 3, 29, 3, 0, tzinfo=BRUSSELS)) - utc(datetime(2026, 3, 29, 1, 0, tzinfo=BRUSSELS)) \
        == timedelta(hours=1)


def test_per_build_state_is_emptied_and_memos_kept_only_for_incremental_builds():
    held = state.per_build({"old": 1})
    memo = state.Memo("test")
    calls = []
    memo.get("a", lambda: calls.append("a") or 1)
    memo.get("b", lambda: calls.append("b") or 2)
    state.start_build(incremental=True)
    assert held == {}
    assert memo.get("a", lambda: calls.append("a again")) == 1  # kept, used in this build
    state.start_build(incremental=True)
    assert len(memo) == 1, "b was not used in the previous build: pruned"
    state.start_build(incremental=False)
    assert len(memo) == 0
    assert calls == ["a", "b"]


def test_data_files_report_every_mistake_with_its_line(tmp_path):
    data = tmp_path / "content" / "data"
    data.mkdir(parents=True)
    (data / "x.yml").write_text("- name: Een\n  rol: x\n- name: Twee\n  role: ''\n- role: y\n", encoding="utf-8")
    keys = (Key("name", help="the name"), Key("role", help="the role"))
    state.start_build(incremental=False)
    rejected: set[str] = set()
    records = read_records({"PATH": str(tmp_path / "content")}, "x.yml", keys, rejected=rejected)
    lines = sorted(str(p) for p in problem_log.sorted())
    assert records == []
    assert rejected == {"Een", "Twee"}
    assert lines == [  # a misspelt key is not also reported as missing
        "content/data/x.yml: regel 2, 'Een', rol: is geen bekende sleutel (bedoel je 'role'?). "
        "Oplossing: gebruik een van: name, role",
        "content/data/x.yml: regel 4, 'Twee', role: is leeg. Oplossing: the role",
        "content/data/x.yml: regel 5, vermelding 3, name: ontbreekt. "
        "Oplossing: voeg een regel 'name: ...' toe: the name",
    ]


def test_a_body_scan_finds_links_and_images_without_alt():
    scan = scan_body('<p><a href="/x/#a">x</a> <img src="{static}/images/y.jpg"> <img src="z.png" alt="Z"></p>')
    assert scan.images_without_alt == ("{static}/images/y.jpg",)
    assert scan.targets() == ["/x/", "/images/y.jpg", "z.png"]
    assert scan_body("<p>geen links</p>").links == ()


def test_the_kernel_package_documents_every_module():
    text = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    modules = sorted(p.stem for p in (PLUGINS / "kernel").glob("*.py") if p.stem != "__init__")
    assert modules
    missing = [m for m in modules if f"| `{m}` |" not in text]
    assert missing == []


def test_paths_are_shown_as_the_team_sees_them(tmp_path):
    from kernel.problems import display_path

    root = tmp_path / "content"
    assert display_path(str(root / "opinie" / "x.md"), {"PATH": str(root)}) == "content/opinie/x.md"
    assert Path(display_path(str(root / "a.md"), {"PATH": str(root)})).parts[0] == "content"


def test_paths_below_a_folder_without_asking_the_file_system(tmp_path):
    content = tmp_path / "content"
    (content / "persberichten").mkdir(parents=True)
    (tmp_path / "content2").mkdir()
    assert below_folder(str(content / "persberichten" / "a.md"), str(content)) == "persberichten/a.md"
    assert below_folder(str(content / "persberichten" / "a.md"), str(content) + "/") == "persberichten/a.md"
    assert below_folder(str(tmp_path / "content2" / "a.md"), str(content)) is None  # a sibling with the same start
    assert below_folder(str(content), str(content)) is None
    # Spelled through a link, the path is still found below the folder (by resolving it).
    link = tmp_path / "link"
    link.symlink_to(content)
    assert relative_path(str(link / "persberichten" / "a.md"), {"PATH": str(content)}) == "persberichten/a.md"
