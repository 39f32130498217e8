"""The third-party scanner (sitechecks.third_party) that `invoke publish` and `invoke check` run.

It must find every way a page makes the browser contact another origin, and
leave alone what is not a request (links a reader follows, canonical links,
JSON-LD data, our own host).
"""

from __future__ import annotations

from sitechecks.third_party import find_third_party_requests

OWN = "https://www.vluchtelingenwerk.be"


def test_every_kind_of_third_party_request_is_found(tmp_path):
    (tmp_path / "index.html").write_text(
        """<!DOCTYPE html><html lang="nl"><head>
        <link rel="stylesheet" href="https://fonts.example.net/css">
        <link rel="preconnect" href="https://cdn.example.net">
        <script src="//cdn.example.net/lib.js"></script>
        <script>fetch("https://api.example.net/count")</script>
        <style>body{background:url(https://img.example.net/bg.png)}</style>
        </head><body>
        <img src="https://img.example.net/a.jpg" alt="a">
        <img src="/ok.jpg" srcset="/ok.jpg 1x, https://img.example.net/b.jpg 2x" alt="b">
        <iframe src="https://video.example.net/embed/1" title="v"></iframe>
        <p style="background-image:url('https://img.example.net/c.png')">x</p>
        <form action="https://forms.example.net/send"></form>
        </body></html>""",
        encoding="utf-8",
    )
    (tmp_path / "site.css").write_text("@import 'https://fonts.example.net/x.css';", encoding="utf-8")
    (tmp_path / "app.js").write_text("fetch('https://track.example.net/pixel');", encoding="utf-8")
    found = {(r.file, r.url) for r in find_third_party_requests(tmp_path, OWN)}
    assert found == {
        ("/index.html", "https://fonts.example.net/css"),
        ("/index.html", "https://cdn.example.net"),
        ("/index.html", "//cdn.example.net/lib.js"),
        ("/index.html", "https://api.example.net/count"),
        ("/index.html", "https://img.example.net/bg.png"),
        ("/index.html", "https://img.example.net/a.jpg"),
        ("/index.html", "https://img.example.net/b.jpg"),
        ("/index.html", "https://video.example.net/embed/1"),
        ("/index.html", "https://img.example.net/c.png"),
        ("/index.html", "https://forms.example.net/send"),
        ("/site.css", "https://fonts.example.net/x.css"),
        ("/app.js", "https://track.example.net/pixel"),
    }


def test_links_data_and_our_own_host_are_not_requests(tmp_path):
    (tmp_path / "index.html").write_text(
        """<!DOCTYPE html><html lang="nl"><head>
        <link rel="canonical" href="https://www.vluchtelingenwerk.be/">
        <link rel="alternate" type="application/atom+xml" href="https://www.vluchtelingenwerk.be/feeds/alles.atom.xml">
        <link rel="stylesheet" href="https://www.vluchtelingenwerk.be/theme/css/site.css">
        <script type="application/ld+json">{"@context": "https://schema.org"}</script>
        </head><body>
        <a href="https://www.example.net/rapport">een rapport elders</a>
        <a href="mailto:pers@example.org">mail</a>
        <img src="/theme/img/logo.svg" alt="logo">
        </body></html>""",
        encoding="utf-8",
    )
    (tmp_path / "share.js").write_text(
        '// "https://mastodon.social/" -> "mastodon.social"\n'
        'var base = new URL(path, "https://example.com");\n'
        'var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");\n',
        encoding="utf-8",
    )
    assert find_third_party_requests(tmp_path, OWN) == []
