"""/feeds, /addfeed, /rmfeed, /pausefeed, /resumefeed: feed management with each feed's health."""

from __future__ import annotations

import html

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import polling
from bot.feedprobe import feed_name, parse_every, probe
from bot.services import get_services
from bot.storage import Feed, StorageError
from handlers.admin.common import admin_lang, admin_only, audit, reply, reply_long, when
from handlers.catalog import t

__all__ = ["DETAILED", "addfeed", "feed_line", "feed_lines", "feeds", "pausefeed", "resumefeed", "rmfeed"]

DETAILED = 15  # up to this many feeds /feeds shows each in full; beyond, one line each


def feed_lines(lang: str, feed: Feed, channels: list[str]) -> str:
    """One feed's block for /feeds: name, title, schedule, items and health."""
    state = t(lang, "admin_feed_paused") if feed.paused else t(lang, "admin_feed_active")
    lines = [
        t(
            lang,
            "admin_feed_head",
            id=feed.id,
            name=html.escape(feed.name),
            title=html.escape(feed.title or feed.url),
            state=state,
        ),
        t(
            lang,
            "admin_feed_health",
            every=feed.every,
            items=feed.articles,
            last=when(feed.last_fetch, lang),
            next=when(feed.next_due, lang),
            failures=feed.failures,
        ),
        html.escape(feed.url),
    ]
    if channels:
        lines.append(t(lang, "admin_feed_channels", channels=html.escape(", ".join(channels))))
    if feed.last_error:
        lines.append(t(lang, "admin_feed_error", error=html.escape(feed.last_error[:300])))
    return "\n".join(lines)


def feed_line(lang: str, feed: Feed) -> str:
    """One feed on one line, for long lists: id, name, items and whether it is well."""
    if feed.paused:
        health = t(lang, "admin_feed_paused")
    elif feed.failures:
        health = t(lang, "admin_feed_failing", failures=feed.failures)
    else:
        health = t(lang, "admin_feed_ok")
    return t(lang, "admin_feed_short", id=feed.id, name=html.escape(feed.name), items=feed.articles,
             health=health)


@admin_only
async def feeds(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every feed with its health (last fetch, last error, failures, next due, items); one in detail."""
    storage = get_services(context).storage
    lang = await admin_lang(update, context)
    args = context.args or []
    await audit(update, context, "feeds", feed=args[0][:100] if args else None)
    all_feeds = await storage.list_feeds(with_counts=True)
    if args:
        wanted = {f.id for f in all_feeds if args[0] in (str(f.id), f.name, f.url)}
        all_feeds = [f for f in all_feeds if f.id in wanted]
        if not all_feeds:
            await reply(update, context, "admin_unknown_feed", feed=html.escape(args[0][:100]))
            return
    if not all_feeds:
        await reply(update, context, "admin_no_feeds")
        return
    parts = [t(lang, "admin_feeds_head", n=len(all_feeds))]
    if len(all_feeds) > DETAILED:
        # A long list stays readable and short: one line each, details with /feeds <name>.
        parts.append("\n".join(feed_line(lang, f) for f in all_feeds))
        parts.append(t(lang, "admin_feeds_more"))
    else:
        names = {c.id: c.title or c.telegram_id for c in await storage.list_chats()}
        for feed in all_feeds:
            chans = [names.get(c, str(c)) for c in await storage.feed_channel_ids(feed.id)]
            parts.append(feed_lines(lang, feed, chans))
    await reply_long(update, parts)


@admin_only
async def addfeed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Fetch a feed once, show its title and item count, then save and schedule it."""
    args = context.args or []
    if not args:
        await reply(update, context, "admin_addfeed_usage")
        return
    url, rest = args[0], args[1:]
    every = 600
    if rest and not rest[0].startswith(("@", "-")):  # channels are @names or negative ids
        parsed = parse_every(rest[0])
        if parsed is None:
            await reply(update, context, "admin_addfeed_usage")
            return
        every, rest = parsed, rest[1:]
    services = get_services(context)
    storage = services.storage
    chat_ids: list[int] = []
    for ref in rest:
        chat = await _channel(context, ref)
        if chat is None:
            await reply(update, context, "admin_unknown_channel", channel=html.escape(ref))
            return
        chat_ids.append(chat)
    result = await probe(url, services.config.polling)
    if not result.ok:
        await _failed(update, context, url, result.error)
        return
    existing = await storage.get_feed(url)
    taken = {f.name for f in await storage.list_feeds()}
    name = existing.name if existing else feed_name(url, taken)
    try:
        feed = await storage.add_feed(url, name, every=every, title=result.title)
    except StorageError as exc:
        await _failed(update, context, url, str(exc))
        return
    for chat_id in chat_ids:
        await storage.add_feed_channel(feed.id, chat_id)
    polling.schedule_feed(context.application, feed)
    await audit(update, context, "addfeed", feed=feed.id, url=url, every=every, channels=rest)
    await reply(
        update,
        context,
        "admin_feed_added",
        id=feed.id,
        name=html.escape(feed.name),
        title=html.escape(result.title or url),
        items=result.items,
        every=every,
        channels=len(chat_ids),
    )


async def _failed(update: Update, context: ContextTypes.DEFAULT_TYPE, url: str, error: str) -> None:
    await reply(update, context, "admin_addfeed_failed", url=html.escape(url), error=html.escape(error))


async def _channel(context: ContextTypes.DEFAULT_TYPE, ref: str) -> int | None:
    """The chats.id of a channel given as @name or id, known to the database or to Telegram."""
    storage = get_services(context).storage
    chat = await storage.get_chat(ref)
    if chat is not None:
        return chat.id
    try:
        found = await context.bot.get_chat(ref)
    except TelegramError:
        return None
    chat = await storage.get_chat(found.id)
    if chat is None:
        chat = await storage.upsert_chat(found.id, str(found.type), found.title or "", reactivate=False)
    return chat.id


async def _feed_arg(update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str) -> Feed | None:
    args = context.args or []
    if len(args) != 1:
        await reply(update, context, usage)
        return None
    feed = await get_services(context).storage.get_feed(args[0][:2000])
    if feed is None:
        await reply(update, context, "admin_unknown_feed", feed=html.escape(args[0][:100]))
    return feed


@admin_only
async def rmfeed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove a feed by name or id (its stored articles stay)."""
    feed = await _feed_arg(update, context, "admin_rmfeed_usage")
    if feed is None:
        return
    await get_services(context).storage.remove_feed(feed.id)
    polling.unschedule_feed(context.application, feed.id)
    await audit(update, context, "rmfeed", feed=feed.id, name=feed.name, url=feed.url)
    key = "admin_feed_removed_config" if feed.from_config else "admin_feed_removed"
    await reply(update, context, key, name=html.escape(feed.name))


@admin_only
async def pausefeed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop polling one feed until /resumefeed."""
    feed = await _feed_arg(update, context, "admin_pausefeed_usage")
    if feed is None:
        return
    await get_services(context).storage.set_feed_paused(feed.id, True)
    await audit(update, context, "pausefeed", feed=feed.id, name=feed.name)
    await reply(update, context, "admin_feed_paused_now", name=html.escape(feed.name))


@admin_only
async def resumefeed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Poll a paused feed again (its failure streak starts over)."""
    feed = await _feed_arg(update, context, "admin_resumefeed_usage")
    if feed is None:
        return
    storage = get_services(context).storage
    await storage.set_feed_paused(feed.id, False)
    await storage.clear_notice(f"feed-paused:{feed.id}")
    fresh = await storage.get_feed(feed.id)
    polling.schedule_feed(context.application, fresh or feed)
    await audit(update, context, "resumefeed", feed=feed.id, name=feed.name)
    await reply(update, context, "admin_feed_resumed", name=html.escape(feed.name))
