"""Reproducible builds: two clean production builds of the same sources at the same clock are byte-identical.

The sources are copied into tmp_path, so the first build starts with empty
caches (images, social cards, build cache) and the second reuses what the first
left: a cache must never change a byte. Each build runs in its own Python
process, as `pelican content -s publishconf.py` does, with a different
PYTHONHASHSEED, so that anything depending on set order, the real time or
random ids shows up as a difference. This is what makes a publish that changes
nothing an empty diff on gh-pages.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXED_NOW, REPO

SOURCES = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py", "package.json")


def copy_sources(target: Path) -> Path:
    """The site's sources without any cache: a fresh checkout, with node_modules as `npm ci` leaves it."""
    target.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, target / name)
    (target / "node_modules").symlink_to(REPO / "node_modules")  # the web editor's bundle
    return target


def production_build(project: Path, output: Path, hash_seed: str) -> None:
    env = dict(os.environ, SITE_NOW=FIXED_NOW, PYTHONHASHSEED=hash_seed)
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", str(output), "-q"],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def tree_differences(left: Path, right: Path) -> list[str]:
    """Every file that exists on one side only or whose bytes differ, as relative paths."""
    left_files = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    right_files = {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    differences = [f"only in the first build: {name}" for name in sorted(left_files - right_files)]
    differences += [f"only in the second build: {name}" for name in sorted(right_files - left_files)]
    differences += [
        f"different bytes: {name}"
        for name in sorted(left_files & right_files)
        if not filecmp.cmp(left / name, right / name, shallow=False)
    ]
    return differences


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    project = copy_sources(tmp_path / "project")
    first, second = tmp_path / "first", tmp_path / "second"
    production_build(project, first, hash_seed="1")  # cold caches
    production_build(project, second, hash_seed="2")  # warm caches
    assert (first / "index.html").is_file() and (first / "CNAME").is_file()
    differences = tree_differences(first, second)
    assert not differences, "\n".join(differences)


def test_the_comparison_sees_one_changed_byte(tmp_path):
    """The comparison itself can fail: a missing file and a changed byte are reported."""
    for side in ("a", "b"):
        (tmp_path / side / "x").mkdir(parents=True)
        (tmp_path / side / "x" / "index.html").write_bytes(b"<p>gelijk</p>")
    (tmp_path / "a" / "feed.xml").write_bytes(b"<updated>2026-11-26T12:00:00+01:00</updated>")
    (tmp_path / "b" / "feed.xml").write_bytes(b"<updated>2026-11-26T12:00:01+01:00</updated>")
    (tmp_path / "a" / "extra.txt").write_bytes(b"")
    assert tree_differences(tmp_path / "a", tmp_path / "b") == [
        "only in the first build: extra.txt",
        "different bytes: feed.xml",
    ]
