"""UI strings: one dictionary per language, all with the same keys; t() follows the page's language."""

from __future__ import annotations

import re
import string

import pytest
from conftest import REPO

from kernel import languages
from kernel.strings import MissingString, language_translator, load_strings

THEME = REPO / "theme"
LANGS = list(languages.LANGUAGES)
# t("literal.key") in a template; keys built from variables are checked through the built site.
# Words that are the same in these languages (brand names, numbers and units).
SAME_EVERYWHERE = {"listings.count", "press.pixels", "campaign.place"}
TEMPLATE_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_-]+)+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [code for code in LANGS if code != languages.DEFAULT])
def test_every_language_has_every_key_with_the_same_placeholders(lang):
    dutch = load_strings(str(THEME), "nl")
    other = load_strings(str(THEME), lang)
    assert len(dutch) > 150
    assert sorted(set(dutch) - set(other)) == [], f"missing from theme/strings/{lang}.yml"
    assert sorted(set(other) - set(dutch)) == [], f"in theme/strings/{lang}.yml but not in nl.yml"
    wrong = [key for key in dutch if _placeholders(dutch[key]) != _placeholders(other[key])]
    assert wrong == [], f"placeholders differ from nl.yml in {lang}.yml"
    untranslated = [key for key in dutch if dutch[key] == other[key] and len(dutch[key]) > 12
                    and not key.startswith("share.") and key not in SAME_EVERYWHERE]
    assert untranslated == [], f"left in Dutch in {lang}.yml"


def test_every_key_a_template_names_exists():
    used = set()
    for template in sorted((THEME / "templates").rglob("*.html")):
        used |= set(TEMPLATE_KEY.findall(template.read_text(encoding="utf-8")))
    assert len(used) > 80
    for lang in LANGS:
        known = load_strings(str(THEME), lang)
        assert sorted(used - set(known)) == [], lang


def test_the_checker_finds_a_missing_key(tmp_path):
    (tmp_path / "strings").mkdir()
    for lang in LANGS:
        (tmp_path / "strings" / f"{lang}.yml").write_text("a:\n  b: x {n}\n" + ("  c: y\n" if lang == "nl" else ""),
                                                          encoding="utf-8")
    dutch, french = load_strings(str(tmp_path), "nl"), load_strings(str(tmp_path), "fr")
    assert sorted(set(dutch) - set(french)) == ["a.c"]


def test_t_follows_the_language_of_the_page_being_rendered():
    from jinja2 import Environment

    env = Environment()
    env.template_class = languages.LanguageTemplate
    env.globals["t"] = language_translator(str(THEME))
    template = env.from_string(
        "{{ t('release.notes') }}|{% macro m() %}{{ t('press.room_title') }}{% endmacro %}{{ m() }}")

    class Item:
        def __init__(self, lang):
            self.lang = lang

    assert template.render(article=Item("nl")) == "Noot voor de redactie|Persruimte"
    assert template.render(article=Item("fr")) == "Note à la rédaction|Espace presse"
    assert template.render(page=Item("en")) == "Notes to editors|Press room"
    assert template.render(page_lang="fr") == "Note à la rédaction|Espace presse"
    assert languages.current().code == "nl", "outside a render the language is Dutch again"
    with pytest.raises(MissingString, match=r"theme/strings/fr\.yml"):
        env.from_string("{{ t('geen.sleutel') }}").render(page_lang="fr")
