"""The example-data check (sitechecks/example_data.py) that stops `invoke publish`: what it finds, how it says it."""

from __future__ import annotations

import logging

from conftest import CONTENT, build_site
from test_embargo import AFTER, forget_logged_warnings, scenario_content

from sitechecks.example_data import addresses_in, find_example_data, find_in_content


def _write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_addresses_on_example_domains_are_found_and_nothing_else():
    text = ("Mail pers@example.org of kijk op https://huis.example.com/over/ en www.example.net, "
            "niet op notexample.org, example.organisation of www.vluchtelingenwerk.be.")
    assert addresses_in(text) == ["pers@example.org", "https://huis.example.com/over/", "www.example.net"]


def test_findings_name_the_file_the_entry_and_the_field(tmp_path):
    content = tmp_path / "content"
    _write(content / "data" / "perscontacten.yml",
           "# Voorbeeldgegevens: vervang ze (comments on example.org are not content)\n"
           "- role: Woordvoerder\n  name: Voorbeeld Woordvoerder\n  phone: '+32 2 000 00 01'\n"
           "  email: woordvoerder@example.org\n"
           "- role: Persverantwoordelijke\n  name: An Peeters\n  phone: '+32 2 000 00 02'\n"
           "  email: an.peeters@vluchtelingenwerk.be\n")
    _write(content / "campagnes" / "actie.md",
           "title: Actie\ncta_text: Teken\ncta_link: https://example.org/petitie\n\nMeer op www.example.org.\n")
    _write(content / "campagnes" / "klad.md", "title: Klad\nstatus: draft\n\nMail info@example.org.\n")
    found = [str(f) for f in find_in_content(content)]
    assert found == [
        "content/campagnes/actie.md: cta_link: de oproep leidt naar het voorbeeldadres https://example.org/petitie",
        "content/campagnes/actie.md: regel 5: www.example.org is een voorbeeldadres",
        "content/data/perscontacten.yml: regel 2, 'Voorbeeld Woordvoerder': de naam is een voorbeeldnaam; "
        "email: woordvoerder@example.org is een voorbeeldadres",
    ]


def test_an_address_only_in_the_built_site_is_named_with_its_pages(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    _write(content / "pages" / "over.md", "title: Over ons\n\nWie we zijn.\n")
    for page in ("index.html", "over/index.html"):
        _write(output / page, '<html><body><a href="mailto:info@example.org">mail</a></body></html>')
    _write(output / "leeg" / "index.html", "<html><body>Niets.</body></html>")
    report = find_example_data(output, content)
    assert [str(f) for f in report.findings] == [
        "(gebouwde site): info@example.org: voorbeeldadres op /index.html, /over/index.html; het staat in geen "
        "enkel bestand van content/, dus in een sjabloon of een instelling"]
    assert report.pages == 3 and report.pages_with_examples == ["/index.html", "/over/index.html"]
    assert report.lines()[-1] == "Samen staan ze op 2 van de 3 pagina's van de site."


def test_a_site_without_example_data_passes(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    _write(content / "pages" / "over.md", "title: Over ons\n\nBijvoorbeeld: wie we zijn.\n")
    _write(output / "over" / "index.html", "<html><body>Bijvoorbeeld: wie we zijn.</body></html>")
    report = find_example_data(output, content)
    assert not report and report.lines() == [] and report.pages == 1


def test_the_sample_site_is_example_data_on_many_of_its_pages(site):
    """The repository's own content is sample data: the check sees it on the built site."""
    report = find_example_data(site.output, CONTENT)
    assert report.pages > 40
    assert "/leden/index.html" in report.pages_with_examples
    assert len(report.pages_with_examples) > report.pages // 3
    named = "\n".join(report.lines())
    for data_file in ("perscontacten.yml", "auteurs.yml", "leden.yml"):
        assert f"content/data/{data_file}: regel " in named


def test_a_production_build_with_example_data_ends_with_one_warning(tmp_path, caplog):
    """A production build (publishconf.py) says so; a preview build does not."""
    content = scenario_content(tmp_path)  # its press contacts and authors are "Voorbeeld" names
    caplog.set_level(logging.WARNING)
    forget_logged_warnings()
    build_site(tmp_path / "preview", content=content, now=AFTER)
    assert not [r for r in caplog.records if r.name == "kernel.example_data"]
    build_site(tmp_path / "production", content=content, now=AFTER, settings_file="publishconf.py")
    (warning,) = [r for r in caplog.records if r.name == "kernel.example_data"]
    assert warning.levelno == logging.WARNING
    assert warning.getMessage().startswith("deze site bevat voorbeeldgegevens (")
    assert "invoke publish weigert ze te publiceren" in warning.getMessage()
