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

from kernel.clock import Moment, parse_moment, utc
from kernel.problems import PLACEHOLDER, Problem

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YES = {"ja", "yes", "true", "1"}
NO = {"nee", "no", "false", "0"}
STATUSES = ("published", "draft", "hidden")
__all__ = ["PLACEHOLDER", "TYPES", "ContentType", "Field", "Moment", "ReadContext", "check_metadata", "type_for"]


class Invalid(ValueError):
    """A value that does not fit its field; args are (message, expected)."""


def _text(value: str, _ctx) -> str:
    if not value.strip():
        raise Invalid("is empty", "some text")
    return value.strip()


def _slug(value: str, _ctx) -> str:
    value = value.strip()
    if not SLUG_PATTERN.match(value):
        raise Invalid(
            f"'{value}' is not a valid slug",
            "lowercase letters, digits and single hyphens, e.g. opvang-in-crisis",
        )
    return value


def _moment(value: str, ctx) -> Moment:
    text = value.strip()
    try:
        start = parse_moment(text.replace("_", " "), ctx.zone)
    except ValueError:
        raise Invalid(
            f"'{text}' is not a date",
            "YYYY-MM-DD or YYYY-MM-DD HH:MM (Brussels time), "
            "optionally with an offset, e.g. 2026-06-20 14:00 or 2026-06-20T14:00+02:00",
        ) from None
    return Moment(start=start, all_day=bool(DATE_PATTERN.match(text)))


def _date(value: str, ctx) -> datetime:
    return _moment(value, ctx).start


def _list(value: str, _ctx) -> list[str]:
    items = [item.strip() for item in value.split(",")]
    if not all(items):
        raise Invalid(f"'{value}' has an empty item", "a comma-separated list, e.g. opvang, kinderen")
    return items


def _url(value: str, _ctx) -> str:
    text = value.strip()
    parts = urlsplit(text)
    if text.startswith("/") and not text.startswith("//"):
        return text
    if parts.scheme in ("https", "http", "mailto") and (parts.netloc or parts.scheme == "mailto"):
        return text
    raise Invalid(
        f"'{text}' is not a link",
        "a full address starting with https:// or a path on this site starting with /",
    )


# Page templates the theme has for pages (theme/templates/<name>.html).
PAGE_TEMPLATES = ("home", "ondersteuning")


def _page_template(value: str, _ctx) -> str:
    text = value.strip()
    if text not in PAGE_TEMPLATES:
        raise Invalid(f"'{text}' is not a page template", " or ".join(PAGE_TEMPLATES))
    return text


def _bool(value: str, _ctx) -> bool:
    text = value.strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise Invalid(f"'{value}' is not yes or no", "ja or nee")


def _status(value: str, _ctx) -> str:
    text = value.strip().lower()
    if text not in STATUSES:
        raise Invalid(f"'{value}' is not a status", " or ".join(STATUSES))
    return text


def _content_file(value: str, ctx) -> str:
    """A file below content/, written relative to content/ (images/x.jpg)."""
    text = value.strip().removeprefix("{static}").removeprefix("/")
    if not (ctx.content_root / text).is_file():
        raise Invalid(f"file '{text}' does not exist", "a path below content/, e.g. images/actie.jpg")
    return text


@dataclass(frozen=True)
class Field:
    name: str
    read: Callable[[str, ReadContext], object]
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class ContentType:
    name: str
    folder: str
    label: str
    fields: dict[str, Field]
    rules: tuple[Callable[[dict, ReadContext], list[tuple[str, str, str]]], ...] = ()

    def required(self) -> list[str]:
        return [f.name for f in self.fields.values() if f.required]


@dataclass
class ReadContext:
    """What reading a value may need beyond its text."""

    zone: ZoneInfo
    content_root: Path
    path: str = ""
    extras: dict = field(default_factory=dict)


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


# Fields every article type shares.
TITLE = Field("title", _text, required=True, help="the title, as shown on the page and in listings")
DATE = Field("date", _date, required=True, help="publication date: YYYY-MM-DD or YYYY-MM-DD HH:MM")
MODIFIED = Field("modified", _date, help="date of the last real change, same format as date")
SUMMARY = Field("summary", _text, required=True, help="one or two sentences for listings, feeds and search engines")
TAGS = Field("tags", _list, help="topics, comma-separated: opvang, kinderen")
IMAGE = Field("image", _content_file, help="main image, a path below content/: images/actie.jpg")
IMAGE_ALT = Field("image_alt", _text, help="what the image shows, for screen readers (required with image)")
IMAGE_CREDIT = Field("image_credit", _text, help="photographer or source of the image")
STATUS = Field("status", _status, help="published (default), draft or hidden")
EMBARGO = Field("embargo", _date, help="not published before this moment: YYYY-MM-DD HH:MM")


def _image_needs_alt(meta: dict, _ctx) -> list[tuple[str, str, str]]:
    if "image" in meta and "image_alt" not in meta:
        return [("image_alt", "is missing while an image is set",
                 "a short description of what the image shows")]
    return []


def _end_after_start(meta: dict, _ctx) -> list[tuple[str, str, str]]:
    start, end = meta.get("countdown"), meta.get("end")
    if isinstance(start, Moment) and isinstance(end, Moment) and utc(end.start) <= utc(start.start):
        return [("end", "is not after countdown", "an end moment later than the countdown moment")]
    if end is not None and start is None:
        return [("end", "is set without a countdown", "a countdown moment, or no end")]
    return []


def _campaign_details_need_their_anchor(meta: dict, _ctx) -> list[tuple[str, str, str]]:
    """A countdown label counts to nothing without a countdown; an address needs a place name.

    Reported on the missing field, so an unreadable countdown is reported once, not twice.
    """
    problems = []
    if "countdown_label" in meta and "countdown" not in meta:
        problems.append(("countdown", "is missing while countdown_label is set",
                         "a countdown moment for the label to count to, or no countdown_label"))
    if "place_address" in meta and "place_name" not in meta:
        problems.append(("place_name", "is missing while place_address is set",
                         "a place_name as well, e.g. Kunstberg, Brussel"))
    return problems


def _pair(first: str, second: str) -> Callable:
    def rule(meta: dict, _ctx) -> list[tuple[str, str, str]]:
        if first in meta and second not in meta:
            return [(second, f"is missing while {first} is set", f"both {first} and {second}, or neither")]
        if second in meta and first not in meta:
            return [(first, f"is missing while {second} is set", f"both {first} and {second}, or neither")]
        return []

    return rule


def _original_complete(meta: dict, _ctx) -> list[tuple[str, str, str]]:
    keys = ("original_medium", "original_url", "original_date")
    present = [k for k in keys if k in meta]
    if (present and len(present) < len(keys)) or ("original_canonical" in meta and not present):
        missing = [k for k in keys if k not in meta]
        return [(k, "is missing for a piece that appeared elsewhere first",
                 "original_medium, original_url and original_date together") for k in missing]
    return []


COMMON = (TITLE, DATE, MODIFIED, SUMMARY, TAGS, IMAGE, IMAGE_ALT, IMAGE_CREDIT, STATUS, EMBARGO)

CAMPAIGN = ContentType(
    name="campagne",
    folder="campagnes",
    label="Campagne",
    fields=_fields(
        *COMMON,
        Field("slug", _slug, help="the last part of the address; derived from the title when absent"),
        Field("countdown", _moment, help="the moment of action: YYYY-MM-DD HH:MM, or a date alone for a whole day"),
        Field("countdown_label", _text, help="what the countdown counts to: tot Wereldvluchtelingendag"),
        Field("end", _moment, help="optional end of the action, same format as countdown"),
        Field("place_name", _text, help="where: Kunstberg, Brussel"),
        Field("place_address", _text, help="street address of the place"),
        Field("cta_text", _text, help="call to action, the text of the button: Teken de petitie"),
        Field("cta_link", _url, help="where the call to action leads: https://... or /pad/"),
    ),
    rules=(_image_needs_alt, _end_after_start, _campaign_details_need_their_anchor,
           _pair("cta_text", "cta_link")),
)

PRESS_RELEASE = ContentType(
    name="persbericht",
    folder="persberichten",
    label="Persbericht",
    fields=_fields(
        *COMMON,
        Field("slug", _slug, required=True,
              help="the last part of the address; required so that a new title never breaks a link"),
        Field("attachments", _list, help="downloads offered with the release: files/rapport.pdf, ..."),
    ),
    rules=(_image_needs_alt,),
)

OPINION = ContentType(
    name="opinie",
    folder="opinie",
    label="Opinie",
    fields=_fields(
        *COMMON,
        Field("slug", _slug, help="the last part of the address; derived from the title when absent"),
        Field("author", _text, required=True, help="the author's name, as in content/data/auteurs.yml"),
        Field("original_medium", _text, help="where the piece appeared first: De Standaard"),
        Field("original_url", _url, help="link to the original publication"),
        Field("original_date", _date, help="when the original appeared: YYYY-MM-DD"),
        Field("original_canonical", _bool, help="ja when the original is the main version (search engines)"),
    ),
    rules=(_image_needs_alt, _original_complete),
)

PAGE = ContentType(
    name="pagina",
    folder="pages",
    label="Pagina",
    fields=_fields(
        TITLE,
        Field("slug", _slug, required=True, help="the address of the page: over-ons gives /over-ons/"),
        Field("summary", _text, required=True, help="one sentence for search engines and link previews"),
        Field("template", _page_template,
              help="a special layout: home for the home page, ondersteuning for the support page"),
        MODIFIED, IMAGE, IMAGE_ALT, IMAGE_CREDIT, STATUS, EMBARGO,
        Field("date", _date, help="optional date; a future date keeps the page unpublished until then"),
    ),
    rules=(_image_needs_alt,),
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
    for name, text in raw.items():
        spec = known.get(name)
        if spec is None:
            guess = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            problems.append(Problem(ctx.path, name, f"unknown field{hint}",
                                    f"one of: {', '.join(sorted(known))}"))
            continue
        if PLACEHOLDER in text:
            problems.append(Problem(ctx.path, name, f"still holds the placeholder {PLACEHOLDER}",
                                    spec.help))
            continue
        try:
            values[name] = spec.read(text, ctx)
        except Invalid as error:
            message, expected = error.args
            problems.append(Problem(ctx.path, name, message, expected))
    for name in ctype.required():
        if name not in raw:
            problems.append(Problem(ctx.path, name, "is missing",
                                    f"a line '{name}: ...' with {known[name].help}"))
    for rule in ctype.rules:
        for name, message, expected in rule(values, ctx):
            if name in raw and name not in values:
                continue  # already reported as unreadable
            problems.append(Problem(ctx.path, name, message, expected))
    return values, problems
