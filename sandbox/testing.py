"""pytest plugin: ``pytest_plugins = ["sandbox.testing"]`` gives the ``sandbox`` fixture."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from sandbox.core import Sandbox
from sandbox.limits import Limits

__all__ = ["sandbox"]


@pytest_asyncio.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A started Sandbox on a free 127.0.0.1 port with Telegram's default limits."""
    async with Sandbox(limits=Limits()) as sb:
        yield sb
