"""Delivery: the rate limiter every Bot API request goes through, and the outbox worker's lifecycle.

Public API (used by app wiring and the handlers):
* `build_rate_limiter(config)` -> the PTB rate limiter (bot.pacing.PacingLimiter): command replies
  share the overall budget with bulk sends and go first;
* `start(app)` / `stop(app)`: run the outbox worker (bot.outbox_worker) from post_init to shutdown;
* `notify(app)`: wake the worker after queueing rows (/push, /broadcast, /pause, /resume);
* `notify_admins(app, key, message_key, **values)`: tell every admin once, in their language,
  about a problem named `key`;
* `stats(app)`: the worker's counters for /stats.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.constants import ParseMode
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

    async def tell_admins(key: str, message_key: str, **values: Any) -> None:
        await notify_admins(app, key, message_key, **values)

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


async def notify_admins(app: Any, key: str, message_key: str, **values: Any) -> bool:
    """Tell every admin, in their language, about a problem once per `key`; True if sent now.

    `message_key` names a catalog message (handlers/catalog); values go in as given, so callers
    escape HTML. The key is remembered in the database, so a restart does not repeat the notice.
    """
    from handlers.catalog import t  # handlers import this module: import the catalog when used

    services = get_services(app)
    if not services.config.admins or not await services.storage.first_notice(key):
        return False
    for admin_id in services.config.admins:
        chat = await services.storage.get_chat(admin_id)
        lang = chat.lang if chat and chat.lang else "en"
        try:
            await app.bot.send_message(
                admin_id, t(lang, message_key, **values), parse_mode=ParseMode.HTML
            )
        except TelegramError as exc:  # an admin who never opened the bot cannot be messaged
            log.warning("could not tell admin %s about %s: %s", admin_id, key, exc)
    log.warning("admin notice %s (%s)", key, message_key)
    return True
