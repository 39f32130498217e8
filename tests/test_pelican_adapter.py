"""kernel.pelican_adapter: each reliance on Pelican's inner workings, pinned for the version in requirements.txt."""

from __future__ import annotations

import re

import pelican
from conftest import REPO, build_site

from kernel import pelican_adapter


def test_the_pinned_pelican_version_is_the_one_installed():
    pinned = re.search(r"^pelican==(\S+)$", (REPO / "requirements.txt").read_text(), re.MULTILINE).group(1)
    assert pelican.__version__ == pinned


def test_pelican_looks_up_taxonomy_members_with_in_and_our_lists_answer_quickly(tmp_path, monkeypatch):
    """Pelican's tag, category and author pages test `article in articles`: our lists answer that from a set."""
    calls = []
    original = pelican_adapter.MembershipList.__contains__

    def counted(self, item):
        calls.append(1)
        return original(self, item)

    monkeypatch.setattr(pelican_adapter.MembershipList, "__contains__", counted)
    content = tmp_path / "content" / "persberichten"
    content.mkdir(parents=True)
    for number in range(3):
        (content / f"2026-01-0{number + 1}-r{number}.md").write_text(
            f"title: R{number}\ndate: 2026-01-0{number + 1}\nslug: r{number}\nsummary: S.\ntags: opvang\n\nTekst.\n",
            encoding="utf-8")
    build_site(tmp_path / "out", content=tmp_path / "content")
    assert calls, "Pelican no longer tests membership in the taxonomy lists: fast_membership can go"
    listing = (tmp_path / "out" / "onderwerpen" / "opvang" / "index.html").read_text(encoding="utf-8")
    assert all(f">R{n}<" in listing for n in range(3))


def test_a_membership_list_is_the_same_list():
    items = [object(), object()]
    wrapped = pelican_adapter.MembershipList(items)
    assert wrapped == items and list(wrapped) == items
    assert items[0] in wrapped and object() not in wrapped


def _articles(specs, folder="/c"):
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    settings = dict(DEFAULT_CONFIG, DEFAULT_LANG="nl")
    return [Article("x", metadata={"title": f"{slug} {lang}", "slug": slug, "lang": lang, **extra},
                    settings=settings, source_path=f"{folder}/{slug}-{lang}-{n}.md")
            for n, (slug, lang, extra) in enumerate(specs)]


def test_grouped_translations_are_pelicans_own_result(caplog):
    """Same originals, translations, order, `translations` attributes and warnings as Pelican's function."""
    from pelican import generators, utils

    import kernel

    kernel.register()  # as every build does
    specs = [("b", "fr", {}), ("a", "nl", {}), ("b", "nl", {}), ("c", "en", {}), ("a", "en", {}),
             ("d", "nl", {}), ("d", "nl", {}), ("e", "nl", {"translation": "true"}), ("e", "fr", {}),
             ("a", "fr", {})]
    assert generators.process_translations is pelican_adapter.group_translations, "installed at register()"
    results = []
    # Each run in a folder of its own: Pelican's log drops a warning it has given before.
    for folder, function in (("/pelican", utils.process_translations), ("/ours", pelican_adapter.group_translations)):
        items = _articles(specs, folder)
        caplog.clear()
        index, translations = function(items, "slug")

        def name(item, folder=folder):
            return item.source_path.removeprefix(folder)

        results.append(([name(a) for a in items], [name(a) for a in index], [name(a) for a in translations],
                        {name(a): sorted(map(name, a.translations)) for a in items},
                        sorted(r.getMessage().replace(folder + "/", "/") for r in caplog.records)))
    assert results[0] == results[1]
    assert results[0][2], "the sample has translations"
    assert results[0][4], "the sample makes Pelican warn (two originals of 'd')"


def test_grouped_translations_keep_pelicans_errors():
    import pytest

    with pytest.raises(AttributeError, match="translation_id"):
        pelican_adapter.group_translations(_articles([("a", "nl", {})]), "missing_attribute")
