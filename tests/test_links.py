"""Every internal link, image and #anchor of the built site resolves."""

from __future__ import annotations

from sitechecks.links import find_broken_links


def test_every_internal_link_resolves(site):
    broken = find_broken_links(site.output)
    assert not broken, "\n".join(map(str, broken))


def test_the_checker_finds_what_is_broken(tmp_path):
    """The gate itself must be able to fail: a missing page, image and anchor are reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<!DOCTYPE html><html><body><h1 id="top">A</h1>'
        '<a href="/a/#top">ok</a><a href="/b/">missing page</a><a href="#nergens">missing anchor</a>'
        '<img src="/img/x.png" alt="x"><img srcset="/img/y.png 1x, /a/ 2x" alt="y">'
        '<a href="https://example.org/elders">external</a><a href="mailto:pers@example.org">mail</a>'
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "site.css").write_text("body{background:url('/img/bg.png')}", encoding="utf-8")
    broken = {(b.page, b.target) for b in find_broken_links(tmp_path)}
    assert broken == {
        ("/a/index.html", "/b/"),
        ("/a/index.html", "#nergens"),
        ("/a/index.html", "/img/x.png"),
        ("/a/index.html", "/img/y.png"),
        ("/site.css", "/img/bg.png"),
    }


def test_links_on_the_own_domain_count_as_internal(tmp_path):
    (tmp_path / "index.html").write_text(
        '<a href="https://www.vluchtelingenwerk.be/weg/">own domain</a>', encoding="utf-8"
    )
    broken = find_broken_links(tmp_path, siteurl="https://www.vluchtelingenwerk.be")
    assert [b.target for b in broken] == ["https://www.vluchtelingenwerk.be/weg/"]
