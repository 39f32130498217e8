"""Lighthouse minimum scores on every kind of page (sitechecks.page_types.LIGHTHOUSE: one per template).

One mobile Lighthouse run per page against a production build (publishconf.py)
served locally, with SITEURL set to the local server so that canonical links,
robots.txt and the sitemap are absolute as they are in production.
Thresholds (issue 13): performance at least 0.95; accessibility, best practices
and SEO 1.00. The scores of the last measurement are in the README (Publishing).
"""

from __future__ import annotations

import pytest
from conftest import BuiltSite, build_site, need

from sitechecks.lighthouse import failing_audits, missing_tools, run_lighthouse, scores
from sitechecks.page_types import LIGHTHOUSE, page_types

MINIMUM = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
# Audits a kind of page fails on purpose: the 404 page is noindex (tests/test_seo_privacy.py), so
# Lighthouse's "is-crawlable" costs it SEO points; every other SEO audit must pass there.
DELIBERATE = {"404": {"seo": {"is-crawlable"}}}
RUNS = 3  # at most, for a page whose performance is under the minimum


def key_pages(site) -> dict[str, str]:
    """{kind: address} of one page of each kind Lighthouse audits."""
    found = page_types(site.page_urls())
    return {kind: found[kind] for kind in LIGHTHOUSE if kind in found}


@pytest.fixture(scope="module")
def production(tmp_path_factory, serve) -> tuple[BuiltSite, str]:
    """The real content built with publishconf.py for a local address, and that address."""
    output = tmp_path_factory.mktemp("lighthouse") / "output"
    output.mkdir()
    url = serve(output)
    build_site(output, settings_file="publishconf.py", SITEURL=url, FEED_DOMAIN=url, SITE_CNAME=None)
    return BuiltSite(output), url


@pytest.mark.browser
@pytest.mark.node
def test_every_kind_of_page_reaches_the_minimum_lighthouse_scores(production, tmp_path):
    missing = missing_tools()
    need(not missing, missing)
    site, site_url = production
    shortfalls = []
    measured = []
    for kind, page in key_pages(site).items():
        report = run_lighthouse(site_url + page, tmp_path / f"lighthouse-{kind}.json")
        got = scores(report)
        for attempt in range(1, RUNS):
            if got["performance"] >= MINIMUM["performance"]:
                break
            # Performance (blocking time above all) is measured on a CPU other work shares: a score
            # under the minimum is measured again and the best run counts; every run is shown.
            again = run_lighthouse(site_url + page, tmp_path / f"lighthouse-{kind}-{attempt}.json")
            measured.append(f"{kind} {page}: performance {got['performance']:.2f}, measured again")
            if scores(again)["performance"] > got["performance"]:
                report, got = again, scores(again)
        measured.append(f"{kind} {page}: " + ", ".join(f"{name} {value:.2f}" for name, value in got.items()))
        for category, minimum in MINIMUM.items():
            deliberate = DELIBERATE.get(kind, {}).get(category)
            if deliberate:
                others = [a for a in failing_audits(report, category) if a.split(" ", 1)[0] not in deliberate]
                if others:
                    shortfalls.append(f"{page}: {category} fails {'; '.join(others)}")
            elif got[category] < minimum:
                audits = "; ".join(failing_audits(report, category)) or "no weighted audit below 1"
                shortfalls.append(f"{page}: {category} {got[category]:.2f} < {minimum} ({audits})")
    print("\n".join(measured))
    assert not shortfalls, "\n".join([*shortfalls, "measured:", *measured])


def test_every_kind_of_page_is_found(site):
    """The pages audited above exist: one of each kind, the home page first."""
    pages = key_pages(site)
    assert list(pages) == list(LIGHTHOUSE)
    assert pages["startpagina"] == "/" and pages["campagne"].startswith("/campagnes/")
    assert pages["persbericht"].startswith("/persberichten/") and pages["404"] == "/404.html"
