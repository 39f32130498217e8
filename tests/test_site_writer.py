"""site_writer: the same bytes as Pelican's own writer, on one core or on several."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import build_site

import pelicanconf
import site_writer.site_writer as site_writer


def tree(output: Path) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(output.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def pelican_writer_tree(tmp_path_factory) -> dict[str, str]:
    """The real site written by Pelican's own Writer (site_writer left out of PLUGINS)."""
    plugins = [plugin for plugin in pelicanconf.PLUGINS if plugin is not site_writer_package()]
    output = tmp_path_factory.mktemp("pelican-writer") / "output"
    build_site(output, PLUGINS=plugins)
    return tree(output)


def site_writer_package():
    import site_writer as package

    return package


def test_our_writer_makes_what_pelicans_writer_makes(tmp_path, pelican_writer_tree):
    assert len([n for n in pelican_writer_tree if n.endswith(".html")]) > 40
    assert any(n.startswith("feeds/") for n in pelican_writer_tree)
    build_site(tmp_path / "output", SITE_WORKERS=1)
    ours = tree(tmp_path / "output")
    assert sorted(set(ours) ^ set(pelican_writer_tree)) == []
    assert [n for n in ours if ours[n] != pelican_writer_tree[n]] == []


def test_pages_rendered_on_several_cores_are_the_pages_rendered_on_one(tmp_path, monkeypatch, pelican_writer_tree):
    monkeypatch.setattr(site_writer, "MIN_PAGES_PER_WORKER", 1)  # fork even for the small real site
    forked = []
    original = site_writer.parallel.fork_map

    def counting(*args, **kwargs):
        forked.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(site_writer.parallel, "fork_map", counting)
    build_site(tmp_path / "output", SITE_WORKERS=3)
    assert forked and sum(forked) > 40, "the pages were rendered by forked workers"
    ours = tree(tmp_path / "output")
    assert [n for n in set(ours) | set(pelican_writer_tree) if ours.get(n) != pelican_writer_tree.get(n)] == []
    assert any(n.startswith("social/") for n in ours), "cards registered in workers are drawn"


def test_overriding_follows_pelicans_rules(tmp_path):
    from pelican.writers import FileOverwriteFailedError

    writer = site_writer.SiteWriter(str(tmp_path), settings={"PAGINATED_TEMPLATES": {}, "RELATIVE_URLS": False})
    writer.write_file("a.html", None, {}, override_output=False)
    writer.write_file("a.html", "override", {}, override_output=True)
    writer.write_file("a.html", "ignored", {}, override_output=False)
    assert writer.queue[str(tmp_path / "a.html")].template == "override"
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("a.html", None, {}, override_output=True)
    writer.write_file("b.html", None, {})
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("b.html", None, {})
