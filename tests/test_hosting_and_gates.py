"""The host files the build writes (plugins/hosting) and the `invoke check` gate runner (publishing.gates)."""

from __future__ import annotations

import pytest
from conftest import build_site

from hosting.hosting import HostingSettingError
from publishing.gates import run_gates, summary


def test_preview_builds_have_no_cname(site):
    """Only production names the custom domain: a preview deployed by mistake does not claim it."""
    assert not (site.output / "CNAME").exists()
    assert not (site.output / ".nojekyll").exists()


def test_a_cname_that_is_not_a_host_name_stops_the_build(tmp_path):
    with pytest.raises(HostingSettingError) as error:
        build_site(tmp_path / "out", SITE_CNAME="https://www.vluchtelingenwerk.be/")
    assert "SITE_CNAME" in str(error.value) and "www.vluchtelingenwerk.be" in str(error.value)
    assert not (tmp_path / "out" / "index.html").exists()


def test_every_gate_runs_and_the_summary_names_each_result():
    def crash():
        raise RuntimeError("tool missing")

    results = run_gates([
        ("first", lambda: (True, "fine")),
        ("second", lambda: (False, "2 problem(s)")),
        ("third", crash),
        ("fourth", lambda: (True, "")),
    ])
    assert [(r.name, r.passed) for r in results] == [
        ("first", True), ("second", False), ("third", False), ("fourth", True),
    ]
    table = summary(results)
    assert "second" in table and "FAILED" in table and "tool missing" in table
    assert table.splitlines()[-1] == "2 of 4 gates passed"
