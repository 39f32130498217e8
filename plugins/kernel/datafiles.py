"""The team's YAML data files (content/data/*.yml), read with the line of every entry and key.

Every data file is a list of entries, each a mapping of known keys.
`compose()` reads a file into YAML nodes that carry their line numbers and
turns reading errors (not UTF-8, not YAML, not a list) into problems;
`read_records()` does the common case on top of it: entries of text values
checked against a list of `Key`s, one problem per mistake, each naming the
line, the entry and the key; an optional key left empty counts as absent. The
members directory reads its own file with `compose()` and checks it with rules
of its own. Every file read here is described in `kernel.schemas` with its keys
(for the web editor).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import schemas
from .problems import Problem, data_path, problem_log

# libyaml's loader when PyYAML has it: much faster, with the same line marks.
# libyaml when PyYAML has it (every kernel reader of YAML uses this one).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Key:
    """One key of a data-file entry."""

    name: str
    required: bool = True
    help: str = ""
    is_file: bool = False  # a path below content/ that must exist
    choices: tuple[str, ...] = ()  # the only values allowed, when the list is fixed
    is_list: bool = False  # a list: [opvang, kinderen] or opvang, kinderen; read as a list of texts


def scalar_text(node) -> str | None:
    """The text of a single value, or None for a list or mapping."""
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag.endswith(":null") else str(node.value).strip()
    return None


def list_texts(node) -> list[str] | None:
    """The texts of a list value ([a, b] or 'a, b'); None when it is empty or holds anything but texts."""
    if isinstance(node, yaml.SequenceNode):
        texts = [scalar_text(item) for item in node.value]
    else:
        text = scalar_text(node)
        texts = [part.strip() for part in text.split(",")] if text else None
    if not texts or any(not t for t in texts):
        return None
    return texts


def where(line: int, index: int, name: str | None = None, key: str | None = None) -> str:
    """How a problem names its place: regel 12, 'Lotte Voorbeeld', photo_alt."""
    who = f"'{name}'" if name else f"vermelding {index}"
    text = f"regel {line}, {who}"
    return f"{text}, {key}" if key else text


def closest(value: str, choices) -> str | None:
    """The choice `value` is most likely a misspelling of, if any."""
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def guess(value: str, choices) -> str:
    found = closest(value, choices)
    return f" (bedoel je '{found}'?)" if found else ""


# What PyYAML reports, in plain words (the start of its message -> what the team reads).
_YAML_WORDS = (
    ("mapping values are not allowed", "er staat een dubbelpunt in een waarde",
     "zet een waarde met een dubbelpunt tussen aanhalingstekens", "description: 'Opvang: een recht'"),
    ("could not find expected ':'", "er ontbreekt een dubbelpunt na de sleutel",
     "schrijf elke regel als 'sleutel: waarde'", "city: Gent"),
    ("found character '\\t'", "er staat een tab",
     "spring in met spaties, niet met tabs", "  city: Gent"),
    ("found a tab character", "er staat een tab",
     "spring in met spaties, niet met tabs", "  city: Gent"),
    ("did not find expected '-' indicator", "de inspringing klopt niet",
     "laat elke vermelding beginnen met '- ' en spring de regels eronder even ver in", "- name: ..."),
    ("expected <block end>", "de inspringing klopt niet",
     "spring alle regels van een vermelding even ver in", "  city: Gent"),
    ("did not find expected key", "de inspringing klopt niet",
     "spring alle regels van een vermelding even ver in", "  city: Gent"),
    ("found unexpected end of stream", "een aanhalingsteken wordt niet gesloten",
     "sluit elk aanhalingsteken op dezelfde regel", "name: 'Huis De Brug'"),
    ("found unexpected end", "een aanhalingsteken wordt niet gesloten",
     "sluit elk aanhalingsteken op dezelfde regel", "name: 'Huis De Brug'"),
    ("expected ',' or ']'", "een lijst met [ wordt niet gesloten met ]",
     "sluit de lijst op dezelfde regel, of zet een waarde die met [ begint tussen aanhalingstekens",
     "fields: [opvang, werk]"),
    ("expected ',' or '}'", "een { wordt niet gesloten met }",
     "zet een waarde die met { begint tussen aanhalingstekens", "name: '{Huis}'"),
    ("found duplicate anchor", "een & of * staat aan het begin van een waarde",
     "zet die waarde tussen aanhalingstekens", "name: '&Co'"),
    ("found undefined alias", "een * staat aan het begin van een waarde",
     "zet die waarde tussen aanhalingstekens", "name: '*nieuw*'"),
)


# A value that opens a quote or a list and does not close it on its line: `city: "Gent`, `fields: [opvang`.
_OPENING = re.compile(r"""^\s*(?:-\s+)?[^\s:#][^:#]*:\s+(?P<open>["'\[{])(?P<rest>.*)$""")
_UNCLOSED = {
    '"': ("een aanhalingsteken wordt niet gesloten op deze regel",
          "sluit het aanhalingsteken op dezelfde regel, of laat de aanhalingstekens weg", "city: 'Sint-Niklaas'"),
    "[": ("een lijst met [ wordt niet gesloten met ] op deze regel",
          "sluit de lijst op dezelfde regel, of zet een waarde die met [ begint tussen aanhalingstekens",
          "fields: [opvang, werk]"),
    "{": ("een { wordt niet gesloten met } op deze regel",
          "zet een waarde die met { begint tussen aanhalingstekens", "name: '{Huis}'"),
}
_UNCLOSED["'"] = _UNCLOSED['"']
_CLOSING = {'"': '"', "'": "'", "[": "]", "{": "}"}
# A `key: value` line, and where its key starts: `  city: Gent` and `- city: Gent` both at column 2.
_KEY_LINE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)[^\s:#'\"][^:#]*:(?:\s|$)")


def unclosed_on_its_line(text: str, *, before: int) -> tuple[int, str] | None:
    """(line, opening character) of the first value up to line `before` (0-based) that opens a quote or a
    list and does not close it on that line; None when every one is closed."""
    for number, line in enumerate(text.splitlines()[:before + 1]):
        match = _OPENING.match(line)
        if not match:
            continue
        opening, rest = match.group("open"), match.group("rest").split(" #", 1)[0].rstrip()
        if opening == "'":
            rest = rest.replace("''", "")
        elif opening == '"':
            rest = re.sub(r"\\.", "", rest)
        if _CLOSING[opening] not in rest:
            return number, opening
    return None


def _indented_unlike_the_line_before(text: str, line: int) -> bool:
    """Whether line `line` (0-based) is a `key: value` line whose key does not start where the previous key did."""
    lines = text.splitlines()
    here = _KEY_LINE.match(lines[line]) if line < len(lines) else None
    previous = next((_KEY_LINE.match(lines[n]) for n in range(line - 1, -1, -1)
                     if lines[n].strip() and not lines[n].lstrip().startswith("#")), None)
    return bool(here and previous and len(here.group("indent")) != len(previous.group("indent")))


def yaml_in_plain_words(error: yaml.MarkedYAMLError) -> tuple[str, str, str]:
    """(what is wrong, how to fix it, an example) for a YAML reading error."""
    said = str(error.problem or error)
    for start, message, fix, example in _YAML_WORDS:
        if start in said:
            return message, fix, example
    return ("de opmaak van het bestand klopt niet",
            "vergelijk met een vermelding die wel werkt: '- sleutel: waarde', de regels eronder ingesprongen",
            "- name: Voorbeeldhuis")


def compose(path: Path, shown: str, *, what: str = "vermeldingen") -> tuple[yaml.SequenceNode | None, list[Problem]]:
    """The file as a YAML list node with line marks, or None and the problem that prevents it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(shown, "(bestand)", "is niet als UTF-8 bewaard",
                              "bewaar het bestand opnieuw met de codering UTF-8")]
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        opened = unclosed_on_its_line(text, before=mark.line if mark else len(text))
        if opened is not None:  # the parser only notices lines later, where the next quote or ] is
            line, opening = opened
            return None, [Problem(shown, f"regel {line + 1}", *_UNCLOSED[opening])]
        place = f"regel {mark.line + 1}" if mark else "(bestand)"
        message, fix, example = yaml_in_plain_words(error)
        if mark and "mapping values are not allowed" in str(error.problem) and _indented_unlike_the_line_before(
                text, mark.line):  # `   city: Gent` one space too far reads as a colon inside the line before
            message, fix, example = ("de inspringing klopt niet", "spring alle regels van een vermelding even ver in",
                                     "  city: Gent")
        return None, [Problem(shown, place, message, fix, example)]
    if not isinstance(root, yaml.SequenceNode):
        return None, [Problem(shown, "(bestand)", f"is geen lijst van {what}",
                              "laat elke vermelding beginnen met '- '", "- name: ...")]
    return root, []


def read_records(settings, filename: str, keys: tuple[Key, ...], *, required: bool = True,
                 label: str = "name", rejected: set | None = None) -> list[dict]:
    """Read content/data/<filename>: every right entry as a dict of text; problems go to the log.

    Each record also has `_line`, the line where its entry starts. The `label`
    of every entry left out for a problem goes into `rejected`, so that what
    refers to it is not reported a second time.
    """
    schemas.describe_data_file(filename, keys, label)
    root = Path(settings["PATH"])
    path = root / "data" / filename
    shown = data_path(settings, filename)
    if not path.is_file():
        if required:
            problem_log.add(Problem(shown, "(bestand)", "ontbreekt",
                                    f"maak het bestand, met per vermelding: {', '.join(k.name for k in keys)}"))
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
            problem_log.add(Problem(shown, where(line, index), "is geen reeks 'sleutel: waarde'-regels",
                                    f"geef de vermelding de sleutels {', '.join(known)}",
                                    f"- {keys[0].name}: ..."))
            continue
        pairs = [(scalar_text(k) or "?", v, k.start_mark.line + 1) for k, v in entry.value]
        name = next((scalar_text(v) for k, v, _ in pairs if k == label), None) or None
        record: dict = {"_line": line}
        ok = True
        misspelt = set()  # keys written under a wrong name: not "missing" as well
        for key_name, value, at in pairs:
            place = where(at, index, name, key_name)
            key = known.get(key_name)
            if key is None:
                misspelt.add(closest(key_name, known))
                problem_log.add(Problem(shown, place, f"is geen bekende sleutel{guess(key_name, known)}",
                                        f"gebruik een van: {', '.join(known)}"))
                ok = False
                continue
            if key_name in record:
                problem_log.add(Problem(shown, place, "staat er twee keer",
                                        "geef elke sleutel één keer per vermelding"))
                ok = False
                continue
            if key.is_list:
                items = list_texts(value)
                if not items:
                    problem_log.add(Problem(shown, place, "is geen lijst van waarden",
                                            key.help or "schrijf de waarden tussen [ ], gescheiden door komma's",
                                            f"{key_name}: [opvang, kinderen]"))
                    ok = False
                    continue
                record[key_name] = items
                continue
            text = scalar_text(value)
            if text is None:
                problem_log.add(Problem(shown, place, "is geen enkele waarde", key.help or "schrijf één tekst"))
                ok = False
                continue
            if not text and not key.required:
                continue  # an optional key left empty ('' or nothing), as a web editor writes it
            if not text:
                problem_log.add(Problem(shown, place, "is leeg", key.help or "vul een tekst in"))
                ok = False
                continue
            if key.is_file and not (root / text.lstrip("/")).is_file():
                problem_log.add(Problem(shown, place, f"het bestand '{text}' bestaat niet",
                                        "geef het pad van een bestaand bestand onder content/",
                                        "images/mediakit/logo.png"))
                ok = False
                continue
            record[key_name] = text.lstrip("/") if key.is_file else text
        for key in keys:
            if (key.required and key.name not in record and key.name not in misspelt
                    and all(k != key.name for k, _, _ in pairs)):
                problem_log.add(Problem(shown, where(line, index, name, key.name), "ontbreekt",
                                        f"voeg een regel '{key.name}: ...' toe: {key.help}" if key.help
                                        else f"voeg een regel '{key.name}: ...' toe"))
                ok = False
        if ok:
            records.append(record)
        elif rejected is not None and name:
            rejected.add(name)
    return records
