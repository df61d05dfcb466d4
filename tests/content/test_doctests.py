"""The examples in content's docstrings are true."""

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "module", ["content", "content.normalize", "content.sentences", "content.urls"]
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
