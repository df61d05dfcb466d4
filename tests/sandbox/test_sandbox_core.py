"""The sandbox answers a real python-telegram-bot client the way Telegram does."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, InvalidToken
from telegram.ext import Application, CommandHandler, ContextTypes

from sandbox import Limits, Sandbox

USER = 1001


async def test_get_me_describes_a_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "newsbot_sandbox_bot" and me.id == 123456
    assert me.can_join_groups is True


async def test_wrong_token_is_401_and_unknown_method_404(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    r = await http.post("/bot999:WRONG/getMe")
    assert r.status_code == 401
    assert r.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    r = await http.post(f"/bot{sandbox.token}/sendTelepathy")
    assert r.status_code == 404
    assert r.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    wrong = Bot("999:WRONG", base_url=f"{sandbox.api_url}/bot")
    with pytest.raises(InvalidToken):
        async with wrong:
            pass


async def test_method_names_are_case_insensitive_and_bodies_of_every_kind(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    sandbox.set_limits(Limits.off())  # five quick sends to one private chat
    sandbox.inject_message(USER, "hi")
    base = f"/bot{sandbox.token}"
    r = await http.get(f"{base}/GETME")
    assert r.json()["result"]["is_bot"] is True
    r = await http.post(f"{base}/sendmessage", json={"chat_id": USER, "text": "json body"})
    assert r.json()["result"]["text"] == "json body"
    r = await http.post(f"{base}/sendMessage", data={"chat_id": str(USER), "text": "form body"})
    assert r.json()["result"]["text"] == "form body"
    r = await http.post(
        f"{base}/sendMessage", files={"chat_id": (None, str(USER)), "text": (None, "multipart")}
    )
    assert r.json()["result"]["text"] == "multipart"
    r = await http.get(f"{base}/sendMessage", params={"chat_id": USER, "text": "query"})
    assert r.json()["result"]["text"] == "query"
    r = await http.post(f"{base}/getUpdates")
    assert r.json()["ok"] is True
    assert [m["text"] for m in sandbox.sent(USER)] == ["json body", "form body", "multipart", "query"]


async def test_message_ids_increase_per_chat_and_dates_are_unix_seconds(
    sandbox: Sandbox, bot: Bot
) -> None:
    sandbox.inject_message(USER, "hello")
    sandbox.add_chat(-1001000000001, "channel", "World", "mychannel")
    a = await bot.send_message(USER, "one")
    b = await bot.send_message(USER, "two")
    c = await bot.send_message("@mychannel", "first post")
    assert (a.message_id, b.message_id, c.message_id) == (2, 3, 1)
    raw = sandbox.message(USER, 3)
    assert raw is not None and isinstance(raw["date"], int) and raw["date"] > 1_700_000_000
    assert c.chat.id == -1001000000001 and c.sender_chat is not None and c.from_user is None


async def test_unknown_chat_is_not_found(bot: Bot) -> None:
    for target in (4242, "@nosuchchannel", -1009999999999):
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(target, "hello")


async def test_html_errors_have_telegrams_exact_texts(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    sandbox.inject_message(USER, "hi")
    url = f"/bot{sandbox.token}/sendMessage"
    cases = {
        "Hello, world <p>para</p>": 'Unsupported start tag "p" at byte offset 13',
        "Hello <b>world": 'Can\'t find end tag corresponding to start tag "b"',
        "Hello <b": "Unclosed start tag at byte offset 6",
        "<i>x</em>": 'Unmatched end tag at byte offset 4, expected "</i>", found "</em>"',
        "x</b>": "Unexpected end tag at byte offset 1",
        "é <p>": 'Unsupported start tag "p" at byte offset 3',
        'a <span class="x">b</span>': 'Tag "span" must have class "tg-spoiler" at byte offset 2',
        "1 < 2": 'Unsupported start tag "" at byte offset 2',
    }
    for text, error in cases.items():
        r = await http.post(url, data={"chat_id": USER, "text": text, "parse_mode": "HTML"})
        assert r.status_code == 400, text
        assert r.json() == {
            "ok": False,
            "error_code": 400,
            "description": f"Bad Request: can't parse entities: {error}",
        }, text
    assert sandbox.sent(USER) == []


async def test_html_accepts_telegrams_tag_set_and_reports_entities(bot: Bot, sandbox: Sandbox) -> None:
    sandbox.inject_message(USER, "hi")
    text = (
        '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>'
        '<strike>k</strike><del>d</del><span class="tg-spoiler">p</span><tg-spoiler>t</tg-spoiler>'
        '<a href="https://example.com/x?a=1&amp;b=2">link</a><code>c</code>'
        '<pre><code class="language-python">x = 1</code></pre>'
        "<blockquote>q</blockquote><blockquote expandable>w</blockquote>"
        " &lt;&gt;&amp;&quot;&#65;&#x42;"
    )
    message = await bot.send_message(USER, text, parse_mode="HTML")
    assert message.text == "bsieunskdptlinkcx = 1qw <>&\"AB"
    kinds = [e.type for e in message.entities]
    assert "bold" in kinds and "spoiler" in kinds and "text_link" in kinds
    link = next(e for e in message.entities if e.type == "text_link")
    assert link.url == "https://example.com/x?a=1&b=2"
    pre = next(e for e in message.entities if e.type == "pre")
    assert pre.language == "python"
    assert sandbox.stats.warnings == []


async def test_unknown_entity_and_bad_link_are_shown_literally_with_a_warning(
    bot: Bot, sandbox: Sandbox
) -> None:
    sandbox.inject_message(USER, "hi")
    message = await bot.send_message(
        USER, 'a&nbsp;b <a href="javascript:alert(1)">x</a>', parse_mode="HTML"
    )
    assert message.text == "a&nbsp;b x"
    assert message.entities == ()
    assert len(sandbox.stats.warnings) == 2


async def test_length_limits_count_visible_text(bot: Bot, sandbox: Sandbox) -> None:
    sandbox.inject_message(USER, "hi")
    ok = "<b>" + "a" * 4096 + "</b>"
    assert (await bot.send_message(USER, ok, parse_mode="HTML")).text == "a" * 4096
    with pytest.raises(BadRequest, match=r"^Message is too long$"):
        await bot.send_message(USER, "a" * 4097)
    with pytest.raises(BadRequest, match=r"^Message is too long$"):
        await bot.send_message(USER, "😀" * 2049)  # 4098 UTF-16 units
    with pytest.raises(BadRequest, match=r"^Message text is empty$"):
        await bot.send_message(USER, "  <b> </b> ", parse_mode="HTML")
    assert sandbox.errors[-1]["description"] == "Bad Request: message text is empty"


async def test_callback_data_over_64_bytes_is_rejected(bot: Bot, sandbox: Sandbox) -> None:
    sandbox.inject_message(USER, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "hello", reply_markup=keyboard)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="a" * 64)]])
    await bot.send_message(USER, "hello", reply_markup=keyboard)


async def test_get_updates_long_poll_wakes_on_injection(sandbox: Sandbox, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(timeout=20))
    await asyncio.sleep(0.2)
    sandbox.inject_message(USER, "/start")
    updates = await asyncio.wait_for(poll, 5)
    assert loop.time() - started < 5
    assert [u.message.text for u in updates if u.message] == ["/start"]
    assert updates[0].message is not None
    entity = updates[0].message.entities[0]
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 6)
    # not confirmed yet: returned again; confirmed by offset: gone
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()


async def test_get_updates_empty_long_poll_returns_after_timeout(bot: Bot) -> None:
    assert await bot.get_updates(timeout=1) == ()


async def test_overlapping_get_updates_terminates_the_older(sandbox: Sandbox, bot: Bot) -> None:
    # PTB serialises getUpdates per Bot, so a second instance plays the second process.
    async with Bot(sandbox.token, base_url=f"{sandbox.api_url}/bot") as other:
        first = asyncio.create_task(bot.get_updates(timeout=20))
        await asyncio.sleep(0.2)
        second = asyncio.create_task(other.get_updates(timeout=20))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, 5)
        sandbox.inject_message(USER, "x")
        assert len(await asyncio.wait_for(second, 5)) == 1


async def test_webhook_blocks_get_updates(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
        await bot.set_webhook("http://example.com/hook")
    assert await bot.set_webhook("https://example.com/hook")
    assert (await bot.get_webhook_info()).url == "https://example.com/hook"
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_edit_not_modified_and_not_found(bot: Bot, sandbox: Sandbox) -> None:
    sandbox.inject_message(USER, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("more", callback_data="more")]])
    msg = await bot.send_message(USER, "<b>page 1</b>", parse_mode="HTML", reply_markup=keyboard)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("<b>page 1</b>", USER, msg.message_id, parse_mode="HTML",
                                    reply_markup=keyboard)  # fmt: skip
    edited = await bot.edit_message_text("page 2", USER, msg.message_id, reply_markup=keyboard)
    assert not isinstance(edited, bool)
    assert edited.text == "page 2" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", USER, 999)
    # editing without reply_markup removes the keyboard, as on Telegram
    await bot.edit_message_text("page 3", USER, msg.message_id)
    state = sandbox.message(USER, msg.message_id)
    assert state is not None and state["text"] == "page 3" and "reply_markup" not in state
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(USER, msg.message_id)
    await bot.edit_message_reply_markup(USER, msg.message_id, reply_markup=keyboard)
    assert [e["method"] for e in sandbox.sent(USER)] == [
        "sendMessage", "editMessageText", "editMessageText", "editMessageReplyMarkup",
    ]  # fmt: skip


async def test_callback_query_round_trip(bot: Bot, sandbox: Sandbox) -> None:
    sandbox.inject_message(USER, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Read", callback_data="read:7")]])
    msg = await bot.send_message(USER, "news", reply_markup=keyboard)
    with pytest.raises(ValueError, match="no button"):
        sandbox.inject_callback(USER, msg.message_id, "read:8")
    query_id = sandbox.inject_callback(USER, msg.message_id, "read:7")
    updates = await bot.get_updates(timeout=0)
    query = updates[-1].callback_query
    assert query is not None and query.id == query_id and query.data == "read:7"
    assert query.message is not None and query.message.message_id == msg.message_id
    assert sandbox.unanswered_callbacks == [query_id]
    assert await bot.answer_callback_query(query_id, text="Loading")
    assert sandbox.unanswered_callbacks == []
    assert sandbox.callback_answers[-1]["text"] == "Loading"
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("12345")


async def test_callback_query_too_old() -> None:
    clock = [0.0]
    async with Sandbox(clock=lambda: clock[0]) as sb:
        async with Bot(sb.token, base_url=f"{sb.api_url}/bot") as b:
            sb.inject_message(USER, "hi")
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x")]])
            msg = await b.send_message(USER, "news", reply_markup=keyboard)
            query_id = sb.inject_callback(USER, msg.message_id, "x")
            clock[0] += 16
            with pytest.raises(BadRequest, match="Query is too old"):
                await b.answer_callback_query(query_id)


async def test_commands_are_stored_per_language_and_scope(bot: Bot, sandbox: Sandbox) -> None:
    await bot.set_my_commands([("latest", "Latest news"), ("help", "Help")])
    await bot.set_my_commands([("latest", "آخر الأخبار")], language_code="ar")
    assert [c.command for c in await bot.get_my_commands()] == ["latest", "help"]
    assert sandbox.commands("ar") == [{"command": "latest", "description": "آخر الأخبار"}]
    assert sandbox.commands("en") == []
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Bad Command!", "x")])


async def test_application_polls_and_replies(sandbox: Sandbox) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Welcome!")

    app = Application.builder().token(sandbox.token).base_url(f"{sandbox.api_url}/bot").build()
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
        sandbox.inject_message(USER, "/start")
        [reply] = await sandbox.wait_messages(USER, 1, timeout=10)
        assert reply["text"] == "Welcome!"
        await app.updater.stop()
        await app.stop()


async def test_wait_messages_times_out_with_what_it_saw(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject_message(USER, "hi")
    await bot.send_message(USER, "only one")
    with pytest.raises(TimeoutError, match=r"got 1.*only one"):
        await sandbox.wait_messages(USER, 2, timeout=0.3)
    # a message that arrived before the call still counts as new
    assert [m["text"] for m in await sandbox.wait_messages(USER, 1, timeout=1)] == ["only one"]


async def test_bot_command_entities_follow_telegram(sandbox: Sandbox, bot: Bot) -> None:
    texts = ["/start read_5", "/latest@newsbot_sandbox_bot", "/ hello", "/x-y", "hello /start"]
    for text in texts:
        sandbox.inject_message(USER, text)
    lengths = [
        [(e.type, e.offset, e.length) for e in u.message.entities]  # type: ignore[union-attr]
        for u in await bot.get_updates(timeout=0)
    ]
    assert lengths == [
        [("bot_command", 0, 6)], [("bot_command", 0, 27)], [], [("bot_command", 0, 2)], []
    ]


async def test_a_long_poll_survives_reset(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject_message(USER, "before")
    [before] = await bot.get_updates(timeout=0)
    poll = asyncio.create_task(bot.get_updates(offset=before.update_id + 1, timeout=10))
    await asyncio.sleep(0.1)
    sandbox.reset()
    sandbox.inject_message(USER, "after reset")
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in updates] == ["after reset"]  # type: ignore[union-attr]


async def test_forged_callbacks_and_unread(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject_message(USER, "hi")
    msg = await bot.send_message(USER, "plain")
    assert [e["text"] for e in sandbox.unread(USER)] == ["plain"]
    assert [e["text"] for e in sandbox.unread(USER)] == ["plain"]  # not consumed
    await sandbox.wait_messages(USER, 1)
    assert sandbox.unread(USER) == []
    sandbox.inject_callback(USER, msg.message_id, "old:data", forged=True)
    await bot.delete_message(USER, msg.message_id)
    sandbox.inject_callback(USER, msg.message_id, "gone", forged=True)
    updates = await bot.get_updates(timeout=0)
    queries = [u.callback_query for u in updates if u.callback_query]
    assert [q.data for q in queries] == ["old:data", "gone"]
    assert queries[1].message is not None and not queries[1].message.is_accessible


async def test_group_privacy_mode_like_telegram(sandbox: Sandbox, bot: Bot) -> None:
    assert (await bot.get_me()).can_read_all_group_messages is False
    group = -2001
    sent = [
        "just chatting",  # not for the bot
        "/latest",  # a command: delivered
        "/latest@other_bot",  # another bot's command
        "/latest@newsbot_sandbox_bot",
        "hey @newsbot_sandbox_bot what's new",  # a mention
    ]
    for text in sent:
        sandbox.inject_message(group, text, user_id=USER, chat_type="group")
    post = await bot.send_message(group, "post")
    sandbox.inject_message(group, "thanks", user_id=USER, chat_type="group",
                           reply_to_message_id=post.message_id)  # fmt: skip
    seen = [u.message.text for u in await bot.get_updates(timeout=0)]  # type: ignore[union-attr]
    assert seen == [
        "/latest", "/latest@newsbot_sandbox_bot", "hey @newsbot_sandbox_bot what's new", "thanks",
    ]  # fmt: skip
    # an administrator bot sees everything; a bot out of the group sees nothing
    sandbox.add_chat(group, "group", bot_status="administrator")
    sandbox.inject_message(group, "all of it", user_id=USER, chat_type="group")
    sandbox.add_chat(-2002, "group", bot_status="left")
    sandbox.inject_message(-2002, "/latest", user_id=USER, chat_type="group")
    seen = [u.message.text for u in await bot.get_updates(timeout=0)]  # type: ignore[union-attr]
    assert seen[-1] == "all of it"


async def test_queued_updates_are_snapshots(sandbox: Sandbox, bot: Bot) -> None:
    first = sandbox.inject_message(USER, "/serach x")
    sandbox.inject_edit(USER, first["message_id"], "/search x")
    updates = await bot.get_updates(timeout=0)
    assert updates[0].message is not None and updates[0].message.text == "/serach x"
    assert updates[1].edited_message is not None and updates[1].edited_message.text == "/search x"
