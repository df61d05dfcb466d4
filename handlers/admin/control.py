"""/pause, /resume and /stats."""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.charts import hourly_chart
from bot.services import get_services
from bot.storage.admin import StatsReport
from handlers.admin.common import admin_lang, admin_only, audit, reply, reply_long, wake_delivery
from handlers.catalog import t

__all__ = ["pause", "resume", "stats", "stats_text"]

log = logging.getLogger(__name__)


@admin_only
async def pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop all scheduled posting (stored: it stays paused across restarts)."""
    await get_services(context).storage.set_setting("paused", "1")
    wake_delivery(context)
    await audit(update, context, "pause")
    await reply(update, context, "admin_paused")


@admin_only
async def resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Restart scheduled posting."""
    await get_services(context).storage.set_setting("paused", "0")
    wake_delivery(context)
    await audit(update, context, "resume")
    await reply(update, context, "admin_resumed")


def stats_text(lang: str, report: StatsReport) -> list[str]:
    """The /stats message as HTML blocks."""
    states = ("pending", "sending", "sent", "failed", "dropped")
    outbox = ", ".join(f"{s} {report.outbox.get(s, 0)}" for s in states)
    head = t(
        lang,
        "admin_stats_head",
        articles=report.articles_total,
        feeds=report.feeds,
        paused_feeds=report.feeds_paused,
        channels=report.channels,
        active=report.subscribers_active,
        blocked=report.subscribers_blocked,
        deliveries=report.deliveries_24h,
        outbox=outbox,
        state=t(lang, "admin_state_paused" if report.paused else "admin_state_running"),
    )
    per_feed = "\n".join(f"• {html.escape(name)}: {n}" for name, n in report.articles_per_feed[:30])
    per_day = "\n".join(f"• {day}: {n}" for day, n in report.articles_per_day)
    return [
        head,
        t(lang, "admin_stats_per_feed") + "\n" + (per_feed or t(lang, "admin_none")),
        t(lang, "admin_stats_per_day") + "\n" + (per_day or t(lang, "admin_none")),
    ]


@admin_only
async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Counts and a PNG chart of deliveries and new articles per hour over two days."""
    storage = get_services(context).storage
    lang = await admin_lang(update, context)
    report = await storage.stats()
    await audit(update, context, "stats")
    await reply_long(update, stats_text(lang, report))
    hourly = await storage.hourly(48)
    png = await asyncio.to_thread(hourly_chart, hourly)  # drawing must not block other updates
    message = update.effective_message
    if message is None:
        return
    try:
        await message.reply_photo(png, caption=t(lang, "admin_stats_chart"))
    except TelegramError as exc:
        log.warning("could not send the stats chart: %s", exc)
