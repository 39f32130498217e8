"""The in-memory preview: after any sequence of edits it serves exactly what a clean build makes.

One PreviewSite (preview/site.py) per scenario keeps its Pelican object, items
and page records between builds, as `invoke serve` does. After each edit the
served site (the output folder, and the images and cards it serves from their
caches) is compared file by file with a clean build of the same sources at the
same clock, search index included.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, FIXED_NOW, GENERATED_IMAGE_CACHES, REPO, _test_cache, build_site
from test_embargo import AFTER, BEFORE, RELEASE, TOKEN, leaks, scenario_content

import site_writer.site_writer as site_writer
from preview.changes import ChangeSet
from preview.site import PreviewSite


def digest_tree(files: dict[str, Path]) -> dict[str, str]:
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in sorted(files.items())}


def output_tree(output: Path) -> dict[str, str]:
    return digest_tree({p.relative_to(output).as_posix(): p for p in output.rglob("*") if p.is_file()})


def differences(one: dict[str, str], other: dict[str, str]) -> list[str]:
    return sorted(name for name in set(one) | set(other) if one.get(name) != other.get(name))


class Preview:
    """A preview of one content folder, and clean builds to hold it against."""

    def __init__(self, root: Path, content: Path, now: str = FIXED_NOW, settings_file: Path | None = None,
                 **overrides) -> None:
        self.root, self.content, self.now = root, content, now
        self.settings_file = settings_file or REPO / "pelicanconf.py"
        self.overrides = {**self.caches(), **overrides}
        self.site = PreviewSite(self.settings_file, content, root / "served", {"SITE_NOW": now, **self.overrides})
        self.cleans = 0

    @staticmethod
    def caches() -> dict:
        return {f"{name}_CACHE_PATH": str(_test_cache() / name.lower()) for name in GENERATED_IMAGE_CACHES}

    def start(self):
        result = self.site.start()
        assert result.ok, (result.problems, result.error)
        return result

    def edit(self, path: Path | None = None, text: str | None = None, *, remove: bool = False, **kinds):
        """Change a file as an editor would and build, as the watcher would after it."""
        changes = ChangeSet(**kinds)
        if path is not None:
            if remove:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            if path.suffix == ".md":
                changes.markdown.add(str(path))
            elif not kinds:
                changes.other_content = True
                changes.added_or_removed = remove
        result = self.site.build(changes)
        return result

    def served(self) -> dict[str, str]:
        self.site.run_deferred()
        return digest_tree(self.site.served_tree())

    def clean(self) -> dict[str, str]:
        self.cleans += 1
        output = self.root / f"clean-{self.cleans}"
        build_site(output, content=self.content, now=self.site.settings.get("SITE_NOW") or self.now,
                   settings_file=str(self.settings_file), **self.overrides)
        return output_tree(output)

    def assert_equal_to_clean(self) -> None:
        served = self.served()
        assert len(served) > 20
        clean = self.clean()
        assert differences(served, clean) == [], [(n, n in served, n in clean) for n in differences(served, clean)]

    def page(self, url: str) -> str:
        found = self.site.file_for(url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
        return found.read_text(encoding="utf-8") if found else ""


def rendered() -> list[str]:
    return site_writer.last_flush.get("rendered", [])


@pytest.fixture
def real(tmp_path) -> Preview:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    preview = Preview(tmp_path, content)
    preview.start()
    return preview


def release(preview: Preview) -> Path:
    return sorted((preview.content / "persberichten").glob("*.md"))[-1]


def test_a_build_with_nothing_changed_renders_nothing(real):
    assert real.edit().ok
    assert rendered() == []
    real.assert_equal_to_clean()


def test_a_body_edit_renders_its_page_and_feeds_only(real):
    source = release(real)
    result = real.edit(source, source.read_text(encoding="utf-8") + "\nEen nieuwe zin voor de preview.\n")
    assert result.ok
    pages = [name for name in rendered() if name.endswith(".html")]
    assert len(pages) == 1 and pages[0].startswith("persberichten/")
    assert all(name.startswith("feeds/") for name in rendered() if name not in pages)
    assert "Een nieuwe zin voor de preview." in (real.root / "served" / pages[0]).read_text(encoding="utf-8")
    real.assert_equal_to_clean()


def test_title_tags_and_date_edits_reach_every_listing(real):
    source = release(real)
    text = source.read_text(encoding="utf-8")
    old_title = re.search(r"^title: (.+)$", text, re.MULTILINE).group(1)
    text = text.replace(f"title: {old_title}", "title: Een gloednieuwe titel")
    assert real.edit(source, text).ok
    showing = [name for name in real.served() if name.endswith((".html", ".xml"))
               and "Een gloednieuwe titel" in real.site.file_for(name).read_text(encoding="utf-8")]
    assert len(showing) >= 4, showing
    real.assert_equal_to_clean()
    text = re.sub(r"^tags: .*$", "tags: kinderen, een-nieuw-onderwerp", text, count=1, flags=re.MULTILINE)
    assert real.edit(source, text).ok
    assert "Een gloednieuwe titel" in real.page("/onderwerpen/een-nieuw-onderwerp/")
    real.assert_equal_to_clean()
    text = re.sub(r"^date: .*$", "date: 2019-05-04 10:00", text, count=1, flags=re.MULTILINE)
    assert real.edit(source, text).ok
    assert "Een gloednieuwe titel" in real.page("/persberichten/2019/")
    real.assert_equal_to_clean()


def test_files_added_renamed_and_removed(real):
    source = release(real)
    text = source.read_text(encoding="utf-8")
    added = source.with_name("2026-11-20-nieuw-bericht.md")
    new = re.sub(r"^slug: .*$", "slug: nieuw-bericht", text, count=1, flags=re.MULTILINE)
    new = re.sub(r"^title: .*$", "title: Een nieuw bericht", new, count=1, flags=re.MULTILINE)
    new = re.sub(r"^date: .*$", "date: 2026-11-20 09:00", new, count=1, flags=re.MULTILINE)
    assert real.edit(added, new).ok
    assert "Een nieuw bericht" in real.page("/persberichten/2026/nieuw-bericht/")
    real.assert_equal_to_clean()
    renamed = added.with_name("2026-11-20-hernoemd.md")
    added.rename(renamed)
    assert real.site.build(ChangeSet(markdown={str(added), str(renamed)})).ok
    real.assert_equal_to_clean()
    assert real.edit(renamed, remove=True).ok
    assert real.page("/persberichten/2026/nieuw-bericht/") == ""
    real.assert_equal_to_clean()


def test_data_files_templates_and_images(real, tmp_path):
    members = real.content / "data" / "leden.yml"
    text = members.read_text(encoding="utf-8")
    first = re.search(r"^- name: (.+)$", text, re.MULTILINE).group(1)
    assert real.edit(members, text.replace(f"- name: {first}", f"- name: {first} (hernoemd)", 1)).ok
    assert f"{first} (hernoemd)" in real.page("/leden/")
    real.assert_equal_to_clean()
    image = sorted((real.content / "images").glob("*.png"))[0]
    shutil.copyfile(image, image.with_name("kopie-" + image.name))
    assert real.edit(other_content=True, added_or_removed=True).ok
    real.assert_equal_to_clean()


def test_a_campaign_without_its_image_gets_a_drawn_picture_and_back(real):
    """campaign_art draws a picture when `image` goes; pages, cards and files follow, as in a clean build."""
    source = real.content / "campagnes" / "petitie-menswaardige-opvang.md"
    text = source.read_text(encoding="utf-8")
    without = re.sub(r"^image(?:_alt|_credit)?: .*\n", "", text, flags=re.MULTILINE)
    assert without != text and real.edit(source, without).ok
    drawn = "/campagnes/petitie-menswaardige-opvang/beeld-"
    for url in ("/campagnes/petitie-menswaardige-opvang/", "/campagnes/", "/"):
        assert drawn in real.page(url), url
    real.assert_equal_to_clean()
    assert real.edit(source, text).ok
    assert drawn not in real.page("/campagnes/") and "petitie-banner" in real.page("/campagnes/")
    real.assert_equal_to_clean()


def test_a_template_and_a_setting_change(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    settings = tmp_path / "instellingen.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pelicanconf import *  # noqa\n"
                        f"THEME = {str(theme)!r}\n", encoding="utf-8")
    preview = Preview(tmp_path, content, settings_file=settings)
    preview.start()
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace("</footer>", "<p>Voetnoot-test</p></footer>"),
                      encoding="utf-8")
    assert preview.edit(theme=True).ok
    assert "Voetnoot-test" in preview.page("/opinie/")
    preview.assert_equal_to_clean()
    settings.write_text(settings.read_text(encoding="utf-8") + 'SITENAME = "Vluchtelingenwerk Test"\n',
                        encoding="utf-8")
    assert preview.edit(settings=True).ok
    assert "Vluchtelingenwerk Test" in preview.page("/")
    preview.assert_equal_to_clean()


def test_embargo_moved_forward_and_back_and_the_clock(tmp_path):
    content = scenario_content(tmp_path)
    preview = Preview(tmp_path, content, now=AFTER)
    preview.start()
    assert TOKEN in preview.page(RELEASE)
    source = content / "persberichten" / "2027-02-20-zzembargotoken.md"
    text = source.read_text(encoding="utf-8")
    held = re.sub(r"^embargo: .*$", "embargo: 2027-06-01 10:00", text, count=1, flags=re.MULTILINE)
    assert held != text
    assert preview.edit(source, held).ok
    # The other token items (opinion, page, campaign) are public at this clock; the release is held again.
    preview.site.run_deferred()  # the search index, as the server makes it before it serves it
    assert leaks(preview.root / "served", "zzembargotoken-persbericht") == []
    assert preview.page(RELEASE) == ""
    preview.assert_equal_to_clean()
    assert preview.edit(source, text).ok
    assert TOKEN in preview.page(RELEASE) and TOKEN in preview.page("/persberichten/")
    preview.assert_equal_to_clean()
    preview.site.settings["SITE_NOW"] = BEFORE  # the clock, as a preview that runs across the lift sees it
    assert preview.edit().ok
    preview.site.run_deferred()
    assert leaks(preview.root / "served", TOKEN) == []
    preview.assert_equal_to_clean()
    preview.site.settings["SITE_NOW"] = AFTER
    assert preview.edit().ok
    assert TOKEN in preview.page(RELEASE)
    preview.assert_equal_to_clean()


def test_a_failed_build_keeps_the_last_good_site_and_the_fix_catches_up(real):
    before = real.served()
    source = release(real)
    text = source.read_text(encoding="utf-8")
    broken = text.replace("date:", "date: 2026-13-45\nstray:", 1) + "\nNa de fout.\n"
    result = real.edit(source, broken)
    assert not result.ok and result.problems
    assert any("is geen datum" in str(p) for p in result.problems)
    assert real.served() == before
    other = sorted((real.content / "opinie").glob("*.md"))[0]
    assert real.edit(other, other.read_text(encoding="utf-8") + "\nIntussen.\n").problems
    assert real.edit(source, text + "\nNa de fout.\n").ok
    assert "Na de fout." in real.page(real.site.file_for and "/" + next(
        n for n in real.served() if "Na de fout." in real.site.file_for(n).read_text("utf-8", "replace")))
    real.assert_equal_to_clean()


@pytest.mark.parametrize("change", ["body", "title"])
def test_a_text_or_title_edit_is_shown_before_the_build_exactly_as_the_build_makes_it(real, change):
    from kernel.preview import notices

    source = release(real)
    text = source.read_text(encoding="utf-8")
    edited = text + "\nSnel getoond.\n" if change == "body" else re_title(text, "Snel getoond")
    seen = {}

    def capture(paths):
        for relative in paths:
            seen.setdefault(relative, real.site.file_for(relative).read_bytes())

    notices.on_done = capture
    try:
        assert real.edit(source, edited).ok
    finally:
        notices.on_done = None
    assert len(real.site.quick) == 1, "the quick path rendered the item's own page before the build"
    page = real.site.quick[0]
    assert b"Snel getoond" in seen[page]
    assert seen[page] == real.site.file_for(page).read_bytes(), "the build made the same page"
    real.assert_equal_to_clean()


def test_the_quick_path_is_not_taken_for_a_new_problem_or_a_front_matter_change(real):
    source = release(real)
    text = source.read_text(encoding="utf-8")
    result = real.edit(source, text + "\nVUL AAN: nog te schrijven.\n")
    assert real.site.quick == [] and not result.ok
    tagged = re.sub(r"^tags: .*$", "tags: kinderen", text, count=1, flags=re.MULTILINE)
    assert tagged != text and real.edit(source, tagged).ok
    assert real.site.quick == [], "changed topics show on other pages first: the build renders it"
    real.assert_equal_to_clean()


def re_title(text: str, title: str) -> str:
    return re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.MULTILINE)


def test_the_quick_path_never_shows_a_link_to_a_held_release(tmp_path):
    content = scenario_content(tmp_path)
    preview = Preview(tmp_path, content, now=BEFORE)
    preview.start()
    public = next(p for p in (content / "persberichten").glob("*.md") if TOKEN not in p.name)
    text = public.read_text(encoding="utf-8")
    result = preview.edit(public, text + f"\n[Straks]({RELEASE})\n")
    assert preview.site.quick == [] and not result.ok
    assert any("onder embargo" in str(p) for p in result.problems)
    preview.site.run_deferred()
    assert leaks(preview.root / "served", TOKEN) == []


def test_translations_and_the_experts_file(real):
    """A translation added, edited and removed, and an edit of content/data/experts.yml: each shows at once
    (on the translation, its original's hreflang, the translated press room) and equals a clean build."""
    original = real.content / "persberichten" / "2026-03-10-nieuwkomers-sneller-aan-de-slag.md"
    french = original.with_name(original.stem + ".fr.md")
    original_url = "/persberichten/2026/nieuwkomers-sneller-aan-de-slag/"
    french_url = "/fr" + original_url
    text = ("title: Laissez les nouveaux arrivants travailler plus vite\ndate: 2026-03-10 09:30\n"
            "slug: nieuwkomers-sneller-aan-de-slag\nlang: fr\nsummary: Un résumé en français.\n\n"
            "Le texte en français.\n")
    assert real.edit(french, text).ok
    assert "Le texte en français." in real.page(french_url)
    assert f'hreflang="fr-BE" href="{french_url}"' in real.page(original_url)
    assert french_url in real.page("/fr/persberichten/")
    real.assert_equal_to_clean()
    existing = real.content / "persberichten" / "2026-06-11-migratiepact-van-toepassing.en.md"
    assert real.edit(existing, re_title(existing.read_text(encoding="utf-8"), "A changed English title")).ok
    assert "A changed English title" in real.page("/en/persberichten/")
    real.assert_equal_to_clean()
    assert real.edit(french, remove=True).ok
    assert real.page(french_url) == "" and "hreflang" not in real.page(original_url)
    real.assert_equal_to_clean()
    experts = real.content / "data" / "experts.yml"
    text = experts.read_text(encoding="utf-8")
    assert "Voorbeeld Expert Opvang" in text
    assert real.edit(experts, text.replace("Voorbeeld Expert Opvang", "Voorbeeld Expert Onthaal")).ok
    assert "Voorbeeld Expert Onthaal" in real.page("/persberichten/experts/")
    assert "Voorbeeld Expert Onthaal" in real.page("/persberichten/2026/petitie-gelanceerd/")
    real.assert_equal_to_clean()
