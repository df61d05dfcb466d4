"""Admin commands end to end through the sandbox: refusals, feeds, channels, pause, stats, notices."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from telegram.ext import CallbackContext

from bot.app import App, running
from bot.config import Config, Limits
from bot.services import get_services
from handlers.admin import COMMANDS, notices
from sandbox import Limits as SandboxLimits
from sandbox.newssite import NewsItem, NewsSite, rss
from tests.handlers.admin_helpers import ADMIN, STRANGER, article, body, say, storage_of

CHANNEL = -1001000000001


@pytest.fixture
async def bot_app(sandbox: Any, make_config: Callable[..., Config]) -> AsyncIterator[App]:
    """The running bot with rate limits out of the way: these tests send many commands quickly."""
    sandbox.set_limits(SandboxLimits.off())
    async with running(make_config(limits=FAST), poll_timeout=1) as app:
        yield app

FAST = Limits(global_per_second=1000, private_per_second=1000, group_per_minute=60000)

ARGS = {
    "push": "1",
    "broadcast": "hello",
    "cancel": "",
    "addfeed": "http://127.0.0.1:9/feed.xml",
    "rmfeed": "1",
    "pausefeed": "1",
    "resumefeed": "1",
    "addchannel": "@news",
    "rmchannel": "@news",
}


async def test_every_admin_command_refuses_a_stranger(sandbox: Any, bot_app: App) -> None:
    storage = storage_of(bot_app)
    feed = await storage.add_feed("http://127.0.0.1:9/feed.xml", "feed")
    await storage.add_article(feed.id, article(1))
    for name in COMMANDS:
        replies = await say(sandbox, f"/{name} {ARGS.get(name, '')}".strip(), user=STRANGER)
        assert "only the bot's administrators" in body(replies[0]), name
    # Nothing happened: no audit entry, not paused, the feed is still there and active.
    assert await storage.audit_log() == []
    assert not await storage.is_paused()
    still = await storage.get_feed(feed.id)
    assert still is not None and not still.paused
    assert await storage.outbox_counts() == {}


async def test_admin_commands_stay_out_of_groups(sandbox: Any, bot_app: App) -> None:
    group = -4001
    sandbox.inject_message(group, "/pause", user_id=ADMIN, chat_type="group")
    (reply,) = await sandbox.wait_messages(group, 1)
    assert "private chat" in body(reply)
    sandbox.inject_message(group, "/pause", user_id=STRANGER, chat_type="group")
    (reply,) = await sandbox.wait_messages(group, 1)
    assert "only the bot's administrators" in body(reply)
    assert not await storage_of(bot_app).is_paused()
    assert await storage_of(bot_app).audit_log() == []


async def test_refusal_is_in_arabic_for_an_arabic_user(sandbox: Any, bot_app: App) -> None:
    replies = await say(sandbox, "/stats", user=STRANGER, lang="ar")
    assert "لمشرفي البوت فقط" in body(replies[0])


async def test_admin_replies_in_arabic(sandbox: Any, bot_app: App) -> None:
    assert "أُوقف النشر المجدول" in body((await say(sandbox, "/pause", lang="ar"))[0])
    assert "الاستخدام: /push" in body((await say(sandbox, "/push", lang="ar"))[0])
    assert "لا توجد مصادر بعد" in body((await say(sandbox, "/feeds", lang="ar"))[0])
    help_text = body((await say(sandbox, "/help", lang="ar"))[0])
    assert "أوامر المشرفين" in help_text and "/addchannel" in help_text
    english_help = body((await say(sandbox, "/help", user=STRANGER))[0])
    assert "/addchannel" not in english_help  # admin commands are listed for admins only


async def test_pause_survives_a_restart(sandbox: Any, make_config: Callable[..., Config]) -> None:
    sandbox.set_limits(SandboxLimits.off())
    config = make_config(limits=FAST)
    async with running(config, poll_timeout=1) as app:
        replies = await say(sandbox, "/pause")
        assert "paused" in body(replies[0])
        assert await storage_of(app).is_paused()
    async with running(config, poll_timeout=1) as app:
        storage = storage_of(app)
        assert await storage.is_paused()
        # Still paused after the restart: a new article's channel post waits in the outbox.
        sandbox.add_chat(CHANNEL, "channel", "World News", "worldnews")
        feed = await storage.add_feed("http://127.0.0.1:9/a.xml", "alpha")
        await storage.add_feed_channel(feed.id, (await storage.upsert_chat(CHANNEL, "channel")).id)
        assert (await storage.add_article(feed.id, article(7))).queued == 1
        await asyncio.sleep(1.5)
        assert sandbox.sent(CHANNEL) == []
        replies = await say(sandbox, "/resume")
        assert "resumed" in body(replies[0])
        assert not await storage.is_paused()
        posted = await sandbox.wait_messages(CHANNEL, 1, timeout=10)
        assert "story number 7" in body(posted[0])
        actions = [e.action for e in await storage_of(app).audit_log()]
        assert actions == ["resume", "pause"]
        assert all(e.user_id == ADMIN for e in await storage_of(app).audit_log())


async def test_addfeed_shows_title_and_items_then_manage_it(sandbox: Any, bot_app: App) -> None:
    async with NewsSite() as site:
        items = [NewsItem(f"Item {i}", site.url(f"/a/{i}")) for i in range(3)]
        site.set_feed("/world.xml", rss(items, title="World Desk"))
        url = site.url("/world.xml")
        replies = await say(sandbox, f"/addfeed {url} 10m")
        text = body(replies[0])
        assert "World Desk" in text and "3 item(s)" in text and "600 s" in text
        storage = storage_of(bot_app)
        feed = await storage.get_feed(url)
        assert feed is not None and feed.every == 600 and feed.title == "World Desk"

        listing = body((await say(sandbox, "/feeds"))[0])
        assert feed.name in listing and "World Desk" in listing and "failures 0" in listing

        await say(sandbox, f"/pausefeed {feed.name}")
        paused = await storage.get_feed(feed.id)
        assert paused is not None and paused.paused
        assert "paused" in body((await say(sandbox, "/feeds"))[0])
        await say(sandbox, f"/resumefeed {feed.id}")
        resumed = await storage.get_feed(feed.id)
        assert resumed is not None and not resumed.paused

        assert "removed" in body((await say(sandbox, f"/rmfeed {feed.name}"))[0])
        assert await storage.get_feed(feed.id) is None

        missing = site.url("/missing.xml")
        site.set_feed("/missing.xml", b"gone", status=404)
        reply = body((await say(sandbox, f"/addfeed {missing}"))[0])
        assert "Could not add" in reply and "404" in reply
        assert await storage.get_feed(missing) is None
    actions = [e.action for e in reversed(await storage.audit_log())]
    assert actions == ["addfeed", "feeds", "pausefeed", "feeds", "resumefeed", "rmfeed"]


async def test_feed_commands_explain_bad_input(sandbox: Any, bot_app: App) -> None:
    assert "Usage: /addfeed" in body((await say(sandbox, "/addfeed"))[0])
    assert "Usage: /addfeed" in body((await say(sandbox, "/addfeed http://x.example/f.xml soon"))[0])
    assert "There is no feed" in body((await say(sandbox, "/rmfeed nope"))[0])
    assert "Usage: /pausefeed" in body((await say(sandbox, "/pausefeed"))[0])
    assert "No feeds yet" in body((await say(sandbox, "/feeds"))[0])


async def test_feeds_lists_many_feeds_compactly_and_one_in_detail(sandbox: Any, bot_app: App) -> None:
    storage = storage_of(bot_app)
    for i in range(40):
        await storage.add_feed(f"http://127.0.0.1:9/f{i}.xml", f"feed{i:02d}", title=f"Feed number {i}")
    failing = await storage.get_feed("feed07")
    assert failing is not None
    await storage.record_fetch_failure(failing.id, "HTTP 502", next_due=0, pause_after=10)
    listing = body((await say(sandbox, "/feeds"))[0])
    assert "40 feed(s)" in listing and "feed00" in listing and "feed39" in listing
    assert "⚠ 1 failures" in listing and "/feeds <name> shows one feed in detail" in listing
    assert len(listing) < 4096
    detail = body((await say(sandbox, "/feeds feed07"))[0])
    assert "Feed number 7" in detail and "HTTP 502" in detail and "failures 1" in detail
    assert "There is no feed" in body((await say(sandbox, "/feeds nope"))[0])


BAD_INPUT = [
    "/push 1 2 3",
    "/push -5",
    "/push 99999999999999999999",
    "/push 1 @",
    "/cancel -1",
    "/cancel abc",
    "/cancel 424242",
    "/addfeed ftp://example.org/feed.xml",
    "/addfeed not-a-url",
    "/addfeed http://127.0.0.1:9/x.xml 0",
    "/addfeed http://127.0.0.1:9/x.xml 10m @nowhere_at_all",
    "/addchannel @",
    "/addchannel <b>&amp;",
    "/addchannel " + "x" * 300,
    "/rmchannel @a @b",
    "/rmchannel 12345",
    "/rmfeed '; DROP TABLE feeds; --",
    "/pausefeed " + "ü" * 3000,
    "/resumefeed 0",
    "/feeds " + "x" * 3000,
    "/broadcast " + "y" * 5000,
]


async def test_bad_input_gets_one_clear_answer(sandbox: Any, bot_app: App) -> None:
    await storage_of(bot_app).add_article(None, article(1))
    for text in BAD_INPUT:
        replies = await say(sandbox, text)
        reply = body(replies[0])
        assert reply and "something went wrong" not in reply, (text, reply)
    await asyncio.sleep(0.5)
    assert len(sandbox.sent(ADMIN)) == len(BAD_INPUT)  # exactly one answer each
    assert await storage_of(bot_app).list_feeds() == []
    assert await storage_of(bot_app).outbox_counts() == {}


def test_long_replies_are_split_between_lines_under_the_limit() -> None:
    from handlers.admin.common import chunks

    lines = [f"<b>line {i}</b> " + "x" * 90 for i in range(100)]
    parts = chunks(["head", "\n".join(lines), "tail"])
    assert all(len(p) <= 4000 for p in parts) and len(parts) == 3
    assert "\n".join(parts).replace("\n\n", "\n").split("\n") == ["head", *lines, "tail"]


async def test_addchannel_checks_the_bots_rights(sandbox: Any, bot_app: App) -> None:
    storage = storage_of(bot_app)
    await storage.add_feed("http://127.0.0.1:9/a.xml", "alpha")
    await storage.add_feed("http://127.0.0.1:9/b.xml", "beta")
    sandbox.add_chat(-1001000000002, "channel", "Members Only", "memberonly", "member")
    sandbox.add_chat(
        -1001000000003, "channel", "No Posting", "nopost", "administrator", can_post_messages=False
    )
    sandbox.add_chat(CHANNEL, "channel", "World News", "worldnews", "administrator")

    assert "not an administrator" in body((await say(sandbox, "/addchannel @memberonly"))[0])
    assert "Post messages" in body((await say(sandbox, "/addchannel @nopost"))[0])
    assert "can't reach" in body((await say(sandbox, "/addchannel @nosuchchannel"))[0])
    assert await storage.channels() == []

    reply = body((await say(sandbox, "/addchannel @worldnews beta"))[0])
    assert "World News" in reply and "beta" in reply and "alpha" not in reply
    chat = await storage.get_chat(CHANNEL)
    assert chat is not None and chat.kind == "channel"
    beta = await storage.get_feed("beta")
    assert beta is not None and await storage.feed_channel_ids(beta.id) == [chat.id]

    listing = body((await say(sandbox, "/channels"))[0])
    assert "World News" in listing and "beta" in listing

    reply = body((await say(sandbox, "/rmchannel @worldnews"))[0])
    assert "removed from 1 feed" in reply
    assert await storage.feed_channel_ids(beta.id) == []
    assert "No channels yet" in body((await say(sandbox, "/channels"))[0])

    # Without feed names every feed posts there; the channel is active again.
    reply = body((await say(sandbox, f"/addchannel {CHANNEL}"))[0])
    assert "alpha, beta" in reply
    again = await storage.get_chat(CHANNEL)
    assert again is not None and again.active
    actions = [e.action for e in reversed(await storage.audit_log())]
    assert actions == ["addchannel", "channels", "rmchannel", "channels", "addchannel"]


async def test_stats_sends_numbers_and_a_png_chart(sandbox: Any, bot_app: App) -> None:
    storage = storage_of(bot_app)
    feed = await storage.add_feed("http://127.0.0.1:9/a.xml", "alpha")
    for i in range(3):
        await storage.add_article(feed.id, article(i))
    replies = await say(sandbox, "/stats", n=2, wait=20)
    text = body(replies[0])
    assert "Articles stored: 3" in text and "alpha: 3" in text
    photo = replies[1]
    assert photo["method"] == "sendPhoto"
    assert "48 hours" in body(photo)
    assert [e.action for e in await storage.audit_log()] == ["stats"]


async def test_admin_notices_arrive_once(sandbox: Any, bot_app: App) -> None:
    storage = storage_of(bot_app)
    feed = await storage.add_feed("http://127.0.0.1:9/a.xml", "alpha")
    limit = get_services(bot_app).config.polling.max_failures
    for _ in range(limit):
        await storage.record_fetch_failure(feed.id, "HTTP 500", next_due=0, pause_after=limit)
    sandbox.inject_message(ADMIN, "/start")  # the admin's private chat exists
    await sandbox.wait_messages(ADMIN, 1)

    context = CallbackContext(bot_app)  # call the job's callback directly instead of waiting for it
    await notices.scan(context)
    await notices.scan(context)
    told = [m for m in sandbox.sent(ADMIN) if "alpha" in body(m) and "paused" in body(m)]
    assert len(told) == 1 and "HTTP 500" in body(told[0])

    # Solved (resumed) and failing again later: told again, once.
    await storage.set_feed_paused(feed.id, False)
    await notices.scan(context)
    for _ in range(limit):
        await storage.record_fetch_failure(feed.id, "HTTP 503", next_due=0, pause_after=limit)
    await notices.scan(context)
    await notices.scan(context)
    told = [m for m in sandbox.sent(ADMIN) if "alpha" in body(m) and "paused" in body(m)]
    assert len(told) == 2 and "HTTP 503" in body(told[1])


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_admin_catalog_has_every_key_in_both_languages(lang: str) -> None:
    from handlers.catalog import admin_messages

    assert set(admin_messages.EN) == set(admin_messages.AR)
    table = admin_messages.EN if lang == "en" else admin_messages.AR
    assert all(k.startswith(("admin_", "help_admin")) for k in table)
