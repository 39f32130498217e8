"""YAML mistakes in the team's data files, explained in plain Dutch with the line to fix (kernel.datafiles)."""

from __future__ import annotations

import pytest

from kernel.datafiles import compose

GOOD = "- name: Huis De Brug\n  city: Gent\n  fields: [opvang, werk]\n- name: Taalpunt\n  city: Aalst\n"


@pytest.mark.parametrize(("broken", "line", "words"), [
    (GOOD.replace("city: Gent", "city: Gent: centrum"), 2, "er staat een dubbelpunt in een waarde"),
    (GOOD.replace("  city: Aalst", "\tcity: Aalst"), 5, "er staat een tab"),
    # The parser only stumbles at the next quote, lines later: the line that opened it is named.
    (GOOD.replace("city: Gent", 'city: "Gent') + '- name: "Huis"\n  city: Brussel\n', 2,
     "een aanhalingsteken wordt niet gesloten"),
    (GOOD.replace("city: Gent", "city: 'Gent"), 2, "een aanhalingsteken wordt niet gesloten"),
    (GOOD.replace("fields: [opvang, werk]", "fields: [opvang, werk"), 3, "een lijst met [ wordt niet gesloten"),
    (GOOD.replace("  city: Aalst", "   city: Aalst"), 5, "de inspringing klopt niet"),
])
def test_a_yaml_mistake_is_one_plain_dutch_problem_at_its_line(tmp_path, broken, line, words):
    path = tmp_path / "leden.yml"
    path.write_text(broken, encoding="utf-8")
    root, problems = compose(path, "content/data/leden.yml")
    assert root is None
    (problem,) = problems
    assert str(problem).startswith(f"content/data/leden.yml: regel {line}: {words}"), str(problem)
    assert problem.expected and problem.example
    for jargon in ("mapping", "scalar", "expected", "block", "stream", "token"):
        assert jargon not in str(problem)


def test_quotes_that_are_closed_are_not_blamed(tmp_path):
    path = tmp_path / "leden.yml"
    path.write_text("- name: \"Taal & Thuis: 'Voorbeeld'\"\n  city: 'Sint-Niklaas'\n  note: 'it''s'\n",
                    encoding="utf-8")
    root, problems = compose(path, "content/data/leden.yml")
    assert problems == [] and root is not None
