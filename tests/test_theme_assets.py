"""plugins/theme_assets: the theme's stylesheets are shipped minified; the sources keep their comments."""

from __future__ import annotations

import rcssmin
from conftest import REPO

SOURCES = REPO / "theme" / "static" / "css"


def test_every_stylesheet_is_shipped_minified(site):
    shipped = sorted((site.output / "theme" / "css").glob("*.css"))
    assert len(shipped) >= 5, shipped
    for path in shipped:
        source = (SOURCES / path.name).read_text(encoding="utf-8")
        assert "/*" in source, f"{path.name}: the source keeps its comments"
        text = path.read_text(encoding="utf-8")
        assert text == rcssmin.cssmin(source), path.name
        assert "/*" not in text and len(text) < len(source), path.name


def test_minifying_changes_nothing_but_comments_and_spacing():
    source = ("/* why */\n.vw-a  {  color : red ;\n  margin: 0 auto; }\n"
              "@media (min-width: 56rem) { .vw-b { gap: 1rem } }\n")
    assert rcssmin.cssmin(source) == ".vw-a{color:red;margin:0 auto}@media (min-width:56rem){.vw-b{gap:1rem}}"
