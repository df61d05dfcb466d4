"""/latest and /sources: what is new, and where it comes from."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Sequence

from telegram import Update

from bot.services import get_services
from bot.storage import Feed, Storage, StoredArticle
from handlers.catalog import ago, t
from handlers.reader.common import Context, chat_language, clip, send, send_all

__all__ = ["DEFAULT_LATEST", "MAX_LATEST", "article_lines", "latest", "sources"]

DEFAULT_LATEST, MAX_LATEST = 5, 20
TITLE_CHARS, SOURCE_CHARS = 150, 40
_NUMBER = re.compile(r"[+-]?\d+")


def _age(stored: StoredArticle, now: float) -> float:
    published = stored.article.published
    when = min(published.timestamp(), stored.created) if published else stored.created
    return max(0.0, now - when)


async def article_lines(
    storage: Storage, lang: str, articles: Sequence[StoredArticle], start: int = 1
) -> list[str]:
    """One line per article: number, title, source, age and its tappable /read_<id>."""
    feeds: dict[int, Feed | None] = {}
    now = time.time()
    lines = []
    for n, stored in enumerate(articles, start=start):
        source = stored.article.source or stored.article.site
        if not source and stored.feed_id is not None:
            if stored.feed_id not in feeds:
                feeds[stored.feed_id] = await storage.get_feed(stored.feed_id)
            feed = feeds[stored.feed_id]
            source = (feed.title or feed.name) if feed else ""
        meta = [html.escape(clip(source, SOURCE_CHARS))] if source else []
        meta += [ago(lang, _age(stored, now)), f"/read_{stored.id}"]
        title = html.escape(clip(stored.article.title, TITLE_CHARS) or f"#{stored.id}")
        lines.append(t(lang, "article_line", n=n, title=title, meta=" · ".join(meta)))
    return lines


async def latest(update: Update, context: Context) -> None:
    """/latest [n] [source]: the newest articles, of every source or of one."""
    lang = await chat_language(update, context)
    storage = get_services(context).storage
    numbers = [a for a in context.args or [] if _NUMBER.fullmatch(a)]
    names = [a for a in context.args or [] if not _NUMBER.fullmatch(a)]
    if len(numbers) > 1 or len(names) > 1:
        await send(update, context, t(lang, "latest_usage", max=MAX_LATEST))
        return
    n = DEFAULT_LATEST
    if numbers:
        n = int(numbers[0]) if len(numbers[0]) <= 6 else MAX_LATEST + 1
        if not 1 <= n <= MAX_LATEST:
            await send(update, context, t(lang, "latest_bad_count", max=MAX_LATEST))
            return
    feed = None
    if names:
        feed = await storage.get_feed(names[0])
        if feed is None:
            await send(update, context, t(lang, "unknown_source", name=html.escape(clip(names[0], 40))))
            return
    articles = await storage.latest(n, feed.id if feed else None)
    if not articles:
        await send(update, context, t(lang, "latest_empty"))
        return
    header = (
        t(lang, "latest_header_source", source=html.escape(feed.title or feed.name))
        if feed
        else t(lang, "latest_header")
    )
    await send_all(update, context, header, await article_lines(storage, lang, articles))


async def sources(update: Update, context: Context) -> None:
    """/sources: every feed with its short name and how many articles it has."""
    lang = await chat_language(update, context)
    feeds = await get_services(context).storage.list_feeds(with_counts=True)
    if not feeds:
        await send(update, context, t(lang, "sources_empty"))
        return
    lines = [
        t(
            lang,
            "source_line_paused" if feed.paused else "source_line",
            title=html.escape(clip(feed.title or feed.name, TITLE_CHARS)),
            name=html.escape(feed.name),
            count=feed.articles,
        )
        for feed in feeds
    ]
    await send_all(update, context, t(lang, "sources_header"), lines)
