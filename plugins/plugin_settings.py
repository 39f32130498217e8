"""One settings namespace per plugin: a dict setting merged over the plugin's defaults.

Not a plugin itself; plugins import it by name (plugins/ is on sys.path).
"""

from __future__ import annotations


class PluginSettingsError(ValueError):
    """A plugin's settings dict has keys the plugin does not know."""


def merged_options(settings, name: str, defaults: dict, plugin: str) -> dict:
    """settings[name] (a dict) merged over `defaults`; an unknown key stops the build."""
    given = settings.get(name) or {}
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise PluginSettingsError(
            f"{plugin}: unknown {name} setting(s) {unknown}; known: {sorted(defaults)}"
        )
    return {**defaults, **given}
