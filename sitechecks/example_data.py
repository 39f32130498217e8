"""Example data in a built site and its content (the check `invoke publish` runs): see kernel.example_data.

The detection lives in the kernel, so that a production build can warn about it too.
"""

from kernel.example_data import (
    HOW_TO_FIX,
    ExampleData,
    ExampleDataReport,
    addresses_in,
    find_example_data,
    find_in_content,
)

__all__ = ["HOW_TO_FIX", "ExampleData", "ExampleDataReport", "addresses_in", "find_example_data", "find_in_content"]
