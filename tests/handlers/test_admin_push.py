"""/push and /broadcast end to end: preview, Confirm / Cancel, the outbox batch, /cancel and the report."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.app import App, running
from bot.config import Config, Limits
from sandbox import Limits as SandboxLimits
from tests.handlers.admin_helpers import ADMIN, article, body, buttons, say, storage_of

CHANNEL = -1001000000001
FAST = Limits(global_per_second=1000, private_per_second=1000, group_per_minute=60000)


@pytest.fixture
async def bot_app(sandbox: Any, make_config: Callable[..., Config]) -> AsyncIterator[App]:
    sandbox.set_limits(SandboxLimits.off())
    async with running(make_config(limits=FAST), poll_timeout=1) as app:
        yield app


async def _article_and_channel(sandbox: Any, app: App) -> int:
    """An article of a feed posting to CHANNEL, already posted once; returns the article id."""
    storage = storage_of(app)
    feed = await storage.add_feed("http://127.0.0.1:9/a.xml", "alpha")
    added = await storage.add_article(feed.id, article(1))
    assert added.article_id is not None
    sandbox.add_chat(CHANNEL, "channel", "World News", "worldnews")
    chat = await storage.upsert_chat(CHANNEL, "channel", "World News")
    await storage.add_feed_channel(feed.id, chat.id)
    return added.article_id


def _press(sandbox: Any, message: dict[str, Any], label_part: str) -> None:
    data = next(b["callback_data"] for b in buttons(message) if label_part in b["text"])
    sandbox.inject_callback(ADMIN, message["message_id"], data)


async def test_push_preview_confirm_and_report(sandbox: Any, bot_app: App) -> None:
    article_id = await _article_and_channel(sandbox, bot_app)
    preview, question = await say(sandbox, f"/push {article_id}", n=2)
    assert "harbour lights" in body(preview)  # the post itself, as the channel would get it
    assert "to 1 chat(s)" in body(question)
    storage = storage_of(bot_app)
    assert await storage.outbox_counts() == {}  # nothing queued before the confirm

    _press(sandbox, question, "Confirm")
    edited = await sandbox.wait_messages(ADMIN, 1, methods={"editMessageText"})
    assert "Queued as batch #1: 1 messages" in body(edited[0])
    info = await storage.batch_info(1)
    assert info is not None and info.kind == "push" and sum(info.counts.values()) == 1
    assert (await storage.audit_log())[0].action == "push"

    posts = await sandbox.wait_messages(CHANNEL, 1, timeout=15)
    assert "harbour lights" in body(posts[0])
    report = await sandbox.wait_messages(ADMIN, 1, timeout=15)
    assert "Report for push batch #1: sent 1, blocked or dropped 0, failed 0" in body(report[0])


async def test_push_cancel_sends_nothing(sandbox: Any, bot_app: App) -> None:
    article_id = await _article_and_channel(sandbox, bot_app)
    _preview, question = await say(sandbox, f"/push {article_id} @worldnews", n=2)
    _press(sandbox, question, "Cancel")
    edited = await sandbox.wait_messages(ADMIN, 1, methods={"editMessageText"})
    assert "nothing was sent" in body(edited[0])
    storage = storage_of(bot_app)
    assert await storage.outbox_counts() == {}
    assert (await storage.audit_log())[0].action == "push_cancelled"


async def test_a_preview_forgotten_by_a_restart_expires(sandbox: Any, bot_app: App) -> None:
    article_id = await _article_and_channel(sandbox, bot_app)
    _preview, question = await say(sandbox, f"/push {article_id}", n=2)
    bot_app.bot_data["admin_pending"].clear()  # what a restart between preview and Confirm does
    _press(sandbox, question, "Confirm")
    edited = await sandbox.wait_messages(ADMIN, 1, methods={"editMessageText"})
    assert "expired" in body(edited[0])
    assert await storage_of(bot_app).outbox_counts() == {}


async def test_push_targets_and_bad_input(sandbox: Any, bot_app: App) -> None:
    article_id = await _article_and_channel(sandbox, bot_app)
    assert "Usage: /push" in body((await say(sandbox, "/push"))[0])
    assert "Usage: /push" in body((await say(sandbox, "/push abc"))[0])
    assert "no article #999" in body((await say(sandbox, "/push 999"))[0])
    assert "don't know the channel" in body((await say(sandbox, f"/push {article_id} @nowhere"))[0])
    assert "nobody to send" in body((await say(sandbox, f"/push {article_id} subscribers"))[0])

    storage = storage_of(bot_app)
    reader = await storage.upsert_chat(3001, "private", "Reader")
    await storage.subscribe(reader.id, None)
    sandbox.add_chat(3001, "private", first_name="Reader")
    _preview, question = await say(sandbox, f"/push {article_id} subscribers", n=2)
    assert "(subscribers)" in body(question)
    _press(sandbox, question, "Confirm")
    await sandbox.wait_messages(ADMIN, 1, methods={"editMessageText"})
    rows = await storage.fetchall("SELECT chat_id, priority, kind FROM outbox WHERE batch_id = 1")
    assert [tuple(r) for r in rows] == [(reader.id, 1, "push")]


async def test_broadcast_preview_escapes_and_confirms(sandbox: Any, bot_app: App) -> None:
    storage = storage_of(bot_app)
    for uid in (3001, 3002):
        sandbox.add_chat(uid, "private")
        chat = await storage.upsert_chat(uid, "private")
        await storage.subscribe(chat.id, None)
    preview, question = await say(sandbox, "/broadcast Maintenance <tonight> & tomorrow\nthanks", n=2)
    assert body(preview) == "Maintenance <tonight> & tomorrow\nthanks"  # escaped, shown literally
    assert "2 subscriber(s)" in body(question)
    _press(sandbox, question, "Confirm")
    await sandbox.wait_messages(ADMIN, 1, methods={"editMessageText"})
    for uid in (3001, 3002):
        got = await sandbox.wait_messages(uid, 1, timeout=15)
        assert body(got[0]) == "Maintenance <tonight> & tomorrow\nthanks"
    report = await sandbox.wait_messages(ADMIN, 1, timeout=15)
    assert "broadcast batch #1: sent 2" in body(report[0])
    assert "Usage: /broadcast" in body((await say(sandbox, "/broadcast"))[0])


async def test_broadcast_cancelled_midway(sandbox: Any, make_config: Callable[..., Config]) -> None:
    # Slow sending (4 messages/s overall) so the cancel lands while most rows are still pending.
    sandbox.set_limits(SandboxLimits.off())
    slow = Limits(global_per_second=4, private_per_second=1000, group_per_minute=60000)
    async with running(make_config(limits=slow), poll_timeout=1) as app:
        storage = storage_of(app)
        readers = list(range(3001, 3031))
        for uid in readers:
            sandbox.add_chat(uid, "private")
            chat = await storage.upsert_chat(uid, "private")
            await storage.subscribe(chat.id, None)
        _preview, question = await say(sandbox, "/broadcast Big news soon", n=2)
        _press(sandbox, question, "Confirm")
        await sandbox.wait_messages(ADMIN, 1, methods={"editMessageText"})
        await sandbox.wait_messages(None, 2, timeout=15)  # the first sends went out
        reply = body((await say(sandbox, "/cancel"))[0])
        assert "Batch #1 cancelled" in reply
        dropped = int(reply.split(":")[1].split()[0])
        assert dropped > 0
        report = body((await sandbox.wait_messages(ADMIN, 1, timeout=15))[0])
        assert "cancelled broadcast batch #1" in report
        info = await storage.batch_info(1)
        assert info is not None and info.cancelled and info.unfinished == 0
        assert info.counts.get("dropped") == dropped
        delivered = [m for m in sandbox.sent() if m["chat_id"] in readers]
        assert len(delivered) == info.counts.get("sent", 0) == len(readers) - dropped
        assert f"sent {len(delivered)}, dropped {dropped}" in report
        assert "Nothing to cancel" in body((await say(sandbox, "/cancel"))[0])
