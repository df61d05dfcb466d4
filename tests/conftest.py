"""Shared fixtures: the sandbox (a local Bot API server) and the real bot application polling it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.app import App, running
from bot.config import Config, Limits, Secret

pytest_plugins = ["sandbox.testing"]

ADMIN_ID = 1001


@pytest.fixture
def make_config(tmp_path: Path, sandbox: Any) -> Callable[..., Config]:
    """A Config pointing at the sandbox with a database in tmp_path; keyword args override fields."""

    def make(**overrides: Any) -> Config:
        config = Config(
            token=Secret(sandbox.token),
            api_url=sandbox.api_url,
            admins=(ADMIN_ID,),
            database=tmp_path / "newsbot.sqlite3",
            limits=Limits(),
        )
        return replace(config, **overrides)

    return make


@pytest.fixture
async def bot_app(make_config: Callable[..., Config]) -> AsyncIterator[App]:
    """The real Application, built and started by the same code path as `newsbot run`."""
    async with running(make_config(), poll_timeout=1) as app:
        yield app
