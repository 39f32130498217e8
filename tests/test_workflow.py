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


def _workflow() -> tuple[dict, dict, dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return workflow, triggers, workflow["jobs"]


def _commands(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def test_pushes_and_pull_requests_run_the_whole_suite():
    _, triggers, jobs = _workflow()
    assert triggers["push"]["branches"] == ["**"] and "pull_request" in triggers
    test = jobs["test"]
    assert test["if"] == "github.event_name == 'push' || github.event_name == 'pull_request'"
    assert any("make check" in command for command in _commands(test))
    assert "chromium" in _commands(test)[0], "the suite's browser tests need Debian's chromium"


def test_scheduled_and_manual_runs_publish_without_the_test_suite():
    _, triggers, jobs = _workflow()
    # Every 15 minutes, off the hour, so embargoes lift within a quarter of an hour.
    (schedule,) = triggers["schedule"]
    minutes, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*", "*"]
    minute_list = sorted(int(m) for m in minutes.split(","))
    assert len(minute_list) == 4 and 0 not in minute_list
    assert [b - a for a, b in itertools.pairwise(minute_list)] == [15, 15, 15]
    assert "workflow_dispatch" in triggers
    publish = jobs["publish"]
    commands = _commands(publish)
    assert not any("make check" in c or "pytest" in c or "invoke test" in c for c in commands)
    assert any("invoke publish" in c for c in commands) and not any("--dry-run" in c for c in commands)
    condition = " ".join(publish["if"].split())
    assert "github.event_name == 'schedule'" in condition and "github.event_name == 'workflow_dispatch'" in condition
    # The test job is skipped on those runs: without !cancelled() the publish job would be skipped too.
    assert condition.startswith("!cancelled() && github.ref == 'refs/heads/main' &&"), "only main is published"


def test_a_push_publishes_only_after_its_tests_passed():
    workflow, _triggers, jobs = _workflow()
    publish = jobs["publish"]
    assert publish["needs"] == "test"
    assert "(github.event_name == 'push' && needs.test.result == 'success')" in " ".join(publish["if"].split())
    # Only the publish job may write, one at a time, never cancelled mid-push.
    assert workflow["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"contents": "write"}
    assert publish["concurrency"]["group"] and publish["concurrency"]["cancel-in-progress"] is False


def test_example_data_is_published_only_when_a_demo_is_asked_for():
    _, triggers, jobs = _workflow()
    allow = triggers["workflow_dispatch"]["inputs"]["allow_example_data"]
    assert allow["type"] == "boolean" and allow["default"] is False
    publish = jobs["publish"]
    assert publish["env"]["ALLOW_EXAMPLE_DATA"] == (
        "${{ vars.ALLOW_EXAMPLE_DATA == 'true' || inputs.allow_example_data == true }}")
    (step,) = [c for c in _commands(publish) if "invoke publish" in c]
    lines = [line.strip() for line in step.splitlines()]
    # The flag only under the explicit condition; otherwise the plain publish, which refuses example data.
    guarded = lines.index('if [ "$ALLOW_EXAMPLE_DATA" = "true" ]; then')
    assert lines[guarded + 1] == ".venv/bin/invoke publish --allow-example-data"
    assert lines[guarded + 2:guarded + 5] == ["else", ".venv/bin/invoke publish", "fi"]
    assert sum("--allow-example-data" in line for line in lines) == 1
