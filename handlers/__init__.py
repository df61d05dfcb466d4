"""Telegram command and callback handlers, registered in one place."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from handlers import admin, errors, reader

__all__ = ["on_startup", "register"]


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler and the central error handler to the application."""
    admin.register(app)
    reader.register(app)
    app.add_error_handler(errors.on_error)


async def on_startup(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Work done once the bot is connected: register the command menus."""
    await reader.on_startup(app)
