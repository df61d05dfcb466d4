"""The central error handler: log with context, tell the user something went wrong."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from handlers.catalog import lang_of, t

__all__ = ["on_error"]

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception with the update's chat and user; apologise to the user once."""
    chat = user = None
    if isinstance(update, Update):
        chat = update.effective_chat.id if update.effective_chat else None
        user = update.effective_user.id if update.effective_user else None
    log.error("handler failed (chat %s, user %s)", chat, user, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message and chat is not None:
        try:
            await update.effective_message.reply_text(t(lang_of(update), "error"))
        except TelegramError:
            log.warning("could not tell chat %s about the error", chat)
