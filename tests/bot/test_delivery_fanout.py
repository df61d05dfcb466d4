"""A large fan-out against Telegram-like limits: complete, no 429 of our own making, replies not starved."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from bot import delivery
from bot.app import running
from bot.config import Config, FeedConfig
from bot.config import Limits as BotLimits
from bot.services import get_services
from sandbox import SEND_METHODS, Limits
from sandbox.newssite import NewsSite, rss
from tests.bot.delivery_env import item, outbox_settled, poll_all

GLOBAL = 100  # raised limits so 1,000 messages take ~10 s; the same shape as Telegram's
PRIVATE = 5
CHANNELS = (-1003001, -1003002)
SUBSCRIBERS = list(range(8001, 8099))  # 98 private chats + 2 channels = 100 targets
ARTICLES = 10
READER = 9999


@pytest.mark.slow
async def test_fan_out_of_1000_is_complete_paced_and_replies_are_not_starved(
    sandbox: Any, make_config: Callable[..., Config]
) -> None:
    sandbox.set_limits(Limits(global_limit=GLOBAL, private_rate=PRIVATE, private_burst=PRIVATE))
    for chat_id in CHANNELS:
        sandbox.add_chat(chat_id, "channel")
    for uid in [*SUBSCRIBERS, READER]:
        sandbox.add_chat(uid, "private")
    async with NewsSite() as site:
        site.set_feed("/feed.xml", rss([item(n, site.base_url) for n in range(1, ARTICLES + 1)]))
        config = make_config(
            feeds=(FeedConfig(url=site.url("/feed.xml"), every=3600, channels=CHANNELS, name="n"),),
            limits=BotLimits(global_per_second=GLOBAL, private_per_second=PRIVATE),
        )
        async with running(config, poll_timeout=1) as app:
            storage = get_services(app).storage
            [feed] = await storage.list_feeds()
            for uid in SUBSCRIBERS:
                chat = await storage.upsert_chat(uid, "private")
                await storage.subscribe(chat.id, feed.id)
            [result] = await poll_all(app)
            assert result.queued == 1000

            # a reader asks for /latest in the middle of the fan-out
            await sandbox.wait_messages(None, 300, timeout=30)
            asked_at = sandbox.stats.sends
            sandbox.inject_message(READER, "/latest")
            await sandbox.wait_messages(READER, 1, timeout=10)
            answered_at = sandbox.stats.sends - 1
            await outbox_settled(app, within=60)
            stats = delivery.stats(app)
        assert stats is not None and stats.sent == 1000

    bulk = [e for e in sandbox.sent(methods=SEND_METHODS) if e["chat_id"] != READER]
    per_pair = Counter((e["chat_id"], e["text"].split("\n", 1)[0]) for e in bulk)
    assert len(per_pair) == 1000 and set(per_pair.values()) == {1}  # complete, nothing twice
    assert sandbox.stats.too_many_requests == 0  # our pacing never went over a limit
    # the reply overtook the queue: while it waited, fewer bulk sends went out than a few seconds of
    # budget (in practice none), though 700 were still queued
    assert answered_at - asked_at < 3 * GLOBAL
    # the rate after the first window (the first second may take a whole window at once)
    times = [e["time"] for e in bulk]
    steady = [t for t in times if t >= times[0] + 1.0]
    rate = (len(steady) - 1) / (steady[-1] - steady[0])
    print(
        f"fan-out: {len(bulk)} messages in {times[-1] - times[0]:.2f} s; steady {rate:.1f}/s = "
        f"{rate / GLOBAL:.3f} of the limit; /latest answered after {answered_at - asked_at} bulk sends"
    )
