"""One Pelican object for a whole preview session; a build per batch of edits."""

from __future__ import annotations

import gc
import logging
import shutil
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from kernel import background, output, preview
from kernel.preview import hints
from kernel.problems import ContentError, Problem, problem_log
from kernel.settings import INCREMENTAL

from .changes import ChangeSet

logger = logging.getLogger(__name__)


@dataclass
class BuildResult:
    number: int
    ok: bool
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    error: str = ""


class PreviewSite:
    """Builds `content` into `output` with `settings_file`, keeping everything it can between builds."""

    def __init__(self, settings_file: Path, content: Path, output_path: Path, overrides: dict | None = None):
        self.settings_file = Path(settings_file)
        self.content = Path(content)
        self.output = Path(output_path)
        self.overrides = dict(overrides or {})
        self.pelican: Pelican | None = None
        self.builds = 0
        self.last: BuildResult | None = None
        self.quick: list[str] = []  # files the last build's quick body edit wrote before it started

    def _load(self) -> None:
        override = {
            "PATH": str(self.content),
            "OUTPUT_PATH": str(self.output),
            INCREMENTAL: True,
            # The preview removes what it no longer makes (kernel.output); it never empties the folder.
            "DELETE_OUTPUT_DIRECTORY": False,
            "SITE_FRESH_OUTPUT": False,
            **self.overrides,
        }
        self.pelican = Pelican(read_settings(str(self.settings_file), override=override))

    @property
    def settings(self) -> dict:
        return self.pelican.settings

    def start(self) -> BuildResult:
        """The first build, into an emptied output folder."""
        if self.output.exists():
            shutil.rmtree(self.output)
        self.output.mkdir(parents=True)
        self._load()
        return self._build(changed=set(), everything=True, reread=True)

    def build(self, changes: ChangeSet) -> BuildResult:
        """The build after a batch of edits; an edit of an item's text alone is shown before it starts."""
        self.quick = []
        if self.last is not None and self.last.ok and changes.markdown and not changes.everything:
            for path in sorted(changes.markdown):
                if Path(path).is_file():
                    shown = preview.quick_edit(self.settings, path)
                    if shown:
                        self.quick += shown
                        preview.notices.done(shown)
        if changes.settings:
            self._load()
        return self._build(changed=changes.markdown, everything=changes.everything or self._failed(),
                           reread=changes.added_or_removed or changes.settings)

    def _failed(self) -> bool:
        return self.last is not None and not self.last.ok and not self.last.problems

    def _build(self, *, changed: set[str], everything: bool, reread: bool) -> BuildResult:
        self.builds += 1
        hints.changed, hints.everything, hints.reread = set(changed), everything, reread
        started = time.perf_counter()
        try:
            self.pelican.run()
            result = BuildResult(self.builds, True, time.perf_counter() - started)
        except ContentError:
            result = BuildResult(self.builds, False, time.perf_counter() - started, problems=problem_log.sorted())
        except Exception:  # a template or plugin error: shown in the browser and the terminal
            logger.exception("preview: build %d failed", self.builds)
            result = BuildResult(self.builds, False, time.perf_counter() - started, error=traceback.format_exc())
        finally:
            hints.reset()
        self.last = result
        return result

    def run_deferred(self) -> None:
        """Work the build left for later (the search index): run once the changed pages are served."""
        background.run_deferred()
        tidy_memory()

    def file_for(self, relative: str) -> Path | None:
        """The file served at `relative` (below the site root): from a cache, or from the output folder."""
        cached = output.served(self.output, relative)
        if cached is not None and cached.is_file():
            return cached
        path = self.output / relative
        return path if path.is_file() else None

    def served_tree(self) -> dict[str, Path]:
        """Every file the preview serves: what the output folder holds, and the cache files it serves."""
        files = {p.relative_to(self.output).as_posix(): p for p in self.output.rglob("*") if p.is_file()}
        for relative in output.produced_by_cache(self.output):
            files[relative] = output.served(self.output, relative)
        return files


def tidy_memory() -> None:
    """Collect garbage while the editor reads, then freeze what is left (the site held in memory).

    The next rebuild's collections then look only at the objects that rebuild makes: a full
    collection over the whole site took 0.2 to 0.5 s of each rebuild at 2,000 items
    (docs/performance.md). What a rebuild drops is collected here, after the next one.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
