"""Lighthouse scores of built pages (npm `lighthouse`, run with Debian's chromium, headless).

Used by tests/test_lighthouse.py. One Lighthouse run per URL (mobile, the
default form factor with simulated throttling: phones first), against a
local static server of an already built site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join((
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
))


def missing_tools() -> str:
    """Why Lighthouse cannot run here ('' when it can)."""
    if shutil.which("node") is None:
        return "Node.js is not installed (needed by Lighthouse)"
    if not LIGHTHOUSE.exists():
        return "node_modules/.bin/lighthouse is missing (run npm ci)"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt install chromium)"
    return ""


def run_lighthouse(url: str, report: Path) -> dict:
    """Audit `url` once; writes the JSON report to `report` and returns it."""
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=30000",
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, check=False)
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url} (exit {result.returncode}): {result.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def scores(report: dict) -> dict[str, float]:
    """{category: score 0..1} of a Lighthouse JSON report (a category that could not score counts as 0)."""
    return {name: float(report["categories"][name]["score"] or 0) for name in CATEGORIES}


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits that cost a category points, as 'id: title' lines, for a readable failure."""
    audits = report["audits"]
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            lines.append(f"{ref['id']} ({audit['score']}): {audit.get('title', '')}")
    return lines
