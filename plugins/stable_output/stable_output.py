"""Byte-identical output: tidies what other tools write in an unstable order.

Two clean builds of the same commit at the same clock must give the same bytes
(tests/test_reproducible.py), or every scheduled publish would push a change.
Our own code is deterministic; this plugin fixes what tools we call are not:

- Pagefind (plugins/search) writes its filter indexes (`pagefind/filter/*.pf_filter`)
  with the values of each filter in hash-map order, which differs per run, and
  names them (and the `pf_meta` file and `pagefind-entry.json` that point at
  them) after that content. Here each filter index is rewritten with its values
  sorted, renamed after a hash of the sorted content, and the references are
  updated. Pagefind fetches these files by name only, so the search works the same.
- With one index per language (plugins/search), `pagefind-entry.json` lists
  the languages in hash-map order too: they are written sorted.

Registered after `search` in PLUGINS: at `finalized` it adds its step to the
search plugin's background job, so it runs right after the index is written.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
from pathlib import Path

from pelican import signals

from kernel import background

logger = logging.getLogger(__name__)

SEARCH_JOB = "search.index"  # the search plugin's kernel.background job

PAGEFIND_MAGIC = b"pagefind_dcd"
FILTER_NAME = re.compile(r"^(?P<lang>.+)_(?P<hash>[0-9a-f]+)\.pf_filter$")
META_NAME = re.compile(r"^pagefind\.(?P<lang>.+)_(?P<hash>[0-9a-f]+)\.pf_meta$")


class StableOutputError(RuntimeError):
    """A Pagefind file is not in the format this plugin knows."""


# --- a minimal CBOR reader and writer (unsigned ints, byte and text strings, arrays, maps) ---

def _read_length(data: bytes, position: int) -> tuple[int, int, int]:
    initial = data[position]
    major, info = initial >> 5, initial & 0x1F
    position += 1
    if info < 24:
        return major, info, position
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise StableOutputError(f"unsupported CBOR item 0x{initial:02x}")
    return major, int.from_bytes(data[position:position + size], "big"), position + size


def cbor_decode(data: bytes, position: int = 0):
    """(value, next position): ints, bytes, str, list, and maps as list of (key, value) tuples in order."""
    major, length, position = _read_length(data, position)
    if major == 0:
        return length, position
    if major in (2, 3):
        chunk = data[position:position + length]
        return (chunk if major == 2 else chunk.decode("utf-8")), position + length
    if major in (4, 5):
        items = []
        for _ in range(length):
            if major == 4:
                item, position = cbor_decode(data, position)
            else:
                key, position = cbor_decode(data, position)
                value, position = cbor_decode(data, position)
                item = (key, value)
            items.append(item)
        return (items if major == 4 else _Map(items)), position
    raise StableOutputError(f"unsupported CBOR major type {major}")


class _Map(list):
    """A CBOR map kept as its (key, value) pairs."""


def _head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | info]) + length.to_bytes(size, "big")
    raise StableOutputError("CBOR length too large")


def cbor_encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise StableOutputError(f"unsupported value {value!r}")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(item) for item in value)
    raise StableOutputError(f"unsupported value {value!r}")


# --- Pagefind ---

def _read_pagefind(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(PAGEFIND_MAGIC):
        raise StableOutputError(f"{path}: not a Pagefind data file")
    value, end = cbor_decode(data, len(PAGEFIND_MAGIC))
    if end != len(data):
        raise StableOutputError(f"{path}: trailing bytes after the CBOR value")
    return value


def _write_pagefind(path: Path, payload: bytes) -> None:
    path.write_bytes(gzip.compress(PAGEFIND_MAGIC + payload, compresslevel=9, mtime=0))


def _sorted_filter(value):
    """A filter index is [name, [[value, [page numbers]], ...]]: sort the values."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and isinstance(value[1], list)):
        raise StableOutputError("unexpected Pagefind filter layout")
    entries = value[1]
    return [value[0], sorted(entries, key=lambda entry: cbor_encode(entry[0]))]


def _stable_meta(value, renamed: dict[str, str]):
    """The language's meta file lists its filters as [[name, file hash], ...] in hash-map order:
    point them at the renamed files and sort them by name."""
    if not isinstance(value, list):
        raise StableOutputError("unexpected Pagefind meta layout")
    stable = []
    for item in value:
        if (isinstance(item, list) and item
                and all(isinstance(e, list) and len(e) == 2 and e[1] in renamed for e in item)):
            item = sorted(([name, renamed[file]] for name, file in item), key=lambda e: cbor_encode(e[0]))
        stable.append(item)
    return stable


def _short_hash(payload: bytes, length: int) -> str:
    return hashlib.sha256(payload).hexdigest()[:length]


def stabilise_pagefind(bundle: Path) -> int:
    """Rewrite the Pagefind filter indexes in a stable order; returns how many files were renamed."""
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        match = FILTER_NAME.match(path.name)
        if not match:
            continue
        payload = cbor_encode(_sorted_filter(_read_pagefind(path)))
        old = f"{match['lang']}_{match['hash']}"
        new = f"{match['lang']}_{_short_hash(payload, len(match['hash']))}"
        path.unlink()
        _write_pagefind(bundle / "filter" / f"{new}.pf_filter", payload)
        renamed[old] = new
    entry_file = bundle / "pagefind-entry.json"
    entry_text = entry_file.read_text(encoding="utf-8") if entry_file.is_file() else ""
    for meta in sorted(bundle.glob("pagefind.*.pf_meta")):
        match = META_NAME.match(meta.name)
        if not match:
            continue
        payload = cbor_encode(_stable_meta(_read_pagefind(meta), renamed))
        old = f"{match['lang']}_{match['hash']}"
        new = f"{match['lang']}_{_short_hash(payload, len(match['hash']))}"
        meta.unlink()
        _write_pagefind(bundle / f"pagefind.{new}.pf_meta", payload)
        entry_text = entry_text.replace(f'"{old}"', f'"{new}"')
        renamed[old] = new
    if entry_file.is_file():
        entry = json.loads(entry_text)
        if isinstance(entry.get("languages"), dict):
            entry["languages"] = dict(sorted(entry["languages"].items()))
        entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(renamed)


def stabilise(pelican) -> None:
    """Once the search index is written (it is made in the background: kernel job "search.index")."""
    bundle = Path(pelican.settings["OUTPUT_PATH"]) / "pagefind"

    def tidy() -> None:
        if bundle.is_dir():
            count = stabilise_pagefind(bundle)
            logger.info("stable_output: %d Pagefind index file(s) written in a stable order", count)

    background.then(pelican.settings, SEARCH_JOB, tidy)


def register():
    signals.finalized.connect(stabilise)
