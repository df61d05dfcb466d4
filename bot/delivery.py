"""Delivery from the outbox (placeholder until the delivery issue lands)."""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseRateLimiter

from bot.config import Config

__all__ = ["build_rate_limiter", "start", "stop"]


def build_rate_limiter(config: Config) -> BaseRateLimiter[Any] | None:
    """The rate limiter for every Bot API request; None until delivery lands."""
    return None


async def start(app: Any) -> None:
    """Start the delivery worker."""


async def stop(app: Any) -> None:
    """Stop the delivery worker."""
