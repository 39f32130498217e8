"""The web editor at /admin/ (plugins/admin): generated from the schema, for the team only, self-hosted.

- admin/config.yml and the content schema agree, field by field (and the check can fail);
- the data files are file collections with the keys their plugins check; adding one is a line;
- the page is noindex, disallowed in robots.txt, absent from the sitemap, feeds and search
  index, and ships every file it loads; its CSP allows what the editor needs and no more;
- a missing or outdated bundle stops the build with a Dutch message and writes nothing;
- the local backend of `make edit` listens on 127.0.0.1 only;
- what the editor writes builds: empty optional fields, UTC dates read in Brussels time.

The editor itself, in Chromium, is tested in tests/test_admin_browser.py; its formats in
tests/test_admin_format.py.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import threading
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import CONTENT, REPO, build_site, need
from lxml import etree

from admin import admin as admin_plugin
from admin.config import DATA_FILES, KIND_WIDGETS, SLUG_PATTERN, decap_slug, make_config, widget_for
from content_model.new_content import make_slug, render_new_file
from content_model.schema import TYPES, ReadContext, check_metadata
from kernel import schemas
from sitechecks import TEAM_ONLY

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def config(site, node_modules) -> dict:
    """The editor's config.yml; a build without the npm packages has no /admin/ (skipped, failed under CI)."""
    return yaml.safe_load((site.output / "admin" / "config.yml").read_text(encoding="utf-8"))


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


# ---------------------------------------------------------------- the schema and the config agree

def disagreements(config: dict, types: dict) -> list[str]:
    """Every way the editor's configuration differs from the content schema."""
    found = []
    data = {c["name"]: c for c in config["collections"] if "files" in c}
    for ctype in types.values():
        try:
            entry = collection(config, ctype.folder)
        except StopIteration:
            found.append(f"{ctype.folder}: no collection")
            continue
        if entry["folder"] != f"content/{ctype.folder}":
            found.append(f"{ctype.folder}: folder {entry['folder']}")
        if entry["slug"] != decap_slug(ctype.file_name):
            found.append(f"{ctype.folder}: file names {entry['slug']}")
        fields = {f["name"]: f for f in entry["fields"]}
        for name in set(fields) - set(ctype.fields) - {"body"}:
            found.append(f"{ctype.folder}.{name}: not in the schema")
        for name, spec in ctype.fields.items():
            field = fields.get(name)
            if field is None:
                found.append(f"{ctype.folder}.{name}: missing")
                continue
            if field["required"] != spec.required:
                found.append(f"{ctype.folder}.{name}: required is {field['required']}")
            if field["widget"] != widget_for(spec):
                found.append(f"{ctype.folder}.{name}: widget {field['widget']}, expected {widget_for(spec)}")
            if spec.choices and field.get("options") != list(spec.choices):
                found.append(f"{ctype.folder}.{name}: options {field.get('options')}")
            if spec.choices_from:
                filename, key = spec.choices_from
                target = data.get(filename.rsplit(".", 1)[0])
                keys = [k["name"] for k in target["files"][0]["fields"][0]["fields"]] if target else []
                if field.get("file") != filename.rsplit(".", 1)[0] or key not in keys or \
                        field.get("value_field") != f"items.*.{key}":
                    found.append(f"{ctype.folder}.{name}: not chosen from {filename} ({key})")
        if fields.get("body", {}).get("widget") != "markdown":
            found.append(f"{ctype.folder}: no text")
    return found


def test_the_config_follows_the_schema_field_by_field(config):
    assert len(config["collections"]) >= len(TYPES)
    assert disagreements(config, TYPES) == []


@pytest.mark.parametrize("change", ["drop a field", "make a field optional", "another widget", "rename a folder"])
def test_a_disagreement_between_schema_and_config_is_found(config, change):
    broken = json.loads(json.dumps(config))
    releases = collection(broken, "persberichten")
    fields = {f["name"]: f for f in releases["fields"]}
    if change == "drop a field":
        releases["fields"].remove(fields["summary"])
    elif change == "make a field optional":
        fields["slug"]["required"] = False
    elif change == "another widget":
        fields["date"]["widget"] = "string"
    else:
        releases["folder"] = "content/pers"
    assert disagreements(broken, TYPES)


def test_every_kind_of_value_has_a_widget_that_writes_it():
    """A date is picked with the date picker (the format writes it in Brussels time), a list is a list, ..."""
    kinds = {spec.kind for ctype in TYPES.values() for spec in ctype.fields.values()}
    missing = kinds - set(KIND_WIDGETS)
    assert not missing, f"give these kinds a widget in plugins/admin/config.py: {missing}"
    for ctype in TYPES.values():
        for spec in ctype.fields.values():
            if spec.kind == "date":
                assert widget_for(spec) == "datetime"
            if spec.kind == "list":
                assert widget_for(spec) == "list"


def test_the_slug_pattern_is_the_schemas():
    from content_model import schema

    assert schema.SLUG_PATTERN.pattern == SLUG_PATTERN


def test_new_files_are_named_as_invoke_new_names_them(config):
    """The editor's file-name template gives the name `invoke new` gives, for every type."""
    now = datetime(2026, 11, 26, 9, 30, tzinfo=BRUSSELS)
    title = "Opvang voor iedereen in België"
    for ctype in TYPES.values():
        template = collection(config, ctype.folder)["slug"]
        decap = template.replace("{{fields.date | date('YYYY-MM-DD')}}", "2026-11-26").replace(
            "{{slug}}", make_slug(title))
        assert "{{" not in decap, template
        assert decap + ".md" == render_new_file(ctype.name, title, now)[0], ctype.name


def test_the_author_is_chosen_from_auteurs_yml(config):
    author = next(f for f in collection(config, "opinie")["fields"] if f["name"] == "author")
    assert author["widget"] == "relation" and author["required"] is True
    assert (author["collection"], author["file"], author["value_field"]) == ("auteurs", "auteurs", "items.*.name")


def test_dates_are_picked_in_the_browsers_time(config):
    releases = {f["name"]: f for f in collection(config, "persberichten")["fields"]}
    for name in ("date", "modified", "embargo"):
        assert releases[name]["widget"] == "datetime" and releases[name]["picker_utc"] is False


def test_images_come_from_content_images(config):
    assert (config["media_folder"], config["public_folder"]) == ("content/images", "images")
    image = next(f for f in collection(config, "persberichten")["fields"] if f["name"] == "image")
    assert image["widget"] == "image"


def test_data_files_are_file_collections_with_the_keys_their_plugins_check(config):
    from editorial.editorial import AUTHOR_KEYS
    from members.data import KEYS as MEMBER_KEYS
    from pressroom.pressroom import CONTACT_KEYS, MEDIAKIT_KEYS

    expected = {"leden.yml": MEMBER_KEYS, "auteurs.yml": AUTHOR_KEYS, "perscontacten.yml": CONTACT_KEYS,
                "mediakit.yml": MEDIAKIT_KEYS}
    for filename, keys in expected.items():
        data = collection(config, filename.removesuffix(".yml"))
        [file] = data["files"]
        assert file["file"] == f"content/data/{filename}"
        [items] = file["fields"]
        assert items["widget"] == "list"
        assert [(k["name"], k["required"]) for k in items["fields"]] == [(k.name, k.required) for k in keys]
    members = {k["name"]: k for k in collection(config, "leden")["files"][0]["fields"][0]["fields"]}
    assert members["province"]["widget"] == "select" and "Oost-Vlaanderen" in members["province"]["options"]
    assert members["fields"]["multiple"] is True and "opvang" in members["fields"]["options"]


def test_every_data_file_has_its_line(site):
    """A data file in content/data/ without a line in DATA_FILES would not be editable."""
    listed = {d.filename for d in DATA_FILES}
    on_disk = {p.name for p in (CONTENT / "data").glob("*.yml")}
    assert on_disk and on_disk <= listed, f"add a line to DATA_FILES for {on_disk - listed}"
    assert on_disk <= set(schemas.data_files()), "every data file is described by the plugin that reads it"


def test_the_local_and_the_production_backend():
    opts = {**admin_plugin.DEFAULTS, "repo": "voorbeeld/site", "oauth_url": "https://login.example.org"}
    local = make_config(TYPES, {}, opts, "")
    assert local["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"}
    assert "publish_mode" not in local
    github = make_config(TYPES, {}, {**opts, "backend": "github"}, "")
    assert github["backend"] == {"name": "github", "repo": "voorbeeld/site", "branch": "main",
                                 "base_url": "https://login.example.org"}
    assert github["publish_mode"] == "editorial_workflow"
    assert github["locale"] == "nl"


def test_production_settings_use_github_with_the_repository_setting():
    from pelican.settings import read_settings

    preview = admin_plugin.options(read_settings(str(REPO / "pelicanconf.py")))
    production = admin_plugin.options(read_settings(str(REPO / "publishconf.py")))
    assert preview["backend"] == "local" and production["backend"] == "github"
    assert production["repo"] == preview["repo"] and production["repo"].count("/") == 1
    assert production["oauth_url"].startswith("https://")


# ---------------------------------------------------------------- the page, for the team only

def test_the_editor_is_for_the_team_not_for_readers(site, node_modules):
    page = site.output / "admin" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<html lang="nl-BE">' in html
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^Disallow: /admin/$", robots, re.MULTILINE)
    locs = [loc.text for loc in etree.parse(str(site.output / "sitemap.xml")).iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and not [loc for loc in locs if "/admin" in loc]
    feeds = list((site.output / "feeds").rglob("*.xml"))
    assert feeds and not [f for f in feeds if "/admin" in f.read_text(encoding="utf-8")]
    index = site.output / "pagefind"
    assert index.is_dir() and not [f for f in index.rglob("*") if f.is_file() and b"Webeditor" in f.read_bytes()]
    assert "/admin/" not in site.page_urls() and TEAM_ONLY == ("admin/",)
    assert admin_plugin.FOLDER in TEAM_ONLY


def test_every_file_the_editor_loads_is_in_the_output(site, node_modules):
    folder = site.output / "admin"
    html = (folder / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == ["init.js", "js-yaml.min.js", "formats.js", "decap-cms.js", "cms.js"]
    for script in scripts:
        assert (folder / script).stat().st_size > 0, script
    stylesheet = re.search(r'data-stylesheet="([^"]+)"', html).group(1)
    assert (site.output / stylesheet.lstrip("/")).is_file()
    chunks = sorted(folder.glob("*.decap-cms.js"))
    assert len(chunks) > 20, "the bundle loads its chunks from the same folder"
    bundle = node_modules / "decap-cms" / "dist" / "decap-cms.js"
    assert (folder / "decap-cms.js").read_bytes() == bundle.read_bytes()
    assert not list(folder.glob("*.map")), "source maps are not shipped"


def test_the_editors_csp_allows_what_it_needs_and_no_more(site, node_modules):
    html = (site.output / "admin" / "index.html").read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert policy["script-src"] == "'self' 'unsafe-eval'"  # Decap compiles its config schema (ajv)
    assert policy["style-src"] == "'self' 'unsafe-inline'"  # Decap's CSS-in-JS
    assert policy["connect-src"] == "'self' blob: http://127.0.0.1:8081"
    assert policy["object-src"] == "'none'" and policy["default-src"] == "'self'"
    production = admin_plugin.content_security_policy({**admin_plugin.DEFAULTS, "backend": "github"})
    assert "127.0.0.1" not in production
    assert "connect-src 'self' blob: https://api.github.com https://www.githubstatus.com" in production
    # Public pages keep theirs: no eval, no inline styles.
    public = (site.output / "index.html").read_text(encoding="utf-8")
    assert "unsafe-eval" not in public and "unsafe-inline" not in public


# ---------------------------------------------------------------- the bundle comes from npm ci

def test_the_bundle_is_pinned_in_package_json_and_its_lock():
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    for name in ("decap-cms", "decap-server", "js-yaml"):
        version = package["dependencies"][name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is pinned to an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    tracked = subprocess.run(["git", "ls-files", "--", "node_modules", "*decap-cms*.js"], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout
    assert tracked == "", "the bundle is installed by npm ci, never committed"


def test_a_missing_bundle_stops_a_production_build_in_dutch_before_anything_is_written(tmp_path):
    from pelican.settings import read_settings

    output = tmp_path / "output"
    with pytest.raises(admin_plugin.AdminSetupError) as raised:
        production = read_settings(str(REPO / "publishconf.py"))["ADMIN"]
        build_site(output, settings_file="publishconf.py",
                   ADMIN={**production, "node_modules": str(tmp_path / "leeg")})
    message = str(raised.value)
    assert "De webeditor (/admin/) kan niet gebouwd worden" in message and "npm ci" in message
    assert "decap-cms" in message
    assert not output.exists() or not any(output.iterdir())


def test_a_preview_without_the_bundle_is_built_without_the_editor_and_says_so(tmp_path, caplog):
    """The team can preview on a machine without Node.js: one Dutch warning, the site without /admin/."""
    import logging

    caplog.set_level(logging.WARNING)
    output = build_site(tmp_path / "output", ADMIN={"node_modules": str(tmp_path / "leeg")})
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("admin")]
    assert len(warnings) == 1 and "ontbreekt in deze preview" in warnings[0] and "npm ci" in warnings[0], warnings
    assert (output / "index.html").is_file() and not (output / "admin").exists()


def test_an_outdated_bundle_is_refused(tmp_path, node_modules):
    modules = tmp_path / "node_modules"
    shutil.copytree(node_modules / "js-yaml", modules / "js-yaml")
    (modules / "decap-cms" / "dist").mkdir(parents=True)
    (modules / "decap-cms" / "package.json").write_text('{"version": "3.0.0"}', encoding="utf-8")
    with pytest.raises(admin_plugin.AdminSetupError, match=r"is versie 3\.0\.0, maar package\.json vraagt"):
        admin_plugin.bundle_files({**admin_plugin.DEFAULTS, "node_modules": str(modules)})


# ---------------------------------------------------------------- make edit: the local backend

def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port` (Linux /proc/net/tcp, tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_local_backend_listens_on_127_0_0_1_only(tmp_path):
    from admin.local_backend import LocalBackendError, start, stop

    need(shutil.which("node") is not None, "Node.js is not installed")
    need((REPO / "node_modules" / "decap-server").is_dir(), "decap-server is missing (npm ci)")
    (tmp_path / "content").mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = start(tmp_path, port, REPO / "node_modules", quiet=True)
    try:
        assert listening_addresses(port) == {"0100007F"}, "bound to 127.0.0.1, nothing else"
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=b'{"action": "info"}',
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            info = json.load(response)
        assert info["type"] == "local_fs" and info["repo"] == tmp_path.name
        with pytest.raises(LocalBackendError, match=f"Poort {port} is al in gebruik"):
            start(tmp_path, port, REPO / "node_modules", quiet=True)
    finally:
        stop(backend)
    assert backend.poll() is not None


def test_make_edit_runs_the_preview_with_the_editor():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^edit: .*\n\t\$\(INVOKE\) edit --port \$\(PORT\)$", makefile, re.MULTILINE)
    import tasks

    assert "webeditor" in tasks.edit.body.__doc__


# ---------------------------------------------------------------- the preview serves the editor as it is

class _Site:
    def __init__(self, root: Path) -> None:
        self.root = root

    def file_for(self, relative: str):
        path = self.root / relative
        return path if path.is_file() else None


def test_the_preview_serves_the_editor_without_reload_script_or_problem_page(tmp_path):
    from kernel.problems import Problem
    from preview.server import Gate, open_server

    (tmp_path / "admin").mkdir()
    (tmp_path / "index.html").write_text("<!DOCTYPE html><html><head></head><body>x</body></html>", encoding="utf-8")
    editor = "<!DOCTYPE html><html><head></head><body>editor</body></html>"
    (tmp_path / "admin" / "index.html").write_text(editor, encoding="utf-8")
    gate = Gate()
    gate.begin()
    gate.end(problems=[Problem("content/persberichten/x.md", "date", "is geen datum")])
    server = open_server(_Site(tmp_path), gate, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with urllib.request.urlopen(base + "/") as response:
            assert "probleem in de inhoud" in response.read().decode("utf-8")
        with urllib.request.urlopen(base + "/admin/") as response:
            assert response.read().decode("utf-8") == editor
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- what the editor writes builds

def read(folder: str, text: str) -> tuple[dict, list]:
    raw = {}
    for line in text.strip().splitlines():
        key, _, value = line.partition(":")
        raw[key.strip()] = value.strip()
    ctx = ReadContext(zone=BRUSSELS, content_root=CONTENT, path=f"content/{folder}/x.md")
    return check_metadata(TYPES[folder], raw, ctx)


def test_empty_optional_fields_count_as_left_out():
    values, problems = read("persberichten", """
        title: T
        date: 2026-11-20 10:00
        slug: t
        summary: S
        image_credit: ''
        embargo: ""
        tags:
        status: ''
    """)
    assert problems == []
    assert not {"image_credit", "embargo", "tags", "status"} & set(values)


def test_an_empty_required_field_is_still_a_problem():
    _values, problems = read("persberichten", "title: ''\ndate: 2026-11-20 10:00\nslug: t\nsummary: ''")
    assert {(p.field, p.message) for p in problems} == {("title", "is leeg"), ("summary", "is leeg")}


def test_an_empty_alt_text_does_not_excuse_an_image():
    _values, problems = read("persberichten", "title: T\ndate: 2026-11-20 10:00\nslug: t\nsummary: S\n"
                                              "image: images/petitie-banner.jpg\nimage_alt: ''")
    assert [p.field for p in problems] == ["image_alt"]


@pytest.mark.parametrize(("written", "brussels"), [
    ("2026-06-30T22:30:00Z", "2026-07-01 00:30"),
    ("2026-06-30T22:30:00.000Z", "2026-07-01 00:30"),
    ("2026-12-31T23:30:00.000+00:00", "2027-01-01 00:30"),
    ("2026-03-29T01:00:00Z", "2026-03-29 03:00"),
    ("2026-10-25T01:30:00Z", "2026-10-25 02:30"),
])
def test_utc_timestamps_are_read_in_brussels_time(written, brussels):
    values, problems = read("persberichten", f"title: T\ndate: {written}\nslug: t\nsummary: S")
    assert problems == []
    assert values["date"].tzinfo == BRUSSELS or str(values["date"].tzinfo) == "Europe/Brussels"
    assert values["date"].strftime("%Y-%m-%d %H:%M") == brussels


def test_a_utc_release_gets_the_brussels_year_in_its_address(tmp_path):
    from content_model.content_model import assign_address

    values, _problems = read("persberichten", "title: T\ndate: 2026-12-31T23:30:00Z\nslug: nieuwjaar\nsummary: S")

    class Item:
        content_type = "persbericht"
        slug = "nieuwjaar"
        date = values["date"]

    item = Item()
    assign_address(item)
    assert item.override_url == "persberichten/2027/nieuwjaar/"


def test_an_optional_data_key_left_empty_counts_as_left_out(tmp_path):
    from kernel import state
    from kernel.datafiles import Key, read_records
    from kernel.problems import problem_log

    data = tmp_path / "content" / "data"
    data.mkdir(parents=True)
    (data / "x.yml").write_text("- name: Een\n  note: ''\n- name: Twee\n  note:\n- name: ''\n", encoding="utf-8")
    state.start_build(incremental=False)
    keys = (Key("name", help="the name"), Key("note", required=False))
    records = read_records({"PATH": str(tmp_path / "content")}, "x.yml", keys)
    assert [(r["name"], "note" in r) for r in records] == [("Een", False), ("Twee", False)]
    assert [str(p) for p in problem_log.sorted()] == [
        "content/data/x.yml: regel 5, vermelding 3, name: is leeg. Oplossing: the name"]
    assert schemas.data_files()["x.yml"].keys == keys
