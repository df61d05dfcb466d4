"""/start (with deep-link payloads), /help, /lang, and the answers to what the bot does not know."""

from __future__ import annotations

import re

from telegram import BotCommand, Update
from telegram.constants import ChatType

from bot.services import get_services
from handlers.catalog import LANGS, has, t
from handlers.reader import read
from handlers.reader.common import Context, answer, can_manage, chat_language, parse_id, send

__all__ = [
    "COMMANDS",
    "bot_commands",
    "help_command",
    "lang",
    "plain_text",
    "stale_callback",
    "start",
    "unknown_command",
]

# The reader's commands, in menu order; each has a "cmd_<name>" description in the catalog.
COMMANDS = (
    "latest", "read", "summary", "related", "search", "subscribe", "unsubscribe",
    "subscriptions", "sources", "lang", "help", "start",
)  # fmt: skip
# Deep-link payloads: t.me/<bot>?start=read_12 opens article 12's full text.
_PAYLOAD = re.compile(r"^(read|summary|related)_(\d{1,18})$")
_VIEWS = {"read": read.send_article, "summary": read.send_summary, "related": read.send_related}


def bot_commands(lang: str) -> list[BotCommand]:
    """The command menu for setMyCommands in one language."""
    return [BotCommand(name, t(lang, f"cmd_{name}")) for name in COMMANDS]


async def start(update: Update, context: Context) -> None:
    """/start: the welcome; /start read_<id> (a channel post's deep link) opens the article."""
    lang = await chat_language(update, context)
    match = _PAYLOAD.match(context.args[0]) if context.args else None
    if match:
        article_id = parse_id(match.group(2))
        stored = await get_services(context).storage.get_article(article_id or 0)
        if stored is not None:
            await _VIEWS[match.group(1)](update, context, lang, stored)
            return
        await send(update, context, t(lang, "not_found", id=article_id))
        return
    await send(update, context, t(lang, "welcome"))


async def help_command(update: Update, context: Context) -> None:
    """/help: every command, one line each (and the admin commands for admins)."""
    lang = await chat_language(update, context)
    text = t(lang, "help")
    user = update.effective_user
    if has("help_admin") and get_services(context).is_admin(user.id if user else None):
        text += "\n\n" + t(lang, "help_admin")
    await send(update, context, text)


async def lang(update: Update, context: Context) -> None:
    """/lang ar|en: the language this chat gets its answers in."""
    current = await chat_language(update, context)
    choice = (context.args or [""])[0].lower()
    choice = {"عربي": "ar", "العربية": "ar", "english": "en"}.get(choice, choice)
    if len(context.args or []) != 1 or choice not in LANGS:
        await send(update, context, t(current, "lang_usage"))
        return
    if not await can_manage(update, context):
        await send(update, context, t(current, "admins_only"))
        return
    chat = update.effective_chat
    assert chat is not None
    storage = get_services(context).storage
    title = chat.title or chat.full_name or chat.username or ""
    await storage.upsert_chat(chat.id, chat.type, title)
    await storage.set_chat_lang(chat.id, choice)
    await send(update, context, t(choice, "lang_set"))


def _addressed_elsewhere(update: Update, context: Context) -> bool:
    """Whether a command names another bot (/cmd@otherbot) or, in a group, names no bot at all."""
    message = update.effective_message
    command = (message.text or "").split(maxsplit=1)[0] if message and message.text else ""
    _, at, bot = command.partition("@")
    if at:
        return bot.lower() != (context.bot.username or "").lower()
    chat = update.effective_chat
    # In a group an unknown bare /command is probably another bot's: stay quiet there.
    return chat is not None and chat.type != ChatType.PRIVATE


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not know: say so, unless it was meant for another bot."""
    if _addressed_elsewhere(update, context):
        return
    lang = await chat_language(update, context)
    await send(update, context, t(lang, "unknown_command"))


async def plain_text(update: Update, context: Context) -> None:
    """Text that is not a command, in a private chat: point to /search and /help."""
    lang = await chat_language(update, context)
    await send(update, context, t(lang, "plain_text"))


async def stale_callback(update: Update, context: Context) -> None:
    """A button no handler knows (old, forged or malformed data): a short alert, nothing else."""
    query = update.callback_query
    if query is not None:
        lang = await chat_language(update, context)
        await answer(update, context, t(lang, "button_stale"))
