"""Reading the team's YAML data files (content/data/*.yml) with every problem reported.

A data file is a list of entries; each entry is a mapping with known keys.
`read_records()` returns the entries it could read and adds one problem per
mistake (missing file, not a list, missing or unknown key, empty value,
a file that does not exist) to `validation.problems.problem_log`.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

from validation.problems import Problem, problem_log

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Key:
    """One key of a data-file entry."""

    name: str
    required: bool = True
    help: str = ""
    is_file: bool = False  # a path below content/ that must exist


def read_records(settings, filename: str, keys: tuple[Key, ...], *, required: bool = True) -> list[dict]:
    """Read content/data/<filename>; every entry as a dict of str, only known keys."""
    root = Path(settings["PATH"])
    path = root / "data" / filename
    shown = f"{root.name}/data/{filename}"
    if not path.is_file():
        if required:
            problem_log.add(Problem(shown, "(file)", "is missing",
                                    f"a YAML list of entries with: {', '.join(k.name for k in keys)}"))
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        problem_log.add(Problem(shown, "(file)", f"is not valid YAML ({error})".replace("\n", " "),
                                "a list of entries, each starting with '- '"))
        return []
    if not isinstance(data, list):
        problem_log.add(Problem(shown, "(file)", "is not a list of entries",
                                "a list of entries, each starting with '- '"))
        return []
    known = {k.name: k for k in keys}
    records = []
    for number, entry in enumerate(data, start=1):
        where = f"entry {number}"
        if not isinstance(entry, dict):
            problem_log.add(Problem(shown, where, "is not a set of 'key: value' lines",
                                    f"keys: {', '.join(known)}"))
            continue
        record: dict[str, str] = {}
        ok = True
        for name, value in entry.items():
            key = known.get(str(name))
            if key is None:
                guess = difflib.get_close_matches(str(name), known, n=1)
                hint = f" (did you mean '{guess[0]}'?)" if guess else ""
                problem_log.add(Problem(shown, f"{where}: {name}", f"unknown key{hint}",
                                        f"one of: {', '.join(known)}"))
                ok = False
                continue
            text = "" if value is None else str(value).strip()
            if not text:
                problem_log.add(Problem(shown, f"{where}: {name}", "is empty", key.help or "some text"))
                ok = False
                continue
            if key.is_file and not (root / text.lstrip("/")).is_file():
                problem_log.add(Problem(shown, f"{where}: {name}", f"file '{text}' does not exist",
                                        "a path below content/, e.g. images/mediakit/logo.png"))
                ok = False
                continue
            record[key.name] = text.lstrip("/") if key.is_file else text
        for key in keys:
            if key.required and key.name not in entry:
                problem_log.add(Problem(shown, f"{where}: {key.name}", "is missing", key.help or "some text"))
                ok = False
        if ok:
            records.append(record)
    return records
