"""Checks that need all content at once: duplicate addresses, links that go nowhere, images without alt.

Readers check each file's front matter as they read it (content_model);
this plugin runs when every generator has read its content, adds what it
finds to the kernel's problem log, and the kernel's gate then reports every
problem at once and stops the build before anything is written:

- two items with the same address;
- a link in a body (or a release's notes) to a page or file this build does
  not make (`{filename}` links and root-relative addresses alike);
- an image without alt text, or a placeholder (VUL AAN) left in a body.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican import signals

from kernel import addresses, preview, state
from kernel.html import INTERSITE, formatted_html, scan_body
from kernel.problems import (
    PLACEHOLDER,
    Problem,
    address_in_use,
    display_path,
    image_without_alt,
    placeholder_in_text,
    problem_log,
    relative_path,
)


def _all_content(generators):
    for generator in generators:
        for name in ("articles", "drafts", "pages", "hidden_pages", "draft_pages", "hidden_articles"):
            yield from getattr(generator, name, [])
        for name in ("translations", "drafts_translations", "hidden_translations", "draft_translations"):
            yield from getattr(generator, name, [])


# A body's problems, by the body, its file and the addresses of this build: kept between preview builds.
_checked = state.Memo("validation.bodies")
# The addresses of the last build, for the preview's quick body edits.
_last: dict = {}


def refresh_body(item, settings) -> list[Problem]:
    """The preview's quick body edit (kernel.preview): the checks of one item's new body."""
    if not _last:
        return [Problem("(preview)", "(tekst)", "er is nog geen eerdere bouw om mee te vergelijken")]
    return check_body(item, _last["known"], settings, _last["generated"])


def _known_urls(generators) -> set[str]:
    """Every address the build will write, as '/path/' strings."""
    urls = {"/"}
    for generator in generators:
        for item in _all_content([generator]):
            if getattr(item, "status", "") != "draft":
                urls.add("/" + addresses.of(item)[0])
        for name in ("categories", "tags", "authors"):
            for entry in getattr(generator, name, []) or []:
                wrapper = entry[0] if isinstance(entry, tuple) else entry
                if wrapper.save_as:
                    urls.add("/" + wrapper.url)
    static = generators[0].context.get("static_content") or {}
    urls.update("/" + item.url for item in static.values() if item is not None)
    urls.update("/" + url for url in addresses.announced())
    # A link to a held item is reported by the plugin that holds it, not here as well.
    urls.update("/" + url for url in addresses.withheld())
    return urls


def _normalise(path: str) -> set[str]:
    """The forms under which one internal address may be written."""
    path = unquote(path)
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return {path, path if path.endswith("/") else path + "/"}


def check_body(item, known: set[str], settings, generated: dict) -> list[Problem]:
    body = (item._content or "") + formatted_html(item, settings)
    scan = scan_body(body)
    if not scan.links and not scan.images_without_alt and PLACEHOLDER not in body:
        return []
    shown = display_path(item.source_path, settings)
    problems = [
        image_without_alt(shown, src) for src in scan.images_without_alt
    ]
    if PLACEHOLDER in body:
        problems.append(placeholder_in_text(shown))
    siteurl = settings.get("SITEURL", "")
    content_root = Path(settings["PATH"])
    source_dir = posixpath.dirname(relative_path(item.source_path, settings))
    for _tag, _attribute, link in scan.links:
        match = INTERSITE.match(link)
        if match:
            target = urlsplit(match.group(2)).path
            if target.startswith("/"):
                relative = posixpath.normpath(target.lstrip("/"))
            else:
                relative = posixpath.normpath(posixpath.join(source_dir, target))
            if relative not in generated and not (content_root / relative).is_file():
                problems.append(Problem(
                    shown, "(tekst)", f"de link '{link}' wijst naar een bestand dat niet bestaat",
                    "geef het pad van een bestaand bestand, vanaf dit bestand gezien",
                    "[de actie]({filename}../campagnes/actie.md)",
                ))
            continue
        if siteurl and link.startswith(siteurl):
            link = link[len(siteurl):] or "/"
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # external, mailto, or a same-page anchor
        if not _normalise(parts.path) & known:
            problems.append(Problem(shown, "(tekst)", f"de link '{link}' wijst naar een pagina die niet bestaat",
                                    "gebruik het adres van een bestaande pagina op deze site",
                                    "[onze persberichten](/persberichten/)"))
    return problems


def _duplicate_addresses(items, settings) -> list[Problem]:
    seen: dict[str, object] = {}
    problems = []
    for item in sorted(items, key=lambda i: i.source_path):
        url, save_as = addresses.of(item)
        if getattr(item, "status", "") == "draft" or not save_as:
            continue
        first_item = seen.setdefault(save_as, item)
        first = first_item.source_path
        # Two translations in one language of one original share an address: plugins/translations says so.
        twin = not getattr(item, "in_default_lang", True) and item in getattr(first_item, "translations", ())
        if first != item.source_path and not twin:
            problems.append(address_in_use(display_path(item.source_path, settings), url,
                                           display_path(first, settings)))
    return problems


def check_site(generators) -> None:
    """Add every problem that needs all content to the log; the kernel's gate reports them."""
    settings = generators[0].settings
    items = [i for i in _all_content(generators) if getattr(i, "source_path", None)]
    problem_log.extend(_duplicate_addresses(items, settings))
    known = _known_urls(generators)
    generated = generators[0].context.get("generated_content", {})
    _last.update(known=known, generated=generated)
    version = (hash(frozenset(known)), hash(frozenset(generated)))
    for item in items:
        problem_log.extend(_checked.get((item.source_path, item._content, formatted_html(item, settings), version),
                                        lambda item=item: tuple(check_body(item, known, settings, generated))))


def register():
    if refresh_body not in preview.body_edits.refreshers:
        preview.body_edits.refreshers.append(refresh_body)
    signals.all_generators_finalized.connect(check_site)
