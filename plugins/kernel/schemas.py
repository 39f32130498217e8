"""What the team writes, as the plugins that read it describe it.

- content types: `content_model` announces its schema (one `ContentType` per
  folder, with its `Field`s) when it is registered;
- data files: `datafiles.read_records()` describes every file it reads with
  its `Key`s, and a plugin with a reader of its own (members) describes its file
  with `describe_data_file()`.

Tools that show the content to the team read it here without importing those
plugins: the web editor's configuration (plugins/admin) is generated from it.
The descriptions are code, the same in every build: they are kept for the process.
"""

from __future__ import annotations

from dataclasses import dataclass

_content_types: dict = {}
_data_files: dict[str, DataFileDescription] = {}


@dataclass(frozen=True)
class DataFileDescription:
    """content/data/<filename>: a list of entries with these keys; `label` is the key that names an entry."""

    filename: str
    keys: tuple
    label: str = "name"


def announce_content_types(types: dict) -> None:
    """The content schema: folder -> ContentType (plugins/content_model/schema.py)."""
    _content_types.clear()
    _content_types.update(types)


def content_types() -> dict:
    return dict(_content_types)


def describe_data_file(filename: str, keys, label: str = "name") -> None:
    _data_files[filename] = DataFileDescription(filename, tuple(keys), label)


def data_files() -> dict[str, DataFileDescription]:
    return dict(_data_files)
