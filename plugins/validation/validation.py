"""Validation gate: every content problem in one run, then stop before writing.

Problems come from three places:
- the reader, which checks each file's front matter against its type
  (content_model.schema) and adds to `problem_log`;
- the checks here, which need all content at once: files outside the content
  folders, duplicate addresses, links to content that does not exist, images
  without alt text;
- Pelican's own error log lines (a file it could not process), which would
  otherwise only scroll by.

After all generators have read their content and before any file is written,
every problem is logged with file, field, what is wrong and what is expected,
and the build fails with a non-zero exit. No output is written.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican import signals

from content_model.schema import ASSET_FOLDERS, PLACEHOLDER, TYPES

from .problems import Problem, display_path, problem_log

logger = logging.getLogger(__name__)

KNOWN_URLS_SETTING = "SITE_KNOWN_URLS"
INTERSITE = re.compile(r"^\{(filename|static|attach)\}(.*)$")


class ContentError(Exception):
    """The content has problems; Pelican exits with this code."""

    exitcode = 1


class _PelicanErrors(logging.Handler):
    """Keeps Pelican's own error lines of this run, to be reported as problems."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("pelican"):
            self.messages.append(record.getMessage())


_pelican_errors = _PelicanErrors()


def start_run(_pelican) -> None:
    """Every run (live reload included) starts with an empty log."""
    problem_log.clear()
    _pelican_errors.messages.clear()
    root = logging.getLogger()
    if _pelican_errors not in root.handlers:
        root.addHandler(_pelican_errors)


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.images_without_alt: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(("href", attributes["href"]))
        if tag == "img":
            src = attributes.get("src") or ""
            if src:
                self.links.append(("src", src))
            if not (attributes.get("alt") or "").strip():
                self.images_without_alt.append(src)


# Body HTML digest -> (links, images without alt). A body's links depend on its
# HTML alone, so the scan is done once per distinct body; the build_cache
# plugin fills this from its worker processes and its cache on disk.
LINK_OR_IMAGE = re.compile(r"<(?:a|img)\b", re.IGNORECASE)
SCANNED_BODIES: dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]] = {}


def body_digest(html: str) -> str:
    return hashlib.sha1(html.encode("utf-8")).hexdigest()


def scan_body(html: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The links and the images without alt text of one rendered body."""
    collector = _LinkCollector()
    collector.feed(html)
    return tuple(collector.links), tuple(collector.images_without_alt)


def _scanned(html: str):
    if not html or not LINK_OR_IMAGE.search(html):
        return (), ()
    digest = body_digest(html)
    found = SCANNED_BODIES.get(digest)
    if found is None:
        found = SCANNED_BODIES[digest] = scan_body(html)
    return found


def _all_content(generators):
    for generator in generators:
        for name in ("articles", "drafts", "pages", "hidden_pages", "draft_pages"):
            yield from getattr(generator, name, [])
        for name in ("translations", "drafts_translations", "hidden_translations", "draft_translations"):
            yield from getattr(generator, name, [])


def _stray_files(content_root: Path, settings) -> list[Problem]:
    """Markdown outside the type folders, or other files inside them, would be ignored silently."""
    problems = []
    for path in sorted(content_root.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(content_root).as_posix()
        first = relative.split("/", 1)[0]
        shown = display_path(str(path), settings)
        if first in TYPES and path.suffix != ".md":
            problems.append(Problem(shown, "(file)", "is not a Markdown file and would be ignored",
                                    "only .md files in content folders; images in content/images/"))
        elif first not in TYPES and first not in ASSET_FOLDERS:
            folders = ", ".join(f"content/{f}/" for f in (*TYPES, *ASSET_FOLDERS))
            problems.append(Problem(shown, "(file)", "is outside the content folders and would be ignored",
                                    f"a file in one of: {folders}"))
    return problems


def _known_urls(generators, settings) -> set[str]:
    """Every address the build will write, as '/path/' strings."""
    urls = {"/"}
    for generator in generators:
        for item in _all_content([generator]):
            if getattr(item, "status", "") != "draft":
                urls.add("/" + item.url)
        for name in ("categories", "tags", "authors"):
            for entry in getattr(generator, name, []) or []:
                wrapper = entry[0] if isinstance(entry, tuple) else entry
                if wrapper.save_as:
                    urls.add("/" + wrapper.url)
        for static in getattr(generator, "staticfiles", []):
            urls.add("/" + static.url)
    for url in settings.get(KNOWN_URLS_SETTING, []):
        urls.add("/" + url.lstrip("/"))
    return urls


def _normalise(path: str) -> set[str]:
    """The forms under which one internal address may be written."""
    path = unquote(path)
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return {path, path if path.endswith("/") else path + "/"}


def _check_body(item, known: set[str], settings, content_root: Path) -> list[Problem]:
    links, images_without_alt = _scanned(item._content or "")
    shown = display_path(item.source_path, settings)
    problems = [
        Problem(shown, "(body)", f"image '{src}' has no alt text",
                "![what the image shows](images/file.jpg)")
        for src in images_without_alt
    ]
    if PLACEHOLDER in (item._content or ""):
        problems.append(Problem(shown, "(body)", f"the text still holds the placeholder {PLACEHOLDER}",
                                "the real text of the item"))
    generated = item._context.get("generated_content", {}) if item._context else {}
    siteurl = settings.get("SITEURL", "")
    source_dir = posixpath.dirname(Path(item.source_path).resolve().relative_to(content_root).as_posix())
    for _attribute, link in links:
        match = INTERSITE.match(link)
        if match:
            target = urlsplit(match.group(2)).path
            if target.startswith("/"):
                relative = posixpath.normpath(target.lstrip("/"))
            else:
                relative = posixpath.normpath(posixpath.join(source_dir, target))
            if relative not in generated and not (content_root / relative).is_file():
                problems.append(Problem(
                    shown, "(body)", f"link '{link}' points to a file that does not exist",
                    "a path to an existing file, relative to this one, e.g. {filename}../campagnes/actie.md",
                ))
            continue
        if siteurl and link.startswith(siteurl):
            link = link[len(siteurl):] or "/"
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # external, mailto, or a same-page anchor
        if not _normalise(parts.path) & known:
            problems.append(Problem(shown, "(body)", f"link '{link}' points to a page that does not exist",
                                    "an address on this site such as /persberichten/ or /over-ons/"))
    return problems


def _duplicate_addresses(items, settings) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for item in sorted(items, key=lambda i: i.source_path):
        if getattr(item, "status", "") == "draft" or not item.save_as:
            continue
        shown = display_path(item.source_path, settings)
        first = seen.setdefault(item.save_as, shown)
        if first != shown:
            problems.append(Problem(shown, "slug", f"address /{item.url} is already used by {first}",
                                    "a slug that no other item of this type uses"))
    return problems


def check_site(generators) -> None:
    """Run the checks that need all content, then report and stop on any problem."""
    settings = generators[0].settings
    content_root = Path(settings["PATH"]).resolve()
    items = [i for i in _all_content(generators) if getattr(i, "source_path", None)]
    problem_log.extend(_stray_files(content_root, settings))
    problem_log.extend(_duplicate_addresses(items, settings))
    known = _known_urls(generators, settings)
    for item in items:
        problem_log.extend(_check_body(item, known, settings, content_root))
    for message in _pelican_errors.messages:
        problem_log.add(Problem("(pelican)", "(build)", message))
    fail_on_problems()


def fail_on_problems() -> None:
    problems = problem_log.sorted()
    if not problems:
        return
    for problem in problems:
        logger.error("%s", problem)
    raise ContentError(
        f"{len(problems)} content problem{'s' if len(problems) != 1 else ''} found; "
        "nothing was written. Fix each line above and build again."
    )


def check_written(_pelican) -> None:
    """Errors logged while writing (a template, a plugin) fail the build too."""
    for message in _pelican_errors.messages:
        problem_log.add(Problem("(pelican)", "(build)", message))
    _pelican_errors.messages.clear()
    fail_on_problems()


class _NoTracebackForContent(logging.Filter):
    """Content problems are the team's to fix, not a crash: no Python traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], ContentError):
            record.exc_info = None
        return True


_no_traceback = _NoTracebackForContent()


def register():
    logging.getLogger("pelican").addFilter(_no_traceback)
    signals.get_generators.connect(start_run)
    signals.all_generators_finalized.connect(check_site)
    signals.finalized.connect(check_written)
