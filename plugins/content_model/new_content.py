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

from kernel.problems import TeamError

from .schema import PLACEHOLDER, TYPES

KINDS = {ctype.name: ctype for ctype in TYPES.values()}


class NewContentError(TeamError, ValueError):
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
    if not slug:
        raise NewContentError(f"'{title}' is geen bruikbare titel: er staan geen letters of cijfers in. "
                              f'Geef een echte titel, bijvoorbeeld: invoke new {kind} "Opvang in de winter"')
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


# `invoke vertaal <bestand> <taal>`: what a translation keeps of its original, and what it gets written anew.
KEPT_IN_TRANSLATION = ("date", "slug", "author", "embargo", "status", "template", "spokesperson", "image")
TRANSLATED_FIELDS = ("title", "summary", "dateline", "notes", "image_alt")


def render_translation(original: str, lang: str) -> str:
    """The text of a new translation of `original` (a Dutch content file) into `lang`."""
    from .schema import TRANSLATION_LANGS

    if lang not in TRANSLATION_LANGS:
        raise NewContentError(f"'{lang}' is geen taal voor een vertaling. Kies fr of en, bijvoorbeeld: "
                              "invoke vertaal content/persberichten/2026-06-11-migratiepact-van-toepassing.md fr")
    head = original.split("\n\n", 1)[0]
    fields: dict[str, str] = {}
    for line in head.splitlines():
        if line.startswith(" ") or ":" not in line:
            continue  # a continuation line (notes) is translated with its field
        name, value = line.split(":", 1)
        fields[name.strip().lower()] = value.strip()
    if "lang" in fields:
        raise NewContentError("Dit bestand is zelf een vertaling. Vertaal het Nederlandse origineel.")
    if "slug" not in fields:
        raise NewContentError("Het origineel heeft geen slug. Geef het eerst een slug (slug: ...): "
                              "de vertaling moet dezelfde hebben.")
    lines = [f"title: {PLACEHOLDER}: vertaal de titel: {fields.get('title', '')}"]
    lines += [f"{name}: {fields[name]}" for name in KEPT_IN_TRANSLATION if name in fields]
    lines.append(f"lang: {lang}")
    lines += [f"{name}: {PLACEHOLDER}: vertaal: {fields[name]}" for name in TRANSLATED_FIELDS[1:] if name in fields]
    body = f"{PLACEHOLDER}: vertaal hier de tekst van het origineel.\n"
    return "\n".join(lines) + "\n\n" + body


def write_translation(original: Path, lang: str) -> Path:
    """Write `<original name>.<lang>.md` next to the original (same folder: Pelican's convention)."""
    if not original.is_file() or original.suffix != ".md":
        raise NewContentError(f"{original} is geen bestaand Markdown-bestand. Geef het pad van het Nederlandse "
                              "origineel, bijvoorbeeld content/persberichten/2026-06-11-migratiepact-van-toepassing.md")
    text = render_translation(original.read_text(encoding="utf-8"), lang)
    path = original.with_name(f"{original.stem}.{lang}.md")
    if path.exists():
        raise NewContentError(f"{path.name} bestaat al: open dat bestand om de vertaling bij te werken.")
    path.write_text(text, encoding="utf-8")
    return path
