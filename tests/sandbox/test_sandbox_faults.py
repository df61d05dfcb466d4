"""Per-chat faults and injected server failures, seen through python-telegram-bot."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError

from sandbox import Sandbox

USER = 1001
GROUP = -2001
CHANNEL = -1001000000001


async def test_blocked_and_deactivated_users(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject_message(USER, "/start")
    sandbox.inject_message(1002, "/start")
    sandbox.set_fault(USER, "blocked")
    sandbox.set_fault(1002, "deactivated")
    with pytest.raises(Forbidden, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(USER, "news")
    with pytest.raises(Forbidden, match="Forbidden: user is deactivated"):
        await bot.send_message(1002, "news")
    assert [e["description"] for e in sandbox.errors] == [
        "Forbidden: bot was blocked by the user",
        "Forbidden: user is deactivated",
    ]
    # Telegram tells the bot about the block; writing to the bot again unblocks it
    updates = await bot.get_updates(timeout=0)
    member = [u.my_chat_member for u in updates if u.my_chat_member]
    assert member and member[0].new_chat_member.status == "kicked"
    sandbox.inject_message(USER, "/start")
    assert (await bot.send_message(USER, "welcome back")).text == "welcome back"
    assert sandbox.sent(USER)[-1]["text"] == "welcome back"


async def test_kicked_from_channel_and_group(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.add_chat(CHANNEL, "channel", "World", "mychannel")
    sandbox.add_chat(GROUP, "group", "Readers")
    sandbox.set_fault(CHANNEL, "kicked")
    sandbox.set_fault(GROUP, "kicked")
    with pytest.raises(Forbidden, match="bot was kicked from the channel chat"):
        await bot.send_message("@mychannel", "post")
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(GROUP, "post")
    member = await bot.get_chat_member(CHANNEL, sandbox.bot_id)
    assert member.status == "kicked"
    sandbox.clear_fault(CHANNEL)
    assert (await bot.send_message(CHANNEL, "post")).chat.id == CHANNEL


async def test_channel_needs_admin_rights(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.add_chat(CHANNEL, "channel", "World", bot_status="member")
    sandbox.add_chat(-1001000000002, "channel", "Left", bot_status="left")
    sandbox.add_chat(-1001000000003, "channel", "Read only", can_post_messages=False)
    with pytest.raises(BadRequest, match="Need administrator rights in the channel chat"):
        await bot.send_message(CHANNEL, "post")
    with pytest.raises(Forbidden, match="bot is not a member of the channel chat"):
        await bot.send_message(-1001000000002, "post")
    with pytest.raises(BadRequest, match="Need administrator rights in the channel chat"):
        await bot.send_message(-1001000000003, "post")
    assert (await bot.get_chat_member(CHANNEL, sandbox.bot_id)).status == "member"
    admin = await bot.get_chat_member(-1001000000003, sandbox.bot_id)
    assert admin.status == "administrator" and admin.can_post_messages is False  # type: ignore[attr-defined]


async def test_chat_not_found_fault(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.add_chat(CHANNEL, "channel", "World", "mychannel")
    sandbox.set_fault(CHANNEL, "not_found")
    for target in (CHANNEL, "@mychannel"):
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(target, "post")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(CHANNEL)


async def test_migrated_group_points_to_its_supergroup(
    sandbox: Sandbox, http: httpx.AsyncClient, bot: Bot
) -> None:
    sandbox.inject_message(GROUP, "/start", user_id=USER, chat_type="group")
    sandbox.set_fault(GROUP, "migrated", migrate_to=-1001234567890)
    r = await http.post(f"/bot{sandbox.token}/sendMessage", data={"chat_id": GROUP, "text": "x"})
    assert r.status_code == 400
    assert r.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: group chat was upgraded to a supergroup chat",
        "parameters": {"migrate_to_chat_id": -1001234567890},
    }
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(GROUP, "x")
    assert caught.value.new_chat_id == -1001234567890
    sent = await bot.send_message(-1001234567890, "moved")
    assert sent.chat.type == "supergroup"
    # default supergroup id when none is given
    sandbox.add_chat(-2002, "group")
    sandbox.set_fault(-2002, "migrated")
    chat = sandbox.chat(-2002)
    assert chat is not None and chat.migrate_to == -1000000002002


async def test_fail_next_500_then_recovers(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject_message(USER, "hi")
    sandbox.fail_next(2, "500")
    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(USER, "x")
    assert (await bot.send_message(USER, "x")).text == "x"
    assert await bot.get_me()  # getMe was never a target
    assert sandbox.stats.errors[500] == 2


async def test_fail_next_drop_closes_the_connection(sandbox: Sandbox, http: httpx.AsyncClient) -> None:
    sandbox.inject_message(USER, "hi")
    sandbox.fail_next(1, "drop")
    url = f"/bot{sandbox.token}/sendMessage"
    with pytest.raises(httpx.RemoteProtocolError):
        await http.post(url, data={"chat_id": USER, "text": "x"})
    assert sandbox.sent(USER) == []
    r = await http.post(url, data={"chat_id": USER, "text": "x"})
    assert r.json()["result"]["text"] == "x"


async def test_fail_next_can_target_get_updates(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.fail_next(1, "500", methods={"getUpdates"})
    with pytest.raises(NetworkError):
        await bot.get_updates(timeout=0)
    assert await bot.get_updates(timeout=0) == ()


async def test_ptb_sees_a_dropped_connection_as_network_error(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject_message(USER, "hi")
    sandbox.fail_next(1, "drop")
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "x")
    assert (await bot.send_message(USER, "y")).text == "y"


async def test_the_bot_hears_about_kicks_and_migrations(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.add_chat(CHANNEL, "channel", "World")
    sandbox.inject_message(GROUP, "/start", user_id=USER, chat_type="group")
    await bot.get_updates(offset=-1, timeout=0)  # forget what came so far
    sandbox.set_fault(CHANNEL, "kicked")
    sandbox.clear_fault(CHANNEL)
    sandbox.set_fault(GROUP, "migrated")
    updates = (await bot.get_updates(timeout=0))[1:]
    changes = [
        (u.my_chat_member.old_chat_member.status, u.my_chat_member.new_chat_member.status)
        for u in updates
        if u.my_chat_member
    ]
    assert changes == [("administrator", "kicked"), ("kicked", "administrator")]
    notes = [u.message for u in updates if u.message]
    assert [(m.chat.id, m.migrate_to_chat_id, m.migrate_from_chat_id) for m in notes] == [
        (GROUP, -1000000002001, None),
        (-1000000002001, None, GROUP),
    ]


async def test_drop_after_acts_but_loses_the_answer(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject_message(USER, "hi")
    sandbox.fail_next(1, "drop_after")
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "went out")
    assert [e["text"] for e in sandbox.sent(USER)] == ["went out"]
