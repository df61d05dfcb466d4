"""Update processing: chats run side by side, but one chat's updates run in the order they came."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

__all__ = ["PerChatUpdateProcessor"]


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """At most `running` handlers at once, and never two of the same chat.

    PTB's SimpleUpdateProcessor runs updates concurrently without regard to their chat, so a reader
    who sends /lang ar then /latest could get the list in English, or replies in a shuffled order.
    Here each chat has a FIFO lock taken before the shared concurrency bound, so a chat that floods
    the bot waits on its own lock and never holds a slot other chats need.
    """

    def __init__(self, running: int = 8, waiting: int = 1024) -> None:
        super().__init__(max_concurrent_updates=waiting)
        self._running = asyncio.BoundedSemaphore(running)
        self._locks: dict[object, asyncio.Lock] = {}
        self._users: dict[object, int] = {}

    @staticmethod
    def _key(update: object) -> object:
        if isinstance(update, Update):
            if update.effective_chat is not None:
                return update.effective_chat.id
            if update.effective_user is not None:
                return ("user", update.effective_user.id)
        return None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self._key(update)
        if key is None:
            async with self._running:
                await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock, self._running:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:  # forget idle chats: the dict stays as small as the traffic
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
