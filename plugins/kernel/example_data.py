"""Example data: what stands in for real data must never be published.

The repository ships sample content: addresses on the domains reserved for
examples (example.org, example.com, example.net) and people and member
organisations named "Voorbeeld". Previews and tests use it freely; `invoke
publish` refuses a site that still holds any (sitechecks.example_data), unless
a demo is asked for explicitly (`--allow-example-data`), and a production
build (`SITE_WARN_EXAMPLE_DATA` in publishconf.py) ends with a warning that
says so (`warn()`, called by the kernel at `finalized`).

What is found, named where the team fixes it:

- in the data files (content/data/*.yml): every entry whose `name` is an
  example name or whose values hold an example address, with its line;
- in the Markdown files (drafts excepted, they are never published): a
  front-matter field with an example address (a `cta_link` as "the call to
  action leads to an example address") and every line of text with one;
- in the built site: example addresses that come from no content file (a
  template, a setting), with the pages they are on; and how many pages carry
  example data at all.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .datafiles import LOADER

logger = logging.getLogger(__name__)
# A production build warns when its site holds example data (publishconf.py sets it).
WARN_SETTING = "SITE_WARN_EXAMPLE_DATA"
# An address on a domain reserved for examples (RFC 2606): a URL, an e-mail address or a host name.
EXAMPLE_ADDRESS = re.compile(
    r"(?:https?:)?(?://)?(?:[\w.+-]+@)?(?<![\w.-])(?:[\w-]+\.)*example\.(?:org|com|net)(?![\w-])"
    r"(?:[/?#][^\s\"'<>()\[\]]*)?",
    re.IGNORECASE,
)
# A name that says it is an example: "Lotte Voorbeeld", "Voorbeeldhuis Gent".
EXAMPLE_NAME = re.compile(r"voorbeeld", re.IGNORECASE)
TEXT_FILES = (".md", ".markdown", ".yml", ".yaml", ".html", ".txt")
# What the site says: pages, feeds, sitemap, calendar files, data. Not code: a library's script may name
# example.com as a parsing base (Pagefind does), which publishes nothing.
OUTPUT_TEXT_FILES = (".html", ".xml", ".txt", ".ics", ".json", ".svg", ".webmanifest")
HOW_TO_FIX = ("Vervang elke voorbeeldwaarde hierboven door echte gegevens (of verwijder de vermelding) en "
              "publiceer opnieuw. Een demo met voorbeeldgegevens publiceer je alleen bewust: "
              "invoke publish --allow-example-data")


@dataclass(frozen=True)
class ExampleData:
    """One place with example data: the file, where in it (line, entry, field), and what."""

    file: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.what}"


@dataclass
class ExampleDataReport:
    findings: list[ExampleData] = field(default_factory=list)
    pages: int = 0
    pages_with_examples: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def lines(self) -> list[str]:
        """The findings, then how many published pages carry example data."""
        lines = [str(f) for f in self.findings]
        if self.pages_with_examples:
            lines.append(f"Samen staan ze op {len(self.pages_with_examples)} van de {self.pages} pagina's "
                         "van de site.")
        return lines


def _clean(address: str) -> str:
    return address.rstrip(".,;:!?")


def addresses_in(text: str) -> list[str]:
    """Every example address in `text`, in order, each once."""
    return list(dict.fromkeys(_clean(m.group(0)) for m in EXAMPLE_ADDRESS.finditer(text)))


def _key(address: str) -> str:
    """An address compared across source and output: no scheme, no trailing slash, lower case."""
    parts = urlsplit(address if "//" in address else "//" + address)
    return (parts.netloc + parts.path).rstrip("/").lower()


def _shown(content: Path, path: Path) -> str:
    return (Path(content.name) / path.relative_to(content)).as_posix()


def _scalars(node):
    """(key, text, line) for every scalar value below a YAML node; key is the nearest mapping key."""
    stack = [(None, node)]
    while stack:
        key, current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            yield key, str(current.value), current.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((key, child) for child in reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            stack.extend((str(k.value), v) for k, v in reversed(current.value))


def _data_file(path: Path, shown: str) -> list[ExampleData]:
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=LOADER)
    except (yaml.YAMLError, UnicodeDecodeError):
        return []  # the build reports a file it cannot read
    if not isinstance(root, yaml.SequenceNode):
        return []
    found = []
    for index, entry in enumerate(root.value, start=1):
        if not isinstance(entry, yaml.MappingNode):
            continue
        values = {str(k.value): v for k, v in entry.value}
        name_node = values.get("name")
        name = str(name_node.value) if isinstance(name_node, yaml.ScalarNode) else ""
        what = []
        if name and EXAMPLE_NAME.search(name):
            what.append("de naam is een voorbeeldnaam")
        for key, text, _line in _scalars(entry):
            what.extend(f"{key}: {address} is een voorbeeldadres" for address in addresses_in(text))
        if what:
            who = f"'{name}'" if name else f"vermelding {index}"
            found.append(ExampleData(shown, f"regel {entry.start_mark.line + 1}, {who}", "; ".join(what)))
    return found


def _front_matter(lines: list[str]) -> int:
    """How many lines the front matter takes (up to the first empty line)."""
    for number, line in enumerate(lines):
        if not line.strip():
            return number
    return len(lines)


def _markdown_file(path: Path, shown: str) -> list[ExampleData]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    header = _front_matter(lines)
    fields = {}
    for line in lines[:header]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    if fields.get("status", "").lower() == "draft":
        return []
    found = []
    for number, line in enumerate(lines, start=1):
        addresses = addresses_in(line)
        if not addresses:
            continue
        listed = ", ".join(addresses)
        if number <= header:
            name = line.partition(":")[0].strip().lower()
            if name == "cta_link":
                found.append(ExampleData(shown, "cta_link", f"de oproep leidt naar het voorbeeldadres {listed}"))
            else:
                found.append(ExampleData(shown, name, f"{listed} is een voorbeeldadres"))
        else:
            word = "is een voorbeeldadres" if len(addresses) == 1 else "zijn voorbeeldadressen"
            found.append(ExampleData(shown, f"regel {number}", f"{listed} {word}"))
    return found


def find_in_content(content: Path) -> list[ExampleData]:
    """Example data in the team's files, each with the file and the place in it."""
    found: list[ExampleData] = []
    for path in sorted(p for p in content.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_FILES):
        shown = _shown(content, path)
        if path.suffix.lower() in (".yml", ".yaml"):
            found.extend(_data_file(path, shown))
        else:
            found.extend(_markdown_file(path, shown))
    return found


def _example_names(content: Path) -> set[str]:
    names = set()
    for path in sorted((content / "data").glob("*.y*ml")) if (content / "data").is_dir() else ():
        try:
            entries = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER) or []
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        for entry in entries if isinstance(entries, list) else ():
            name = entry.get("name") if isinstance(entry, dict) else None
            if isinstance(name, str) and EXAMPLE_NAME.search(name):
                names.add(html.escape(name, quote=False))
    return names


def find_example_data(output: Path, content: Path) -> ExampleDataReport:
    """Example data in `content` (where to fix it) and in the built site `output` (what it would publish)."""
    output, content = Path(output), Path(content)
    report = ExampleDataReport(findings=find_in_content(content))
    known = {_key(address) for finding in report.findings for address in addresses_in(finding.what)}
    names = _example_names(content)
    unexplained: dict[str, list[str]] = {}
    for path in sorted(p for p in output.rglob("*") if p.is_file() and p.suffix.lower() in OUTPUT_TEXT_FILES):
        shown = "/" + path.relative_to(output).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        addresses = addresses_in(text)
        for address in addresses:
            if _key(address) not in known:
                unexplained.setdefault(address, []).append(shown)
        if path.suffix.lower() == ".html":
            report.pages += 1
            if addresses or any(name in text for name in names):
                report.pages_with_examples.append(shown)
    for address, pages in sorted(unexplained.items()):
        listed = ", ".join(pages[:3]) + (f" en {len(pages) - 3} meer" if len(pages) > 3 else "")
        report.findings.append(ExampleData(
            "(gebouwde site)", address,
            f"voorbeeldadres op {listed}; het staat in geen enkel bestand van content/, dus in een sjabloon "
            "of een instelling"))
    return report


def warn(settings) -> None:
    """At the end of a production build: one warning when the site holds example data."""
    if not settings.get(WARN_SETTING):
        return
    found = find_example_data(Path(settings["OUTPUT_PATH"]), Path(settings["PATH"]))
    if found:
        logger.warning("deze site bevat voorbeeldgegevens (%d plaatsen in content/, op %d van de %d pagina's): "
                       "invoke publish weigert ze te publiceren en noemt elk bestand en elke vermelding",
                       len(found.findings), len(found.pages_with_examples), found.pages)
