"""What changed between two builds of the preview, and what the next build must redo."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Editors and tools leave these next to the files they save.
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".part", ".crdownload")
IGNORED_PREFIXES = (".#", "#", ".~")
MARKDOWN = ".md"


@dataclass
class ChangeSet:
    """One batch of edits, sorted into what each means for the build."""

    markdown: set[str] = field(default_factory=set)  # absolute paths of edited, added or removed .md files
    other_content: bool = False  # a data file, an image, a download changed
    added_or_removed: bool = False  # ... and one of them was added or removed
    theme: bool = False
    settings: bool = False  # pelicanconf.py: settings are read again
    code: bool = False  # our plugins or the preview itself: the process starts again

    @property
    def empty(self) -> bool:
        return not (self.markdown or self.other_content or self.theme or self.settings or self.code)

    @property
    def everything(self) -> bool:
        """Whether every page must be rendered again (something other than Markdown changed)."""
        return self.other_content or self.theme or self.settings

    def merge(self, other: ChangeSet) -> None:
        self.markdown |= other.markdown
        for name in ("other_content", "added_or_removed", "theme", "settings", "code"):
            setattr(self, name, getattr(self, name) or getattr(other, name))


def ignored(path: Path) -> bool:
    name = path.name
    return (name.endswith(IGNORED_SUFFIXES) or name.startswith(IGNORED_PREFIXES)
            or "__pycache__" in path.parts or name.endswith((".pyc", ".pyo")))


def classify(events, *, content: Path, theme: Path, settings_file: Path, code: tuple[Path, ...]) -> ChangeSet:
    """events: (kind, path) pairs, kind 'added', 'modified' or 'deleted' (watchfiles' Change names)."""
    found = ChangeSet()
    content, theme = content.resolve(), theme.resolve()
    for kind, raw in events:
        path = Path(raw).resolve()
        if ignored(path):
            continue
        if path == settings_file.resolve():
            found.settings = True
        elif any(path == root or root in path.parents for root in code):
            found.code = True
        elif theme in path.parents:
            found.theme = True
        elif content in path.parents:
            relative = path.relative_to(content)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if path.suffix == MARKDOWN:
                found.markdown.add(str(path))
            else:
                found.other_content = True
                if kind in ("added", "deleted") or not path.exists():
                    found.added_or_removed = True
    return found
