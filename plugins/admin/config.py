"""The web editor's configuration (admin/config.yml), made from the content schema.

One collection per content type (plugins/content_model/schema.py, read through
kernel.schemas): its folder, the file name of a new item as `invoke new` makes it,
and every field with the widget its kind calls for, required exactly when the
schema requires it. One file collection per data file in `DATA_FILES` (a line
each), with the keys the plugin that reads the file checks. The formats named
here are registered by assets/cms.js (assets/formats.js): they write our
`key: value` header lines and the data files' YAML lists.
"""

from __future__ import annotations

from dataclasses import dataclass

# The files of content/data/ the team edits in the editor: file, label, what one entry is called.
# A data file is described (its keys, checks) by the plugin that reads it; adding one here is one line.


@dataclass(frozen=True)
class DataCollection:
    filename: str
    label: str
    singular: str
    images: str = "images"  # where its images go, below content/

    @property
    def name(self) -> str:
        return self.filename.rsplit(".", 1)[0]


DATA_FILES = (
    DataCollection("leden.yml", "Leden", "lid", images="images/leden"),
    DataCollection("auteurs.yml", "Auteurs", "auteur", images="images/auteurs"),
    DataCollection("perscontacten.yml", "Perscontacten", "perscontact"),
    DataCollection("experts.yml", "Experts", "expert"),
    DataCollection("mediakit.yml", "Mediakit", "beeld", images="images/mediakit"),
)

FORMAT_PREFIX = "vw-"  # custom formats of assets/formats.js: vw-<collection>
BODY = "body"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # as plugins/content_model/schema.py reads a slug (a test compares)
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}.*)?$"
URL_PATTERN = r"^(https?://\S+|mailto:\S+|/\S*)$"

# Collection labels (plural) per content folder; a type without one is shown by its folder name.
PLURALS = {"campagnes": "Campagnes", "persberichten": "Persberichten", "opinie": "Opinie", "pages": "Pagina's"}

# Dutch labels of fields and data-file keys; a field without one is labelled from its help text.
LABELS = {
    "title": "Titel", "slug": "Slug (laatste deel van het adres)", "date": "Datum", "modified": "Gewijzigd op",
    "summary": "Samenvatting", "tags": "Onderwerpen", "image": "Beeld",
    "image_alt": "Wat het beeld toont (alt-tekst)", "image_credit": "Fotograaf of bron", "status": "Status",
    "embargo": "Embargo tot", "attachments": "Bijlagen", "countdown": "Aftellen tot",
    "countdown_label": "Aftellen naar", "end": "Einde", "place_name": "Plaats", "place_address": "Adres",
    "cta_text": "Tekst op de knop", "cta_link": "Link van de knop", "author": "Auteur",
    "original_medium": "Eerst verschenen in", "original_url": "Link naar het origineel",
    "original_date": "Datum van het origineel", "original_canonical": "Het origineel is de hoofdversie",
    "template": "Opmaak", "lang": "Taal (alleen voor een vertaling)", "dateline": "Plaats in de aanhef",
    "notes": "Noot voor de redactie", "spokesperson": "Woordvoerder", BODY: "Tekst",
    # data files
    "name": "Naam", "city": "Gemeente", "province": "Provincie", "website": "Website",
    "description": "Beschrijving", "fields": "Werkvelden", "logo": "Logo", "role": "Rol", "bio": "Over de auteur",
    "photo": "Portret", "photo_alt": "Wat de foto toont (alt-tekst)", "phone": "Telefoon", "email": "E-mail",
    "file": "Beeld in hoge resolutie", "preview": "Kleine versie", "alt": "Wat het beeld toont (alt-tekst)",
    "credit": "Naamvermelding", "licence": "Licentie", "licence_url": "Link naar de licentie",
}
# Text fields long enough for a text area.
MULTILINE = {"summary", "description", "bio", "place_address", "notes"}
# Fields of the content types shown first in the form; the others follow in the schema's order.
FIRST = ("title", "slug", "date", "author", "summary")
# Kinds of value (a schema field's parser) -> the widget that writes them; another kind gets a text field.
KIND_WIDGETS = {
    "text": "string", "slug": "string", "url": "string", "moment": "string", "date": "datetime",
    "list": "list", "bool": "boolean", "status": "select", "page_template": "select", "content_file": "file",
    "lang": "select", "key": "string",
}


def label_for(name: str, help_text: str = "") -> str:
    if name in LABELS:
        return LABELS[name]
    words = help_text.split(":", 1)[0].split(",", 1)[0].split("(", 1)[0].strip()
    for article in ("de ", "het ", "een "):
        words = words.removeprefix(article)
    return (words[:1].upper() + words[1:]) if words else name.replace("_", " ").capitalize()


def hint_for(help_text: str) -> str:
    return help_text[:1].upper() + help_text[1:] if help_text else ""


def widget_for(field) -> str:
    """The widget a schema field gets (a test holds every field of the schema to this)."""
    if field.choices_from:
        return "relation"
    if field.choices:
        return "select"
    if field.kind == "content_file" and field.name == "image":
        return "image"
    if field.kind == "text" and field.name in MULTILINE:
        return "text"
    return KIND_WIDGETS.get(field.kind, "string")


def field_config(field, data_files: dict[str, DataCollection]) -> dict:
    widget = widget_for(field)
    if widget == "relation" and field.choices_from[0] not in data_files:
        widget = "string"  # the data file is not in DATA_FILES (a test requires it to be)
    entry = {"name": field.name, "label": label_for(field.name, field.help), "widget": widget,
             "required": bool(field.required)}
    if field.help:
        entry["hint"] = hint_for(field.help)
    if widget == "relation":
        filename, key = field.choices_from
        target = data_files[filename].name
        entry.update({"collection": target, "file": target, "value_field": f"items.*.{key}",
                      "search_fields": [f"items.*.{key}"], "display_fields": [f"items.*.{key}"]})
    elif widget == "select":
        entry["options"] = list(field.choices)
    elif widget == "datetime":
        entry["picker_utc"] = False  # picked in the browser's time (Brussels); the format writes Brussels time
        if field.required and field.name == "date":
            entry["default"] = "{{now}}"
    elif field.kind == "slug":
        entry["pattern"] = [SLUG_PATTERN, "Alleen kleine letters, cijfers en enkele streepjes, bv. opvang-in-crisis"]
    elif field.kind == "moment":
        entry["pattern"] = [MOMENT_PATTERN, "Schrijf JJJJ-MM-DD, of JJJJ-MM-DD UU:MM (Brusselse tijd)"]
    elif field.kind == "url":
        entry["pattern"] = [URL_PATTERN, "Een volledig adres (https://...) of een pad op deze site (/...)"]
    elif widget == "list" and field.name == "attachments":
        # One media folder per entry: Decap's media library mixes up the files of two.
        entry["field"] = {"name": "file", "label": "Bestand", "widget": "file"}
    return entry


def _ordered(fields) -> list:
    first = [fields[name] for name in FIRST if name in fields]
    return first + [f for name, f in fields.items() if name not in FIRST]


def decap_slug(file_name: str) -> str:
    """A content type's file-name pattern ({date}-{slug}.md) as a Decap slug template."""
    stem = file_name.removesuffix(".md")
    return stem.replace("{date}", "{{fields.date | date('YYYY-MM-DD')}}").replace("{slug}", "{{slug}}")


def content_collection(ctype, content: str, data_files: dict[str, DataCollection]) -> dict:
    fields = [field_config(f, data_files) for f in _ordered(ctype.fields)]
    fields.append({"name": BODY, "label": LABELS[BODY], "widget": "markdown", "required": False,
                   "hint": "De tekst. Tussentitels zijn 'Kop 2'; een beeld in de tekst krijgt altijd een alt-tekst."})
    collection = {
        "name": ctype.folder,
        "label": PLURALS.get(ctype.folder, ctype.folder.capitalize()),
        "label_singular": ctype.label,
        "folder": f"{content}/{ctype.folder}",
        "extension": "md",
        "format": FORMAT_PREFIX + ctype.folder,
        "create": True,
        "slug": decap_slug(ctype.file_name),
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["date", "title"] if "date" in ctype.fields else ["title"],
        "fields": fields,
    }
    return collection


def key_config(key) -> dict:
    entry = {"name": key.name, "label": label_for(key.name, key.help), "required": bool(key.required)}
    if key.help:
        entry["hint"] = hint_for(key.help)
    if key.choices:
        entry.update({"widget": "select", "options": list(key.choices), "multiple": bool(key.is_list)})
    elif key.is_list:
        entry["widget"] = "list"
    elif key.is_file:
        entry["widget"] = "image"
    else:
        entry["widget"] = "text" if key.name in MULTILINE else "string"
    return entry


def data_collection(data: DataCollection, description, content: str) -> dict:
    return {
        "name": data.name,
        "label": data.label,
        "format": FORMAT_PREFIX + data.name,
        "extension": "yml",
        "editor": {"preview": False},
        "files": [{
            "name": data.name,
            "label": data.label,
            "file": f"{content}/data/{data.filename}",
            "media_folder": f"/{content}/{data.images}",
            "public_folder": data.images,
            "fields": [{
                "name": "items",
                "label": data.label,
                "label_singular": data.singular,
                "widget": "list",
                "summary": "{{fields." + description.label + "}}",
                "fields": [key_config(key) for key in description.keys],
            }],
        }],
    }


def backend_config(options: dict) -> dict:
    if options["backend"] == "github":
        return {"name": "github", "repo": options["repo"], "branch": options["branch"],
                "base_url": options["oauth_url"]}
    return {"name": "proxy", "proxy_url": local_backend_url(options), "branch": options["branch"]}


def local_backend_url(options: dict) -> str:
    return f"http://127.0.0.1:{int(options['local_port'])}/api/v1"


def make_config(content_types: dict, data_descriptions: dict, options: dict, site_url: str) -> dict:
    """The whole configuration as a dict (written as YAML)."""
    content = options["content_folder"].strip("/")
    editable = {d.filename: d for d in DATA_FILES if d.filename in data_descriptions}
    config = {
        "locale": "nl",
        "backend": backend_config(options),
    }
    if options["backend"] == "github":
        config["publish_mode"] = "editorial_workflow"  # every save is a draft: a branch and a pull request
    config.update({
        "media_folder": f"{content}/images",
        "public_folder": "images",
        "site_url": site_url,
        "display_url": site_url,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [content_collection(t, content, editable) for t in content_types.values()]
        + [data_collection(d, data_descriptions[d.filename], content) for d in editable.values()],
    })
    return config
