"""A reader's session with the bot, through the sandbox, written out as a readable transcript.

Used by tests/handlers/test_reader_transcript.py, and by hand for the README:

    .venv/bin/python -m tests.handlers.reader_transcript /tmp/reader-transcript.txt
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

import content
from bot.app import running
from bot.config import Config, Limits, Secret
from sandbox import Limits as SandboxLimits
from sandbox import Sandbox
from tests.handlers.reader_helpers import (
    AR_USER,
    USER,
    ErrorLog,
    Reader,
    body,
    button,
    make_article,
    seed_news,
)

SAMPLE = Path(__file__).parent.parent / "content" / "fixtures" / "article-ar-qsarpress.txt"
MAX_LINES = 14  # of one message in the transcript; a full page would drown the story
MAX_WIDTH = 220  # characters of one line


def _cut(line: str) -> str:
    return line if len(line) <= MAX_WIDTH else line[: MAX_WIDTH - 1].rstrip() + "…"


def _keyboard(message: dict[str, Any]) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return ["  ".join(f"[{b['text']}]" for b in row) for row in rows]


def _message(prefix: str, message: dict[str, Any]) -> list[str]:
    lines = [_cut(line) for line in body(message).splitlines()] or [""]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], "…"]
    out = [f"{prefix}{lines[0]}"] + [f"       {line}" if line else "" for line in lines[1:]]
    return out + [f"       {row}" for row in _keyboard(message)]


class Transcript:
    """Sends as the reader and writes down both sides."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.lines: list[str] = []

    def note(self, text: str) -> None:
        self.lines += ["", f"# {text}"]

    async def say(self, text: str, *, chat: int = USER, lang: str = "en", n: int = 1) -> list[dict[str, Any]]:
        self.lines += ["", f"you  › {text}"]
        replies = await self.reader.ask(text, chat=chat, lang=lang, n=n)
        for reply in replies:
            self.lines += _message("bot  ‹ ", reply)
        return replies

    async def arrives(self, *, chat: int = USER) -> dict[str, Any]:
        """Wait for a message the bot sends on its own (a subscriber's post)."""
        (post,) = await self.reader.sb.wait_messages(chat, 1, timeout=15)
        self.lines += ["", *_message("bot  ‹ ", post)]
        return dict(post)

    async def tap(self, message: dict[str, Any], label: str, *, chat: int = USER) -> dict[str, Any]:
        current = self.reader.sb.message(chat, message["message_id"]) or message
        self.lines += ["", f"you  › taps [{label}]"]
        mark = self.reader.sb.mark()
        await self.reader.press(message, button(current, label), chat=chat)
        await self.reader.idle()
        (result,) = [e for e in self.reader.sb.sent(chat, since=mark)] or [current]
        edited = result["method"] == "editMessageText"
        if edited:
            await self.reader.sb.wait_messages(chat, 1, methods={"editMessageText"})
        else:
            await self.reader.sb.wait_messages(chat, 1)
        self.lines += _message("bot  ✎ " if edited else "bot  ‹ ", result)
        return result


async def session(reader: Reader) -> str:
    """Run the scripted session and return its transcript."""
    ids = await seed_news(reader)
    [sample] = content.parse(SAMPLE.read_text(encoding="utf-8"))
    arabic_id = await reader.seed(sample, ids["arabic"])
    await reader.seed(
        make_article(
            "روسيا وأوكرانيا: جولة محادثات جديدة في جنيف",
            ["قالت مصادر دبلوماسية إن جولة محادثات جديدة بين روسيا وأوكرانيا ستعقد في جنيف."],
            lang="ar",
            hours_ago=2,
            source="رويترز",
            site="",
        ),
        ids["arabic"],
    )
    log = Transcript(reader)
    log.lines.append("newsbot reader session (sandbox transcript)")
    log.note("A reader with English Telegram opens the bot")
    await log.say("/start")
    await log.say("/latest 4")
    log.note("The full text comes in pages; ◀ ▶ edit the same message in place")
    [page] = await log.say(f"/read_{ids['long']}")
    await log.tap(page, "▶")
    await log.tap(page, "▶")
    await log.tap(page, "◀")
    await log.tap(page, "Summary")
    await log.say(f"/related {ids['harbour']}")
    await log.say("/search climate harbour")
    await log.say("/read 99999999999999999999")
    await log.say("/sources")
    await log.say("/subscribe world -sport +harbour")
    await log.say("/subscriptions")
    log.note("A new article about the harbour arrives through the outbox, with its buttons")
    await reader.seed(
        make_article(
            "Harbour board approves the quay repairs",
            ["The harbour board voted on Thursday to repair the northern quay before winter.",
             "Work starts in October and should take six months."],
            hours_ago=0,
            url="https://news.example/quay-repairs",
        ),
        ids["world"],
    )
    post = await log.arrives()
    await log.tap(post, "Related")
    log.note("A reader with Arabic Telegram")
    await log.say("/latest 3", chat=AR_USER, lang="ar")
    await log.say(f"/read_{arabic_id}", chat=AR_USER, lang="ar")
    await log.say(f"/related {arabic_id}", chat=AR_USER, lang="ar")
    await log.say("/search المُنَاخ", chat=AR_USER, lang="ar")
    await log.say("/latest 0", chat=AR_USER, lang="ar")
    log.note("Switching the chat's language")
    await log.say("/lang ar")
    await log.say("/help")
    return "\n".join(log.lines) + "\n"


async def _run() -> str:
    """Start a sandbox and the bot, run the session, return the transcript."""

    fast = SandboxLimits(global_limit=1000, group_limit=1000, private_rate=500.0, private_burst=500)
    async with Sandbox(limits=fast) as sb:
        with tempfile.TemporaryDirectory() as tmp:
            config = Config(
                token=Secret(sb.token),
                api_url=sb.api_url,
                admins=(1001,),
                database=Path(tmp) / "newsbot.sqlite3",
                limits=Limits(global_per_second=1000, private_per_second=500, group_per_minute=60000),
            )
            async with running(config, poll_timeout=1) as app:
                return await session(Reader(sb, app, ErrorLog()))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "reader-transcript.txt")
    out.write_text(asyncio.run(_run()), encoding="utf-8")
    print(f"wrote {out}")
