"""Feed polling (placeholder until the delivery issue lands)."""

from __future__ import annotations

from typing import Any

__all__ = ["start", "stop"]


async def start(app: Any) -> None:
    """Schedule a job per feed."""


async def stop(app: Any) -> None:
    """Stop polling."""
