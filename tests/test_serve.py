"""`make serve`: the live-reload script the server injects is allowed by the page's CSP."""

from __future__ import annotations

import base64
import hashlib
import inspect
import re

import livereload.server
from bs4 import BeautifulSoup

import tasks


def test_the_hashed_script_is_the_one_livereload_injects():
    source = inspect.getsource(livereload.server)
    template = "".join(re.findall(r"'(.*?)'\s*$", source.split("live_script = (", 1)[1].split(")\n", 1)[0], re.M))
    default_port = "(window.location.port || (window.location.protocol == 'https:' ? 443: 80))"
    injected = template.replace("%s", default_port)
    inner = re.fullmatch(r'<script type="text/javascript">(.*)</script>', injected).group(1)
    expected = "sha256-" + base64.b64encode(hashlib.sha256(inner.encode()).digest()).decode()
    assert tasks.livereload_script_hash() == expected


def test_preview_pages_carry_the_extra_script_source_only_when_asked(tmp_path):
    from conftest import build_site

    content = tmp_path / "content" / "pages"
    content.mkdir(parents=True)
    (content / "p.md").write_text("title: P\nslug: p\nsummary: S.\n\nTekst.\n", encoding="utf-8")
    plain = build_site(tmp_path / "plain", content=tmp_path / "content")
    assert "sha256-" not in (plain / "p" / "index.html").read_text(encoding="utf-8")
    served = build_site(tmp_path / "served", content=tmp_path / "content",
                        CSP_SCRIPT_EXTRA=f"'{tasks.livereload_script_hash()}'")
    soup = BeautifulSoup((served / "p" / "index.html").read_text(encoding="utf-8"), "lxml")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert f"script-src 'self' '{tasks.livereload_script_hash()}';" in csp
