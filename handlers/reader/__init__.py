"""Reader commands: /start, /help, /latest, /read, /summary, /related, /search, subscriptions, /lang.

Only new messages are handled: edited messages and channel posts get no answer (Telegram users
expect none), and `CommandHandler` already skips commands addressed to another bot (/cmd@other).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers.reader import basics, latest, read, search, subscribe

__all__ = ["on_startup", "register"]

log = logging.getLogger(__name__)

# New messages in private chats and groups; not edits, not channel posts.
_MESSAGES = filters.UpdateType.MESSAGE & ~filters.ChatType.CHANNEL

_COMMANDS = {
    "start": basics.start,
    "help": basics.help_command,
    "lang": basics.lang,
    "latest": latest.latest,
    "sources": latest.sources,
    "read": read.read,
    "summary": read.summary,
    "related": read.related,
    "search": search.search,
    "subscribe": subscribe.subscribe,
    "unsubscribe": subscribe.unsubscribe,
    "subscriptions": subscribe.subscriptions,
}


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the reader handlers, and last the fallbacks for unknown commands and buttons.

    The fallbacks sit in the default group after everything registered before them (the admin
    handlers), so they only see what no other handler took.
    """
    for name, callback in _COMMANDS.items():
        app.add_handler(CommandHandler(name, callback, filters=_MESSAGES))
    app.add_handler(MessageHandler(_MESSAGES & filters.Regex(read.SHORTCUT), read.shortcut))
    app.add_handler(CallbackQueryHandler(read.on_article_callback, pattern=r"^[rsl]:"))
    app.add_handler(CallbackQueryHandler(search.on_search_callback, pattern=r"^q:"))
    app.add_handler(MessageHandler(_MESSAGES & filters.COMMAND, basics.unknown_command))
    app.add_handler(
        MessageHandler(
            _MESSAGES & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND,
            basics.plain_text,
        )
    )
    app.add_handler(CallbackQueryHandler(basics.stale_callback))


async def on_startup(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register the command menus with Telegram: English by default, Arabic for Arabic users."""
    for lang, code in (("en", None), ("ar", "ar")):
        try:
            await app.bot.set_my_commands(basics.bot_commands(lang), language_code=code)
        except TelegramError as exc:  # a menu is a nicety: the bot works without it
            log.warning("setMyCommands (%s) failed: %s", lang, exc)
