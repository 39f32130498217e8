"""The member data file: reading, checking and sorting.

`load_members()` reads content/data/leden.yml with the line of every entry and
field (from the YAML node marks), checks each entry and returns the members
that could be read plus every problem found, so one build reports them all.
The fixed lists (provinces, fields of work) live here and only here;
docs/members.md documents them and a test keeps both in step.

Sorting follows Dutch dictionary order without ICU: `collation_key()` folds
case, drops accents and treats "ĳ"/"IJ" as the two letters i + j, so
"IJsbreker" sorts between "Iedereen" and "Ivoor" and "Élan" with the E's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from PIL import Image, UnidentifiedImageError

from kernel import schemas, state
from kernel.datafiles import Key, closest, compose, guess, list_texts, scalar_text, where
from kernel.problems import Problem


@dataclass(frozen=True)
class Province:
    name: str
    slug: str

    @property
    def anchor(self) -> str:
        """The id of the province's section on /leden/."""
        return f"provincie-{self.slug}"


# The five Flemish provinces and Brussels, in the order of the page.
PROVINCES: tuple[Province, ...] = (
    Province("Antwerpen", "antwerpen"),
    Province("Limburg", "limburg"),
    Province("Oost-Vlaanderen", "oost-vlaanderen"),
    Province("Vlaams-Brabant", "vlaams-brabant"),
    Province("West-Vlaanderen", "west-vlaanderen"),
    Province("Brussel", "brussel"),
)
PROVINCE_BY_NAME = {p.name: p for p in PROVINCES}

# The fixed list of fields of work, as written in the data file.
FIELDS_OF_WORK: tuple[str, ...] = (
    "opvang",
    "juridische hulp",
    "vrijwilligerswerk",
    "integratie",
    "huisvesting",
    "taal en onderwijs",
    "werk",
    "psychosociale steun",
    "gezinshereniging",
    "sensibilisering",
)

REQUIRED_KEYS = ("name", "city", "province", "website", "description", "fields")
OPTIONAL_KEYS = ("logo",)
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
LOGO_FOLDER = "leden/logos"  # in the output, below the /leden/ page
HOST_PATTERN = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_readable_images = state.Memo("members.readable_images")

HELP = {
    "name": "schrijf de naam van de organisatie: 'name: Voorbeeldhuis Gent'",
    "city": "schrijf de stad of gemeente: 'city: Gent'",
    "province": "kies een van: " + ", ".join(p.name for p in PROVINCES),
    "website": "schrijf een volledig adres: 'website: https://www.voorbeeldhuis.be/'",
    "description": "schrijf één of twee zinnen over de organisatie",
    "fields": "kies werkvelden uit: " + ", ".join(FIELDS_OF_WORK),
    "logo": "geef een PNG-, JPEG- of WebP-bestand onder content/: 'logo: images/leden/naam.png'",
}
DATA_FILE = "leden.yml"
# The keys as the web editor (plugins/admin) shows them; the checks below are the rules.
KEYS = tuple(
    Key(name, required=name in REQUIRED_KEYS, help=HELP[name], is_file=name == "logo",
        choices={"province": tuple(p.name for p in PROVINCES), "fields": FIELDS_OF_WORK}.get(name, ()),
        is_list=name == "fields")
    for name in KNOWN_KEYS
)
schemas.describe_data_file(DATA_FILE, KEYS)


def fold(text: str) -> str:
    """Text as compared for sorting and searching: no case, accents or punctuation.

    NFKD splits "é" into "e" + accent and "ĳ" into "i" + "j"; the accents
    are dropped and runs of other characters become one space.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())


def collation_key(text: str) -> tuple[str, str]:
    """Dutch sort key: folded text first, the original only to break ties."""
    return (fold(text), text)


def slugify(text: str) -> str:
    return fold(text).replace(" ", "-")


@dataclass(frozen=True)
class Member:
    name: str
    city: str
    province: Province
    website: str
    description: str
    fields: tuple[str, ...]
    logo: str | None = None  # path below content/
    line: int = 0

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def anchor(self) -> str:
        return f"lid-{self.slug}"

    @property
    def field_slugs(self) -> tuple[str, ...]:
        return tuple(slugify(f) for f in self.fields)

    @property
    def host(self) -> str:
        return urlsplit(self.website).netloc

    @property
    def search_text(self) -> str:
        """What the filter on /leden/ searches: name, city and province, folded."""
        return fold(f"{self.name} {self.city} {self.province.name}")

    @property
    def logo_base(self) -> str | None:
        """Output path of the processed logo without extension: leden/logos/<slug>."""
        return f"{LOGO_FOLDER}/{self.slug}" if self.logo else None


@dataclass
class ProvinceGroup:
    province: Province
    members: list[Member]

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass
class Directory:
    """All members of one run, sorted, with the views templates need."""

    members: list[Member] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    found: bool = True  # False when the data file does not exist

    @property
    def by_province(self) -> list[ProvinceGroup]:
        return [ProvinceGroup(p, [m for m in self.members if m.province == p]) for p in PROVINCES]

    @property
    def counts(self) -> dict[str, int]:
        return {group.province.name: group.count for group in self.by_province}

    def working_on(self, field_of_work: str) -> list[Member]:
        if field_of_work not in FIELDS_OF_WORK:
            raise ValueError(
                f"'{field_of_work}' is not a field of work; expected one of: {', '.join(FIELDS_OF_WORK)}"
            )
        return [m for m in self.members if field_of_work in m.fields]


def _where(line: int, name: str | None, index: int, key: str | None = None) -> str:
    return where(line, index, name, key)


_hint = guess


def _readable(path: Path) -> bool:
    def verify() -> bool:
        try:
            with Image.open(path) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            return False
        return True

    stat = path.stat()
    return _readable_images.get((str(path), stat.st_mtime_ns, stat.st_size), verify)


def _check_website(text: str) -> str | None:
    """A problem message for a malformed website address, or None."""
    parts = urlsplit(text)
    host = (parts.hostname or "") if parts.netloc else ""
    if (
        parts.scheme not in ("https", "http")
        or not HOST_PATTERN.match(host)
        or any(c.isspace() for c in text)
        or parts.username
        or parts.password
    ):
        return f"'{text}' is geen websiteadres"
    return None


def _check_logo(text: str, content_root: Path) -> str | None:
    relative = text.removeprefix("{static}").lstrip("/")
    path = (content_root / relative).resolve()
    if content_root.resolve() not in path.parents:
        return f"'{text}' ligt buiten content/"
    if path.suffix.lower() not in LOGO_SUFFIXES:
        return f"'{text}' is geen PNG-, JPEG- of WebP-bestand"
    if not path.is_file():
        return f"het bestand '{text}' bestaat niet"
    if not _readable(path):
        return f"'{text}' is geen beeld dat gelezen kan worden"
    return None


def _read_entry(node, index: int, path: str, content_root: Path) -> tuple[Member | None, list[Problem]]:
    """One entry of the list: a Member when every field is right, and the problems."""
    line = node.start_mark.line + 1
    problems: list[Problem] = []
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(path, f"regel {line}, vermelding {index}", "is geen lid",
                              "begin met '- name: ...' en zet de gegevens van het lid ingesprongen eronder",
                              "- name: Voorbeeldhuis Gent")]
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    misspelt: set[str | None] = set()  # keys written under a wrong name: not "missing" as well
    name_node = next((v for k, v in node.value if scalar_text(k) == "name"), None)
    name = scalar_text(name_node) if name_node is not None else None

    def problem(key: str | None, at: int, message: str, expected: str) -> None:
        problems.append(Problem(path, _where(at, name, index, key), message, expected))

    for key_node, value_node in node.value:
        key = scalar_text(key_node) or "?"
        at = key_node.start_mark.line + 1
        if key not in KNOWN_KEYS:
            misspelt.add(closest(key, KNOWN_KEYS))
            problem(key, at, f"is geen bekende sleutel{_hint(key, KNOWN_KEYS)}",
                    "gebruik een van: " + ", ".join(KNOWN_KEYS))
            continue
        if key in values:
            problem(key, at, f"staat er twee keer (eerst op regel {lines[key]})", "geef elke sleutel één keer per lid")
            continue
        lines[key] = at
        if key == "fields":
            items = list_texts(value_node)
            if items is None:
                problem(key, at, "is leeg of heeft een leeg onderdeel", HELP[key])
                values[key] = None
                continue
            unknown = [item for item in items if item not in FIELDS_OF_WORK]
            for item in unknown:
                problem(key, at, f"'{item}' is geen werkveld{_hint(item, FIELDS_OF_WORK)}", HELP[key])
            seen = [item for i, item in enumerate(items) if item in items[:i]]
            for item in seen:
                problem(key, at, f"'{item}' staat er twee keer", "noem elk werkveld één keer")
            values[key] = tuple(items) if not unknown and not seen else None
            continue
        text = scalar_text(value_node)
        if text is None:
            problem(key, at, "is geen enkele waarde", HELP[key])
            values[key] = None
            continue
        if not text:
            problem(key, at, "is leeg", HELP[key])
            values[key] = None
            continue
        message = None
        if key == "province" and text not in PROVINCE_BY_NAME:
            message = f"'{text}' is geen provincie{_hint(text, PROVINCE_BY_NAME)}"
        elif key == "website":
            message = _check_website(text)
        elif key == "logo":
            message = _check_logo(text, content_root)
        if message:
            problem(key, at, message, HELP[key])
            values[key] = None
            continue
        values[key] = text

    for key in REQUIRED_KEYS:
        if key not in lines and key not in misspelt:
            problem(key, line, "ontbreekt", f"voeg een regel '{key}: ...' toe; {HELP[key]}")
    if problems:
        return None, problems
    logo = values.get("logo")
    member = Member(
        name=values["name"],
        city=values["city"],
        province=PROVINCE_BY_NAME[values["province"]],
        website=values["website"],
        description=values["description"],
        fields=values["fields"],
        logo=str(logo).removeprefix("{static}").lstrip("/") if logo else None,
        line=line,
    )
    return member, problems


def _duplicates(members: list[Member], path: str) -> list[Problem]:
    problems = []
    first_by_name: dict[str, Member] = {}
    first_by_site: dict[str, Member] = {}
    for member in members:
        where = _where(member.line, member.name, 0)
        other = first_by_name.setdefault(member.slug, member)
        if other is not member:
            problems.append(Problem(path, f"{where}, name",
                                    f"is hetzelfde lid als '{other.name}' op regel {other.line}",
                                    "vermeld elk lid één keer, met een naam die geen ander lid heeft"))
            continue
        site = member.website.rstrip("/").lower()
        other = first_by_site.setdefault(site, member)
        if other is not member:
            problems.append(Problem(path, f"{where}, website",
                                    f"is ook de website van '{other.name}' op regel {other.line}",
                                    "vermeld elk lid één keer, met zijn eigen website"))
    return problems


def load_members(source: Path, content_root: Path, shown: str) -> Directory:
    """Read and check the data file; `shown` is its path as the team knows it."""
    if not source.is_file():
        return Directory(found=False)
    root, problems = compose(source, shown, what="leden")
    if root is None:
        return Directory(problems=problems)
    members: list[Member] = []
    problems: list[Problem] = []
    for index, node in enumerate(root.value, start=1):
        member, found = _read_entry(node, index, shown, content_root)
        problems.extend(found)
        if member:
            members.append(member)
    problems.extend(_duplicates(members, shown))
    members.sort(key=lambda m: collation_key(m.name))
    return Directory(members=members, problems=problems)
