"""The whole output through the Nu HTML checker (npm vnu-jar): zero errors."""

from __future__ import annotations

import json
import shutil
import subprocess

from conftest import need

VNU = "vnu-jar/build/dist/vnu.jar"


def _vnu(node_modules, target) -> list[dict]:
    jar = node_modules / VNU
    need(jar.is_file(), "vnu-jar is missing from node_modules (npm ci)")
    need(shutil.which("java") is not None, "Java is not installed (needed by the Nu HTML checker)")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--skip-non-html", "--format", "json", str(target)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def test_every_page_is_valid_html(site, node_modules):
    errors = _vnu(node_modules, site.output)
    listed = "\n".join(f"{m.get('url', '')}:{m.get('lastLine', '')}: {m.get('message')}" for m in errors)
    assert not errors, listed


def test_validator_reports_invalid_html(node_modules, tmp_path):
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=nl><title>x</title><p><div></p>", encoding="utf-8")
    assert _vnu(node_modules, tmp_path)
