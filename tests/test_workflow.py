"""The hosting workflow (.github/workflows/publish.yml): actionlint-clean and wired as the README says."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO, need

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    need(Path(found).is_file(), "actionlint is not installed (pip install -r requirements.txt)")
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", str(path)], capture_output=True, text=True, check=False)


def test_actionlint_finds_nothing_in_the_workflow():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_fail_on_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on:\n  schedule:\n    - cron: '61 * * * *'\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.nosuchthing }}\n",
        encoding="utf-8",
    )
    result = lint(broken)
    assert result.returncode != 0
    assert "cron" in result.stdout


def test_the_workflow_tests_and_publishes_on_push_schedule_and_by_hand():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    # Every 15 minutes, off the hour, so embargoes lift within a quarter of an hour.
    (schedule,) = triggers["schedule"]
    minutes, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*", "*"]
    minute_list = sorted(int(m) for m in minutes.split(","))
    assert len(minute_list) == 4 and 0 not in minute_list
    assert [b - a for a, b in itertools.pairwise(minute_list)] == [15, 15, 15]
    assert workflow["permissions"] == {"contents": "write"}
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False
    (job,) = workflow["jobs"].values()
    commands = [step.get("run", "") for step in job["steps"]]
    gate = next(i for i, c in enumerate(commands) if "make check" in c)
    publish = next(i for i, c in enumerate(commands) if "invoke publish" in c)
    assert gate < publish, "the tests must pass before anything is published"
    assert "--dry-run" not in commands[publish]
    assert job["steps"][publish]["if"] == "github.ref == 'refs/heads/main'", "only main is published"
