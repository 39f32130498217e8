"""Checks on a built output tree, shared by the tests, `invoke check` and `invoke publish`."""
