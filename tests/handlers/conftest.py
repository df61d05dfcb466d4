"""Fixtures for the handler tests: a reader talking to the running bot through the sandbox."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.app import running
from bot.config import Config, Limits
from sandbox import Limits as SandboxLimits
from tests.handlers.reader_helpers import ErrorLog, Reader


@pytest.fixture
async def reader(sandbox: Any, make_config: Callable[..., Config]) -> AsyncIterator[Reader]:
    """A Reader on the running bot; afterwards, nothing the bot sent was refused and no handler raised.

    Rates are raised on both sides: these tests are about what the bot answers, and Telegram's
    one message a second per chat would make them crawl (pacing has its own tests).
    """
    sandbox.set_limits(
        SandboxLimits(global_limit=1000, group_limit=1000, private_rate=500.0, private_burst=500)
    )
    config = make_config(
        limits=Limits(global_per_second=1000, private_per_second=500, group_per_minute=60000)
    )
    errors = ErrorLog()
    root = logging.getLogger()
    root.addHandler(errors)
    try:
        async with running(config, poll_timeout=1) as app:
            reader = Reader(sandbox, app, errors)
            yield reader
            await reader.idle()
        refused = [e for e in sandbox.errors if e.get("error_code") == 400]
        assert not refused, f"the sandbox refused: {refused}"
        assert not errors.records, [r.getMessage() for r in errors.records]
    finally:
        root.removeHandler(errors)
