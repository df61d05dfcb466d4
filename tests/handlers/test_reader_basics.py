"""/start, /help, /lang, unknown commands, what the bot ignores, bad buttons and the error handler."""

from __future__ import annotations

from handlers.reader.basics import COMMANDS
from tests.handlers.reader_helpers import (
    AR_USER,
    GROUP,
    GROUP_MEMBER,
    USER,
    Reader,
    body,
    seed_news,
)


async def test_start_welcomes_in_the_users_language(reader: Reader) -> None:
    english = body(await reader.ask_one("/start"))
    assert english.startswith("Welcome to newsbot!")
    assert "/latest" in english and "/help" in english
    arabic = body(await reader.ask_one("/start", chat=AR_USER, lang="ar"))
    assert arabic.startswith("أهلًا بك في newsbot!")
    # an unknown Telegram language falls back to English
    assert body(await reader.ask_one("/start", chat=5009, lang="fr")).startswith("Welcome")


async def test_help_lists_every_reader_command_in_both_languages(reader: Reader) -> None:
    for chat, lang in ((USER, "en"), (AR_USER, "ar")):
        text = body(await reader.ask_one("/help", chat=chat, lang=lang))
        for name in COMMANDS:
            assert f"/{name}" in text, (lang, name)
    assert body(await reader.ask_one("/help", chat=AR_USER, lang="ar")).startswith("الأوامر")


async def test_command_menus_are_registered_in_english_and_arabic(reader: Reader) -> None:
    english = reader.sb.commands("")
    arabic = reader.sb.commands("ar")
    assert [c["command"] for c in english] == list(COMMANDS)
    assert [c["command"] for c in arabic] == list(COMMANDS)
    assert english[0]["description"] == "The newest articles"
    assert arabic[0]["description"] == "أحدث المقالات"


async def test_lang_switches_the_chat_language_and_is_remembered(reader: Reader) -> None:
    assert body(await reader.ask_one("/lang ar")) == "سأجيب هنا بالعربية."
    # the user's Telegram is in English, but the chat chose Arabic
    assert body(await reader.ask_one("/latest")).startswith("لا توجد مقالات")
    assert body(await reader.ask_one("/nosuch")).startswith("لا أعرف هذا الأمر")
    assert body(await reader.ask_one("/lang en")) == "I will answer in English here."
    assert body(await reader.ask_one("/latest")).startswith("No articles yet")
    for bad in ("/lang", "/lang fr", "/lang ar en"):
        assert "Send /lang ar for Arabic" in body(await reader.ask_one(bad)), bad
    chat = await reader.storage.get_chat(USER)
    assert chat is not None and chat.lang == "en"


async def test_unknown_commands_get_a_polite_answer(reader: Reader) -> None:
    assert "I don't know that command" in body(await reader.ask_one("/nosuch"))
    assert "I don't know that command" in body(
        await reader.ask_one(f"/nosuch@{reader.sb.bot_username}")
    )
    assert body(await reader.ask_one("/nosuch", chat=AR_USER, lang="ar")).startswith("لا أعرف")


async def test_plain_text_in_private_points_to_search(reader: Reader) -> None:
    assert "/search" in body(await reader.ask_one("hello there"))


async def test_commands_for_other_bots_are_ignored(reader: Reader) -> None:
    await reader.silent("/latest@otherbot")
    await reader.silent("/nosuch@otherbot")
    await reader.silent("/read_1@otherbot")
    reader.sb.add_chat(GROUP, "group", title="Readers")
    await reader.silent("/nosuch", chat=GROUP, user_id=GROUP_MEMBER, chat_type="group")
    await reader.silent("/latest@otherbot", chat=GROUP, user_id=GROUP_MEMBER, chat_type="group")
    # addressed to us in a group: answered
    reply = await reader.ask_one(
        f"/latest@{reader.sb.bot_username}", chat=GROUP, user=GROUP_MEMBER, chat_type="group"
    )
    assert "No articles yet" in body(reply)


async def test_edited_messages_and_channel_posts_get_no_answer(reader: Reader) -> None:
    sent = reader.sb.inject_message(USER, "hello")
    await reader.sb.wait_messages(USER, 1)
    reader.sb.inject_edit(USER, sent["message_id"], "/latest")
    await reader.sync()
    reader.sb.add_chat(-1001234567890, "channel", title="News channel")
    reader.sb.inject_channel_post(-1001234567890, "/latest")
    reader.sb.inject_channel_post(-1001234567890, "/nosuch")
    await reader.sync()
    assert reader.sb.sent(-1001234567890) == []


async def test_stale_and_forged_buttons_get_a_short_alert(reader: Reader) -> None:
    ids = await seed_news(reader)
    page = await reader.ask_one(f"/read {ids['long']}")
    mark = reader.sb.mark()
    for data in (
        "r:999999",
        "r:999999:0",
        f"r:{ids['long']}:99",
        f"s:{ids['long']}:1",
        "q:12345:1",
        "q:1",
        "x" * 64,
        "r:-1",
        "r:1:2:3",
        "confirm:push:1",
        "r:99999999999999999999",
        "l:١",
    ):
        answer = await reader.forge(data, message_id=page["message_id"])
        assert answer["show_alert"], data
        assert answer["text"] in ("This button no longer works. Send the command again.",
                                  "This search has expired. Please send /search again."), data
    arabic = await reader.forge("garbage", chat=AR_USER, lang="ar")
    assert arabic["text"] == "هذا الزر لم يعد يعمل. أرسل الأمر من جديد."
    assert reader.sb.sent(USER, since=mark) == []  # nothing sent, nothing edited


async def test_a_reply_hit_by_one_500_or_dropped_connection_is_sent_again(reader: Reader) -> None:
    for mode in ("500", "drop"):
        reader.sb.fail_next(1, mode, {"sendMessage"})
        reader.sb.inject_message(USER, "/help")
        (reply,) = await reader.sb.wait_messages(USER, 1)
        assert "/latest" in body(reply), mode
    assert reader.sb.unread(USER) == []


async def test_a_failing_handler_is_logged_and_the_user_told(reader: Reader) -> None:
    reader.sb.fail_next(4, "500", {"sendMessage"})  # the reply and its three retries
    reader.sb.inject_message(AR_USER, "/help", language_code="ar")
    (reply,) = await reader.sb.wait_messages(AR_USER, 1)
    assert body(reply) == "عذرًا، حدث خطأ. حاول مرة أخرى من فضلك."
    (record,) = reader.errors.records
    assert record.name == "handlers.errors"
    assert "/help" in record.getMessage() and str(AR_USER) in record.getMessage()
    assert record.exc_info is not None
    assert reader.sb.token not in record.getMessage()
    reader.errors.records.clear()  # expected here; the fixture fails on any other


async def test_a_failing_button_is_answered_with_an_alert(reader: Reader) -> None:
    ids = await seed_news(reader)
    page = await reader.ask_one(f"/read {ids['long']}")
    reader.sb.fail_next(4, "500", {"editMessageText"})  # the edit and its three retries
    answer = await reader.press(page, f"r:{ids['long']}:1")
    assert answer["text"] is None  # answered first, before the edit failed
    (apology,) = await reader.sb.wait_messages(USER, 1)
    assert body(apology) == "Sorry, something went wrong. Please try again."
    assert len(reader.errors.records) == 1
    reader.errors.records.clear()


async def test_help_adds_the_admin_commands_for_admins_only(reader: Reader) -> None:
    admin = 1001  # ADMIN_ID in tests/conftest.py
    text = body(await reader.ask_one("/help", chat=admin))
    assert "/latest" in text and "/push" in text and "/broadcast" in text
    assert "/push" not in body(await reader.ask_one("/help"))
    arabic = body(await reader.ask_one("/help", chat=admin, lang="ar"))
    assert arabic.startswith("الأوامر") and "/push" in arabic
