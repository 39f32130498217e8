"""Member directory: one data file, checked, on every page and at /leden/.

- Reads content/data/leden.yml once per build run (data.load_members) and
  hands every problem to the validation plugin's log, so a mistake stops the
  build before anything is written, together with all other problems.
- Gives every template the members (sorted in Dutch order) and their counts
  as Jinja globals: `members`, `members_by_province`, `member_count`,
  `member_counts` (province name -> count), `member_fields` (the fixed list
  of fields of work) and `members_working_on("juridische hulp")`.
- Its own generator writes /leden/ (theme/templates/members/directory.html):
  members grouped per province with anchors, our own SVG map
  (provincemap.py), a filter form enhanced by theme/static/js/members.js,
  the logos in one size (logos.py) and schema.org NGO JSON-LD.

Settings, one namespace with these defaults:

    MEMBERS = {"data": "data/leden.yml", "logo_size": (160, 80)}

Without the data file (tiny test sites) there are no members and no /leden/.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from kernel import addresses, state
from kernel.problems import Problem, display_path, problem_log

from . import logos
from .data import FIELDS_OF_WORK, PROVINCES, Directory, load_members, slugify
from .provincemap import HEIGHT, VIEWBOX, WIDTH, province_shapes

logger = logging.getLogger(__name__)

SETTING = "MEMBERS"
DEFAULTS = {"data": "data/leden.yml", "logo_size": (160, 80)}
PAGE_URL = "leden/"  # the logos go below it: data.LOGO_FOLDER
_directory: dict = state.per_build({})  # this build's Directory and config
TEMPLATE = "members/directory"


def read_config(settings) -> tuple[dict, list[Problem]]:
    """The MEMBERS setting merged with the defaults, and one problem per bad key."""
    given = settings.get(SETTING) or {}
    problems = [
        Problem("pelicanconf.py", f"{SETTING}['{key}']", "unknown key", "one of: " + ", ".join(DEFAULTS))
        for key in given
        if key not in DEFAULTS
    ]
    config = {**DEFAULTS, **{k: v for k, v in given.items() if k in DEFAULTS}}
    size = config["logo_size"]
    if not (isinstance(size, tuple | list) and len(size) == 2 and all(isinstance(n, int) and n > 0 for n in size)):
        problems.append(Problem("pelicanconf.py", f"{SETTING}['logo_size']", f"{size!r} is not a size",
                                "(width, height) in pixels, e.g. (160, 80)"))
        config["logo_size"] = DEFAULTS["logo_size"]
    return config, problems


def directory_for(settings) -> tuple[Directory, dict]:
    """This build's directory and config, read and checked on first use."""
    cached = _directory.get("read")
    if cached is None:
        config, problems = read_config(settings)
        content_root = Path(settings["PATH"])
        source = content_root / config["data"]
        directory = load_members(source, content_root, display_path(str(source), settings))
        problems.extend(directory.problems)
        problem_log.extend(problems)
        if directory.found:
            logger.debug("members: %d members read from %s", len(directory.members), source)
        else:
            logger.info("members: no %s; no member directory is written", source)
        cached = _directory["read"] = (directory, config)
    return cached


def json_ld(directory: Directory, settings) -> Markup:
    """schema.org NGO with its members, safe inside <script type="application/ld+json">."""
    # Absolute addresses: structured data is read by machines, off the page.
    siteurl = (settings.get("SITEURL") or settings.get("SITE_PUBLIC_URL") or "").rstrip("/")
    members = []
    for member in directory.members:
        # The description is on the page itself; leaving it out keeps /leden/ within its weight budget.
        entry = {
            "@type": "NGO",
            "name": member.name,
            "url": member.website,
            "address": f"{member.city}, {member.province.name}",
            "knowsAbout": list(member.fields),
        }
        if member.logo:
            entry["logo"] = f"{siteurl}/{member.logo_base}.png"
        members.append(entry)
    data = {
        "@context": "https://schema.org",
        "@type": "NGO",
        "name": settings.get("SITENAME", ""),
        "url": f"{siteurl}/",
        "address": {"@type": "PostalAddress", "addressCountry": "BE"},
        "member": members,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # No "</script>", "<!--" or "&" can end or confuse the script element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # built from escaped JSON, not from raw data text


class MembersGenerator(Generator):
    """Writes /leden/ and the member logos."""

    def generate_context(self):
        directory, _config = directory_for(self.settings)
        if directory.found:
            addresses.announce(PAGE_URL)

    def generate_output(self, writer):
        directory, config = directory_for(self.settings)
        if not directory.found:
            return
        content_root = Path(self.settings["PATH"])
        size = tuple(config["logo_size"])
        for member in directory.members:
            if member.logo:
                logos.write_logo(self.settings, content_root / member.logo, member.logo_base, size)
        writer.write_file(
            PAGE_URL + "index.html",
            self.get_template(TEMPLATE),
            self.context,
            url=PAGE_URL,
            members_url=PAGE_URL,
            member_map={
                "viewbox": VIEWBOX,
                "width": WIDTH,
                "height": HEIGHT,
                "shapes": province_shapes({p.slug: p.name for p in PROVINCES}),
            },
            members_json_ld=json_ld(directory, self.settings),
        )
        logger.info("members: wrote /%s with %d members", PAGE_URL, len(directory.members))


def add_generator(_pelican):
    return MembersGenerator


def add_globals(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    directory, config = directory_for(generator.settings)
    env.globals.update(
        members=directory.members,
        members_by_province=directory.by_province,
        member_count=len(directory.members),
        member_counts=directory.counts,
        member_fields=[{"label": label, "slug": slugify(label)} for label in FIELDS_OF_WORK],
        members_working_on=directory.working_on,
        members_page=PAGE_URL if directory.found else None,
        member_logo_size=tuple(config["logo_size"]),
    )


def register():
    signals.get_generators.connect(add_generator)
    signals.generator_init.connect(add_globals)
