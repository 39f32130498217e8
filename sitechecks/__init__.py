"""Checks on a built output tree, shared by the tests, `invoke check` and `invoke publish`.

`TEAM_ONLY`: folders of the output that are for the team, not for readers (the web
editor, plugins/admin). The checks of public pages (third-party requests, links, the
page budgets, accessibility) skip them; their own tests check them (tests/test_admin.py).
The HTML validity check covers them like every page.
"""

TEAM_ONLY = ("admin/",)


def for_the_team(relative: str) -> bool:
    """Whether a path below the output root (admin/index.html, /admin/) is in a team-only folder."""
    return relative.lstrip("/").startswith(TEAM_ONLY)
