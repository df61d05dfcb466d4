"""What every admin command shares: the admin check, replies in the admin's language, the audit log."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from typing import Any

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot import delivery
from bot.services import get_services
from handlers.catalog import lang_of, t

__all__ = [
    "Handler",
    "admin_lang",
    "admin_only",
    "audit",
    "chunks",
    "command_text",
    "reply",
    "reply_long",
    "wake_delivery",
    "when",
]

log = logging.getLogger(__name__)

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]

MAX_MESSAGE = 4000  # below Telegram's 4096 so markup never tips a chunk over


async def admin_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The admin's reply language: the chat's /lang choice, else their Telegram language."""
    chat = update.effective_chat
    stored = None
    if chat is not None:
        known = await get_services(context).storage.get_chat(chat.id)
        stored = known.lang if known else None
    return lang_of(update, stored)


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, **values: Any) -> None:
    """Answer the admin with catalog message `key` (HTML; callers escape the values)."""
    message = update.effective_message
    if message is not None:
        text = t(await admin_lang(update, context), key, **values)
        await message.reply_text(text, parse_mode=ParseMode.HTML, disable_web_page_preview=True)


def chunks(parts: Sequence[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Join HTML blocks with blank lines into messages under `limit` characters.

    A block is split only at its line breaks (a line is never cut, so no tag is), and only when
    it does not fit a message by itself.
    """
    out: list[str] = []
    current = ""
    pieces: list[str] = []
    for part in parts:
        pieces.extend([part] if len(part) <= limit else _lines_within(part, limit))
    for piece in pieces:
        if current and len(current) + 2 + len(piece) > limit:
            out.append(current)
            current = piece
        else:
            current = f"{current}\n\n{piece}" if current else piece
    if current:
        out.append(current)
    return out


def _lines_within(block: str, limit: int) -> list[str]:
    out: list[str] = []
    current = ""
    for line in block.split("\n"):
        line = line[:limit]  # a single line this long is a bug upstream; keep the message valid
        if current and len(current) + 1 + len(line) > limit:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out


async def reply_long(update: Update, parts: Sequence[str]) -> None:
    """Send HTML blocks as few messages as the length limit allows."""
    message = update.effective_message
    if message is None:
        return
    for text in chunks(parts):
        await message.reply_text(text, parse_mode=ParseMode.HTML, disable_web_page_preview=True)


def command_text(update: Update) -> str:
    """Everything after the command word, with its line breaks kept (context.args loses them)."""
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    return re.sub(r"^\S+\s*", "", text.strip(), count=1)


def when(ts: float | None, lang: str) -> str:
    """A stored time for an admin: UTC date and minute, or a dash when never."""
    if ts is None:
        return t(lang, "admin_never")
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


async def audit(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str, **detail: Any) -> None:
    """Record an admin action in the audit log."""
    user = update.effective_user
    await get_services(context).storage.audit(user.id if user else None, action, **detail)


def wake_delivery(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the delivery worker to look at the outbox and the pause flag now, not at its next check."""
    notify = getattr(delivery, "notify", None)
    if callable(notify):
        notify(context.application)


def admin_only(func: Handler) -> Handler:
    """Run the handler for admins in a private chat; anyone else gets a polite refusal, nothing happens."""

    @functools.wraps(func)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if not get_services(context).is_admin(user.id if user else None):
            log.info("refused admin command from user %s", user.id if user else None)
            if update.callback_query is not None:
                await update.callback_query.answer(
                    t(lang_of(update), "admin_refused"), show_alert=True
                )
            elif update.effective_message is not None:
                await update.effective_message.reply_text(t(lang_of(update), "admin_refused"))
            return
        chat = update.effective_chat
        if chat is not None and chat.type != ChatType.PRIVATE and update.effective_message is not None:
            # Previews, reports and notices are for the admin's eyes, not a group's.
            await update.effective_message.reply_text(t(lang_of(update), "admin_private_only"))
            return
        await func(update, context)

    return wrapper
