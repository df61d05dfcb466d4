"""Delivery: the rate limiter every Bot API request goes through, and the outbox worker's lifecycle.

Public API (used by app wiring and the handlers):
* `build_rate_limiter(config)` -> the PTB rate limiter (bot.pacing.PacingLimiter): command replies
  share the overall budget with bulk sends and go first;
* `start(app)` / `stop(app)`: run the outbox worker (bot.outbox_worker) from post_init to shutdown;
* `notify(app)`: wake the worker after queueing rows (/push, /broadcast, /pause, /resume);
* `notify_admins(app, key, text)`: tell every admin once about a problem named `key`;
* `stats(app)`: the worker's counters for /stats.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import TelegramError
from telegram.ext import BaseRateLimiter

from bot.config import Config
from bot.outbox_worker import DeliveryStats, OutboxWorker
from bot.pacing import Pacer, PacingLimiter
from bot.services import get_services

__all__ = [
    "DeliveryStats",
    "build_rate_limiter",
    "notify",
    "notify_admins",
    "start",
    "stats",
    "stop",
    "worker_of",
]

log = logging.getLogger(__name__)

_WORKER = "delivery"


def build_rate_limiter(config: Config) -> BaseRateLimiter[Any] | None:
    """The rate limiter for every Bot API request: one shared budget, replies before bulk sends."""
    return PacingLimiter(Pacer(config.limits))


def worker_of(app: Any) -> OutboxWorker | None:
    """The running outbox worker, if delivery has started."""
    worker = get_services(app).workers.get(_WORKER)
    return worker if isinstance(worker, OutboxWorker) else None


async def start(app: Any) -> None:
    """Start the outbox worker (it first recovers rows a crash left 'sending')."""
    services = get_services(app)
    limiter = app.bot.rate_limiter
    paced = isinstance(limiter, PacingLimiter)
    pacer = limiter.pacer if isinstance(limiter, PacingLimiter) else Pacer(services.config.limits)

    async def tell_admins(key: str, text: str) -> None:
        await notify_admins(app, key, text)

    worker = OutboxWorker(
        app.bot,
        services.storage,
        pacer,
        in_flight=services.config.limits.in_flight,
        bot_username=lambda: services.bot_username,
        notify_admins=tell_admins,
        paced_by_limiter=paced,
    )
    services.workers[_WORKER] = worker
    await worker.start()


async def stop(app: Any) -> None:
    """Stop the worker; sends in flight finish and are recorded first."""
    worker = get_services(app).workers.pop(_WORKER, None)
    if isinstance(worker, OutboxWorker):
        await worker.stop()


def notify(app: Any) -> None:
    """Rows were queued (or posting paused/resumed): wake the worker now instead of at its next look."""
    worker = worker_of(app)
    if worker is not None:
        worker.wake()


def stats(app: Any) -> DeliveryStats | None:
    """The worker's counters since start, or None if delivery is not running."""
    worker = worker_of(app)
    return worker.stats() if worker is not None else None


async def notify_admins(app: Any, key: str, text: str) -> bool:
    """Send `text` to every admin, once per `key` (remembered in the database); True if sent now."""
    services = get_services(app)
    if not await services.storage.first_notice(key):
        return False
    for admin in services.config.admins:
        try:
            await app.bot.send_message(admin, text)
        except TelegramError as exc:  # an admin who never started the bot cannot be told
            log.warning("could not tell admin %s about %s: %s", admin, key, exc)
    log.warning("admin notice %s: %s", key, text.replace("\n", " "))
    return True
