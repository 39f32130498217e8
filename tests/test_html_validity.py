"""The whole output through the Nu HTML checker (npm vnu-jar): zero errors."""

from __future__ import annotations

from conftest import need

from sitechecks.html_validity import find_html_errors, missing_tools

VNU = "vnu-jar/build/dist/vnu.jar"


def _vnu(node_modules, target) -> list:
    """The Nu checker's errors, by the same function `invoke publish` and `invoke check` use."""
    jar = node_modules / VNU
    missing = missing_tools(jar)
    need(not missing, missing)
    return find_html_errors(target, jar)


def test_every_page_is_valid_html(site, node_modules):
    errors = _vnu(node_modules, site.output)
    assert not errors, "\n".join(map(str, errors))


def test_validator_reports_invalid_html(node_modules, tmp_path):
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=nl><title>x</title><p><div></p>", encoding="utf-8")
    assert _vnu(node_modules, tmp_path)
