"""Reader commands (a first /start; the reader issue completes them)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from handlers.catalog import lang_of, t

__all__ = ["on_startup", "register", "start"]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome the reader in their language."""
    if update.effective_message:
        await update.effective_message.reply_text(t(lang_of(update), "welcome"))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the reader handlers."""
    app.add_handler(CommandHandler("start", start))


async def on_startup(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register the command menus with Telegram."""
