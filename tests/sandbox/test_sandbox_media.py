"""Photos, captions, deletes, replies, chats and members."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, ReplyParameters
from telegram.error import BadRequest, Forbidden

from sandbox import Sandbox

USER = 1001
CHANNEL = -1001000000001


@pytest.fixture
def channel(sandbox: Sandbox) -> int:
    sandbox.add_chat(CHANNEL, "channel", "World", "mychannel")
    return CHANNEL


async def test_photo_by_url_by_upload_and_by_file_id(sandbox: Sandbox, bot: Bot, channel: int) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Read", url="https://t.me/newsbot_sandbox_bot?start=read_1")]])
    by_url = await bot.send_photo(
        "@mychannel", "https://example.com/a.jpg", caption="<b>Title</b>", parse_mode="HTML",
        reply_markup=keyboard,
    )
    assert by_url.caption == "Title" and by_url.caption_entities[0].type == "bold"
    assert by_url.photo and by_url.reply_markup == keyboard
    uploaded = await bot.send_photo(channel, b"\xff\xd8\xff\xe0 fake jpeg", caption="up")
    again = await bot.send_photo(channel, uploaded.photo[-1].file_id)
    assert again.photo[-1].file_unique_id == uploaded.photo[-1].file_unique_id
    log = sandbox.sent(channel)
    assert [e["method"] for e in log] == ["sendPhoto"] * 3
    assert log[0]["photo"] == "https://example.com/a.jpg" and log[0]["caption"] == "Title"
    assert log[1]["photo"].startswith("upload:")


async def test_photo_errors(sandbox: Sandbox, bot: Bot, http: httpx.AsyncClient, channel: int) -> None:
    with pytest.raises(BadRequest, match="Wrong file identifier/http url specified"):
        await bot.send_photo(channel, "not-a-file-id")
    sandbox.set_url_unreachable("https://example.com/gone.jpg")
    with pytest.raises(BadRequest, match="Failed to get http url content"):
        await bot.send_photo(channel, "https://example.com/gone.jpg")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(channel, "https://example.com/a.jpg", caption="x" * 1025)
    with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "p" at byte offset 0'):
        await bot.send_photo(channel, "https://example.com/a.jpg", caption="<p>", parse_mode="HTML")
    r = await http.post(f"/bot{sandbox.token}/sendPhoto", data={"chat_id": channel})
    assert r.json()["description"] == "Bad Request: there is no photo in the request"
    caption = "<b>" + "x" * 1024 + "</b>"
    ok = await bot.send_photo(channel, "https://example.com/a.jpg", caption=caption, parse_mode="HTML")
    assert ok.caption is not None and len(ok.caption) == 1024
    assert sandbox.stats.sends_per_chat[channel] == 1


async def test_edit_caption(sandbox: Sandbox, bot: Bot, channel: int) -> None:
    photo = await bot.send_photo(channel, "https://example.com/a.jpg", caption="old")
    text = await bot.send_message(channel, "text")
    edited = await bot.edit_message_caption(
        channel, photo.message_id, caption="<i>new</i>", parse_mode="HTML"
    )
    assert not isinstance(edited, bool) and edited.caption == "new"
    assert (sandbox.message(channel, photo.message_id) or {})["caption"] == "new"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_caption(channel, photo.message_id, caption="<i>new</i>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
        await bot.edit_message_caption(channel, text.message_id, caption="x")
    with pytest.raises(BadRequest, match="There is no text in the message to edit"):
        await bot.edit_message_text("x", channel, photo.message_id)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.edit_message_caption(channel, photo.message_id, caption="y" * 1025)


async def test_delete_message(sandbox: Sandbox, bot: Bot, channel: int) -> None:
    post = await bot.send_message(channel, "to be deleted")
    assert await bot.delete_message(channel, post.message_id)
    assert sandbox.message(channel, post.message_id) is None
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(channel, post.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", channel, post.message_id)
    assert [e["method"] for e in sandbox.sent(channel)] == ["sendMessage", "deleteMessage"]


async def test_user_messages_cannot_be_edited_by_the_bot(sandbox: Sandbox, bot: Bot) -> None:
    message = sandbox.inject_message(USER, "mine")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("yours", USER, message["message_id"])


async def test_replies_and_link_preview_options(sandbox: Sandbox, bot: Bot) -> None:
    asked = sandbox.inject_message(USER, "/latest")
    reply = await bot.send_message(
        USER, "https://example.com", reply_parameters=ReplyParameters(asked["message_id"]),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    assert reply.reply_to_message is not None and reply.reply_to_message.text == "/latest"
    entry = sandbox.sent(USER)[-1]
    assert entry["reply_to_message_id"] == asked["message_id"]
    assert entry["link_preview_options"] == {"is_disabled": True}
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(USER, "x", reply_parameters=ReplyParameters(999))
    ok = await bot.send_message(
        USER, "x", reply_parameters=ReplyParameters(999, allow_sending_without_reply=True)
    )
    assert ok.reply_to_message is None


async def test_get_chat_and_members(sandbox: Sandbox, bot: Bot, channel: int) -> None:
    info = await bot.get_chat("@mychannel")
    assert (info.id, info.type, info.title, info.username) == (CHANNEL, "channel", "World", "mychannel")
    sandbox.inject_message(USER, "hi", first_name="Amal", language_code="ar")
    private = await bot.get_chat(USER)
    assert private.type == "private" and private.first_name == "Amal"
    sandbox.set_member(CHANNEL, USER, "creator")
    assert (await bot.get_chat_member(CHANNEL, USER)).status == "creator"
    assert (await bot.get_chat_member(-1001000000001, sandbox.bot_id)).status == "administrator"
    sandbox.inject_message(1002, "hi")
    assert (await bot.get_chat_member(CHANNEL, 1002)).status == "left"
    with pytest.raises(BadRequest, match="User not found"):
        await bot.get_chat_member(CHANNEL, 777)


async def test_group_commands_and_channel_posts_arrive_as_updates(
    sandbox: Sandbox, bot: Bot, channel: int
) -> None:
    sandbox.inject_message(-2001, "/latest@newsbot_sandbox_bot 5", user_id=USER, chat_type="group")
    sandbox.inject_channel_post(channel, "admins wrote this")
    edited = sandbox.inject_message(USER, "/sarch x")
    sandbox.inject_edit(USER, edited["message_id"], "/search x")
    updates = await bot.get_updates(timeout=0)
    group = updates[0].message
    assert group is not None and group.chat.type == "group" and group.from_user.id == USER  # type: ignore[union-attr]
    assert group.entities[0].length == len("/latest@newsbot_sandbox_bot")
    assert updates[1].channel_post is not None and updates[1].channel_post.text == "admins wrote this"
    assert updates[3].edited_message is not None and updates[3].edited_message.text == "/search x"


async def test_allowed_updates_filter_new_updates(sandbox: Sandbox, bot: Bot) -> None:
    await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    sandbox.inject_message(USER, "ignored")
    assert await bot.get_updates(timeout=0) == ()
    await bot.get_updates(timeout=0, allowed_updates=[])
    sandbox.inject_message(USER, "seen")
    assert [u.message.text for u in await bot.get_updates(timeout=0)] == ["seen"]  # type: ignore[union-attr]


async def test_drop_pending_updates(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject_message(USER, "old")
    assert len(sandbox.pending_updates) == 1
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates(timeout=0) == ()


async def test_chat_action(sandbox: Sandbox, bot: Bot) -> None:
    sandbox.inject_message(USER, "hi")
    assert await bot.send_chat_action(USER, "typing")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_chat_action(4242, "typing")


async def test_profile_texts_menu_button_and_housekeeping(sandbox: Sandbox, bot: Bot, channel: int) -> None:
    assert await bot.set_my_description("News in Arabic and English", language_code="en")
    assert (await bot.get_my_description("en")).description == "News in Arabic and English"
    assert await bot.set_my_short_description("News")
    assert (await bot.get_my_short_description()).short_description == "News"
    with pytest.raises(BadRequest, match=r"(?i)description is too long"):
        await bot.set_my_description("x" * 513)
    assert await bot.set_chat_menu_button()
    assert (await bot.get_chat_menu_button()).type == "default"
    first = await bot.send_message(channel, "one")
    second = await bot.send_message(channel, "two")
    assert await bot.pin_chat_message(channel, first.message_id)
    assert await bot.delete_messages(channel, [first.message_id, second.message_id, 999])
    assert sandbox.message(channel, first.message_id) is None
    assert await bot.get_chat_member_count(channel) == 1
    assert await bot.leave_chat(channel)
    with pytest.raises(Forbidden):
        await bot.send_message(channel, "gone")


async def test_real_but_unmodelled_methods_say_so(sandbox: Sandbox, http: httpx.AsyncClient) -> None:
    r = await http.post(f"/bot{sandbox.token}/sendDocument", data={"chat_id": 1})
    assert r.status_code == 400
    assert r.json()["description"] == (
        "Bad Request: sendDocument is a real Bot API method not modelled by the sandbox"
    )


async def test_deep_links_open_the_bot_like_telegram(sandbox: Sandbox, bot: Bot, channel: int) -> None:
    good = "https://t.me/newsbot_sandbox_bot?start=read_12"
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Read", url=good)]])
    await bot.send_message(channel, "post", reply_markup=keyboard)
    assert sandbox.stats.warnings == []
    message = sandbox.open_deep_link(good, 1005, language_code="ar")
    assert message["text"] == "/start read_12" and message["chat"]["id"] == 1005
    bad = [
        "https://t.me/newsbot_sandbox_bot?start=read:12",
        "https://t.me/other_bot?start=read_12",
    ]
    for url in bad:
        await bot.send_message(channel, "post", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Read", url=url)]]))  # fmt: skip
        with pytest.raises(ValueError):
            sandbox.open_deep_link(url, 1005)
    assert len(sandbox.stats.warnings) == 2
