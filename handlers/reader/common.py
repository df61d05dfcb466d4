"""What every reader handler shares: the reply language, replies in HTML, ids, group permissions."""

from __future__ import annotations

import logging
import re
from collections import deque

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.keyboards import shown_page
from bot.services import get_services
from bot.storage import StorageError
from handlers.catalog import lang_of

__all__ = [
    "MAX_ID_DIGITS",
    "MESSAGE_BUDGET",
    "Context",
    "answer",
    "can_manage",
    "chat_language",
    "clip",
    "edit",
    "is_private",
    "pack",
    "parse_id",
    "send",
    "send_all",
    "showing",
    "was_answered",
]

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
MAX_ID_DIGITS = 18  # SQLite integers stop at 2**63 - 1 (19 digits); anything longer is no id of ours
_ID = re.compile(rf"#?(\d{{1,{MAX_ID_DIGITS}}})")
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_MANAGERS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
# Telegram allows 4096 characters of visible text; the HTML we build is never shorter than what it
# shows, and UTF-16 units are never fewer than Telegram's count, so this budget is always safe.
MESSAGE_BUDGET = 4000


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis (before any HTML escaping)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pack(header: str, lines: list[str], budget: int = MESSAGE_BUDGET) -> list[str]:
    """Join a header and lines (HTML) into as few messages as fit Telegram's limit."""
    messages: list[str] = []
    current = header
    for line in lines:
        candidate = f"{current}\n\n{line}" if current else line
        if current and _utf16(candidate) > budget:
            messages.append(current)
            candidate = line
        current = candidate
    if current:
        messages.append(current)
    return messages


def parse_id(text: str | None) -> int | None:
    """An article id from user text ("12", "#12", "١٢"); None for anything else ("abc", "-1", 30 digits)."""
    match = _ID.fullmatch(text.strip()) if text else None
    return int(match.group(1)) if match else None  # int() reads Arabic-Indic digits too


def is_private(update: Update) -> bool:
    """Whether the update comes from a private chat with the bot."""
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


async def chat_language(update: Update | None, context: Context) -> str:
    """The language to answer in: the chat's /lang choice, else the user's Telegram language."""
    stored: str | None = None
    chat = update.effective_chat if update is not None else None
    if chat is not None:
        try:
            row = await get_services(context).storage.get_chat(chat.id)
        except StorageError:  # closed during shutdown: fall back to the user's language
            row = None
        stored = row.lang if row else None
    return lang_of(update, stored)


async def send(
    update: Update, context: Context, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Send an HTML message to the update's chat (never to a channel); return it."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.CHANNEL:
        return None
    return await context.bot.send_message(
        chat.id,
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
        link_preview_options=_NO_PREVIEW,
    )


async def send_all(update: Update, context: Context, header: str, lines: list[str]) -> None:
    """Send a header and lines as one message, or several when they are long."""
    for text in pack(header, lines):
        await send(update, context, text)


_ANSWERED = "answered_queries"  # bot_data key: ids of callback queries already answered


async def answer(update: Update, context: Context, text: str | None = None) -> None:
    """Answer the update's callback query (with `text` as an alert when given), once."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(text, show_alert=text is not None)
    answered: deque[str] = context.bot_data.setdefault(_ANSWERED, deque(maxlen=1000))
    answered.append(query.id)


def was_answered(update: Update, context: Context) -> bool:
    """Whether `answer` already answered this update's callback query (Telegram takes one answer)."""
    query = update.callback_query
    answered = context.bot_data.get(_ANSWERED, ())
    return query is not None and query.id in answered


def showing(update: Update, page: int) -> bool:
    """Whether the callback's message already shows `page` (so editing would change nothing)."""
    query = update.callback_query
    message = query.message if query else None
    if not isinstance(message, Message):
        return False
    return shown_page(message.reply_markup) == page


async def edit(
    update: Update, context: Context, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Show `text` in the callback's message; send it anew when that message can't be edited."""
    query = update.callback_query
    message = query.message if query else None
    if not isinstance(message, Message):  # None, or too old for Telegram to include
        await send(update, context, text, markup)
        return
    try:
        await context.bot.edit_message_text(
            text,
            chat_id=message.chat.id,
            message_id=message.message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=_NO_PREVIEW,
        )
    except BadRequest as exc:
        reason = exc.message.lower()
        if "not modified" in reason:
            return  # the reader pressed the page already shown
        if "can't be edited" in reason or "not found" in reason or "no text" in reason:
            await send(update, context, text, markup)  # a photo post, or a message gone by now
            return
        raise


async def can_manage(update: Update, context: Context) -> bool:
    """Whether the sender may change this chat's settings: anyone in private, admins in groups."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous admin writes as the group itself
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        log.warning("getChatMember failed in chat %s: %s", chat.id, exc)
        return False
    return member.status in _MANAGERS
