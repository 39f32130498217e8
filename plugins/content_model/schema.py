"""Front-matter schema: one per content type, the folder gives the type.

Each field has a kind that says how its text is read and what a mistake
looks like. `check_metadata()` reads every field of one file and returns the
converted values with every problem found, so one run reports them all.
The schema is documented for the communications team in docs/content-model.md;
a test keeps that document and this module in step.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from kernel import addresses, languages
from kernel.clock import Moment, parse_moment, utc
from kernel.problems import PLACEHOLDER, Problem

SLUG_PATTERN = addresses.SLUG
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YES = {"ja", "yes", "true", "1"}
NO = {"nee", "no", "false", "0"}
STATUSES = ("published", "draft", "hidden")
# The original is Dutch; a translation says which language it is in.
LANGS = tuple(languages.LANGUAGES)
TRANSLATION_LANGS = languages.TRANSLATED
EMPTY = ("", "''", '""')
__all__ = ["PLACEHOLDER", "TYPES", "ContentType", "Field", "Moment", "ReadContext", "check_metadata", "type_for"]


class Invalid(ValueError):
    """A value that does not fit its field; args are (message, how to fix it, example)."""


def _text(value: str, _ctx) -> str:
    if not value.strip():
        raise Invalid("is leeg", "vul een tekst in")
    return value.strip()


def _slug(value: str, _ctx) -> str:
    value = value.strip()
    if not SLUG_PATTERN.match(value):
        raise Invalid(
            f"'{value}' is geen geldige slug",
            "gebruik alleen kleine letters, cijfers en enkele streepjes",
            "opvang-in-crisis",
        )
    return value


def _moment(value: str, ctx) -> Moment:
    text = value.strip()
    try:
        start = parse_moment(text.replace("_", " "), ctx.zone)
    except ValueError:
        raise Invalid(
            f"'{text}' is geen datum",
            "schrijf JJJJ-MM-DD of JJJJ-MM-DD UU:MM (Brusselse tijd), of met een tijdzone erbij",
            "2026-06-20 14:00",
        ) from None
    return Moment(start=start, all_day=bool(DATE_PATTERN.match(text)))


def _date(value: str, ctx) -> datetime:
    return _moment(value, ctx).start


def _list(value: str, _ctx) -> list[str]:
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise Invalid(f"'{value}' heeft een leeg onderdeel", "scheid de onderdelen met één komma",
                      "opvang, kinderen")
    return items


def _url(value: str, _ctx) -> str:
    text = value.strip()
    parts = urlsplit(text)
    if text.startswith("/") and not text.startswith("//"):
        return text
    if parts.scheme in ("https", "http", "mailto") and (parts.netloc or parts.scheme == "mailto"):
        return text
    raise Invalid(
        f"'{text}' is geen link",
        "schrijf een volledig adres dat met https:// begint, of een pad op deze site dat met / begint",
        "https://www.vluchtelingenwerk.be/ondersteuning/ of /ondersteuning/",
    )


# Page templates the theme has for pages (theme/templates/<name>.html).
PAGE_TEMPLATES = ("home", "ondersteuning")


def _page_template(value: str, _ctx) -> str:
    text = value.strip()
    if text not in PAGE_TEMPLATES:
        raise Invalid(f"'{text}' is geen paginasjabloon", "kies " + " of ".join(PAGE_TEMPLATES),
                      PAGE_TEMPLATES[0])
    return text


def _bool(value: str, _ctx) -> bool:
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise Invalid(f"'{value}' is geen ja of nee", "schrijf ja of nee", "ja")


def _status(value: str, _ctx) -> str:
    text = value.strip().lower()
    if text not in STATUSES:
        raise Invalid(f"'{value}' is geen status", "kies " + " of ".join(STATUSES), "draft")
    return text


def _lang(value: str, _ctx) -> str:
    text = value.strip().lower()
    if text not in LANGS:
        raise Invalid(f"'{value.strip()}' is geen taal van deze site",
                      "schrijf fr voor een Franse of en voor een Engelse vertaling (het origineel is Nederlands)", "fr")
    return text


def _key(value: str, _ctx) -> str:
    """A key of an entry in a data file: lowercase letters, digits and hyphens."""
    text = value.strip()
    if not SLUG_PATTERN.match(text):
        raise Invalid(f"'{text}' is geen sleutel",
                      "gebruik kleine letters, cijfers en streepjes, zoals in het databestand", "woordvoerder")
    return text


def _content_file(value: str, ctx) -> str:
    """A file below content/, written relative to content/ (images/x.jpg)."""
    text = value.strip().removeprefix("{static}").removeprefix("/")
    if not (ctx.content_root / text).is_file():
        raise Invalid(f"het bestand '{text}' bestaat niet",
                      "geef het pad van een bestaand bestand onder content/", "images/actie.jpg")
    return text


@dataclass(frozen=True)
class Field:
    name: str
    read: Callable[[str, ReadContext], object]
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()  # the only values the parser accepts, when the list is fixed
    choices_from: tuple[str, str] | None = None  # (data file, key): one of the values of that key there

    @property
    def kind(self) -> str:
        """What the value is, named after its parser: text, date, moment, list, slug, ... (for editors)."""
        return self.read.__name__.lstrip("_")


@dataclass(frozen=True)
class ContentType:
    name: str
    folder: str
    label: str
    fields: dict[str, Field]
    rules: tuple[Callable[[dict, ReadContext], list[tuple[str, str, str]]], ...] = ()
    file_name: str = "{slug}.md"  # a new file's name: {date} is its day (JJJJ-MM-DD), {slug} made from the title

    def required(self) -> list[str]:
        return [f.name for f in self.fields.values() if f.required]


@dataclass
class ReadContext:
    """What reading a value may need beyond its text."""

    zone: ZoneInfo
    content_root: Path
    path: str = ""
    extras: dict = field(default_factory=dict)
    written: frozenset = frozenset()  # the fields the file has, readable or not (rules blame no knock-ons)


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


# Fields every article type shares.
TITLE = Field("title", _text, required=True, help="de titel, zoals op de pagina en in de overzichten")
DATE = Field("date", _date, required=True, help="de publicatiedatum: JJJJ-MM-DD of JJJJ-MM-DD UU:MM")
MODIFIED = Field("modified", _date, help="de datum van de laatste echte wijziging, zoals date")
SUMMARY = Field("summary", _text, required=True, help="één of twee zinnen voor overzichten, feeds en zoekmachines")
TAGS = Field("tags", _list, help="onderwerpen, gescheiden door komma's: opvang, kinderen")
IMAGE = Field("image", _content_file, help="het hoofdbeeld, een pad onder content/: images/actie.jpg")
IMAGE_ALT = Field("image_alt", _text, help="wat het beeld toont, voor wie het niet ziet (nodig bij image)")
IMAGE_CREDIT = Field("image_credit", _text, help="fotograaf of bron van het beeld")
STATUS = Field("status", _status, help="published (standaard), draft of hidden", choices=STATUSES)
EMBARGO = Field("embargo", _date, help="niet gepubliceerd voor dit moment: JJJJ-MM-DD UU:MM")
LANG = Field("lang", _lang, choices=TRANSLATION_LANGS,
             help="alleen voor een vertaling: fr of en; zelfde map en zelfde slug als het Nederlandse origineel")


def _image_needs_alt(meta: dict, ctx) -> list[tuple[str, str, str]]:
    if "image" in meta and "image_alt" not in ctx.written:
        return [("image_alt", "ontbreekt terwijl er een beeld is",
                 "beschrijf kort wat het beeld toont", "image_alt: Vrijwilligers delen soep uit")]
    return []


def _end_after_start(meta: dict, ctx) -> list[tuple[str, str, str]]:
    start, end = meta.get("countdown"), meta.get("end")
    if isinstance(start, Moment) and isinstance(end, Moment) and utc(end.start) <= utc(start.start):
        return [("end", "ligt niet na countdown", "kies een einde dat later is dan het moment van countdown",
                 "end: 2027-06-20 18:00")]
    if end is not None and "countdown" not in ctx.written:  # an unreadable countdown is reported already
        return [("end", "staat er zonder countdown", "voeg een countdown toe, of laat end weg",
                 "countdown: 2027-06-20 14:00")]
    return []


def _campaign_details_need_their_anchor(meta: dict, ctx) -> list[tuple[str, str, str]]:
    """A countdown label counts to nothing without a countdown; an address needs a place name.

    Reported on the missing field, so an unreadable countdown is reported once, not twice.
    """
    problems = []
    if "countdown_label" in meta and "countdown" not in ctx.written:
        problems.append(("countdown", "ontbreekt terwijl countdown_label er staat",
                         "voeg het moment toe waar het label naartoe telt, of laat countdown_label weg",
                         "countdown: 2027-06-20 14:00"))
    if "place_address" in meta and "place_name" not in ctx.written:
        problems.append(("place_name", "ontbreekt terwijl place_address er staat",
                         "voeg ook de naam van de plek toe", "place_name: Kunstberg"))
    return problems


def _pair(first: str, second: str) -> Callable:
    def rule(meta: dict, ctx) -> list[tuple[str, str, str]]:
        if first in meta and second not in ctx.written:
            return [(second, f"ontbreekt terwijl {first} er staat",
                     f"vul {first} en {second} allebei in, of geen van beide", "")]
        if second in meta and first not in ctx.written:
            return [(first, f"ontbreekt terwijl {second} er staat",
                     f"vul {first} en {second} allebei in, of geen van beide", "")]
        return []

    return rule


def _translation_rule(slug_required: bool) -> Callable:
    """A translation is found by its original's slug, and shows its original's topics."""

    def rule(meta: dict, ctx) -> list[tuple[str, str, str]]:
        return _translation_problems(meta, ctx, slug_required)

    return rule


def _translation_problems(meta: dict, ctx, slug_required: bool) -> list[tuple[str, str, str]]:
    if meta.get("lang") not in TRANSLATION_LANGS:
        return []
    problems = []
    if "slug" not in ctx.written and not slug_required:  # a required slug is reported missing already
        problems.append(("slug", "ontbreekt in een vertaling",
                         "geef de vertaling dezelfde slug als het Nederlandse origineel in dezelfde map",
                         "slug: migratiepact-van-toepassing"))
    if "tags" in ctx.written:
        problems.append(("tags", "staat in een vertaling",
                         "laat tags weg: een vertaling krijgt de onderwerpen van het Nederlandse origineel", ""))
    return problems


def _original_complete(meta: dict, ctx) -> list[tuple[str, str, str]]:
    keys = ("original_medium", "original_url", "original_date")
    present = [k for k in keys if k in ctx.written]
    if (present and len(present) < len(keys)) or ("original_canonical" in meta and not present):
        missing = [k for k in keys if k not in ctx.written]
        return [(k, "ontbreekt voor een stuk dat eerst elders verscheen",
                 "vul original_medium, original_url en original_date samen in", "") for k in missing]
    return []


COMMON = (TITLE, DATE, MODIFIED, SUMMARY, TAGS, IMAGE, IMAGE_ALT, IMAGE_CREDIT, STATUS, EMBARGO)

CAMPAIGN = ContentType(
    name="campagne",
    folder="campagnes",
    label="Campagne",
    fields=_fields(
        *COMMON,
        Field("slug", _slug, help="het laatste deel van het adres; zonder slug volgt het uit de titel"),
        Field("countdown", _moment,
              help="het moment van de actie: JJJJ-MM-DD UU:MM, of alleen een datum voor een hele dag"),
        Field("countdown_label", _text, help="waar het aftellen naartoe telt: tot Wereldvluchtelingendag"),
        Field("end", _moment, help="het einde van de actie (mag ontbreken), zoals countdown"),
        Field("place_name", _text, help="waar: Kunstberg, Brussel"),
        Field("place_address", _text, help="het adres van die plek"),
        Field("cta_text", _text, help="de oproep, de tekst op de knop: Teken de petitie"),
        Field("cta_link", _url, help="waar de knop naartoe leidt: https://... of /pad/"),
    ),
    rules=(_image_needs_alt, _end_after_start, _campaign_details_need_their_anchor,
           _pair("cta_text", "cta_link")),
)

PRESS_RELEASE = ContentType(
    name="persbericht",
    folder="persberichten",
    label="Persbericht",
    file_name="{date}-{slug}.md",
    fields=_fields(
        *COMMON,
        Field("slug", _slug, required=True,
              help="het laatste deel van het adres; verplicht, zodat een nieuwe titel nooit een link breekt"),
        Field("attachments", _list, help="bestanden om te downloaden bij het persbericht: files/rapport.pdf, ..."),
        LANG,
        Field("dateline", _text, help="de plaats in de aanhef voor de eerste alinea: Brussel"),
        Field("notes", _text,
              help="noot voor de redactie, na de tekst en niet in samenvattingen; "
                   "elke volgende regel die met vier spaties begint, is een nieuwe alinea"),
        Field("spokesperson", _key, choices_from=("perscontacten.yml", "key"),
              help="de woordvoerder voor dit persbericht: de key van een persoon in content/data/perscontacten.yml; "
                   "zonder dit veld de algemene perscontacten"),
    ),
    rules=(_image_needs_alt, _translation_rule(slug_required=True)),
)

OPINION = ContentType(
    name="opinie",
    folder="opinie",
    label="Opinie",
    file_name="{date}-{slug}.md",
    fields=_fields(
        *COMMON,
        Field("slug", _slug, help="het laatste deel van het adres; zonder slug volgt het uit de titel"),
        Field("author", _text, required=True, help="de naam van de auteur, zoals in content/data/auteurs.yml",
              choices_from=("auteurs.yml", "name")),
        Field("original_medium", _text, help="waar het stuk eerst verscheen: De Standaard"),
        Field("original_url", _url, help="de link naar de oorspronkelijke publicatie"),
        Field("original_date", _date, help="wanneer het origineel verscheen: JJJJ-MM-DD"),
        Field("original_canonical", _bool, help="ja als het origineel de hoofdversie is (voor zoekmachines)"),
        LANG,
    ),
    rules=(_image_needs_alt, _original_complete, _translation_rule(slug_required=False)),
)

PAGE = ContentType(
    name="pagina",
    folder="pages",
    label="Pagina",
    fields=_fields(
        TITLE,
        Field("slug", _slug, required=True, help="het adres van de pagina: over-ons geeft /over-ons/"),
        Field("summary", _text, required=True,
              help="één zin voor zoekmachines en voor de voorvertoning van een gedeelde link"),
        Field("template", _page_template, choices=PAGE_TEMPLATES,
              help="een bijzondere opmaak: home voor de startpagina, ondersteuning voor de pagina Ondersteuning"),
        MODIFIED, IMAGE, IMAGE_ALT, IMAGE_CREDIT, STATUS, EMBARGO,
        Field("date", _date, help="een datum (mag ontbreken); een datum in de toekomst houdt de pagina tot dan achter"),
        LANG,
    ),
    rules=(_image_needs_alt, _translation_rule(slug_required=True)),
)

TYPES: dict[str, ContentType] = {t.folder: t for t in (CAMPAIGN, PRESS_RELEASE, OPINION, PAGE)}

# Folders below content/ that hold files other than Markdown documents.
ASSET_FOLDERS = ("images", "files", "data", "extra")


def type_for(relative_path: str) -> ContentType | None:
    """The content type a file has, from the first folder of its path below content/."""
    first = relative_path.replace("\\", "/").split("/", 1)[0]
    return TYPES.get(first)


def check_metadata(ctype: ContentType, raw: dict[str, str], ctx: ReadContext) -> tuple[dict, list[Problem]]:
    """Read every raw front-matter value of one file against its type.

    Returns the values that could be read and every problem found.
    """
    values: dict[str, object] = {}
    problems: list[Problem] = []
    known = ctype.fields
    # A field written empty ('' is how web editors write one): left out when optional, empty when required.
    raw = {name: "" if text.strip() in EMPTY else text for name, text in raw.items()
           if not (name in known and not known[name].required and text.strip() in EMPTY)}
    misspelt: set[str] = set()  # fields an unknown one probably means: not reported missing as well
    for name, text in raw.items():
        spec = known.get(name)
        if spec is None:
            guess = difflib.get_close_matches(name, known, n=1)
            if guess and guess[0] not in raw:
                misspelt.add(guess[0])
                problems.append(Problem(ctx.path, name, f"is geen bekend veld (bedoel je '{guess[0]}'?)",
                                        f"schrijf '{guess[0]}'", f"{guess[0]}: {text.strip()}"))
            else:
                problems.append(Problem(ctx.path, name, "is geen bekend veld",
                                        f"gebruik een van: {', '.join(sorted(known))}"))
            continue
        if PLACEHOLDER in text:
            problems.append(Problem(ctx.path, name, f"bevat nog {PLACEHOLDER}",
                                    f"vervang {PLACEHOLDER} door {spec.help}"))
            continue
        try:
            values[name] = spec.read(text, ctx)
        except Invalid as error:
            message, fix, example = (*error.args, "")[:3]
            problems.append(Problem(ctx.path, name, message, fix, f"{name}: {example}" if example else ""))
    for name in ctype.required():
        if name not in raw and name not in misspelt:
            problems.append(Problem(ctx.path, name, "ontbreekt",
                                    f"voeg een regel '{name}: ...' toe met {known[name].help}"))
    ctx.written = frozenset(raw)
    for rule in ctype.rules:
        for name, message, fix, *example in rule(values, ctx):
            if name in raw and name not in values:
                continue  # already reported as unreadable
            problems.append(Problem(ctx.path, name, message, fix, example[0] if example else ""))
    return values, problems
