"""A plugin's settings namespace: merged over its defaults, unknown keys refused."""

import pytest

from kernel.settings import PluginSettingsError, merged_options


def test_given_keys_override_defaults():
    assert merged_options({"X": {"a": 2}}, "X", {"a": 1, "b": 1}, "x") == {"a": 2, "b": 1}
    assert merged_options({}, "X", {"a": 1}, "x") == {"a": 1}


def test_an_unknown_key_names_the_plugin_and_what_it_knows():
    with pytest.raises(PluginSettingsError, match=r"images: unknown IMAGES setting\(s\) \['widht'\]; known: \['a'\]"):
        merged_options({"IMAGES": {"widht": 1}}, "IMAGES", {"a": 1}, "images")
