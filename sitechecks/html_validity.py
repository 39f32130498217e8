"""HTML validity with the Nu HTML checker (npm vnu-jar, run with Java).

Used by the tests, `invoke check` and `invoke publish`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class CheckerMissing(RuntimeError):
    """Java or the Nu checker is not installed."""


@dataclass(frozen=True)
class HtmlError:
    file: str
    line: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def missing_tools(jar: Path = VNU_JAR) -> str:
    """Why the checker cannot run here ('' when it can)."""
    if shutil.which("java") is None:
        return "Java is not installed (needed by the Nu HTML checker)"
    if not jar.is_file():
        return f"{jar} is missing (run npm ci)"
    return ""


def find_html_errors(root: Path, jar: Path = VNU_JAR) -> list[HtmlError]:
    """Every Nu checker error (and fatal error) in the HTML files under `root`."""
    missing = missing_tools(jar)
    if missing:
        raise CheckerMissing(missing)
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--skip-non-html", "--format", "json", str(root)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    try:
        messages = json.loads(result.stderr or "{}").get("messages", [])
    except json.JSONDecodeError as error:
        raise RuntimeError(f"the Nu checker did not answer in JSON: {result.stderr[:500]}") from error
    errors = []
    for message in messages:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            url = message.get("url", "")
            prefix = Path(root).resolve().as_uri()
            shown = url[len(prefix):] if url.startswith(prefix) else url
            errors.append(HtmlError(shown, str(message.get("lastLine", "")), message.get("message", "")))
    return errors
