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
