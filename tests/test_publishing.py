"""`invoke publish` end to end, into a local bare repository (a file:// remote).

The project's sources are copied into a throwaway git repository in tmp_path;
/work's own git state is never touched. The machine's git identity is hidden,
as on a fresh CI machine, so the publisher identity must work on its own.
The Nu checker is left out of these publishes for speed (it has its own
tests); the failing-check case uses a real check (third-party requests).
The repository's content is example data (example.org addresses, "Voorbeeld"
names), which `publish` refuses: these publishes ask for a demo explicitly
(`allow_example_data=True`), except the ones that test the refusal and a
small site without example data.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess

import pytest
from conftest import FIXED_NOW, REPO

from publishing import CHECKS, PublishError, publish
from sitechecks.example_data import find_example_data

FAST_CHECKS = {name: check for name, check in CHECKS.items() if name != "html"}
DEMO = {"checks": FAST_CHECKS, "now": FIXED_NOW, "allow_example_data": True}
SOURCES = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py", "package.json", "package-lock.json")


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@contextlib.contextmanager
def committed_addition(work, text: str, message: str):
    """Commit `text` appended to the contact page; commit it away again afterwards."""
    page = work / "content" / "pages" / "contact.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + text, encoding="utf-8")
    commit_all(work, message)
    try:
        yield
    finally:
        page.write_text(original, encoding="utf-8")
        commit_all(work, f"Revert: {message}")


def commit_all(repo, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def no_git_identity(tmp_path_factory):
    """No global or system git config: a machine on which nobody set user.name."""
    patch = pytest.MonkeyPatch()
    home = tmp_path_factory.mktemp("home")
    patch.setenv("HOME", str(home))
    patch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        patch.delenv(name, raising=False)
    yield
    patch.undo()


@pytest.fixture(scope="module")
def project(tmp_path_factory, no_git_identity):
    """(working repository, bare remote): a copy of the site's sources, committed, with origin = file://bare."""
    root = tmp_path_factory.mktemp("publish")
    work, bare = root / "work", root / "remote.git"
    work.mkdir()
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, work / name)
    (work / ".gitignore").write_text("__pycache__/\n.cache/\noutput/\nnode_modules\n", encoding="utf-8")
    (work / "node_modules").symlink_to(REPO / "node_modules")  # as `npm ci` leaves a checkout (the web editor)
    if (REPO / ".cache").is_dir():  # the image caches: same bytes, less waiting
        shutil.copytree(REPO / ".cache", work / ".cache")
    git(root, "init", "-q", "--bare", "-b", "main", str(bare))
    git(work, "init", "-q", "-b", "main")
    commit_all(work, "Site sources")
    git(work, "remote", "add", "origin", bare.as_uri())
    git(work, "push", "-q", "origin", "main")
    return work, bare


def gh_pages(bare) -> str:
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"],
                            cwd=bare, capture_output=True, text=True, check=False)
    return result.stdout.strip()


def files_on(bare, commit: str) -> set[str]:
    return set(git(bare, "ls-tree", "-r", "--name-only", commit).splitlines())


@pytest.fixture(scope="module")
def first_publish(project):
    work, bare = project
    result = publish(work, **DEMO, say=lambda _line: None)
    return result, gh_pages(bare)


def test_publish_puts_the_checked_site_on_gh_pages(project, first_publish):
    work, bare = project
    result, published = first_publish
    assert result.pushed and published == result.published_commit
    files = files_on(bare, published)
    assert {"index.html", ".nojekyll", "CNAME"} <= files
    assert any(name.startswith("persberichten/") and name.endswith("/index.html") for name in files)
    assert any(name.startswith("feeds/") and name.endswith(".atom.xml") for name in files)
    assert git(bare, "show", f"{published}:CNAME") == "www.vluchtelingenwerk.be"
    # Production addresses: absolute on the canonical host.
    home = git(bare, "show", f"{published}:index.html")
    assert 'href="https://www.vluchtelingenwerk.be/' in home
    # The message names the source commit; the identity works without any git config.
    source = git(work, "rev-parse", "HEAD")
    assert git(bare, "log", "-1", "--format=%s", published).startswith(f"Publish {source} ")
    assert git(bare, "log", "-1", "--format=%an <%ae>|%cn <%ce>", published) == (
        "Vluchtelingenwerk publisher <publisher@example.org>|Vluchtelingenwerk publisher <publisher@example.org>"
    )
    # Only the site is published: no sources on gh-pages.
    assert not any(name.startswith(("content/", "plugins/")) or name.endswith(".py") for name in files)


def test_a_second_publish_of_the_same_commit_adds_no_change(project, first_publish):
    work, bare = project
    _result, published = first_publish
    again = publish(work, **DEMO, say=lambda _line: None)
    assert not again.pushed and again.unchanged
    assert gh_pages(bare) == published
    # The local branch was put back too: no stray commit waits to be pushed later.
    assert git(work, "rev-parse", "refs/heads/gh-pages") == published


def test_a_dirty_tree_publishes_nothing_and_names_the_files(project, first_publish):
    work, bare = project
    _result, published = first_publish
    page = work / "content" / "pages" / "contact.md"
    original = page.read_text(encoding="utf-8")
    extra = work / "theme" / "templates" / "nieuw.html"
    try:
        page.write_text(original + "\nNog niet klaar.\n", encoding="utf-8")
        extra.write_text("<p>nieuw</p>\n", encoding="utf-8")
        with pytest.raises(PublishError) as error:
            publish(work, **DEMO, say=lambda _line: None)
    finally:
        page.write_text(original, encoding="utf-8")
        extra.unlink()
    assert "content/pages/contact.md" in str(error.value)
    assert "theme/templates/nieuw.html" in str(error.value)
    assert gh_pages(bare) == published


def test_a_failed_check_publishes_nothing(project, first_publish):
    """Committed content that passes the build but embeds a third-party video: the third-party check stops it."""
    work, bare = project
    _result, published = first_publish
    video = '\n<iframe src="https://video.example.net/embed/1" title="Video"></iframe>\n'
    with committed_addition(work, video, "Contact page with an embedded third-party video"):
        with pytest.raises(PublishError) as error:
            publish(work, **DEMO, say=lambda _line: None)
        assert "third-party: " in str(error.value)
        assert "https://video.example.net/embed/1" in str(error.value)
        assert gh_pages(bare) == published


def test_committed_broken_content_publishes_nothing(project, first_publish):
    """Validation is part of the production build: a content problem stops the publish."""
    work, bare = project
    _result, published = first_publish
    with committed_addition(work, "\nZie [de oude pagina](/bestaat-niet/).\n", "Contact page with a broken link"):
        with pytest.raises(PublishError) as error:
            publish(work, **DEMO, say=lambda _line: None)
        assert "de productiebouw is mislukt" in str(error.value)
        assert "/bestaat-niet/" in str(error.value)
        assert gh_pages(bare) == published


def test_a_dry_run_checks_a_new_commit_but_pushes_nothing(project, first_publish, tmp_path):
    work, bare = project
    _result, published = first_publish
    page = work / "content" / "pages" / "contact.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nOok op zaterdag bereikbaar.\n", encoding="utf-8")
    commit_all(work, "Contact page: Saturdays")
    try:
        result = publish(work, **DEMO, dry_run=True, keep_output=tmp_path / "out", say=lambda _line: None)
        assert not result.pushed
        assert "Ook op zaterdag bereikbaar." in (tmp_path / "out" / "contact" / "index.html").read_text("utf-8")
        assert gh_pages(bare) == published
    finally:
        page.write_text(original, encoding="utf-8")
        commit_all(work, "Contact page: back to weekdays")


def test_example_data_refuses_the_publish_and_names_every_file_and_entry(project, first_publish):
    work, bare = project
    _result, published = first_publish
    lines = []
    with pytest.raises(PublishError) as error:
        publish(work, checks={}, now=FIXED_NOW, dry_run=True, say=lines.append)
    message = str(error.value)
    assert "controle voorbeeldgegevens: " in "\n".join(lines) and "problemen" in lines[-1]
    # Press contacts, authors and members by their line and name; a call to action; text with an address.
    for expected in (
        "voorbeeldgegevens: content/data/perscontacten.yml: regel 3, 'Voorbeeld Woordvoerder': "
        "de naam is een voorbeeldnaam; email: woordvoerder@example.org is een voorbeeldadres",
        "voorbeeldgegevens: content/data/auteurs.yml: regel 2, 'Lotte Voorbeeld': de naam is een voorbeeldnaam",
        "voorbeeldgegevens: content/data/leden.yml: regel 10, 'Onthaalhuis Voorbeeld': de naam is een voorbeeldnaam; "
        "website: https://onthaalhuis-voorbeeld.example.org/ is een voorbeeldadres",
        "voorbeeldgegevens: content/campagnes/petitie-menswaardige-opvang.md: cta_link: "
        "de oproep leidt naar het voorbeeldadres https://example.org/petitie-menswaardige-opvang",
        "voorbeeldgegevens: content/pages/contact.md: regel 14: info@example.org is een voorbeeldadres",
    ):
        assert expected in message.splitlines(), f"{expected!r} not in:\n{message}"
    assert "invoke publish --allow-example-data" in message
    assert "Samen staan ze op " in message and " pagina's van de site." in message
    # The publisher's commit identity is not site content: never named.
    assert "publisher@example.org" not in message
    assert gh_pages(bare) == published


def test_publish_task_exits_non_zero_with_one_dutch_message(project, first_publish, monkeypatch, capsys):
    """`invoke publish` as the team runs it: no traceback, 'Niet gepubliceerd: ...', exit code 1."""
    import importlib

    import invoke

    import tasks

    publish_module = importlib.import_module("publishing.publish")  # `publishing.publish` is also the function

    work, bare = project
    _result, published = first_publish
    monkeypatch.setattr(tasks, "ROOT", work)
    monkeypatch.setattr(publish_module, "CHECKS", FAST_CHECKS)
    monkeypatch.setenv("SITE_NOW", FIXED_NOW)
    with pytest.raises(SystemExit) as exited:
        tasks.publish(invoke.Context(), dry_run=True)
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Niet gepubliceerd: de controles vonden ")
    assert "content/data/perscontacten.yml: regel 3, 'Voorbeeld Woordvoerder'" in err
    assert "Traceback" not in err
    assert gh_pages(bare) == published


def test_a_site_without_example_data_publishes_without_asking(tmp_path, no_git_identity):
    work, bare = tmp_path / "work", tmp_path / "remote.git"
    for name in SOURCES[1:]:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, work / name)
    # A home page, a press release and an opinion piece; the menu names only what this small site has.
    with (work / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nMENU = [("Pers", "/persberichten/"), ("Zoeken", "/zoeken/")]\nCTA_PATH = ""\n')
    (work / "content" / "pages").mkdir(parents=True)
    (work / "content" / "pages" / "home.md").write_text(
        "title: Vluchtelingenwerk Vlaanderen\nslug: home\ntemplate: home\n"
        "summary: Samen met onze leden komen we op voor de rechten van vluchtelingen.\n\n"
        "Welkom bij Vluchtelingenwerk Vlaanderen.\n", encoding="utf-8")
    (work / "content" / "opinie").mkdir()
    (work / "content" / "opinie" / "2026-01-12-waarom-opvang.md").write_text(
        "title: Waarom opvang een recht is\ndate: 2026-01-12 08:00\nauthor: Redactie\n"
        "summary: Opvang is een recht.\n\nOpvang is een recht.\n", encoding="utf-8")
    (work / "content" / "data").mkdir()
    (work / "content" / "data" / "auteurs.yml").write_text(
        "- name: Redactie\n  slug: redactie\n  role: redactie\n"
        "  bio: De redactie van Vluchtelingenwerk Vlaanderen.\n", encoding="utf-8")
    (work / "content" / "persberichten").mkdir()
    (work / "content" / "persberichten" / "2026-01-10-nieuwe-website.md").write_text(
        "title: Vluchtelingenwerk Vlaanderen heeft een nieuwe website\ndate: 2026-01-10 10:00\n"
        "slug: nieuwe-website\nsummary: De website is vernieuwd.\n\nDe website is vernieuwd.\n", encoding="utf-8")
    (work / ".gitignore").write_text("__pycache__/\n.cache/\noutput/\nnode_modules\n", encoding="utf-8")
    (work / "node_modules").symlink_to(REPO / "node_modules")  # as `npm ci` leaves a checkout (the web editor)
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    git(work, "init", "-q", "-b", "main")
    commit_all(work, "A small site without example data")
    git(work, "remote", "add", "origin", bare.as_uri())
    lines = []
    result = publish(work, checks=FAST_CHECKS, now=FIXED_NOW, keep_output=tmp_path / "out", say=lines.append)
    assert result.pushed and gh_pages(bare) == result.published_commit
    assert "controle voorbeeldgegevens: in orde" in lines and result.example_data == []
    assert not find_example_data(tmp_path / "out", work / "content")
