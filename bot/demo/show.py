"""Print what the bot sends, as it happens: channel posts and the demo reader's conversation."""

from __future__ import annotations

import asyncio
import sys
from typing import Any, TextIO

from bot.demo.terminal import render_message
from sandbox import Sandbox

__all__ = ["Printer"]


class Printer:
    """Follows the sandbox's outbound log and prints each new message once, in order."""

    def __init__(self, sandbox: Sandbox, names: dict[int, str], *, numbered: bool = False,
                 out: TextIO | None = None) -> None:
        self.sandbox = sandbox
        self.names = names  # chat id -> how to call it
        self.numbered = numbered
        self.out = out or sys.stdout
        self._seen = sandbox.mark()
        self.last_with_buttons: dict[str, Any] | None = None
        self.counts: dict[int, int] = {}

    def line(self, text: str = "") -> None:
        """Print one line now (flushed: a pipe reader sees it at once)."""
        print(text, file=self.out, flush=True)

    def flush(self) -> None:
        """Print every message logged since the last call."""
        entries = self.sandbox.sent(since=self._seen)
        self._seen += len(entries)
        for entry in entries:
            method = entry.get("method", "")
            if method not in ("sendMessage", "sendPhoto", "editMessageText", "editMessageCaption"):
                continue
            chat_id = int(entry["chat_id"])
            self.counts[chat_id] = self.counts.get(chat_id, 0) + 1
            who = self.names.get(chat_id, f"chat {chat_id}")
            edited = ", edited" if method.startswith("edit") else ""
            self.line(f"[{who}{edited}] message {entry.get('message_id')}")
            self.line(render_message(entry, numbered=self.numbered))
            self.line()
            if entry.get("reply_markup"):
                self.last_with_buttons = entry

    async def follow(self, every: float = 0.1) -> None:
        """Print new messages until cancelled."""
        while True:
            self.flush()
            await asyncio.sleep(every)
