"""Lighthouse minimum scores on the key pages: home, a campaign, a press release, /leden/ when it exists.

One mobile Lighthouse run per page against a production build (publishconf.py)
served locally, with SITEURL set to the local server so that canonical links,
robots.txt and the sitemap are absolute as they are in production.
The thresholds were measured first (see README, Publishing) and set just under.
"""

from __future__ import annotations

import re

import pytest
from conftest import BuiltSite, build_site, need

from sitechecks.lighthouse import failing_audits, missing_tools, run_lighthouse, scores

MINIMUM = {"performance": 0.9, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


def key_pages(site) -> list[str]:
    urls = site.page_urls()
    campaign = next(u for u in urls if re.fullmatch(r"/campagnes/[^/]+/", u))
    press_release = next(u for u in urls if re.fullmatch(r"/persberichten/\d{4}/[^/]+/", u))
    pages = ["/", campaign, press_release]
    if "/leden/" in urls:
        pages.append("/leden/")
    return pages


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
def test_key_pages_reach_the_minimum_lighthouse_scores(production, tmp_path):
    missing = missing_tools()
    need(not missing, missing)
    site, site_url = production
    shortfalls = []
    measured = []
    for number, page in enumerate(key_pages(site)):
        report = run_lighthouse(site_url + page, tmp_path / f"lighthouse-{number}.json")
        got = scores(report)
        measured.append(f"{page}: " + ", ".join(f"{name} {value:.2f}" for name, value in got.items()))
        for category, minimum in MINIMUM.items():
            if got[category] < minimum:
                audits = "; ".join(failing_audits(report, category)) or "no weighted audit below 1"
                shortfalls.append(f"{page}: {category} {got[category]:.2f} < {minimum} ({audits})")
    print("\n".join(measured))
    assert not shortfalls, "\n".join([*shortfalls, "measured:", *measured])


def test_the_key_pages_are_found(site):
    """The pages audited above exist: a home page, a campaign and a press release."""
    pages = key_pages(site)
    assert pages[0] == "/" and pages[1].startswith("/campagnes/") and pages[2].startswith("/persberichten/")
