"""UI strings: every word of the interface lives in theme/strings/<lang>.yml.

`load_strings()` flattens one file to dotted keys (`countdown.today`);
`make_translator()` gives the `t("dotted.key", **values)` helper templates
use. An unknown key fails the build: no page shows a key instead of words.
There is one file per language (nl.yml, fr.yml, en.yml) with the same keys
(tests/test_strings.py); `language_translator()` reads the language of the
page being rendered (`kernel.languages.current()`) at every call.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import languages, state
from .datafiles import LOADER

STRINGS_FOLDER = "strings"
DEFAULT_LANG = "nl"


class MissingString(KeyError):
    """A template asked for a UI string that the strings file lacks."""


def strings_file(theme_path: str, lang: str = DEFAULT_LANG) -> Path:
    return Path(theme_path) / STRINGS_FOLDER / f"{lang}.yml"


def _flatten(tree: dict) -> dict[str, str]:
    flat: dict[str, str] = {}

    def walk(prefix: str, node) -> None:
        for key, value in node.items():
            dotted = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                walk(dotted, value)
            else:
                flat[dotted] = str(value)

    walk("", tree or {})
    return flat


_loaded = state.per_build({})


def load_strings(theme_path: str, lang: str = DEFAULT_LANG) -> dict[str, str]:
    """The strings of one language, read once per build."""
    path = strings_file(theme_path, lang)
    if path not in _loaded:
        with open(path, encoding="utf-8") as handle:
            _loaded[path] = _flatten(yaml.load(handle, Loader=LOADER))  # libyaml: 0.1 s less a language
    return _loaded[path]


def make_translator(strings: dict[str, str], source: str = f"theme/{STRINGS_FOLDER}/{DEFAULT_LANG}.yml"):
    def t(key: str, **values) -> str:
        try:
            text = strings[key]
        except KeyError:
            raise MissingString(f"UI string '{key}' is missing from {source}") from None
        return text.format(**values) if values else text

    return t


def language_translator(theme_path: str):
    """`t()` in the language of the page being rendered: one dictionary per language, read once per build."""
    translators = {code: make_translator(load_strings(theme_path, code), f"theme/{STRINGS_FOLDER}/{code}.yml")
                   for code in languages.LANGUAGES}

    def t(key: str, **values) -> str:
        return translators[languages.current().code](key, **values)

    return t
