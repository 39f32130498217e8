"""Markdown converted on all cores, and kept by content digest between builds.

Converting Markdown is a pure function of a file's text and the Markdown
settings. So before the generators read anything, every .md file below the
content folder is read and hashed; the files whose digest is not in the store
are converted in a pool of worker processes (one per core), and the reader
(`CachedMarkdownReader`) takes the result from the store instead of
converting again. The store is saved in BUILD_CACHE_PATH, keyed on the
content digest; the file name holds a digest of the Markdown settings, the
library versions and the code of the reader, so a change to any of them
starts an empty store.

Only the conversion is cached. Front-matter checks, embargo decisions,
countdowns and everything else that depends on the clock or on other files
run on every build, so a cached conversion can never make a page stale or
publish an embargoed item.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import pickle
from pathlib import Path

import markdown
import pelican

from content_model.content_model import SiteMarkdownReader
from validation.validation import LINK_OR_IMAGE, SCANNED_BODIES, body_digest, scan_body

logger = logging.getLogger(__name__)

FORMAT = 1
# Below this many files to convert, a process pool costs more than it saves.
POOL_THRESHOLD = 48
MAX_ENTRIES = 20000


def _source_digest() -> str:
    """The code whose behaviour the cached values depend on."""
    import content_model.content_model as reader_module
    import validation.validation as validation_module

    digest = hashlib.sha256()
    for module in (reader_module, validation_module):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def store_name(settings) -> str:
    """File name of the store: changes whenever the conversion could change."""
    digest = hashlib.sha256()
    for part in (FORMAT, repr(sorted(settings["MARKDOWN"].items(), key=str)), markdown.__version__,
                 pelican.__version__, _source_digest()):
        digest.update(str(part).encode("utf-8"))
    return f"markdown-{digest.hexdigest()[:20]}.pickle"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Entry: (html, raw front matter, summary html or None, body scan or None).
Entry = tuple


class MarkdownStore:
    """Digest of a file's text -> its conversion; what this build used is kept on save."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.used: set[str] = set()
        self.path: Path | None = None
        self.added = 0
        self.hits = 0
        self.converted_in_pool = 0

    def load(self, path: Path) -> None:
        self.path = path
        self.entries, self.used, self.added, self.hits, self.converted_in_pool = {}, set(), 0, 0, 0
        try:
            with open(path, "rb") as handle:
                data = pickle.load(handle)
            if isinstance(data, dict):
                self.entries = data
        except FileNotFoundError:
            pass
        except Exception as error:  # a damaged cache is thrown away, never trusted
            logger.warning("build_cache: ignoring unreadable Markdown cache %s (%s)", path, error)

    def save(self) -> None:
        if self.path is None or not self.added:
            return
        # What this build used, then the others (another content folder, a test) up to a limit.
        kept = {key: value for key, value in self.entries.items() if key in self.used}
        for key, value in self.entries.items():
            if len(kept) >= MAX_ENTRIES:
                break
            kept.setdefault(key, value)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
        # Stores made with other settings or code are of no use any more.
        for other in self.path.parent.glob("markdown-*.pickle"):
            if other != self.path:
                other.unlink(missing_ok=True)

    def get(self, digest: str) -> Entry | None:
        entry = self.entries.get(digest)
        if entry is not None:
            self.used.add(digest)
        return entry

    def put(self, digest: str, entry: Entry) -> None:
        self.entries[digest] = entry
        self.used.add(digest)
        self.added += 1


store = MarkdownStore()

# The worker processes are forked: they inherit these and build their own reader.
_worker_settings: dict | None = None
_worker_reader: SiteMarkdownReader | None = None


def convert(reader: SiteMarkdownReader, text: str) -> Entry:
    """Everything about one file that depends on its text alone."""
    html, raw = SiteMarkdownReader.parse(reader, text)
    summary = raw.get("summary", "").strip()
    summary_html = SiteMarkdownReader.convert_inline(reader, summary) if summary else None
    scan = scan_body(html) if html and LINK_OR_IMAGE.search(html) else None
    return html, raw, summary_html, scan


def _work(job: tuple[str, str]) -> tuple[str, Entry]:
    global _worker_reader
    if _worker_reader is None:
        _worker_reader = SiteMarkdownReader(_worker_settings)
    digest, path = job
    with open(path, encoding="utf-8") as handle:
        return digest, convert(_worker_reader, handle.read())


def markdown_files(root: Path) -> list[str]:
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
        found += [os.path.join(folder, name) for name in sorted(files)
                  if name.endswith(".md") and not name.startswith(".")]
    return found


def prefetch(settings, cache_folder: Path, workers: int) -> None:
    """Load the store, then convert every file it lacks on all cores."""
    global _worker_settings
    store.load(cache_folder / store_name(settings))
    jobs, queued = [], set()
    for path in markdown_files(Path(settings["PATH"])):
        try:
            with open(path, encoding="utf-8") as handle:
                digest = text_digest(handle.read())
        except (OSError, UnicodeDecodeError):
            continue  # the reader reports it with the file's name
        if digest not in store.entries and digest not in queued:
            queued.add(digest)
            jobs.append((digest, path))
    if len(jobs) < POOL_THRESHOLD or workers < 2:
        return  # few misses: the reader converts them itself
    _worker_settings = settings
    chunk = max(1, len(jobs) // (workers * 8))
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=workers) as pool:
        for digest, entry in pool.imap_unordered(_work, jobs, chunksize=chunk):
            store.put(digest, entry)
    store.converted_in_pool = len(jobs)
    _worker_settings = None


class CachedMarkdownReader(SiteMarkdownReader):
    """The site's Markdown reader, taking conversions from the store when it has them."""

    def parse(self, text: str) -> tuple[str, dict[str, str]]:
        digest = text_digest(text)
        entry = store.get(digest)
        if entry is None:
            entry = convert(self, text)
            store.put(digest, entry)
        else:
            store.hits += 1
        html, raw, summary_html, scan = entry
        if summary_html is not None:
            self._summaries[raw.get("summary", "").strip()] = summary_html
        if scan is not None:
            SCANNED_BODIES[body_digest(html)] = scan
        return html, dict(raw)

    def convert_inline(self, text: str) -> str:
        known = self._summaries.get(text)
        return known if known is not None else super().convert_inline(text)

    @property
    def _summaries(self) -> dict[str, str]:
        cache = self.__dict__.get("_summary_cache")
        if cache is None:
            cache = self.__dict__["_summary_cache"] = {}
        return cache
