"""content's public API: everything public is exported and __all__ lists only real names."""

import inspect

import content


def test_all_names_exist() -> None:
    for name in content.__all__:
        assert hasattr(content, name), name


def test_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(content).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(content.__all__)


def test_all_is_sorted_and_unique() -> None:
    assert len(content.__all__) == len(set(content.__all__))
