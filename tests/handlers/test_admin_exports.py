"""Every public function and class of the admin, CLI, demo and stats modules is in its __all__."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = [
    "handlers.admin",
    "handlers.admin.common",
    "handlers.admin.push",
    "handlers.admin.feeds",
    "handlers.admin.channels",
    "handlers.admin.control",
    "handlers.admin.notices",
    "bot.cli_admin",
    "bot.opml",
    "bot.feedprobe",
    "bot.charts",
    "bot.storage.admin",
    "bot.demo",
    "bot.demo.site",
    "bot.demo.show",
    "bot.demo.script",
    "bot.demo.terminal",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_lists_every_public_name(name: str) -> None:
    module = importlib.import_module(name)
    public = {
        n
        for n, obj in vars(module).items()
        if not n.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == name
    }
    assert public <= set(module.__all__), public - set(module.__all__)
    assert all(hasattr(module, n) for n in module.__all__)
