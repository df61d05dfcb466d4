"""Delivery end to end: a local news site, the real bot, the sandbox as Telegram, a real SQLite file."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.app import running
from bot.config import Config, FeedConfig
from bot.services import get_services
from sandbox import SEND_METHODS
from sandbox.newssite import NewsSite, rss
from tests.bot.delivery_env import item, outbox_settled, poll_all

CHANNELS = (-1001001, -1001002)


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite() as s:
        yield s


@pytest.fixture
def feed_config(
    site: NewsSite, sandbox: Any, make_config: Callable[..., Config]
) -> Callable[..., Config]:
    """A Config with one feed (polled by hand: a long interval) posting to two channels."""
    for n, chat_id in enumerate(CHANNELS):
        sandbox.add_chat(chat_id, "channel", title=f"Channel {n}")

    def make(**overrides: Any) -> Config:
        feed = FeedConfig(url=site.url("/feed.xml"), every=3600, channels=CHANNELS, name="local")
        return make_config(feeds=(feed,), **overrides)

    return make


def titles(sandbox: Any, chat_id: int) -> list[str]:
    out = []
    for e in sandbox.sent(chat_id, methods=SEND_METHODS):
        text = e.get("text") or e.get("caption") or ""
        out.append(text.split("\n", 1)[0])
    return out


async def test_new_items_are_posted_once_per_channel_in_order(
    site: NewsSite, sandbox: Any, feed_config: Callable[..., Config]
) -> None:
    site.set_feed("/feed.xml", rss([item(n, site.base_url) for n in (3, 2, 1)]))  # newest first
    async with running(feed_config(), poll_timeout=1) as app:
        [result] = await poll_all(app)
        assert result.added == 3 and result.queued == 6
        for chat_id in CHANNELS:
            await sandbox.wait_messages(chat_id, 3)
        counts = await outbox_settled(app)
        assert counts == {"sent": 6}
        for chat_id in CHANNELS:
            got = titles(sandbox, chat_id)
            assert [t.split(" about")[0] for t in got] == [
                "Headline number 1",
                "Headline number 2",
                "Headline number 3",
            ]
        # the message_id of each post is recorded, so it can be edited later
        storage = get_services(app).storage
        chat = await storage.get_chat(CHANNELS[0])
        assert chat is not None
        first = sandbox.sent(CHANNELS[0], methods=SEND_METHODS)[0]
        latest = await storage.latest(3)
        oldest = min(latest, key=lambda a: a.id)
        assert await storage.sent_message(oldest.id, chat.id) == first["message_id"]
        # a channel post opens the bot through a deep link, not a callback
        buttons = [b for row in first["reply_markup"]["inline_keyboard"] for b in row]
        assert any("?start=read_" in b.get("url", "") for b in buttons)
        assert not any("callback_data" in b for b in buttons)


async def test_restart_and_resent_or_reordered_feed_post_nothing_again(
    site: NewsSite, sandbox: Any, feed_config: Callable[..., Config]
) -> None:
    items = [item(n, site.base_url) for n in (3, 2, 1)]
    site.set_feed("/feed.xml", rss(items))
    async with running(feed_config(), poll_timeout=1) as app:
        await poll_all(app)
        await outbox_settled(app)
    assert sum(sandbox.stats.sends_per_chat[c] for c in CHANNELS) == 6

    # restart on the same database; the site now serves the same items re-ordered, re-dated and
    # under a new ETag (so the body is really parsed again), plus one new item
    reordered = [items[1], items[2], items[0]]
    site.set_feed("/feed.xml", rss([*reordered, item(4, site.base_url)], title="Renamed"))
    async with running(feed_config(), poll_timeout=1) as app:
        [result] = await poll_all(app)
        assert result.added == 1
        for chat_id in CHANNELS:
            await sandbox.wait_messages(chat_id, 4)
        await outbox_settled(app)
        # the same story again under a new URL and GUID is not new either
        site.set_feed("/feed.xml", rss([item(2, site.base_url, link=f"{site.base_url}/moved/2", guid="x2")]))
        [again] = await poll_all(app)
        assert again.added == 0
    for chat_id in CHANNELS:
        counted = Counter(titles(sandbox, chat_id))
        assert len(counted) == 4 and set(counted.values()) == {1}, counted
