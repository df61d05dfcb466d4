"""Telegram pushing back: 429s, blocked users, migrated groups, unknown chats, bad HTML, refused photos."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot import delivery
from bot.app import App, running
from bot.config import Config, FeedConfig
from bot.services import get_services
from sandbox import SEND_METHODS, Limits
from sandbox.newssite import NewsSite, rss
from tests.bot.delivery_env import item, outbox_settled, poll_all
from tests.conftest import ADMIN_ID

CHANNEL = -1002001


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite() as s:
        yield s


@pytest.fixture
def config(site: NewsSite, sandbox: Any, make_config: Callable[..., Config]) -> Config:
    sandbox.add_chat(CHANNEL, "channel", title="News")
    sandbox.add_chat(ADMIN_ID, "private", first_name="Admin")
    feed = FeedConfig(url=site.url("/feed.xml"), every=3600, channels=(CHANNEL,), name="local")
    return make_config(feeds=(feed,))


async def subscribe(app: App, *telegram_ids: int, kind: str = "private") -> None:
    storage = get_services(app).storage
    [feed] = await storage.list_feeds()
    for tid in telegram_ids:
        chat = await storage.upsert_chat(tid, kind, f"chat {tid}")
        await storage.subscribe(chat.id, feed.id)


def pairs(sandbox: Any) -> Counter[tuple[int, str]]:
    """(chat, first line) of every message sent, counted."""
    return Counter(
        (e["chat_id"], (e.get("text") or e.get("caption") or "").split("\n", 1)[0])
        for e in sandbox.sent(methods=SEND_METHODS)
    )


async def test_429s_on_a_share_of_sends_delay_but_never_lose_or_repeat(
    site: NewsSite, sandbox: Any, config: Config
) -> None:
    users = list(range(7001, 7011))
    for uid in users:
        sandbox.add_chat(uid, "private")
    site.set_feed("/feed.xml", rss([item(n, site.base_url) for n in (1, 2, 3)]))
    sandbox.force_retry_after(share=0.3, count=12, seconds=1)
    async with running(config, poll_timeout=1) as app:
        await subscribe(app, *users)
        [result] = await poll_all(app)
        assert result.queued == 3 * (len(users) + 1)
        counts = await outbox_settled(app, within=40)
        assert counts == {"sent": result.queued}
        stats = delivery.stats(app)
        assert stats is not None and stats.flood_waits >= 1
    sent = pairs(sandbox)
    assert len(sent) == result.queued and set(sent.values()) == {1}
    forced = [r for r in sandbox.stats.retries if r.reason == "forced"]
    assert 3 <= len(forced) <= 12  # 429s did happen (the share is random, seeded) ...
    for r in forced:  # ... and the bot waited at least as long as told before that chat's next send
        assert r.waited is not None and r.waited >= r.retry_after, r
    assert sandbox.stats.pacing_429s == 0  # no 429 of the bot's own making (no early retry either)


async def test_blocked_migrated_and_unknown_chats(site: NewsSite, sandbox: Any, config: Config) -> None:
    blocked, fine, group, new_group, unknown = 7101, 7102, -4001, -1004001, 7199
    sandbox.add_chat(blocked, "private")
    sandbox.add_chat(fine, "private")
    sandbox.add_chat(group, "group", title="Old group")
    sandbox.set_fault(blocked, "blocked")
    sandbox.set_fault(group, "migrated", migrate_to=new_group)
    site.set_feed("/feed.xml", rss([item(n, site.base_url) for n in (1, 2)]))
    async with running(config, poll_timeout=1) as app:
        storage = get_services(app).storage
        await subscribe(app, blocked, fine, unknown)
        await subscribe(app, group, kind="group")
        await poll_all(app)
        await outbox_settled(app)
        by_state = await storage.outbox_counts()
        # 2 articles x (channel, fine, migrated group) sent; the blocked and unknown chats' rows dropped
        assert by_state == {"sent": 6, "dropped": 4}
        gone = await storage.get_chat(blocked)
        assert gone is not None and not gone.active and "blocked" in (gone.inactive_reason or "")
        missing = await storage.get_chat(unknown)
        assert missing is not None and not missing.active
        assert "not found" in (missing.inactive_reason or "").lower()
        assert await storage.get_chat(group) is None
        moved = await storage.get_chat(new_group)
        assert moved is not None and moved.active and moved.kind == "supergroup"
        assert len(await storage.subscriptions(moved.id)) == 1  # the subscription moved with it
        # a later article reaches the supergroup directly and nothing goes to the dropped chats
        site.set_feed("/feed.xml", rss([item(n, site.base_url) for n in (1, 2, 3)]))
        await poll_all(app)
        await outbox_settled(app)
    assert sandbox.stats.sends_per_chat[new_group] == 3
    assert sandbox.stats.sends_per_chat[fine] == 3
    assert sandbox.stats.sends_per_chat[blocked] == 0


async def test_kicked_channel_stops_and_admins_are_told_once(
    site: NewsSite, sandbox: Any, config: Config
) -> None:
    sandbox.set_fault(CHANNEL, "kicked")
    site.set_feed("/feed.xml", rss([item(n, site.base_url) for n in (1, 2, 3)]))
    async with running(config, poll_timeout=1) as app:
        await poll_all(app)
        # rows queued before the kick was seen are dropped; articles stored after it queue none
        assert set(await outbox_settled(app)) == {"dropped"}
        notices = await sandbox.wait_messages(ADMIN_ID, 1)
        assert "kicked" in notices[0]["text"]
        chat = await get_services(app).storage.get_chat(CHANNEL)
        assert chat is not None and not chat.active
    assert len(sandbox.sent(ADMIN_ID, methods=SEND_METHODS)) == 1


async def test_bad_html_fails_the_rows_and_tells_admins_once(sandbox: Any, config: Config) -> None:
    users = [7201, 7202, 7203]
    for uid in users:
        sandbox.add_chat(uid, "private")
    async with running(config, poll_timeout=1) as app:
        storage = get_services(app).storage
        ids = [(await storage.upsert_chat(u, "private")).id for u in users]
        hello = "<b>Hello</b> &amp; welcome"
        good = await storage.create_batch("broadcast", ADMIN_ID, hello)
        await storage.enqueue(ids, kind="broadcast", priority=2, batch_id=good, text=hello)
        bad = await storage.create_batch("broadcast", ADMIN_ID, "<p>oops</p>")
        await storage.enqueue(ids, kind="broadcast", priority=2, batch_id=bad, text="<p>oops</p>")
        delivery.notify(app)
        await outbox_settled(app)
        assert await storage.outbox_counts(good) == {"sent": 3}
        assert await storage.outbox_counts(bad) == {"failed": 3}
        await sandbox.wait_messages(ADMIN_ID, 1)
    for uid in users:
        [message] = sandbox.sent(uid, methods=SEND_METHODS)
        assert message["text"] == "Hello & welcome" and message["entities"][0]["type"] == "bold"
    [notice] = sandbox.sent(ADMIN_ID, methods=SEND_METHODS)
    assert "unsupported start tag" in notice["text"].lower()


async def test_photo_post_and_text_fallback_when_telegram_cannot_fetch_the_image(
    site: NewsSite, sandbox: Any, config: Config
) -> None:
    ok = item(1, site.base_url, image=f"{site.base_url}/img/1.jpg")
    broken = item(2, site.base_url, image=f"{site.base_url}/img/2.jpg")
    sandbox.set_url_unreachable(f"{site.base_url}/img/2.jpg")
    site.set_feed("/feed.xml", rss([broken, ok]))
    async with running(config, poll_timeout=1) as app:
        await poll_all(app)
        await outbox_settled(app)
    first, second = sandbox.sent(CHANNEL, methods=SEND_METHODS)
    assert first["method"] == "sendPhoto" and first["photo"].endswith("/img/1.jpg")
    assert first["caption"].startswith("Headline number 1")
    assert second["method"] == "sendMessage" and second["text"].startswith("Headline number 2")


async def test_subscriber_posts_use_callbacks_and_the_pause_holds_posts(
    site: NewsSite, sandbox: Any, config: Config
) -> None:
    sandbox.add_chat(7301, "private")
    site.set_feed("/feed.xml", rss([item(1, site.base_url)]))
    async with running(config, poll_timeout=1) as app:
        storage = get_services(app).storage
        await subscribe(app, 7301)
        await storage.set_setting("paused", "1")
        assert (await poll_all(app))[0].added == 1  # a manual poll still stores ...
        delivery.notify(app)
        await asyncio.sleep(0.3)  # give the woken worker time to (wrongly) send
        assert (await storage.outbox_counts()) == {"pending": 2}  # ... but nothing is posted
        await storage.set_setting("paused", "0")
        delivery.notify(app)
        await outbox_settled(app)
    [post] = sandbox.sent(7301, methods=SEND_METHODS)
    buttons = [b for row in post["reply_markup"]["inline_keyboard"] for b in row]
    assert any(b.get("callback_data", "").startswith("r:") for b in buttons)


async def test_server_errors_and_dropped_connections_are_retried_with_backoff(
    site: NewsSite, sandbox: Any, config: Config
) -> None:
    site.set_feed("/feed.xml", rss([item(1, site.base_url)]))
    sandbox.fail_next(1, "500", methods={"sendMessage", "sendPhoto"})
    sandbox.fail_next(1, "drop", methods={"sendMessage", "sendPhoto"})
    async with running(config, poll_timeout=1) as app:
        await poll_all(app)
        [post] = await sandbox.wait_messages(CHANNEL, 1, timeout=15)
        await outbox_settled(app)
        storage = get_services(app).storage
        [stored] = await storage.latest(1)
        chat = await storage.get_chat(CHANNEL)
        assert chat is not None
        assert await storage.sent_message(stored.id, chat.id) == post["message_id"]
        stats = delivery.stats(app)
        assert stats is not None and stats.retried == 2 and stats.sent == 1
    assert len(sandbox.sent(CHANNEL, methods=SEND_METHODS)) == 1


async def test_a_global_flood_holds_every_chat_and_nothing_is_lost(
    site: NewsSite, sandbox: Any, config: Config
) -> None:
    # Telegram allows less than the bot was configured for: its 429s are about all chats at once
    sandbox.set_limits(Limits(global_limit=5))
    users = list(range(7401, 7431))
    for uid in users:
        sandbox.add_chat(uid, "private")
    site.set_feed("/feed.xml", rss([item(1, site.base_url)]))
    async with running(config, poll_timeout=1) as app:
        await subscribe(app, *users)
        [result] = await poll_all(app)
        assert await outbox_settled(app, within=40) == {"sent": result.queued}
        stats = delivery.stats(app)
        assert stats is not None and stats.global_floods >= 1
    sent = pairs(sandbox)
    assert len(sent) == len(users) + 1 and set(sent.values()) == {1}
    global_429s = [r for r in sandbox.stats.retries if r.reason == "global"]
    assert global_429s and all(r.waited is not None and r.waited >= r.retry_after for r in global_429s)
    print(f"global flood: {len(sandbox.stats.retries)} 429s in all, {sandbox.stats.early_retries} early")
