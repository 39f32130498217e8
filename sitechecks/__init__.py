"""Checks on a built output tree, shared by the tests, `invoke check` and `invoke publish`.

`TEAM_ONLY`: folders of the output that are for the team, not for readers (the web
editor, plugins/admin). The checks of public pages (third-party requests, links, the
page budgets, accessibility) skip them; their own tests check them (tests/test_admin.py).
The HTML validity check covers them like every page.
"""

from pathlib import Path

TEAM_ONLY = ("admin/",)


def for_the_team(relative: str) -> bool:
    """Whether a path below the output root (admin/index.html, /admin/) is in a team-only folder."""
    return relative.lstrip("/").startswith(TEAM_ONLY)


def public_pages(output: Path) -> list[Path]:
    """Every HTML page of a built site that is for readers (the team's folders left out), sorted."""
    output = Path(output)
    return sorted(p for p in output.rglob("*.html") if not for_the_team(p.relative_to(output).as_posix()))


def page_urls(output: Path) -> list[str]:
    """The public pages as root-relative addresses, directory-style where a page is an index."""
    output = Path(output)
    return ["/" + path.relative_to(output).as_posix().removesuffix("index.html") for path in public_pages(output)]
