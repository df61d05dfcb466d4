"""One chat's commands are answered in the order they were sent; other chats are not held up."""

from __future__ import annotations

from typing import Any

from bot.app import App


async def test_replies_in_one_chat_keep_the_order_of_the_commands(bot_app: App, sandbox: Any) -> None:
    chat = 7600
    commands = ["/read abc", "/lang ar", "/read abc", "/lang en", "/read abc", "/help"]
    for command in commands:
        sandbox.inject_message(chat, command, user_id=chat, language_code="en")
    replies = [m["text"] for m in await sandbox.wait_messages(chat, len(commands), timeout=30)]
    arabic = [any("\u0600" <= ch <= "\u06ff" for ch in text) for text in replies]
    # /lang ar's own answer and the next reply are Arabic; after /lang en, English again
    assert arabic == [False, True, True, False, False, False], replies
    assert "/latest" in replies[-1]


async def test_a_busy_chat_does_not_hold_up_another(bot_app: App, sandbox: Any) -> None:
    for _ in range(10):
        sandbox.inject_message(7601, "/help", user_id=7601)
    sandbox.inject_message(7602, "/help", user_id=7602)
    (reply,) = await sandbox.wait_messages(7602, 1, timeout=10)
    assert "/latest" in reply["text"]
    # the busy chat still gets every answer, at its own pace
    assert len(await sandbox.wait_messages(7601, 10, timeout=30)) == 10
