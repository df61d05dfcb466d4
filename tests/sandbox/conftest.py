"""Fixtures for the sandbox's own tests: a real PTB Bot talking to the sandbox over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest_asyncio
from telegram import Bot

from sandbox import Sandbox
from sandbox.testing import sandbox  # the plugin's fixture, also for runs without the root conftest

__all__ = ["bot", "http", "sandbox"]


@pytest_asyncio.fixture
async def bot(sandbox: Sandbox) -> AsyncIterator[Bot]:
    """python-telegram-bot's own Bot, pointed at the sandbox."""
    async with Bot(sandbox.token, base_url=f"{sandbox.api_url}/bot") as client:
        yield client


@pytest_asyncio.fixture
async def http(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    """A raw HTTP client on the sandbox, for what PTB would not send."""
    async with httpx.AsyncClient(base_url=sandbox.api_url, timeout=10) as client:
        yield client
