"""/subscribe, /unsubscribe, /subscriptions: which new articles come to this chat.

`/subscribe world -sport +ukraine`: one source (or all when none is named), and plain-word
filters: +word must appear, -word must not. Words are normalised like the search index
(content.normalize), so harakat, tatweel and hamza forms do not matter; they are never patterns.
In a group only its admins may change the subscriptions.
"""

from __future__ import annotations

import html
import re

from telegram import Update

from bot.services import get_services
from bot.storage import Chat, Feed, Subscription
from content import normalize
from handlers.catalog import t
from handlers.reader.common import Context, can_manage, chat_language, clip, send, send_all

__all__ = ["MAX_FILTER_WORDS", "subscribe", "subscriptions", "unsubscribe"]

MAX_FILTER_WORDS = 10
_WORD = re.compile(r"\w+")
_ALL = frozenset({"all", "*", "الكل"})


class _Refused(Exception):
    """The command can't be done; the message key (and values) say why."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


async def _chat_row(update: Update, context: Context) -> Chat:
    """This chat's row, made when it first subscribes."""
    chat = update.effective_chat
    assert chat is not None
    title = chat.title or chat.full_name or chat.username or ""
    return await get_services(context).storage.upsert_chat(chat.id, chat.type, title)


async def _feed(context: Context, name: str | None) -> Feed | None:
    """The feed a reader named, None for all; refuses a name that is no feed."""
    if name is None or name.lower() in _ALL:
        return None
    feed = await get_services(context).storage.get_feed(name)
    if feed is None:
        raise _Refused("unknown_source", name=html.escape(clip(name, 40)))
    return feed


def _parse(args: list[str]) -> tuple[str | None, list[str], list[str]]:
    """Split arguments into a source name, words that must appear and words that must not."""
    names: list[str] = []
    include: list[str] = []
    exclude: list[str] = []
    for arg in args:
        if arg[0] in "+-":
            words = _WORD.findall(normalize(arg[1:]))
            if not words:
                raise _Refused("filter_bad", word=html.escape(clip(arg, 40)))
            (include if arg[0] == "+" else exclude).extend(words)
        else:
            names.append(arg)
    if len(names) > 1:
        raise _Refused("subscribe_usage")
    if len(include) + len(exclude) > MAX_FILTER_WORDS:
        raise _Refused("filter_too_many", n=MAX_FILTER_WORDS)
    include = list(dict.fromkeys(w[:40] for w in include))
    exclude = list(dict.fromkeys(w[:40] for w in exclude if w not in include))
    return (names[0] if names else None), include, exclude


def _filters(lang: str, include: tuple[str, ...] | list[str], exclude: tuple[str, ...] | list[str]) -> str:
    sep = t(lang, "list_sep")
    parts = []
    if include:
        parts.append(t(lang, "filter_with", words=html.escape(sep.join(include))))
    if exclude:
        parts.append(t(lang, "filter_without", words=html.escape(sep.join(exclude))))
    return " · ".join(parts)


def _source(lang: str, feed: Feed | None) -> str:
    return html.escape(feed.title or feed.name) if feed else t(lang, "all_sources")


async def subscribe(update: Update, context: Context) -> None:
    """/subscribe [source] [+word] [-word]: new articles of one source, or of all, come here."""
    lang = await chat_language(update, context)
    if not await can_manage(update, context):
        await send(update, context, t(lang, "admins_only"))
        return
    try:
        name, include, exclude = _parse(context.args or [])
        feed = await _feed(context, name)
    except _Refused as refused:
        await send(update, context, t(lang, refused.key, **refused.values))
        return
    row = await _chat_row(update, context)
    created = await get_services(context).storage.subscribe(
        row.id, feed.id if feed else None, include=include, exclude=exclude
    )
    text = t(lang, "subscribed" if created else "subscription_updated", source=_source(lang, feed))
    if include or exclude:
        text += "\n" + _filters(lang, include, exclude)
    await send(update, context, text)


async def unsubscribe(update: Update, context: Context) -> None:
    """/unsubscribe [source]: stop one subscription, or all of them."""
    lang = await chat_language(update, context)
    if not await can_manage(update, context):
        await send(update, context, t(lang, "admins_only"))
        return
    args = context.args or []
    try:
        if len(args) > 1:
            raise _Refused("unsubscribe_usage")
        feed = await _feed(context, args[0] if args else None)
    except _Refused as refused:
        await send(update, context, t(lang, refused.key, **refused.values))
        return
    storage = get_services(context).storage
    chat = update.effective_chat
    row = await storage.get_chat(chat.id) if chat else None
    removed = await storage.unsubscribe(row.id, feed.id if feed else None) if row else 0
    if not removed:
        await send(update, context, t(lang, "not_subscribed", source=_source(lang, feed)))
        return
    await send(update, context, t(lang, "unsubscribed", source=_source(lang, feed)))


def _line(lang: str, sub: Subscription, feeds: dict[int, Feed]) -> str:
    feed = feeds.get(sub.feed_id) if sub.feed_id is not None else None
    line = f"• {_source(lang, feed)}"
    if sub.include or sub.exclude:
        line += "\n  " + _filters(lang, sub.include, sub.exclude)
    return line


async def subscriptions(update: Update, context: Context) -> None:
    """/subscriptions: what this chat is subscribed to."""
    lang = await chat_language(update, context)
    storage = get_services(context).storage
    chat = update.effective_chat
    row = await storage.get_chat(chat.id) if chat else None
    subs = await storage.subscriptions(row.id) if row else []
    if not subs:
        await send(update, context, t(lang, "subscriptions_none"))
        return
    feeds = {f.id: f for f in await storage.list_feeds()}
    await send_all(
        update, context, t(lang, "subscriptions_header"), [_line(lang, s, feeds) for s in subs]
    )
