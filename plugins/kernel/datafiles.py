"""The team's YAML data files (content/data/*.yml), read with the line of every entry and key.

Every data file is a list of entries, each a mapping of known keys.
`compose()` reads a file into YAML nodes that carry their line numbers and
turns reading errors (not UTF-8, not YAML, not a list) into problems;
`read_records()` does the common case on top of it: entries of text values
checked against a list of `Key`s, one problem per mistake, each naming the
line, the entry and the key. The members directory reads its own file with
`compose()` and checks it with rules of its own.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem, data_path, problem_log

# libyaml's loader when PyYAML has it: much faster, with the same line marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Key:
    """One key of a data-file entry."""

    name: str
    required: bool = True
    help: str = ""
    is_file: bool = False  # a path below content/ that must exist


def scalar_text(node) -> str | None:
    """The text of a single value, or None for a list or mapping."""
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag.endswith(":null") else str(node.value).strip()
    return None


def where(line: int, index: int, name: str | None = None, key: str | None = None) -> str:
    """How a problem names its place: line 12, 'Lotte Voorbeeld', photo_alt."""
    who = f"'{name}'" if name else f"entry {index}"
    text = f"line {line}, {who}"
    return f"{text}, {key}" if key else text


def guess(value: str, choices) -> str:
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{found[0]}'?)" if found else ""


def compose(path: Path, shown: str, *, what: str = "entries") -> tuple[yaml.SequenceNode | None, list[Problem]]:
    """The file as a YAML list node with line marks, or None and the problem that prevents it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(shown, "(file)", f"is not UTF-8 text ({error.reason})", "a YAML file saved as UTF-8")]
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        place = f"line {mark.line + 1}" if mark else "(file)"
        return None, [Problem(shown, place, f"is not valid YAML: {error.problem or error}",
                              "entries that each start with '- ', with 'key: value' lines indented below")]
    if not isinstance(root, yaml.SequenceNode):
        return None, [Problem(shown, "(file)", f"is not a list of {what}", "entries that each start with '- '")]
    return root, []


def read_records(settings, filename: str, keys: tuple[Key, ...], *, required: bool = True,
                 label: str = "name", rejected: set | None = None) -> list[dict]:
    """Read content/data/<filename>: every right entry as a dict of text; problems go to the log.

    Each record also has `_line`, the line where its entry starts. The `label`
    of every entry left out for a problem goes into `rejected`, so that what
    refers to it is not reported a second time.
    """
    root = Path(settings["PATH"])
    path = root / "data" / filename
    shown = data_path(settings, filename)
    if not path.is_file():
        if required:
            problem_log.add(Problem(shown, "(file)", "is missing",
                                    f"a YAML list of entries with: {', '.join(k.name for k in keys)}"))
        return []
    node, problems = compose(path, shown)
    problem_log.extend(problems)
    if node is None:
        return []
    known = {k.name: k for k in keys}
    records = []
    for index, entry in enumerate(node.value, start=1):
        line = entry.start_mark.line + 1
        if not isinstance(entry, yaml.MappingNode):
            problem_log.add(Problem(shown, where(line, index), "is not a set of 'key: value' lines",
                                    f"keys: {', '.join(known)}"))
            continue
        pairs = [(scalar_text(k) or "?", v, k.start_mark.line + 1) for k, v in entry.value]
        name = next((scalar_text(v) for k, v, _ in pairs if k == label), None) or None
        record: dict = {"_line": line}
        ok = True
        for key_name, value, at in pairs:
            place = where(at, index, name, key_name)
            key = known.get(key_name)
            if key is None:
                problem_log.add(Problem(shown, place, f"unknown key{guess(key_name, known)}",
                                        f"one of: {', '.join(known)}"))
                ok = False
                continue
            if key_name in record:
                problem_log.add(Problem(shown, place, "appears twice", "each key once per entry"))
                ok = False
                continue
            text = scalar_text(value)
            if text is None:
                problem_log.add(Problem(shown, place, "is not a single value", key.help or "some text"))
                ok = False
                continue
            if not text:
                problem_log.add(Problem(shown, place, "is empty", key.help or "some text"))
                ok = False
                continue
            if key.is_file and not (root / text.lstrip("/")).is_file():
                problem_log.add(Problem(shown, place, f"file '{text}' does not exist",
                                        "a path below content/, e.g. images/mediakit/logo.png"))
                ok = False
                continue
            record[key_name] = text.lstrip("/") if key.is_file else text
        for key in keys:
            if key.required and key.name not in record and all(k != key.name for k, _, _ in pairs):
                problem_log.add(Problem(shown, where(line, index, name, key.name), "is missing",
                                        key.help or "some text"))
                ok = False
        if ok:
            records.append(record)
        elif rejected is not None and name:
            rejected.add(name)
    return records
