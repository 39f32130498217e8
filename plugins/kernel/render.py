"""Template globals with side effects, and recording what one render used.

Most template globals are pure. A few register something while a page is
rendered: `social_card()` registers the page's card. A page may be rendered
in a forked worker (production renders on every core), and in the preview a
page whose inputs did not change is not rendered at all; either way the
registration must still reach the main process. Such a global is wrapped
with `effect()`: while a recording is active its calls are kept, and the
writer replays them with `replay()` where they were lost.

Arguments of recorded calls must be picklable (strings, numbers, tuples).

`MemoryBytecodeCache` keeps compiled templates for the life of the process:
every generator has its own Jinja environment, and a preview makes new ones
for every build, but each template is compiled once (Jinja checks the source
checksum, so an edited template is compiled again).
"""

from __future__ import annotations

import functools
from contextlib import contextmanager

from jinja2 import BytecodeCache

_effects: dict[str, object] = {}
_recording: list | None = None


def effect(function):
    """Mark a template global whose calls must reach the main process."""
    key = f"{function.__module__}.{function.__qualname__}"
    _effects[key] = function

    @functools.wraps(function)
    def recorded(*args, **kwargs):
        if _recording is not None:
            _recording.append((key, args, kwargs))
        return function(*args, **kwargs)

    return recorded


@contextmanager
def recording():
    """Collect the effect calls made inside the block; yields the list they go into."""
    global _recording
    outer, calls = _recording, []
    _recording = calls
    try:
        yield calls
    finally:
        _recording = outer
        if outer is not None:
            outer.extend(calls)


def replay(calls) -> None:
    """Make recorded calls again, in the main process."""
    for key, args, kwargs in calls:
        _effects[key](*args, **kwargs)


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's documented bytecode cache interface, kept in memory."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


templates = MemoryBytecodeCache()
