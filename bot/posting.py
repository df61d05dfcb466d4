"""Sending one rendered post: a photo with its caption when it has one and it fits, else text."""

from __future__ import annotations

from typing import Any

from telegram import Bot, Message
from telegram.constants import ParseMode

from bot.keyboards import post_keyboard
from content import Post

__all__ = ["send_post"]


async def send_post(
    bot: Bot,
    chat_id: int | str,
    post: Post,
    article_id: int,
    *,
    private: bool,
    bot_username: str,
    as_text: bool = False,
    **request_args: Any,
) -> Message:
    """Send `post` with its buttons (callbacks in a private chat, deep links elsewhere)."""
    markup = post_keyboard(post, article_id, private=private, bot_username=bot_username)
    if post.photo and post.caption_fits and not as_text:
        return await bot.send_photo(
            chat_id,
            post.photo,
            caption=post.text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            **request_args,
        )
    return await bot.send_message(
        chat_id, post.text, parse_mode=ParseMode.HTML, reply_markup=markup, **request_args
    )
