"""The central error handler: log with context (never the token), tell the user something went wrong."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from handlers.catalog import lang_of, t
from handlers.reader.common import answer, chat_language, send, was_answered

__all__ = ["on_error"]

log = logging.getLogger(__name__)


def _describe(update: Update) -> str:
    """What the update was, briefly: its kind and the start of its text or callback data."""
    if update.callback_query is not None:
        return f"callback {update.callback_query.data!r:.80}"
    message = update.effective_message
    if message is not None and message.text:
        return f"message {message.text[:80]!r}"
    return "update"


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception with the update's chat, user and text; apologise to the user once."""
    if not isinstance(update, Update):
        # Errors outside any update (polling, jobs) carry no user to tell.
        log.error("error outside a handler", exc_info=context.error)
        return
    chat = update.effective_chat
    user = update.effective_user
    log.error(
        "handler failed on %s (chat %s, user %s)",
        _describe(update),
        chat.id if chat else None,
        user.id if user else None,
        exc_info=context.error,
    )
    if chat is None or chat.type == ChatType.CHANNEL:
        return  # nobody to apologise to in a channel
    try:
        lang = await chat_language(update, context)
    except Exception:  # the failure may be the database itself: the user's language will do
        lang = lang_of(update)
    try:
        if update.callback_query is not None and not was_answered(update, context):
            await answer(update, context, t(lang, "error"))
            return
        await send(update, context, t(lang, "error"))  # a query takes one answer: say it in the chat
    except TelegramError as exc:  # the chat may be gone, or Telegram down
        log.warning("could not tell chat %s about the error: %s", chat.id, exc)
