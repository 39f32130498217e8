"""content_model.typography gives exactly what Python-Markdown's smarty gives, in less time."""

from __future__ import annotations

import random

import markdown
import pytest
from conftest import CONTENT

EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.toc"]
OPTIONS = {"smart_angled_quotes": False}

# Pieces that exercise every smarty rule and the places where they meet Markdown's own syntax.
PIECES = ["'", '"', "-", "--", "---", ".", "...", " ", " ", "a", "s", "80", "x", "(", ")", "[", "]", "*", "`",
          "\n", "\n\n", "&", "<b>", "</b>", "_", "!", ",", "\\'", '\\"', "&nbsp;", "–", "—", "'s", "<<", ">>",
          "[link](https://example.org/'a')", "- ", "1. ", "> ", "    code", "'80s", "\"'", "'\""]


def parsers(smart_angled_quotes: bool = False) -> tuple[markdown.Markdown, markdown.Markdown]:
    options = {"smart_angled_quotes": smart_angled_quotes}
    smarty = markdown.Markdown(extensions=[*EXTENSIONS, "markdown.extensions.smarty"],
                               extension_configs={"markdown.extensions.smarty": options}, output_format="html")
    ours = markdown.Markdown(extensions=[*EXTENSIONS, "content_model.typography"],
                             extension_configs={"content_model.typography": options}, output_format="html")
    return smarty, ours


def generated_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def differences(texts: list[str], smart_angled_quotes: bool = False) -> list[tuple[str, str, str]]:
    smarty, ours = parsers(smart_angled_quotes)
    found = []
    for text in texts:
        smarty.reset()
        ours.reset()
        expected, got = smarty.convert(text), ours.convert(text)
        if expected != got:
            found.append((text, expected, got))
    return found


def test_the_real_content_converts_exactly_as_with_smarty():
    texts = [path.read_text(encoding="utf-8") for path in sorted(CONTENT.rglob("*.md"))]
    assert len(texts) > 20
    assert any("&rsquo;" in parsers()[1].convert(t) for t in texts), "the content has quotes to educate"
    assert differences(texts) == []


@pytest.mark.parametrize("angled", [False, True])
def test_generated_text_full_of_quotes_converts_exactly_as_with_smarty(angled):
    assert differences(generated_texts(1500, seed=11), smart_angled_quotes=angled)[:3] == []


def test_code_keeps_its_straight_quotes():
    _smarty, ours = parsers()
    html = ours.convert("Zeg \"ja\" -- of `\"nee\" -- 'toch'`.\n\n    'blok' -- \"code\"\n")
    assert "&ldquo;ja&rdquo; &ndash;" in html
    assert """<code>"nee" -- 'toch'</code>""" in html
    assert "<pre><code>'blok' -- \"code\"" in html


def test_the_site_uses_it():
    from conftest import REPO
    from pelican.settings import read_settings

    settings = read_settings(str(REPO / "pelicanconf.py"))
    configs = settings["MARKDOWN"]["extension_configs"]
    assert "content_model.typography" in configs and "markdown.extensions.smarty" not in configs
