"""Every example in negedu's docstrings runs and prints what it says."""

import doctest
import importlib
import pkgutil

import pytest

import negedu

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(negedu.__path__, prefix="negedu.")
    if not name.endswith(("__main__", ".build", ".grade"))
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
