"""build_cache: a rebuild into the same output with the same caches is never stale.

Each scenario builds into one output folder with one cache folder, changes
something, builds again, and compares with what a clean build (new output,
empty caches) of the same content at the same clock makes. The embargo
scenario (tests/scenarios/embargo/) proves that an item whose embargo holds
again leaves no trace in a kept output folder, and that one whose embargo
lifts appears everywhere, with warm caches.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import build_site
from test_embargo import AFTER, BEFORE, RELEASE, TOKEN, leaks, scenario_content

import build_cache.build_cache as build_cache
from build_cache import markdown_store
from validation.validation import ContentError

# Pagefind names its index files by a hash of the whole index; compared separately.
UNSTABLE = ("pagefind/",)


def tree(output: Path) -> dict[str, str]:
    return {
        path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file() and not path.relative_to(output).as_posix().startswith(UNSTABLE)
    }


def differences(one: dict[str, str], other: dict[str, str]) -> list[str]:
    return sorted(name for name in set(one) | set(other) if one.get(name) != other.get(name))


class Site:
    """One content folder, one kept output folder, one cache folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = scenario_content(root)
        self.output = root / "output"
        self.cache = root / "cache"
        self.clean_builds = 0

    def build(self, now: str) -> dict[str, str]:
        build_site(self.output, content=self.content, now=now, BUILD_CACHE_PATH=str(self.cache))
        return tree(self.output)

    def clean(self, now: str) -> dict[str, str]:
        """What a build from nothing makes of the same content at the same clock."""
        self.clean_builds += 1
        output = self.root / f"clean-{self.clean_builds}"
        build_site(output, content=self.content, now=now,
                   BUILD_CACHE_PATH=str(self.root / f"cache-clean-{self.clean_builds}"))
        return tree(output)

    def page(self, url: str) -> str:
        return (self.output / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


def test_a_warm_rebuild_reuses_pages_and_changes_nothing(site):
    first = site.build(AFTER)
    assert build_cache.state.stats.rendered > 10
    (site.output / ".git").mkdir()
    (site.output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")  # a deploy checkout
    first[".git/HEAD"] = hashlib.sha256(b"ref: refs/heads/gh-pages\n").hexdigest()
    second = site.build(AFTER)
    stats = build_cache.state.stats
    assert second == first
    assert stats.written == 0, "a build with nothing changed rewrites no file"
    assert stats.reused > stats.rendered, stats
    assert markdown_store.store.hits > 0


def test_a_warm_rebuild_of_the_real_site_keeps_every_file(tmp_path):
    """Every plugin's files survive a rebuild into the kept output (members, images, cards, search)."""
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(output, BUILD_CACHE_PATH=str(cache))
    first = tree(output)
    build_site(output, BUILD_CACHE_PATH=str(cache))
    assert build_cache.state.stats.reused > 0
    assert differences(tree(output), first) == []
    assert sorted(p.relative_to(output).as_posix() for p in (output / "pagefind").rglob("*")) \
        and (output / "pagefind" / "pagefind-entry.json").is_file()


def test_a_warm_rebuild_keeps_the_later_pages_of_an_overridden_paginated_listing(tmp_path):
    """/persberichten/ is the press room over page 1 of Pelican's paginated category listing:
    a warm rebuild must still write pagina/2/ and later, exactly as a clean build does."""
    paging = {"PAGINATED_TEMPLATES": {"category": 2, "tag": 2, "author": 1}}
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(output, BUILD_CACHE_PATH=str(cache), **paging)
    build_site(output, BUILD_CACHE_PATH=str(cache), **paging)
    build_site(tmp_path / "clean", BUILD_CACHE_PATH=str(tmp_path / "cache-clean"), **paging)
    assert (output / "persberichten" / "pagina" / "2" / "index.html").is_file()
    assert differences(tree(output), tree(tmp_path / "clean")) == []


def test_pages_rendered_on_all_cores_are_the_pages_rendered_on_one(tmp_path, monkeypatch):
    monkeypatch.setattr(build_cache, "MIN_PAGES_PER_WORKER", 1)  # fork even for the small real site
    build_site(tmp_path / "parallel", BUILD_CACHE_PATH=str(tmp_path / "cache-parallel"), BUILD_CACHE_WORKERS=3)
    assert build_cache.state.stats.rendered > 20
    build_site(tmp_path / "serial", BUILD_CACHE_PATH=str(tmp_path / "cache-serial"), BUILD_CACHE_WORKERS=1)
    parallel, serial = tree(tmp_path / "parallel"), tree(tmp_path / "serial")
    assert differences(parallel, serial) == []
    assert any(name.startswith("social/") for name in parallel), "cards registered in workers are drawn"


def test_a_changed_body_reaches_its_page_and_nothing_else_goes_stale(site):
    site.build(AFTER)
    source = site.content / "opinie" / "2026-02-01-openbaar.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEen nieuwe zin voor de cachetest.\n",
                      encoding="utf-8")
    rebuilt = site.build(AFTER)
    assert build_cache.state.stats.reused > 0
    assert any("Een nieuwe zin voor de cachetest." in (site.output / name).read_text(encoding="utf-8")
               for name in rebuilt if name.startswith("opinie/") and name.endswith(".html"))
    assert differences(rebuilt, site.clean(AFTER)) == []


def test_a_changed_title_reaches_every_listing(site):
    site.build(AFTER)
    source = site.content / "opinie" / "2026-02-01-openbaar.md"
    text = source.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.MULTILINE).group(1)
    source.write_text(text.replace(f"title: {title}", "title: Een gloednieuwe titel"), encoding="utf-8")
    rebuilt = site.build(AFTER)
    showing = [name for name in rebuilt if name.endswith((".html", ".xml"))
               and "Een gloednieuwe titel" in (site.output / name).read_text(encoding="utf-8")]
    assert len(showing) >= 3, showing  # its page, the opinion listing, the home page, feeds
    assert not [name for name in rebuilt if name.endswith(".html")
                and f">{title}<" in (site.output / name).read_text(encoding="utf-8")]
    assert differences(rebuilt, site.clean(AFTER)) == []


def test_an_embargo_that_holds_again_leaves_no_trace_in_the_kept_output(site):
    lifted = site.build(AFTER)
    assert f"{RELEASE.strip('/')}/index.html" in lifted
    held = site.build(BEFORE)
    assert f"{RELEASE.strip('/')}/index.html" not in held
    assert leaks(site.output, TOKEN) == []
    assert differences(held, site.clean(BEFORE)) == []


def test_an_embargo_that_lifts_appears_everywhere_with_warm_caches(site):
    held = site.build(BEFORE)
    assert leaks(site.output, TOKEN) == []
    site.build(BEFORE)  # warm: the caches know every page of the embargoed state
    lifted = site.build(AFTER)
    assert TOKEN in site.page(RELEASE)
    assert TOKEN in site.page("/persberichten/")
    assert differences(lifted, site.clean(AFTER)) == []
    assert lifted != held


def test_a_build_that_fails_validation_leaves_the_previous_site_untouched(site):
    before = site.build(AFTER)
    broken = site.content / "opinie" / "2026-02-01-openbaar.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("date:", "date: 2026-13-45\nstray:", 1),
                      encoding="utf-8")
    with pytest.raises(ContentError):
        site.build(AFTER)
    assert tree(site.output) == before


def test_the_markdown_store_is_keyed_on_text_and_settings(tmp_path):
    settings = {"MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html"}}
    other = {"MARKDOWN": {"extension_configs": {}, "output_format": "html"}}
    assert markdown_store.store_name(settings) != markdown_store.store_name(other)
    assert markdown_store.text_digest("a") != markdown_store.text_digest("b")
