"""The demo reader's scripted session: what a newcomer would try, one step at a time."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from bot.app import App
from bot.demo.show import Printer
from bot.keyboards import NEXT, PREV
from bot.services import get_services
from sandbox import Sandbox

__all__ = ["Session", "press"]

STEP_TIMEOUT = 15.0  # seconds to wait for the bot's answer to one step


def press(sandbox: Sandbox, chat_id: int, message: dict[str, Any], label: str) -> bool:
    """Press the button whose label contains `label`, as the demo reader would; False if none.

    A deep-link button (t.me/<bot>?start=...) opens the bot with /start <payload>, as Telegram does.
    """
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if label not in str(button.get("text", "")):
                continue
            if button.get("callback_data"):
                sandbox.inject_callback(int(message["chat_id"]), int(message["message_id"]),
                                        button["callback_data"], user_id=chat_id)
                return True
            match = re.search(r"\?start=([\w-]+)", str(button.get("url", "")))
            if match:
                sandbox.inject_message(chat_id, f"/start {match.group(1)}")
                return True
    return False


class Session:
    """Talks to the bot as the demo reader and waits for each answer."""

    def __init__(self, sandbox: Sandbox, app: App, printer: Printer, reader: int, channel: int) -> None:
        self.sandbox = sandbox
        self.app = app
        self.printer = printer
        self.reader = reader
        self.channel = channel

    async def _answers(self, mark: int, chats: tuple[int, ...], n: int = 1) -> list[dict[str, Any]]:
        """Wait for `n` messages or edits to `chats` after `mark`; then a moment for any that follow."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STEP_TIMEOUT
        found: list[dict[str, Any]] = []
        while loop.time() < deadline:
            found = [e for e in self.sandbox.sent(since=mark) if e["chat_id"] in chats]
            if len(found) >= n:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.6)
        self.printer.flush()
        return [e for e in self.sandbox.sent(since=mark) if e["chat_id"] in chats]

    async def say(self, text: str, n: int = 1) -> list[dict[str, Any]]:
        """Send a message as the reader; return the bot's answers."""
        self.printer.flush()
        self.printer.line(f"[reader] {text}")
        mark = self.sandbox.mark()
        self.sandbox.inject_message(self.reader, text, first_name="Demo Reader")
        return await self._answers(mark, (self.reader,), n)

    async def tap(
        self, message: dict[str, Any], label: str, chats: tuple[int, ...] = ()
    ) -> list[dict[str, Any]]:
        """Press a button of a bot message; return what the bot sent or edited in answer."""
        self.printer.flush()
        self.printer.line(f"[reader] taps {label}")
        mark = self.sandbox.mark()
        if not press(self.sandbox, self.reader, message, label):
            self.printer.line(f"(no {label} button here)")
            return []
        return await self._answers(mark, chats or (self.reader,))

    async def _pick(self) -> tuple[int | None, int | None]:
        """The long Arabic feature (several pages) and an English article, by id."""
        latest = await get_services(self.app).storage.latest(20)
        long_ar = next((s.id for s in latest if "المنارة" in s.article.title), None)
        english = next((s.id for s in latest if s.article.lang == "en" and "Harbour" in s.article.title),
                       None)
        return long_ar or (latest[0].id if latest else None), english or (latest[-1].id if latest else None)

    async def wait_for_articles(self, n: int, seconds: float) -> int:
        """Wait until the bot stored `n` articles (the feeds' first poll); return how many it has."""
        storage = get_services(self.app).storage
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        count = await storage.count_articles()
        while count < n and loop.time() < deadline:
            await asyncio.sleep(0.5)
            count = await storage.count_articles()
        return count

    async def run(self) -> None:
        """The script: /start, /latest, /read with page turns, /summary, /related, /search, /push."""
        await self.wait_for_articles(9, 25.0)
        await self.say("/start")
        await self.say("/latest")
        feature, english = await self._pick()
        if feature is None:
            self.printer.line("(no articles yet: the feeds were not fetched)")
            return
        pages = await self.say(f"/read {feature}")
        first = next((m for m in pages if m.get("reply_markup")), None)
        if first is not None:
            turned = await self.tap(first, NEXT)
            if turned:
                await self.tap(turned[-1], PREV)
        await self.say(f"/summary {feature}")
        await self.say(f"/related {feature}")
        await self.say("/search المنارة")
        await self.say("/search harbour lights")
        if english is not None:
            self.printer.line("[reader is also an admin] pushes an article to the channel again:")
            answers = await self.say(f"/push {english}", n=2)
            question = next((m for m in answers if "Confirm" in str(m.get("reply_markup"))), None)
            if question is not None:
                await self.tap(question, "Confirm", chats=(self.reader, self.channel))
                mark = self.sandbox.mark()
                await self._answers(mark, (self.reader,))  # the report once the batch is sent
