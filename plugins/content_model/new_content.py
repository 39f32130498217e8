"""Write a new content file for `invoke new <kind> "Titel"`.

The file gets every required field of its type, filled in where we can
(title, slug, date from the one clock) and marked `VUL AAN` where the team
must write something; the build refuses a file that still holds the marker.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .schema import PLACEHOLDER, TYPES

KINDS = {ctype.name: ctype for ctype in TYPES.values()}


class NewContentError(ValueError):
    """The kind or title cannot make a new file; the message says what to do instead, in Dutch."""

# Optional fields offered in a new file, per type, because most items need them.
SUGGESTED = {
    "campagne": ["tags", "countdown", "countdown_label", "place_name", "place_address", "cta_text", "cta_link"],
    "persbericht": ["tags"],
    "opinie": ["tags"],
    "pagina": [],
}

EXAMPLES = {
    "countdown": "2027-06-20 14:00",
    "tags": "opvang",
}


def make_slug(title: str) -> str:
    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def render_new_file(kind: str, title: str, now: datetime) -> tuple[str, str]:
    """The file name and text of a new item of `kind`."""
    if kind not in KINDS:
        raise NewContentError(f"'{kind}' is geen soort inhoud. Kies een van: {', '.join(KINDS)}, "
                              f'bijvoorbeeld: invoke new persbericht "Titel van het bericht"')
    ctype = KINDS[kind]
    slug = make_slug(title)
    values = {"title": title, "slug": slug, "date": now.strftime("%Y-%m-%d %H:%M")}
    names = [f for f in ("title", "date", "slug") if f in ctype.fields]
    names += [f for f in ctype.required() if f not in names]
    names += SUGGESTED[kind]
    lines = []
    for name in names:
        help_text = ctype.fields[name].help
        value = values.get(name) or f"{PLACEHOLDER}: {help_text}"
        if name in EXAMPLES and name not in ctype.required():
            value = f"{PLACEHOLDER}: {help_text}"
        lines.append(f"{name}: {value}")
    body = f"{PLACEHOLDER}: schrijf hier de tekst. Tussentitels beginnen met ## .\n"
    file_name = ctype.file_name.format(date=f"{now:%Y-%m-%d}", slug=slug)
    return file_name, "\n".join(lines) + "\n\n" + body


def write_new_file(kind: str, title: str, content_root: Path, now: datetime) -> Path:
    file_name, text = render_new_file(kind, title, now)
    path = content_root / KINDS[kind].folder / file_name
    if path.exists():
        raise NewContentError(f"{Path(content_root.name, path.relative_to(content_root)).as_posix()} bestaat al. "
                              "Kies een andere titel, of open dat bestand.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
