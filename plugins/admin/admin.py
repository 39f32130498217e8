"""The web editor at /admin/: Decap CMS, self-hosted, configured from the content schema.

Every build writes admin/ into the output:
- `index.html`: noindex, its own Content-Security-Policy (what the editor needs there
  and nothing more), the scripts below; it passes the Nu checker like every page;
- `config.yml`: generated from the schema (config.py), never edited by hand;
- the Decap CMS bundle and js-yaml, from node_modules at the versions pinned in
  package.json (installed by `npm ci`; nothing is fetched at run time), and our
  scripts from assets/ (init.js, formats.js, cms.js).

ADMIN["backend"] says where the editor saves: "local" (preview builds) through the
local backend of `make edit` (decap-server on 127.0.0.1, local_backend.py);
"github" (publishconf.py) in the repository ADMIN["repo"] on ADMIN["branch"], signing
in through the OAuth helper at ADMIN["oauth_url"], every save a draft (a branch and a
pull request) until it is published. The site stays static either way.

A missing or outdated bundle stops a production build (the github backend) before
anything is read, with a Dutch message that says to run `npm ci`. A preview (the local
backend) on a machine without Node.js is built without the editor, with one Dutch
warning that says the same: the team can preview without installing Node.

/admin/ is for the team: robots.txt disallows it, the sitemap, feeds and search index
leave it out, and the public pages' checks skip it.
"""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path

import yaml
from pelican import signals

from kernel import addresses, output, schemas
from kernel.settings import merged_options

from .config import local_backend_url, make_config

logger = logging.getLogger(__name__)

FOLDER = "admin/"
ASSETS = Path(__file__).with_name("assets")
OWN_SCRIPTS = ("init.js", "formats.js", "cms.js")
REPO = Path(__file__).resolve().parents[2]
DEFAULTS = {
    "backend": "local",  # "local" (make edit) or "github" (production)
    "local_port": 8081,  # where `make edit` runs the local backend (127.0.0.1 only)
    "repo": "",  # owner/name of the site's GitHub repository (backend "github")
    "branch": "main",
    "oauth_url": "",  # the OAuth helper that signs the team in to GitHub (backend "github")
    "content_folder": "content",  # the content folder, relative to the repository root
    "node_modules": str(REPO / "node_modules"),
}
# npm packages the editor ships: package -> files below the package folder (a glob).
BUNDLE = {
    "decap-cms": ("dist/decap-cms.js", "dist/*.decap-cms.js", "dist/*.wasm", "dist/decap-cms.js.LICENSE.txt"),
    "js-yaml": ("dist/js-yaml.min.js",),
}
# What the editor connects to, per backend, besides the site itself.
GITHUB_CONNECT = ("https://api.github.com", "https://www.githubstatus.com")
GITHUB_IMAGES = ("https://avatars.githubusercontent.com",)


class AdminSetupError(RuntimeError):
    """The editor cannot be built: its bundle is missing or a setting is wrong. The message is Dutch."""

    exitcode = 1


def options(settings) -> dict:
    return merged_options(settings, "ADMIN", DEFAULTS, "admin")


def pinned_versions(package_json: Path) -> dict[str, str]:
    if not package_json.is_file():
        raise AdminSetupError(f"De webeditor (/admin/) kan niet gebouwd worden: {package_json} ontbreekt.")
    data = json.loads(package_json.read_text(encoding="utf-8"))
    return {**data.get("devDependencies", {}), **data.get("dependencies", {})}


def bundle_files(opts: dict) -> list[tuple[str, Path]]:
    """(path in the output, file in node_modules) of every file the editor ships; raises when one is missing."""
    modules = Path(opts["node_modules"])
    pinned = pinned_versions(REPO / "package.json")
    files = []
    for package, patterns in BUNDLE.items():
        folder = modules / package
        manifest = folder / "package.json"
        if not manifest.is_file():
            raise AdminSetupError(
                f"De webeditor (/admin/) kan niet gebouwd worden: het npm-pakket {package} ontbreekt in "
                f"{modules}. Oplossing: voer in de map van de site 'npm ci' uit (Node.js is nodig), "
                "en bouw dan opnieuw, bijvoorbeeld met: make serve")
        installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        if package in pinned and installed != pinned[package]:
            raise AdminSetupError(
                f"De webeditor (/admin/) kan niet gebouwd worden: {package} is versie {installed}, maar "
                f"package.json vraagt {pinned[package]}. Oplossing: voer 'npm ci' uit en bouw opnieuw.")
        for pattern in patterns:
            found = sorted(folder.glob(pattern))
            if not found:
                raise AdminSetupError(
                    f"De webeditor (/admin/) kan niet gebouwd worden: {folder / pattern} ontbreekt. "
                    "Oplossing: voer 'npm ci' uit en bouw opnieuw.")
            files += [(FOLDER + path.name, path) for path in found]
    return files


def check_setup(pelican) -> None:
    """Before anything is read: the bundle is there at the pinned version and the backend settings fit."""
    opts = options(pelican.settings)
    if opts["backend"] not in ("local", "github"):
        raise AdminSetupError(f"ADMIN['backend'] is {opts['backend']!r}; expected 'local' or 'github'")
    if opts["backend"] == "github" and (opts["repo"].count("/") != 1 or not opts["oauth_url"].startswith("https://")):
        raise AdminSetupError("ADMIN: the github backend needs 'repo' as owner/name and 'oauth_url' as an "
                              "https:// address of the OAuth helper (docs/admin.md)")
    try:
        bundle_files(opts)
    except AdminSetupError as error:
        if opts["backend"] == "github":
            raise
        logger.warning("%s De preview werkt zonder de webeditor.", str(error).replace(" kan niet gebouwd worden:",
                                                                                       " ontbreekt in deze preview:"))


def content_security_policy(opts: dict) -> str:
    """Exactly what the editor needs: scripts from the site itself, which may compile code ('unsafe-eval':
    Decap validates its configuration with ajv, which compiles the schema to a function), inline
    styles (its CSS-in-JS), blob: and data: images of uploads, and its backend."""
    connect = ["'self'", "blob:"]
    images = ["'self'", "data:", "blob:"]
    if opts["backend"] == "github":
        connect += GITHUB_CONNECT
        images += GITHUB_IMAGES
    else:
        connect.append(local_backend_url(opts).rsplit("/api/", 1)[0])
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src {' '.join(images)}",
        "font-src 'self'",
        f"connect-src {' '.join(connect)}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ))


def page(settings, opts: dict) -> str:
    stylesheet = f"/{settings.get('THEME_STATIC_DIR', 'theme')}/css/site.css"
    title = f"Webeditor | {settings.get('SITENAME', '')}"
    return f"""<!DOCTYPE html>
<html lang="nl-BE">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{content_security_policy(opts)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{html.escape(title)}</title>
</head>
<body>
<noscript><p>De webeditor werkt alleen met JavaScript. Zonder JavaScript schrijf je in de bestanden
onder content/.</p></noscript>
<script src="init.js"></script>
<script src="js-yaml.min.js"></script>
<script src="formats.js"></script>
<script src="decap-cms.js"></script>
<script src="cms.js" data-stylesheet="{html.escape(stylesheet)}"></script>
</body>
</html>
"""


def config_text(settings, opts: dict) -> str:
    site_url = settings.get("SITEURL") or settings.get("SITE_PUBLIC_URL") or ""
    config = make_config(schemas.content_types(), schemas.data_files(), opts, site_url)
    header = ("# The web editor's configuration: generated at every build by plugins/admin from the content\n"
              "# schema (plugins/content_model/schema.py) and the data files' keys. Do not edit.\n")
    # libyaml's emitter when PyYAML has it: the same text, four times as fast.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return header + yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


def mark_for_the_team(_pelican) -> None:
    """robots.txt and the sitemap leave the editor out (plugins/seo reads this)."""
    addresses.for_the_team(FOLDER)


def write_editor(pelican) -> None:
    settings = pelican.settings
    opts = options(settings)
    try:
        bundle = bundle_files(opts)
    except AdminSetupError:
        return  # a preview without the npm packages: check_setup said so, the site goes without the editor
    output.write_text(settings, FOLDER + "index.html", page(settings, opts))
    output.write_text(settings, FOLDER + "config.yml", config_text(settings, opts))
    for name in OWN_SCRIPTS:
        output.write_bytes(settings, FOLDER + name, (ASSETS / name).read_bytes())
    for relative, source in bundle:
        output.provide(settings, relative, source)
    logger.info("admin: web editor in /%s (%s backend)", FOLDER, opts["backend"])


def register():
    signals.initialized.connect(check_setup)
    signals.get_generators.connect(mark_for_the_team)
    signals.finalized.connect(write_editor)
