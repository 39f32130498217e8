"""Settings the kernel reads, and one settings namespace per plugin.

A plugin's options are one dict setting (`IMAGES = {...}`) merged over the
plugin's defaults once per build; an unknown key stops the build with a line
that names it and the known keys.
"""

from __future__ import annotations

# Set by the preview server (`invoke serve`): builds that follow each other in one
# process keep what did not change. Never set for production.
INCREMENTAL = "SITE_INCREMENTAL"


class PluginSettingsError(ValueError):
    """A plugin's settings dict has keys the plugin does not know."""


def merged_options(settings, name: str, defaults: dict, plugin: str) -> dict:
    """settings[name] (a dict) merged over `defaults`; an unknown key stops the build."""
    given = settings.get(name) or {}
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise PluginSettingsError(f"{plugin}: unknown {name} setting(s) {unknown}; known: {sorted(defaults)}")
    return {**defaults, **given}


def incremental(settings) -> bool:
    """Whether this build follows an earlier one in the same preview process."""
    return bool(settings.get(INCREMENTAL))


def workers(settings) -> int:
    """How many processes independent work may use: SITE_WORKERS, else every core."""
    import os

    return max(1, int(settings.get("SITE_WORKERS") or os.cpu_count() or 1))
