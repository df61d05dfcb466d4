"""Small factories shared by the admin tests: talk to the bot as a user, store articles."""

from __future__ import annotations

import hashlib
from typing import Any

from bot.app import App
from bot.services import get_services
from bot.storage import Storage
from content import Article

ADMIN = 1001
STRANGER = 2002


def storage_of(app: App) -> Storage:
    return get_services(app).storage


async def say(
    sandbox: Any, text: str, *, user: int = ADMIN, n: int = 1, lang: str = "en", wait: float = 10
) -> list[dict[str, Any]]:
    """Send `text` as `user` in their private chat and wait for `n` new messages there."""
    sandbox.inject_message(user, text, language_code=lang)
    return list(await sandbox.wait_messages(user, n, timeout=wait))


def body(message: dict[str, Any]) -> str:
    """The visible text or caption of a logged message."""
    return str(message.get("text") or message.get("caption") or "")


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every inline button of a logged message."""
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def article(n: int, *, lang: str = "en") -> Article:
    """A distinct small article."""
    return Article(
        title=f"Test story number {n} about harbour lights",
        url=f"https://news.example/{n}",
        lang=lang,
        site="Example News",
        paragraphs=(f"Paragraph one of story {n} tells what happened.", "Paragraph two adds detail."),
        summary=f"Story {n} in short.",
        fingerprint=hashlib.sha1(f"story {n}".encode()).hexdigest()[:16],  # far apart: never near-dups
    )
