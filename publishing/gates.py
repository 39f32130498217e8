"""`invoke check`: every gate CI runs, locally, with one summary table at the end.

The gates: ruff, the whole pytest suite (which includes the browser,
accessibility, HTML-validity, Lighthouse and workflow checks; tools that are
missing skip locally and fail under CI=true), and the production build with
the publish checks (`invoke publish --dry-run` without the clean-tree rule).
Example data (sitechecks/example_data.py) is counted in the summary but does
not fail a gate: whether a commit is correct is one question, whether its
content may go public is `invoke publish`'s (which refuses it unless
`--allow-example-data`). Every gate runs even when an earlier one failed, so
one run shows everything.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitechecks.example_data import find_example_data

from .publish import CHECKS, PublishError, build, run_checks

REPO = Path(__file__).resolve().parents[1]


@dataclass
class GateResult:
    name: str
    passed: bool
    seconds: float
    detail: str = ""


def _command(*args: str) -> Callable[[], tuple[bool, str]]:
    def run() -> tuple[bool, str]:
        print(f"$ {' '.join(args)}", flush=True)
        result = subprocess.run(list(args), cwd=REPO, check=False)
        return result.returncode == 0, f"exit {result.returncode}"

    return run


def production_build_and_checks() -> tuple[bool, str]:
    """Build with publishconf.py into a temporary folder and run the publish checks on it."""
    with tempfile.TemporaryDirectory(prefix="vw-check-") as folder:
        output = Path(folder) / "output"
        try:
            build(REPO, output)
        except PublishError as error:
            print(error, file=sys.stderr)
            return False, "build failed"
        failed = run_checks(output, CHECKS)
        for name, problems in failed.items():
            for problem in problems:
                print(f"{name}: {problem}", file=sys.stderr)
        count = sum(len(p) for p in failed.values())
        examples = find_example_data(output, REPO / "content")
        note = (f"; example data in {len(examples.findings)} place(s): invoke publish refuses it "
                "without --allow-example-data") if examples else ""
        return not failed, (f"{count} problem(s)" if failed else ", ".join(CHECKS)) + note


def gates(pytest_args: tuple[str, ...] = ()) -> list[tuple[str, Callable[[], tuple[bool, str]]]]:
    python = sys.executable
    return [
        ("ruff", _command(python, "-m", "ruff", "check", ".")),
        ("pytest", _command(python, "-m", "pytest", *pytest_args)),
        ("production build + publish checks", production_build_and_checks),
    ]


def run_gates(selected: list[tuple[str, Callable[[], tuple[bool, str]]]]) -> list[GateResult]:
    results = []
    for name, gate in selected:
        print(f"\n=== {name} ===", flush=True)
        start = time.monotonic()
        try:
            passed, detail = gate()
        except Exception as error:  # a crashing gate is a failed gate; the others still run
            passed, detail = False, f"{type(error).__name__}: {error}"
        results.append(GateResult(name, passed, time.monotonic() - start, detail))
    return results


def summary(results: list[GateResult]) -> str:
    width = max(len(r.name) for r in results)
    lines = [f"{'gate':<{width}}  result  time     detail", "-" * (width + 32)]
    for r in results:
        lines.append(f"{r.name:<{width}}  {'passed' if r.passed else 'FAILED':<6}  {r.seconds:6.1f}s  {r.detail}")
    failed = sum(not r.passed for r in results)
    lines.append(f"{len(results) - failed} of {len(results)} gates passed")
    return "\n".join(lines)
