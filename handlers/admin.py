"""Admin commands (the admin issue fills this in)."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

__all__ = ["register"]


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the admin handlers."""
