"""What the preview server tells the plugins before a build, and what they tell it back.

The preview (`invoke serve`, preview/) keeps one Pelican object and runs a
build per batch of edits, with SITE_INCREMENTAL set. Before each build it
fills `hints`; during the build the writer reports through `notices`:

- `hints.changed`: the source files edited since the last build (their own
  pages are rendered first);
- `hints.everything`: something other than a Markdown file changed (a data
  file, an image, a template): every page is rendered again;
- `hints.reread`: a file other than Markdown was added or removed below
  content/: every item is read again (what its checks find may differ);
- `notices.planned(paths)`: the output files this build will write or
  remove, known before the first is rendered; until each is done the
  server holds requests for it;
- `notices.done(paths)`: those files are now up to date.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Hints:
    changed: set[str] = field(default_factory=set)
    everything: bool = True
    reread: bool = False

    def reset(self) -> None:
        self.changed = set()
        self.everything = True
        self.reread = False


class Notices:
    """Callbacks the server sets; they do nothing outside a preview."""

    def __init__(self) -> None:
        self.on_planned = None
        self.on_done = None

    def planned(self, paths) -> None:
        if self.on_planned is not None:
            self.on_planned(set(paths))

    def done(self, paths) -> None:
        if self.on_done is not None:
            self.on_done(set(paths))


hints = Hints()
notices = Notices()
