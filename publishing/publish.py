"""Publish the site: a clean tree, a fresh production build, every check, then gh-pages.

`invoke publish` calls `publish()`; the GitHub Actions workflow
(.github/workflows/publish.yml) calls `invoke publish` on every push to main
and every 15 minutes, so that embargoed items go live without a push.

The steps, each of which stops everything when it fails:

1. The working tree has no uncommitted change under content/, theme/,
   plugins/, pelicanconf.py or publishconf.py (what goes out is a commit).
2. Pelican builds the commit with publishconf.py into a fresh temporary folder,
   in a subprocess, exactly as `pelican content -s publishconf.py` does.
   Content validation is part of that build: a problem fails it.
3. The checks run on the output: links, no third-party requests, HTML
   validity (Nu checker), and no example data (example.org addresses,
   "Voorbeeld" names: sitechecks/example_data.py) unless a demo is asked for
   with `allow_example_data` (`invoke publish --allow-example-data`). A failed
   check publishes nothing.

Every message is Dutch: the communications team runs this too.
4. ghp-import commits the output to the local `gh-pages` branch (synced with
   the remote first) with `.nojekyll`, a message naming the source commit and
   a git identity that works on a machine without one.
5. When that commit's tree equals the previous gh-pages tree, nothing changed:
   the commit is dropped and nothing is pushed. Otherwise gh-pages is pushed.

`dry_run=True` does everything but steps 4 and 5.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kernel.problems import TeamError
from sitechecks.example_data import HOW_TO_FIX, ExampleDataReport, find_example_data
from sitechecks.html_validity import CheckerMissing, find_html_errors
from sitechecks.links import find_broken_links
from sitechecks.third_party import find_third_party_requests

# What a publish is built from: a change here that is not committed stops it.
SOURCE_PATHS = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")
SETTINGS_FILE = "publishconf.py"
SITEURL = "https://www.vluchtelingenwerk.be"
BRANCH = "gh-pages"
PUBLISHER_NAME = "Vluchtelingenwerk publisher"
# A commit identity on gh-pages for machines without one, never shown on the site, so the
# example-data check (which reads content/ and the output) does not see it.
PUBLISHER_EMAIL = "publisher@example.org"
# The name the example-data check has in messages and results.
EXAMPLE_DATA = "voorbeeldgegevens"


class PublishError(TeamError, RuntimeError):
    """The publish stopped; nothing was pushed. The message says why, in Dutch, to follow "Niet gepubliceerd: "."""


# A check takes the output folder and the site URL and returns its problems (printable).
Check = Callable[[Path, str], Sequence[object]]


def check_links(output: Path, siteurl: str) -> list:
    return find_broken_links(output, siteurl)


def check_third_party(output: Path, siteurl: str) -> list:
    return find_third_party_requests(output, siteurl)


def check_html(output: Path, siteurl: str) -> list:
    return find_html_errors(output)


CHECKS: dict[str, Check] = {
    "links": check_links,
    "third-party": check_third_party,
    "html": check_html,
}


@dataclass
class PublishResult:
    source_commit: str
    output: Path | None = None
    pushed: bool = False
    unchanged: bool = False
    published_commit: str = ""
    example_data: list[str] = field(default_factory=list)  # what a demo publish let through
    log: list[str] = field(default_factory=list)


def _git(repo: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=False)
    if check and result.returncode != 0:
        raise PublishError(f"git {' '.join(args)} mislukte: {result.stderr.strip() or result.stdout.strip()}")
    return result


def uncommitted_changes(repo: Path) -> list[str]:
    """The source files (content, theme, plugins, settings) with uncommitted changes."""
    result = _git(repo, "status", "--porcelain", "--untracked-files=all", "--", *SOURCE_PATHS)
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def build(repo: Path, output: Path, *, now: str | None = None) -> None:
    """`pelican content -s publishconf.py -o <output>` in a subprocess; PublishError when it fails."""
    env = dict(os.environ, COLUMNS="200")  # Pelican's log lines unwrapped in the error message
    if now:
        env["SITE_NOW"] = now
    # No end-of-build scan for example data: the gate that follows makes it and names every place.
    command = [sys.executable, "-m", "pelican", "content", "-s", SETTINGS_FILE, "-o", str(output),
               "-e", "SITE_WARN_EXAMPLE_DATA=false"]
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0 or not (output / "index.html").is_file():
        log = (result.stdout + result.stderr).strip()
        raise PublishError(f"de productiebouw is mislukt:\n{log}")


def run_checks(output: Path, checks: dict[str, Check], siteurl: str = SITEURL,
               say: Callable[[str], None] = print) -> dict[str, list[str]]:
    """Run every check; returns {check name: problems} for the checks that failed."""
    failed: dict[str, list[str]] = {}
    for name, check in checks.items():
        try:
            problems = [str(p) for p in check(output, siteurl)]
        except CheckerMissing as error:
            raise PublishError(f"de controle {name} kan op deze computer niet draaien ({error}). "
                               "Installeer wat ontbreekt (zie de README) en publiceer opnieuw.") from None
        say(f"controle {name}: {'in orde' if not problems else _problems(len(problems))}")
        if problems:
            failed[name] = problems
    return failed


def _publisher_env(repo: Path) -> dict:
    """The environment for git commits: the user's identity, or the publisher's when there is none."""
    env = dict(os.environ)
    name = _git(repo, "config", "user.name", check=False).stdout.strip()
    email = _git(repo, "config", "user.email", check=False).stdout.strip()
    for role in ("AUTHOR", "COMMITTER"):
        env.setdefault(f"GIT_{role}_NAME", name or PUBLISHER_NAME)
        env.setdefault(f"GIT_{role}_EMAIL", email or PUBLISHER_EMAIL)
    return env


def _tree(repo: Path, ref: str) -> str:
    result = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{tree}}", check=False)
    return result.stdout.strip() if result.returncode == 0 else ""


def push_output(repo: Path, output: Path, *, source_commit: str, remote: str = "origin",
                branch: str = BRANCH, say: Callable[[str], None] = print) -> tuple[bool, str]:
    """Commit `output` to `branch` with ghp-import and push it; (pushed, commit) back.

    The local branch is first set to the remote's (ghp-import does that from the
    remote-tracking ref), so the new commit follows what is published. A commit
    whose tree equals the published one is dropped: nothing is pushed.
    """
    env = _publisher_env(repo)
    remote_ref = f"refs/remotes/{remote}/{branch}"
    fetched = _git(repo, "fetch", "--quiet", remote, f"+refs/heads/{branch}:{remote_ref}", check=False)
    if fetched.returncode != 0 and "couldn't find remote ref" not in fetched.stderr:
        raise PublishError(f"kan {branch} niet ophalen van {remote}: {fetched.stderr.strip()}")
    if fetched.returncode != 0:  # the first publish: no gh-pages on the remote yet
        _git(repo, "update-ref", "-d", remote_ref, check=False)
    published_tree = _tree(repo, remote_ref) if fetched.returncode == 0 else ""
    previous = _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False).stdout.strip()

    subject = _git(repo, "log", "-1", "--format=%s", source_commit).stdout.strip()
    message = f"Publish {source_commit} ({subject})\n\nBuilt with {SETTINGS_FILE} from {source_commit}."
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--message", message,
               "--remote", remote, "--branch", branch, str(output)]
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, check=False)
    new_commit = _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False).stdout.strip()
    if result.returncode != 0 or not new_commit or new_commit == previous:
        raise PublishError(f"ghp-import mislukte: {(result.stderr or result.stdout).strip()}")

    if _tree(repo, new_commit) == published_tree:
        # Nothing changed: put the branch back where the remote is and push nothing.
        _git(repo, "update-ref", f"refs/heads/{branch}", _git(repo, "rev-parse", remote_ref).stdout.strip())
        say(f"De site is dezelfde als wat al op {remote}/{branch} staat: er is niets nieuws te publiceren.")
        return False, ""
    pushed = _git(repo, "push", "--quiet", remote, f"refs/heads/{branch}:refs/heads/{branch}", env=env, check=False)
    if pushed.returncode != 0:
        raise PublishError(f"git push {remote} {branch} mislukte: {pushed.stderr.strip()}")
    _git(repo, "update-ref", remote_ref, new_commit, check=False)
    say(f"Gepubliceerd: {source_commit[:12]} staat op {remote}/{branch} als {new_commit[:12]}.")
    return True, new_commit


def check_example_data(repo: Path, output: Path, *, allow: bool,
                       say: Callable[[str], None] = print) -> ExampleDataReport:
    """The example data in the sources and the output; says whether it refuses the publish or a demo allows it."""
    found = find_example_data(output, repo / "content")
    if not found:
        say(f"controle {EXAMPLE_DATA}: in orde")
    elif allow:
        say(f"controle {EXAMPLE_DATA}: {len(found.findings)} gevonden, toegelaten voor een demo "
            "(--allow-example-data)")
    else:
        say(f"controle {EXAMPLE_DATA}: {_problems(len(found.findings))}")
    return found


def _problems(count: int) -> str:
    return f"{count} {'probleem' if count == 1 else 'problemen'}"


def publish(repo: Path, *, remote: str = "origin", branch: str = BRANCH, dry_run: bool = False,
            checks: dict[str, Check] | None = None, now: str | None = None, keep_output: Path | None = None,
            allow_example_data: bool = False, say: Callable[[str], None] = print) -> PublishResult:
    """Build, check and (unless dry_run) publish the commit checked out in `repo`.

    Raises PublishError, with nothing pushed, when the tree is dirty, the build
    fails, a check finds a problem or the site holds example data (unless
    `allow_example_data`, for a demo). `now` fixes SITE_NOW (tests); unset, the
    build uses SITE_NOW from the environment or the real time. `keep_output`
    copies the checked output there (e.g. for a look after a dry run).
    """
    repo = Path(repo).resolve()
    checks = CHECKS if checks is None else checks
    dirty = uncommitted_changes(repo)
    if dirty:
        listed = "\n".join(f"  {path}" for path in dirty)
        raise PublishError(
            "er zijn wijzigingen aan de bronnen van de site die nog niet gecommit zijn. "
            "Commit ze (of maak ze ongedaan) en publiceer opnieuw:\n" + listed
        )
    source_commit = _git(repo, "rev-parse", "HEAD").stdout.strip()
    result = PublishResult(source_commit)
    with tempfile.TemporaryDirectory(prefix="vw-publish-") as folder:
        output = Path(folder) / "output"
        say(f"Bouw van {source_commit[:12]} met {SETTINGS_FILE} ...")
        build(repo, output, now=now)
        failed = run_checks(output, checks, say=say)
        examples = check_example_data(repo, output, allow=allow_example_data, say=say)
        if examples and not allow_example_data:
            failed[EXAMPLE_DATA] = [str(finding) for finding in examples.findings]
        elif examples:
            result.example_data = examples.lines()
        if failed:
            count = sum(len(problems) for problems in failed.values())
            lines = [f"{name}: {problem}" for name, problems in failed.items() for problem in problems]
            if EXAMPLE_DATA in failed:
                lines += [*examples.lines()[len(examples.findings):], HOW_TO_FIX]
            raise PublishError(
                f"de controles vonden {_problems(count)}:\n" + "\n".join(lines)
            )
        if keep_output:
            shutil.rmtree(keep_output, ignore_errors=True)
            shutil.copytree(output, keep_output)
            result.output = Path(keep_output)
        if dry_run:
            say("Proefdraai: de bouw en elke controle zijn in orde; er is niets gepubliceerd.")
            return result
        result.pushed, result.published_commit = push_output(
            repo, output, source_commit=source_commit, remote=remote, branch=branch, say=say
        )
        result.unchanged = not result.pushed
    return result
