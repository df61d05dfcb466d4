"""Helpers for the delivery, polling and crash tests: feed items with full text, and waiting on the outbox."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import App
from bot.polling import PollResult, poller_of, unschedule_feed
from bot.services import get_services
from sandbox.newssite import NewsItem

BASE_TIME = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

_WORDS = (
    "council harbour budget river school bridge festival library market railway clinic stadium "
    "museum orchard factory airport garden theatre hospital tunnel vineyard ferry college canal"
).split()


def story(n: int, *, words: int = 90) -> str:
    """A distinct paragraph-rich story body (HTML) for item n: long enough not to be a teaser."""
    w = [_WORDS[(n * 7 + i * 3) % len(_WORDS)] for i in range(words)]
    sentences = [
        f"Story {n} sentence {i}: the {w[i]} and the {w[i + 1]} near the {w[i + 2]} changed today."
        for i in range(0, words - 3, 3)
    ]
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def item(n: int, site_url: str, **changes: Any) -> NewsItem:
    """Feed item n with a full-text body, published n minutes after BASE_TIME."""
    fields: dict[str, Any] = {
        "title": f"Headline number {n} about the {_WORDS[n % len(_WORDS)]}",
        "link": f"{site_url}/news/{n}",
        "guid": f"item-{n}",
        "description": f"Short description of story {n}.",
        "content": story(n),
        "published": BASE_TIME + timedelta(minutes=n),
    }
    fields.update(changes)
    return NewsItem(**fields)


async def manual_polling(app: App) -> None:
    """Remove the feeds' jobs, so only the test polls (a job firing first would change the counts)."""
    for feed in await get_services(app).storage.list_feeds():
        unschedule_feed(app, feed.id)


async def poll_all(app: App) -> list[PollResult]:
    """Poll every feed once, now (and only when the test says so)."""
    await manual_polling(app)
    storage = get_services(app).storage
    poller = poller_of(app)
    return [await poller.poll(f.id, force=True) for f in await storage.list_feeds()]


async def outbox_settled(app: App, within: float = 20.0) -> dict[str, int]:
    """Wait until no outbox row is pending or sending; return the counts by state."""
    storage = get_services(app).storage
    deadline = asyncio.get_running_loop().time() + within
    while True:
        counts = await storage.outbox_counts()
        if not counts.get("pending") and not counts.get("sending"):
            return counts
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"outbox not settled after {within} s: {counts}")
        await asyncio.sleep(0.05)
