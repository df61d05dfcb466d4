"""Problems admins must hear about once, not once per attempt: paused feeds, lost channels, failed sends."""

from __future__ import annotations

import html
import logging

from telegram.ext import ContextTypes

from bot import delivery
from bot.services import get_services
from handlers.admin.channels import REMOVED

__all__ = ["SCAN_EVERY", "scan"]

log = logging.getLogger(__name__)

SCAN_EVERY = 60.0  # seconds between scans for new problems


async def scan(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: find paused feeds, lost channels and failed sends; notify each once; forget solved ones."""
    app = context.application
    storage = get_services(context).storage
    max_failures = get_services(context).config.polling.max_failures

    paused = set()
    for feed in await storage.list_feeds():
        if feed.paused and feed.failures >= max_failures:
            key = f"feed-paused:{feed.id}"
            paused.add(key)
            await delivery.notify_admins(
                app,
                key,
                "admin_notice_feed_paused",
                name=html.escape(feed.name),
                failures=feed.failures,
                error=html.escape((feed.last_error or "?")[:300]),
            )
    for key in await storage.notice_keys("feed-paused:"):
        if key not in paused:
            await storage.clear_notice(key)

    lost = set()
    for chat in await storage.channels():
        if not chat.active and chat.inactive_reason != REMOVED:
            key = f"chat-gone:{chat.id}"
            lost.add(key)
            await delivery.notify_admins(
                app,
                key,
                "admin_notice_channel",
                channel=html.escape(chat.title or chat.telegram_id),
                reason=html.escape(chat.inactive_reason or "?"),
            )
    for key in await storage.notice_keys("chat-gone:"):
        if key not in lost:
            await storage.clear_notice(key)

    new_failures = []
    for row in await storage.failed_rows(20):
        key = f"send-failed:{row.kind}:{row.article_id or row.batch_id}"
        if await storage.first_notice(key):
            what = f"#{row.article_id}" if row.article_id else f"batch #{row.batch_id}"
            new_failures.append(
                f"• {html.escape(row.chat)} ({row.kind} {what}): {html.escape(row.error[:200])}"
            )
    if new_failures:
        # One message per scan however many rows failed; each is told once ever.
        await delivery.notify_admins(
            app,
            f"send-failed-scan:{storage.now():.0f}",
            "admin_notice_failed",
            n=len(new_failures),
            rows="\n".join(new_failures[:10]),
        )
