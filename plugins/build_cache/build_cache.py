"""Fast builds: Markdown on all cores, and only changed pages rendered and written.

Three parts, each keyed on content, never on file times:

1. Markdown (markdown_store.py): before the generators read, every .md file
   is hashed; what the on-disk store lacks is converted in a pool of worker
   processes, one per core. The reader takes conversions from the store.
2. Pages (`IncrementalWriter`): for every page, a key is computed from what
   the page's templates can see: the digest of the theme, the plugins' code,
   the settings, every non-Markdown file of the content folder and every
   item's address; the name of the page and its template; and, for every
   variable the template (with everything it extends, includes and imports)
   names, a digest of that variable's value. The page's own item (`article`,
   `page`) counts with its body; items in lists and attributes (listings,
   related items) count with everything but their body. When the key and the
   file on disk match the last successful build, the page is not rendered:
   the file already holds those bytes. The clock enters a page's key only if
   its templates name `build_time`; everything else that depends on the
   clock (embargo, countdown) is decided by plugins on the items, and so is
   part of the items' digests.
3. Output: files whose bytes did not change are not rewritten; the output
   folder is not deleted (DELETE_OUTPUT_DIRECTORY = False). Pages and static
   files the previous build wrote and this build does not (a deleted item, an
   item whose embargo holds again) are removed when the build succeeds,
   before the plugins that read the output (search index, sitemap) run.

A build that fails validation writes nothing, as before: the previous site
stays as it was. The caches live in BUILD_CACHE_PATH (default .cache/build/),
outside the output; `invoke clean` or deleting the folder starts afresh.
Settings: BUILD_CACHE (True), BUILD_CACHE_PATH, BUILD_CACHE_WORKERS (cores).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import logging
import os
import pickle
import time
from decimal import Decimal
from pathlib import Path, PurePath

from jinja2 import FileSystemBytecodeCache, meta
from pelican import signals
from pelican.contents import Content, Static
from pelican.urlwrappers import URLWrapper
from pelican.utils import sanitised_join
from pelican.writers import Writer

from validation.validation import check_written

from . import markdown_store

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
DEFAULTS = {
    "BUILD_CACHE": True,
    "BUILD_CACHE_PATH": str(REPO / ".cache" / "build"),
    "BUILD_CACHE_WORKERS": 0,
    # Template globals that register something when called: replayed for reused pages.
    "BUILD_CACHE_REPLAY": ["social_card"],
}
MANIFEST_FORMAT = 3
# Settings that change on every run without changing what a page shows.
VOLATILE_SETTINGS = {"_SITE_CLOCK_NOW", "SITE_NOW"}
MAX_DEPTH = 6
MAX_MANIFESTS = 16
# Fewer pages than this per worker: rendering in one process is quicker than forking.
MIN_PAGES_PER_WORKER = 40
# File times come from a coarse kernel clock: allow for it when telling old from new.
CLOCK_SLACK = 0.05


class Uncacheable(Exception):
    """A value whose digest cannot be trusted: the page is always rendered."""


@dataclasses.dataclass
class Stats:
    rendered: int = 0
    reused: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0


class State:
    """What one build run knows; reset at the start of every run (live reload too)."""

    def __init__(self) -> None:
        self.reset(None)

    def reset(self, settings) -> None:
        self.settings = settings
        self.enabled = bool(settings and settings.get("BUILD_CACHE", True))
        self.output: Path | None = None
        self.folder: Path | None = None
        self.previous: dict[str, list] = {}
        self.produced: dict[str, list] = {}
        self.overridden: set[str] = set()
        self.previous_overridden: set[str] = set()
        self.writer = None
        self.recording: list | None = None
        self.unreplayable = False
        self.watched_envs: set[int] = set()
        self.jobs: dict[str, tuple] = {}
        self.parallel = False
        self.workers = 1
        self.statics: set[str] = set()
        self.static_generator = None
        self.kept: set[str] = set()
        self.base: str | None = None
        self.template_vars: dict[tuple, frozenset | None] = {}
        self.parsed_templates: dict[tuple, tuple] = {}
        self.global_digests: dict[str, str] = {}
        self.item_digests: dict[tuple[int, bool], str] = {}
        self.known_globals: set[int] = set()
        self.stats = Stats()
        self.started = time.time()
        self.phases: dict[str, float] = {"start": time.perf_counter()}

    @property
    def manifest_path(self) -> Path:
        name = hashlib.sha256(str(self.output).encode("utf-8")).hexdigest()[:16]
        return self.folder / f"pages-{name}.json"

    @property
    def journal_path(self) -> Path:
        return self.manifest_path.with_suffix(".journal")


state = State()


# ---------------------------------------------------------------------------
# Digests


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _files_digest(root: Path, skip_suffix: str | None = None) -> str:
    digest = hashlib.sha256()
    if not root.exists():
        return "-"
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(s for s in subfolders if s != "__pycache__")
        for name in sorted(files):
            if skip_suffix and name.endswith(skip_suffix):
                continue
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, root).encode("utf-8", "surrogatepass"))
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def stable(value, depth: int = 0, full: bool = False) -> str:
    """A text that is equal for equal values, across runs; raises Uncacheable otherwise."""
    if depth > MAX_DEPTH:
        raise Uncacheable("too deep")
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return f"{type(value).__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)}"
    if isinstance(value, (dt.tzinfo, PurePath, Decimal)):
        return f"{type(value).__name__}:{value}"
    if id(value) in state.known_globals:
        return "<global>"
    if isinstance(value, Content):
        return item_digest(value, full=full and depth == 0)
    if isinstance(value, URLWrapper):
        return f"{type(value).__name__}:{value.name}:{value.url}:{value.save_as}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(stable(v, depth + 1) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(stable(v, depth + 1) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{stable(k, depth + 1)}:{stable(v, depth + 1)}"
                              for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    if callable(value) and hasattr(value, "__qualname__"):
        # Functions, classes, filters: their behaviour is in the code digest.
        return f"fn:{getattr(value, '__module__', '')}.{value.__qualname__}"
    if dataclasses.is_dataclass(value):
        return type(value).__name__ + stable(
            {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, depth + 1)
    if hasattr(value, "__dict__") and type(value).__module__.split(".")[0] in ("pelican", "countdown",
                                                                                "editorial", "pressroom",
                                                                                "embargo", "members",
                                                                                "images", "social_cards",
                                                                                "search", "seo", "jinja2"):
        return type(value).__name__ + stable(vars(value), depth + 1)
    raise Uncacheable(f"{type(value).__module__}.{type(value).__name__}")


# Attributes of a content item that are not part of what it shows.
_ITEM_SKIP = {"settings", "_context", "_content", "content", "_summary", "in_default_lang"}


def item_digest(item: Content, full: bool) -> str:
    """An item's digest: `full` with its body (its own page), else what listings can show."""
    key = (id(item), full)
    known = state.item_digests.get(key)
    if known is not None:
        return known
    parts = [type(item).__name__, str(getattr(item, "source_path", "")), str(getattr(item, "url", "")),
             str(getattr(item, "save_as", ""))]
    attributes = vars(item)
    metadata = attributes.get("metadata") or {}
    for name in sorted(attributes):
        if name in _ITEM_SKIP:
            continue
        value = attributes[name]
        if name in metadata and metadata[name] is value:
            continue  # the same value is digested with the metadata
        # Other items an item points to (related, previous, next) show on its own page
        # with what a listing shows of them; in a listing, by address only.
        if isinstance(value, Content):
            parts.append(f"{name}=ref:{_ref(value, full)}")
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Content) for v in value):
            parts.append(f"{name}=refs:" + "|".join(_ref(v, full) for v in value))
        else:
            parts.append(f"{name}={stable(value, 1)}")
    if full:
        parts.append(getattr(item, "_content", "") or "")
    digest = _hash(*parts)
    state.item_digests[key] = digest
    # Items in lists count by their listing digest; remember it for the next run too.
    return digest


def _ref(item: Content, full: bool) -> str:
    return item_digest(item, full=False) if full else f"{item.source_path}>{getattr(item, 'url', '')}"


def _url_map(context) -> str:
    parts = []
    for source, item in sorted((context.get("generated_content") or {}).items()):
        parts.append(f"{source}>{getattr(item, 'url', '')}")
    for source, item in sorted((context.get("static_content") or {}).items()):
        parts.append(f"{source}>{getattr(item, 'url', '')}")
    return _hash(*parts)


def base_digest(context) -> str:
    """Everything every page may depend on, once per build."""
    if state.base is None:
        settings = state.settings
        shown = {k: v for k, v in settings.items() if k not in VOLATILE_SETTINGS}
        try:
            settings_text = stable(shown, depth=-MAX_DEPTH)
        except Uncacheable:
            settings_text = repr(time.time())  # never equal: nothing is reused
        content_root = Path(settings["PATH"])
        non_markdown = _files_digest(content_root, skip_suffix=".md")
        state.base = _hash(str(MANIFEST_FORMAT), settings_text, _files_digest(Path(settings["THEME"])),
                           _files_digest(REPO / "plugins"), non_markdown, _url_map(context))
    return state.base


def _own_variables(env, name: str) -> tuple[frozenset, tuple]:
    """The variables one template names and the templates it refers to (None: chosen at render time)."""
    source, _, _ = env.loader.get_source(env, name)
    key = (name, hashlib.sha1(source.encode("utf-8")).hexdigest())
    known = state.parsed_templates.get(key)
    if known is None:
        tree = env.parse(source)
        known = (frozenset(meta.find_undeclared_variables(tree)), tuple(meta.find_referenced_templates(tree)))
        state.parsed_templates[key] = known
    return known


def template_variables(env, name: str) -> frozenset | None:
    """Every variable a template and all it extends, includes or imports names; None if unknowable."""
    memo = (id(env), name)
    if memo in state.template_vars:
        return state.template_vars[memo]
    names: set[str] = set()
    todo, seen = [name], set()
    result: frozenset | None
    try:
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            variables, referenced = _own_variables(env, current)
            names |= variables
            for other in referenced:
                if other is None:
                    raise Uncacheable("a template chosen at render time")
                todo.append(other)
        result = frozenset(names)
    except Exception as error:  # unknown templates: always render
        logger.debug("build_cache: template %s is not cacheable: %s", name, error)
        result = None
    state.template_vars[memo] = result
    return result


def page_key(template, localcontext: dict, context: dict) -> str | None:
    names = template_variables(template.environment, template.name)
    if names is None:
        return None
    env_globals = template.environment.globals
    parts = [base_digest(context), template.name or "", str(localcontext.get("output_file"))]
    try:
        for name in sorted(names):
            if name in localcontext:
                value = localcontext[name]
                shared = name in context and context[name] is value
            elif name in env_globals:
                value, shared = env_globals[name], True
            else:
                parts.append(f"{name}:undefined")
                continue
            if shared:
                digest = state.global_digests.get(name)
                if digest is None:
                    digest = state.global_digests[name] = _hash(stable(value))
            else:
                digest = _hash(stable(value, full=True))
            parts.append(f"{name}:{digest}")
    except Uncacheable as error:
        logger.debug("build_cache: %s is rendered every time: %s", localcontext.get("output_file"), error)
        return None
    return _hash(*parts)


# ---------------------------------------------------------------------------
# The writer


def _recording(name: str, function):
    """A template global that registers something (a social card): its calls are kept per page."""
    if getattr(function, "_build_cache_original", None) is not None:
        return function

    def recorder(*args, **kwargs):
        if state.recording is not None:
            try:
                state.recording.append([name, [_plain(a) for a in args],
                                        {k: _plain(v) for k, v in kwargs.items()}])
            except Uncacheable:
                state.recording = None  # this page cannot be replayed: never reused
                state.unreplayable = True
        return function(*args, **kwargs)

    recorder._build_cache_original = function
    return recorder


def _plain(value):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return str(value)
    raise Uncacheable(f"a replayed call with a {type(value).__name__} argument")


def _watch_globals(env) -> None:
    if id(env) in state.watched_envs:
        return
    state.watched_envs.add(id(env))
    for name in state.settings.get("BUILD_CACHE_REPLAY", DEFAULTS["BUILD_CACHE_REPLAY"]):
        if callable(env.globals.get(name)):
            env.globals[name] = _recording(name, env.globals[name])


def _replay(env, calls) -> bool:
    for name, args, kwargs in calls:
        function = env.globals.get(name)
        function = getattr(function, "_build_cache_original", function)
        if not callable(function):
            return False
        function(*args, **kwargs)
    return True


class _ReusedTemplate:
    """Stands in for a template: renders only when the page's key changed."""

    def __init__(self, template, writer: IncrementalWriter, context: dict) -> None:
        self._template = template
        self._writer = writer
        self._context = context

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, localcontext: dict) -> str:
        name = localcontext.get("output_file")
        env = self._template.environment
        _watch_globals(env)
        key = page_key(self._template, localcontext, self._context) if state.enabled else None
        self._writer.pending_key = key
        before = state.previous.get(name)
        if key is not None and before is not None and before[0] == key and len(before) > 2:
            path = sanitised_join(self._writer.output_path, name)
            try:
                if os.path.getsize(path) == before[1] and _replay(env, before[2]):
                    # The file holds these bytes already: nothing to render, read or write.
                    state.stats.reused += 1
                    self._writer.pending_calls = before[2]
                    self._writer.pending_reuse = before[1]
                    return ""
            except OSError:
                pass
        state.stats.rendered += 1
        if state.parallel:
            # Rendered at the end of the writing phase, on all cores (see render_queued).
            self._writer.pending_job = (self._template, localcontext)
            return ""
        state.recording, state.unreplayable = [], False
        try:
            text = self._template.render(localcontext)
            self._writer.pending_calls = None if state.unreplayable else state.recording
            if state.unreplayable:
                self._writer.pending_key = None
        finally:
            state.recording = None
        return text


class _ChangedOnly(io.StringIO):
    """A text file that is written on close only when its bytes differ from the file on disk."""

    def __init__(self, path: str, name: str, key: str | None, calls: list | None = None) -> None:
        super().__init__()
        self._path, self._name, self._key, self._calls = path, name, key, calls

    def close(self) -> None:
        if self.closed:
            return
        data = self.getvalue().encode("utf-8")
        super().close()
        try:
            with open(self._path, "rb") as handle:
                same = handle.read() == data
        except OSError:
            same = False
        if same:
            state.stats.unchanged += 1
        else:
            with open(self._path, "wb") as handle:
                handle.write(data)
            state.stats.written += 1
            if self._name not in state.previous:
                _journal(self._name)
        state.produced[self._name] = [self._key if self._calls is not None else None, len(data), self._calls or []]


class _Reused(io.StringIO):
    """Stands in for the file of a reused page: it already holds the right bytes."""

    def __init__(self, name: str, key: str | None, size: int, calls: list | None) -> None:
        super().__init__()
        self._name, self._key, self._size, self._calls = name, key, size, calls

    def close(self) -> None:
        if not self.closed:
            super().close()
            state.stats.unchanged += 1
            state.produced[self._name] = [self._key, self._size, self._calls or []]


class _Queued(io.StringIO):
    """Stands in for the file of a page to render at the end of the writing phase."""

    def __init__(self, path: str, name: str, key: str | None, job: tuple) -> None:
        super().__init__()
        self._entry = (path, name, key, *job)

    def close(self) -> None:
        if not self.closed:
            super().close()
            state.jobs[self._entry[0]] = self._entry  # a later overwrite replaces the job


def _render_one(path: str, name: str, key: str | None, template, localcontext: dict) -> tuple:
    """Render and write one page; returns what the parent needs to know."""
    state.recording, state.unreplayable = [], False
    try:
        text = template.render(localcontext)
        calls = None if state.unreplayable else state.recording
    finally:
        state.recording = None
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as handle:
            same = handle.read() == data
    except OSError:
        same = False
    if not same:
        with open(path, "wb") as handle:
            handle.write(data)
    return name, key if calls is not None else None, len(data), calls or [], not same


def render_queued(workers: int) -> None:
    """Render the queued pages: the parent and workers-1 forked children, each a share."""
    jobs, state.jobs = list(state.jobs.values()), {}
    if not jobs:
        return
    shares = max(1, min(workers, len(jobs) // MIN_PAGES_PER_WORKER))
    children = []
    for number in range(1, shares):
        result_file = state.folder / f"render-{os.getpid()}-{number}.pickle"
        pid = os.fork()
        if pid == 0:  # the child: render its share, hand back the results, leave at once
            code = 0
            try:
                results = [_render_one(*job) for job in jobs[number::shares]]
                with open(result_file, "wb") as handle:
                    pickle.dump(results, handle, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        children.append((pid, result_file))
    results = [_render_one(*job) for job in jobs[0::shares]]
    failed = False
    for pid, result_file in children:
        _, status = os.waitpid(pid, 0)
        if status != 0 or not result_file.is_file():
            failed = True
            continue
        with open(result_file, "rb") as handle:
            results += pickle.load(handle)
        result_file.unlink()
    if failed:
        raise RuntimeError("build_cache: a page-rendering worker failed; the error is printed above")
    envs = {job[1]: job[3].environment for job in jobs}
    for name, key, size, calls, written in results:
        if calls:
            _replay(envs[name], calls)
        state.produced[name] = [key, size, calls]
        if written:
            state.stats.written += 1
            if name not in state.previous:
                _journal(name)
        else:
            state.stats.unchanged += 1


def _journal(name: str) -> None:
    """Files new in this build, noted at once: a build that crashes cannot orphan them."""
    if state.folder is None:
        return
    with open(state.journal_path, "a", encoding="utf-8") as handle:
        handle.write(name + "\n")


class IncrementalWriter(Writer):
    """Pelican's writer, reusing unchanged pages and writing changed bytes only.

    A page that a plugin overwrites later in the build (override_output, such as
    the press room over Pelican's /persberichten/ category page) waits when the
    last build saw it overwritten: when the overwrite comes, the waiting write
    follows it (its first page is skipped; later pages of a paginated listing are
    written), and it is done at the end if the overwrite does not come.
    """

    pending_key: str | None = None
    pending_calls: list | None = None
    pending_reuse: int | None = None
    pending_job: tuple | None = None

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.deferred: dict[str, tuple] = {}
        state.writer = self

    def write_file(self, name, template, context, *args, **kwargs):
        if not (state.enabled and name and hasattr(template, "render")):
            return super().write_file(name, template, context, *args, **kwargs)
        relative = str(name).replace(os.sep, "/")
        if kwargs.get("override_output"):
            waiting = self.deferred.pop(relative, None)
            result = super().write_file(name, _ReusedTemplate(template, self, context), context, *args, **kwargs)
            if waiting is not None:
                # A paginated listing writes more pages than the one overwritten (/persberichten/
                # pagina/2/ ...): write it now; its first page is skipped as already overridden.
                self._write_now(*waiting)
            return result
        if relative in state.previous_overridden and relative not in self.deferred:
            self.deferred[relative] = (name, template, context, args, kwargs)
            return None
        return super().write_file(name, _ReusedTemplate(template, self, context), context, *args, **kwargs)

    def _write_now(self, name, template, context, args, kwargs):
        return super().write_file(name, _ReusedTemplate(template, self, context), context, *args, **kwargs)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", override_output=False,
                   feed_title=None):
        """A feed whose items (with their bodies), title and address did not change is left as it is."""
        if not (state.enabled and path):
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        name = str(path).replace(os.sep, "/")
        try:
            items = elements[: self.settings["FEED_MAX_ITEMS"]]
            key = _hash(base_digest(context), "feed", name, str(url), feed_type, str(feed_title),
                        str(override_output), *(item_digest(item, full=True) for item in items))
        except Uncacheable:
            key = None
        before = state.previous.get(name)
        full_path = sanitised_join(self.output_path, path)
        if key is not None and before is not None and before[0] == key and full_path not in self._written_files:
            try:
                if os.path.getsize(full_path) == before[1]:
                    self._written_files.add(full_path)
                    state.produced[name] = [key, before[1], []]
                    state.stats.reused += 1
                    state.stats.unchanged += 1
                    return None
            except OSError:
                pass
        self.pending_key, self.pending_calls = key, []
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def write_deferred(self) -> None:
        jobs, self.deferred = list(self.deferred.values()), {}
        for job in jobs:
            self._write_now(*job)

    def _open_w(self, filename, encoding, override=False):
        # The same bookkeeping as Pelican's Writer._open_w, without truncating the file.
        if not state.enabled or filename == os.devnull:
            return super()._open_w(filename, encoding, override)
        if filename in self._overridden_files:
            if override:
                return super()._open_w(filename, encoding, override)  # raises
            logger.info('Skipping "%s", not overwriting', filename)
            # What the skipped render left for its file must not reach the next one.
            self.pending_key = self.pending_calls = self.pending_reuse = self.pending_job = None
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            return super()._open_w(filename, encoding, override)  # raises
        name = os.path.relpath(filename, self.output_path).replace(os.sep, "/")
        if override:
            self._overridden_files.add(filename)
            state.overridden.add(name)
        self._written_files.add(filename)
        key, self.pending_key = self.pending_key, None
        calls, self.pending_calls = self.pending_calls, None
        reuse, self.pending_reuse = self.pending_reuse, None
        job, self.pending_job = self.pending_job, None
        if reuse is not None:
            return _Reused(name, key, reuse, calls)
        if job is not None:
            return _Queued(filename, name, key, job)
        return _ChangedOnly(filename, name, key, calls)


# ---------------------------------------------------------------------------
# Signals


def configure(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    if settings["BUILD_CACHE"]:
        # Every generator has its own Jinja environment; compiled templates are shared
        # through a bytecode cache keyed on each template's source.
        folder = Path(settings["BUILD_CACHE_PATH"]) / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        jinja = dict(settings.get("JINJA_ENVIRONMENT") or {})
        jinja.setdefault("bytecode_cache", FileSystemBytecodeCache(str(folder)))
        settings["JINJA_ENVIRONMENT"] = jinja
    # Connected now, after every plugin registered: this reader replaces content_model's,
    # and the last clean-up runs after every other plugin has written its files.
    signals.readers_init.connect(use_cached_reader)
    signals.finalized.connect(remove_untouched)


def start_run(pelican) -> None:
    settings = pelican.settings
    state.reset(settings)
    if not state.enabled:
        return
    state.output = Path(pelican.output_path).resolve()
    state.folder = Path(settings.get("BUILD_CACHE_PATH") or DEFAULTS["BUILD_CACHE_PATH"])
    state.folder.mkdir(parents=True, exist_ok=True)
    state.known_globals = {id(settings)}
    state.previous = _load_manifest()
    workers = int(settings.get("BUILD_CACHE_WORKERS") or os.cpu_count() or 1)
    state.workers = workers
    state.parallel = workers > 1 and hasattr(os, "fork")
    started = time.perf_counter()
    markdown_store.prefetch(settings, state.folder, workers)
    logger.info("build_cache: Markdown ready in %.2f s (%d converted on %d cores, %d from cache)",
                time.perf_counter() - started, markdown_store.store.converted_in_pool, workers,
                len(markdown_store.store.entries) - markdown_store.store.added)


def _load_manifest() -> dict[str, list]:
    try:
        data = json.loads(state.manifest_path.read_text(encoding="utf-8"))
        pages = data["pages"] if data.get("format") == MANIFEST_FORMAT else {}
        state.previous_overridden = set(data.get("overridden", []))
    except (OSError, ValueError, KeyError, TypeError):
        pages = {}
    if not isinstance(pages, dict):
        pages = {}
    # Files a crashed build created: not to be reused, but to be removed if no longer made.
    try:
        for line in state.journal_path.read_text(encoding="utf-8").splitlines():
            if line and line not in pages:
                pages[line] = [None, -1]
    except OSError:
        pass
    return pages


def use_cached_reader(readers) -> None:
    if state.enabled and readers.reader_classes.get("md") is not None:
        readers.reader_classes["md"] = markdown_store.CachedMarkdownReader


def use_incremental_writer(pelican):
    state.phases["read"] = time.perf_counter()
    return IncrementalWriter if state.enabled else None


def note_context(generators) -> None:
    """The shared context is the same object on every page: digest it as one token."""
    state.phases["checked"] = time.perf_counter()
    if state.enabled and generators:
        state.known_globals.add(id(generators[0].context))


def note_statics(generator) -> None:
    # Read at the end: the embargo plugin takes files out of this list after this signal.
    state.static_generator = generator


def _static_names() -> set[str]:
    generator = state.static_generator
    if generator is None:
        return set()
    return {s.save_as for s in getattr(generator, "staticfiles", []) if isinstance(s, Static) and s.save_as}


def finish_run(pelican) -> None:
    """After a successful build: remove what it no longer makes, then remember what it made."""
    if not state.enabled:
        return
    if state.writer is not None:
        state.writer.write_deferred()
    render_queued(state.workers)
    # Errors logged while rendering the queued pages fail the build like any other.
    check_written(pelican)
    state.phases["written"] = time.perf_counter()
    state.statics = _static_names()
    produced = set(state.produced) | state.statics
    output = state.output
    for name in sorted(set(state.previous) - produced):
        path = output / name
        if path.is_file():
            path.unlink()
            state.stats.removed += 1
            logger.info("build_cache: removed %s, which this build no longer makes", name)
            _remove_empty_parents(path.parent, output)
    pages = dict(state.produced)
    for name in state.statics:
        pages.setdefault(name, [None, -1])
    temporary = state.manifest_path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"format": MANIFEST_FORMAT, "pages": pages,
                                     "overridden": sorted(state.overridden)}), encoding="utf-8")
    os.replace(temporary, state.manifest_path)
    _forget_old_manifests()
    state.journal_path.unlink(missing_ok=True)
    markdown_store.store.save()
    stats = state.stats
    logger.info("build_cache: %d pages rendered, %d reused; %d files written, %d unchanged, %d removed",
                stats.rendered, stats.reused, stats.written, stats.unchanged, stats.removed)


def keep(path) -> None:
    """For plugins that leave an unchanged output file alone: it is still part of this build.

    `path` is relative to the output folder, or absolute inside it.
    """
    path = Path(path)
    if path.is_absolute() and state.output is not None:
        try:
            path = path.resolve().relative_to(state.output)
        except ValueError:
            return
    state.kept.add(path.as_posix())


def remove_untouched(pelican) -> None:
    """Last of all: remove every output file this build did not write, copy or keep.

    Plugins write their files (calendars, images, social cards, search index)
    on every build, so a file of theirs that this build did not touch belongs
    to something that is gone or embargoed again. The inode change time tells:
    any write, copy or rename sets it. Pages left alone because their bytes
    did not change are known by name.
    """
    if not state.enabled or state.output is None or not state.output.is_dir():
        return
    state.phases["plugins"] = time.perf_counter()
    kept = set(state.produced) | state.statics | state.kept
    limit = int((state.started - CLOCK_SLACK) * 1e9)
    retained = set(state.settings.get("OUTPUT_RETENTION") or ())
    for folder, subfolders, files in os.walk(state.output):
        # Hidden folders (a .git of a deploy checkout) and OUTPUT_RETENTION are never touched.
        if folder == str(state.output):
            subfolders[:] = [f for f in subfolders if f not in retained]
            files = [f for f in files if f not in retained]
        subfolders[:] = [f for f in subfolders if not f.startswith(".")]
        for name in files:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, state.output).replace(os.sep, "/")
            if relative in kept:
                continue
            try:
                if os.lstat(path).st_ctime_ns < limit:
                    os.unlink(path)
                    state.stats.removed += 1
                    logger.info("build_cache: removed %s, which this build no longer makes", relative)
            except OSError:
                continue
    for folder, _subfolders, _files in os.walk(state.output, topdown=False):
        if folder != str(state.output) and not os.listdir(folder) and "/." not in folder:
            os.rmdir(folder)
    phases, last = [], state.phases["start"]
    for name in ("checked", "read", "written", "plugins"):
        if name in state.phases:
            phases.append(f"{name} +{state.phases[name] - last:.2f} s")
            last = state.phases[name]
    logger.info("build_cache: phases: read and checked content, %s", ", ".join(phases))


def _forget_old_manifests() -> None:
    """One manifest per output folder; test builds into temporary folders would pile them up."""
    manifests = sorted(state.folder.glob("pages-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in manifests[MAX_MANIFESTS:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".journal").unlink(missing_ok=True)


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(start_run)
    signals.get_writer.connect(use_incremental_writer)
    signals.all_generators_finalized.connect(note_context)
    signals.static_generator_finalized.connect(note_statics)
    signals.finalized.connect(finish_run)
