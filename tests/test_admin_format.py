"""The web editor's formats (plugins/admin/assets/formats.js), run under Node on the real content.

What the editor writes must be what the content model reads: our `key: value`
header lines with dates in Brussels time, lists as "a, b", empty optional fields
left out; and an edit changes only the lines of what was edited. Data files keep
every entry that was not edited, comments included. Each test hands Node a batch
of operations (one process per test) and checks the text it gives back.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import CONTENT, REPO, need
from markdown import Markdown

FORMATS = REPO / "plugins" / "admin" / "assets" / "formats.js"
JS_YAML = REPO / "node_modules" / "js-yaml" / "dist" / "js-yaml.js"
# Each operation: read a file (fromFile), apply `changes` to its data, write it (toFile).
DRIVER = """
const formats = require(process.argv[2]);
const yaml = require(process.argv[3]);
const ops = JSON.parse(require("fs").readFileSync(0, "utf8"));
const results = ops.map(op => {
  try {
    const format = op.kind === "data" ? formats.dataFormat(yaml, op.keys) : formats.headerFormat(op.fields);
    const data = op.text === null ? {} : format.fromFile(op.text);
    const read = Object.assign({}, data);
    delete read[formats.ORIGINAL];
    Object.assign(data, op.changes || {});
    if (op.edit_item) Object.assign(data.items[op.edit_item.index], op.edit_item.changes);
    if (op.add_item) data.items.push(op.add_item);
    if (op.remove_item !== undefined) data.items.splice(op.remove_item, 1);
    return {read: read, text: format.toFile(data, (op.fields || []).map(f => f.name))};
  } catch (error) {
    return {error: String(error.message || error)};
  }
});
process.stdout.write(JSON.stringify(results));
"""


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    need(shutil.which("node") is not None, "Node.js is not installed")
    need(JS_YAML.is_file(), "js-yaml is missing from node_modules (npm ci)")
    driver = tmp_path_factory.mktemp("formats") / "driver.js"
    driver.write_text(DRIVER, encoding="utf-8")

    def run(ops: list[dict]) -> list[dict]:
        done = subprocess.run(["node", str(driver), str(FORMATS), str(JS_YAML)], input=json.dumps(ops),
                              capture_output=True, text=True, timeout=60, check=True)
        return json.loads(done.stdout)

    return run


@pytest.fixture(scope="module")
def config(site) -> dict:
    """The configuration the real build generated."""
    return yaml.safe_load((site.output / "admin" / "config.yml").read_text(encoding="utf-8"))


def fields_of(config, name: str) -> list[dict]:
    collection = next(c for c in config["collections"] if c["name"] == name)
    return [{"name": f["name"], "widget": f["widget"]} for f in collection["fields"]]


def keys_of(config, name: str) -> list[str]:
    collection = next(c for c in config["collections"] if c["name"] == name)
    return [f["name"] for f in collection["files"][0]["fields"][0]["fields"]]


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def markdown_files() -> list[Path]:
    files = sorted(p for folder in ("campagnes", "persberichten", "opinie", "pages")
                   for p in (CONTENT / folder).glob("*.md"))
    assert len(files) > 20
    return files


def test_every_file_comes_back_byte_for_byte_when_nothing_is_edited(node, config):
    files = markdown_files()
    ops = [{"kind": "header", "fields": fields_of(config, path.parent.name), "text": path.read_text(encoding="utf-8")}
           for path in files]
    for path, result in zip(files, node(ops), strict=True):
        assert "error" not in result, (path, result)
        assert result["text"] == path.read_text(encoding="utf-8"), path.name


def test_the_editor_reads_what_pelican_reads(node, config):
    """Every header value and the text as Python-Markdown's meta extension reads them."""
    files = markdown_files()
    ops = [{"kind": "header", "fields": fields_of(config, path.parent.name), "text": path.read_text(encoding="utf-8")}
           for path in files]
    parser = Markdown(extensions=["markdown.extensions.meta"])
    for path, result in zip(files, node(ops), strict=True):
        parser.reset()
        parser.convert(path.read_text(encoding="utf-8"))
        meta = {key: "\n".join(lines) for key, lines in parser.Meta.items()}
        read = result["read"]
        assert set(read) - {"body"} == set(meta), path.name
        widgets = {f["name"]: f["widget"] for f in fields_of(config, path.parent.name)}
        for key, text in meta.items():
            if widgets.get(key) == "list":
                assert read[key] == [part.strip() for part in text.split(",")], (path.name, key)
            elif widgets.get(key) not in ("datetime", "boolean"):
                assert read[key] == text, (path.name, key)
        assert read["body"].strip() and read["body"].strip() in path.read_text(encoding="utf-8")


def test_an_edit_changes_only_its_own_line(node, config):
    path = CONTENT / "persberichten" / "2024-02-15-recht-op-opvang.md"
    original = path.read_text(encoding="utf-8")
    fields = fields_of(config, "persberichten")
    title, tags, dropped = node([
        {"kind": "header", "fields": fields, "text": original, "changes": {"title": "Een nieuwe titel"}},
        {"kind": "header", "fields": fields, "text": original, "changes": {"tags": ["opvang", "kinderen"]}},
        {"kind": "header", "fields": fields, "text": original, "changes": {"tags": []}},
    ])
    assert changed_lines(original, title["text"]) == [
        "- title: Recht op opvang is geen gunst: Vluchtelingenwerk vraagt structurele oplossing voor opvangcrisis",
        "+ title: Een nieuwe titel"]
    assert changed_lines(original, tags["text"]) == ["- tags: opvang, menswaardig beleid", "+ tags: opvang, kinderen"]
    assert changed_lines(original, dropped["text"]) == ["- tags: opvang, menswaardig beleid"]


def test_a_new_release_follows_the_content_model(node, config):
    fields = fields_of(config, "persberichten")
    [result] = node([{"kind": "header", "fields": fields, "text": None, "changes": {
        "title": "Nieuw persbericht", "slug": "nieuw-persbericht", "date": "2026-11-20T10:00:00.000+01:00",
        "summary": "Eén zin\nover twee regels.", "tags": ["opvang", " kinderen "], "image": "images/beeld.png",
        "image_alt": "Een getekend huis", "image_credit": "", "embargo": "", "original_canonical": False,
        "body": "De tekst.\n\n## Tussentitel\n\nMeer tekst."}}])
    assert result["text"] == (
        "title: Nieuw persbericht\n"
        "slug: nieuw-persbericht\n"
        "date: 2026-11-20 10:00\n"
        "summary: Eén zin over twee regels.\n"
        "tags: opvang, kinderen\n"
        "image: images/beeld.png\n"
        "image_alt: Een getekend huis\n"
        "\n"
        "De tekst.\n\n## Tussentitel\n\nMeer tekst."
    )


@pytest.mark.parametrize(("picked", "written"), [
    ("2026-06-30T22:30:00.000Z", "2026-07-01 00:30"),  # UTC, as the editor keeps it: the next day in Brussels
    ("2026-01-15T09:00:00.000Z", "2026-01-15 10:00"),  # winter time
    ("2026-12-31T23:30:00Z", "2027-01-01 00:30"),  # a new year in Brussels
    ("2026-03-29T00:59:00Z", "2026-03-29 01:59"),  # just before summer time starts
    ("2026-03-29T01:00:00Z", "2026-03-29 03:00"),  # just after
    ("2026-10-25T00:30:00Z", "2026-10-25 02:30"),  # the first 02:30 of the autumn change
    ("2026-06-20T14:00:00.000+02:00", "2026-06-20 14:00"),  # what the date picker keeps in a Brussels browser
])
def test_dates_are_written_in_brussels_time(node, config, picked, written):
    """Whatever zone a date comes in, the file gets the same moment in Brussels time, as the build reads it."""
    from zoneinfo import ZoneInfo

    from kernel.clock import parse_moment

    fields = fields_of(config, "persberichten")
    [result] = node([{"kind": "header", "fields": fields, "text": None, "changes": {
        "title": "T", "slug": "t", "summary": "S", "date": picked}}])
    assert f"date: {written}\n" in result["text"]
    brussels = ZoneInfo("Europe/Brussels")
    assert parse_moment(written, brussels) == parse_moment(picked, brussels)


def test_the_second_hour_of_the_autumn_change_keeps_its_offset(node, config):
    """02:30 happens twice on 25 October 2026; Brussels time alone means the first, so the second gets +01:00."""
    from zoneinfo import ZoneInfo

    from kernel.clock import parse_moment

    [result] = node([{"kind": "header", "fields": fields_of(config, "persberichten"), "text": None,
                      "changes": {"title": "T", "slug": "t", "summary": "S", "date": "2026-10-25T01:30:00Z"}}])
    assert "date: 2026-10-25 02:30+01:00\n" in result["text"]
    brussels = ZoneInfo("Europe/Brussels")
    assert parse_moment("2026-10-25 02:30+01:00", brussels) == parse_moment("2026-10-25T01:30:00Z", brussels)


def test_dates_are_read_for_the_date_picker_in_brussels_time(node, config):
    fields = fields_of(config, "persberichten")
    texts = ["title: T\ndate: 2026-07-01 00:30\n\nx\n", "title: T\ndate: 2026-06-30T22:30:00Z\n\nx\n",
             "title: T\ndate: 2026-01-15\n\nx\n"]
    results = node([{"kind": "header", "fields": fields, "text": text} for text in texts])
    assert [r["read"]["date"] for r in results] == [
        "2026-07-01T00:30:00.000+02:00", "2026-07-01T00:30:00.000+02:00", "2026-01-15T00:00:00.000+01:00"]
    # Read and written back unchanged, each keeps its own spelling.
    assert [r["text"] for r in results] == texts


def test_an_emptied_optional_field_is_left_out_and_nothing_else_changes(node, config):
    original = ("title: T\ndate: 2026-01-15 10:00\nslug: t\nsummary: S\nimage: images/a.png\nimage_alt: A\n"
                "image_credit: Iemand\noriginal_canonical: ja\n\nDe tekst.\n")
    [result] = node([{"kind": "header", "fields": fields_of(config, "opinie"), "text": original,
                      "changes": {"image_credit": ""}}])
    assert changed_lines(original, result["text"]) == ["- image_credit: Iemand"]


def test_a_text_edit_keeps_the_header(node, config):
    path = CONTENT / "opinie" / "2025-03-18-opvang-is-een-plicht.md"
    original = path.read_text(encoding="utf-8")
    header, _, body = original.partition("\n\n")
    [result] = node([{"kind": "header", "fields": fields_of(config, "opinie"), "text": original,
                      "changes": {"body": body.replace("vanzelfsprekend", "evident", 1)}}])
    assert result["text"].startswith(header + "\n\n")
    assert changed_lines(original, result["text"])[0].startswith("- Er zijn zinnen")


def leden(config) -> tuple[str, list[str]]:
    return (CONTENT / "data" / "leden.yml").read_text(encoding="utf-8"), keys_of(config, "leden")


def test_data_files_come_back_byte_for_byte(node, config):
    files = sorted((CONTENT / "data").glob("*.yml"))
    assert len(files) >= 4
    names = {c["name"] for c in config["collections"]}
    files = [f for f in files if f.stem in names]
    assert len(files) >= 4, "every data file has an editor collection"
    results = node([{"kind": "data", "keys": keys_of(config, f.stem), "text": f.read_text(encoding="utf-8")}
                    for f in files])
    for path, result in zip(files, results, strict=True):
        assert result["text"] == path.read_text(encoding="utf-8"), path.name
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert len(result["read"]["items"]) == len(entries), path.name
        for item, entry in zip(result["read"]["items"], entries, strict=True):
            assert item["name" if "name" in entry else "title"] == str(entry["name" if "name" in entry else "title"])


def test_editing_one_member_changes_only_that_member(node, config):
    text, keys = leden(config)
    [edited, added, removed] = node([
        {"kind": "data", "keys": keys, "text": text, "edit_item": {"index": 1, "changes": {"city": "Lier"}}},
        {"kind": "data", "keys": keys, "text": text, "add_item": {
            "fields": ["opvang"], "name": "Voorbeeldhuis Nieuw", "city": "Gent", "province": "Oost-Vlaanderen",
            "website": "https://nieuw.example.org/", "description": "Een voorbeeld.", "logo": ""}},
        {"kind": "data", "keys": keys, "text": text, "remove_item": 0},
    ])
    assert changed_lines(text, edited["text"]) == ["-   city: Antwerpen", "+   city: Lier"]
    assert edited["text"].startswith("# VOORBEELDGEGEVENS")
    new = added["text"][len(text.rstrip("\n")) + 1:]
    assert new == ("\n- name: Voorbeeldhuis Nieuw\n  city: Gent\n  province: Oost-Vlaanderen\n"
                   "  website: https://nieuw.example.org/\n  description: Een voorbeeld.\n  fields: [opvang]\n")
    assert yaml.safe_load(added["text"])[-1]["fields"] == ["opvang"]
    assert len(yaml.safe_load(removed["text"])) == len(yaml.safe_load(text)) - 1
    assert "Onthaalhuis Voorbeeld" not in removed["text"] and removed["text"].startswith("# VOORBEELDGEGEVENS")


def test_an_unreadable_data_file_is_never_overwritten(node):
    [result] = node([{"kind": "data", "keys": ["name"], "text": "- name: [niet gesloten\n",
                      "add_item": {"name": "Nieuw"}}])
    assert "niet bewaard" in result["error"]
