"""/search: full-text search over stored articles, best first, a page of results at a time.

The words of a search stay in the chat's `chat_data` under a small id, and only that id travels in
the ◀ ▶ buttons (callback data holds 64 bytes; a query can be far longer). After a restart the
ids are gone and an old button says so.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.keyboards import parse_callback, search_keyboard
from bot.services import get_services
from content import normalize
from handlers.catalog import t
from handlers.reader.common import Context, answer, chat_language, clip, edit, send, showing
from handlers.reader.latest import article_lines

__all__ = ["MAX_WORDS", "PER_PAGE", "on_search_callback", "search"]

PER_PAGE = 5
MAX_WORDS = 10  # every word must match, so more words only narrow a search to nothing
KEPT_SEARCHES = 20  # per chat: older result pages stop turning
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Search:
    words: str  # the normalised words searched for
    shown: str  # what the reader typed, cut short, for the header
    cut: bool  # whether words were left out


def _searches(chat_data: dict[Any, Any] | None) -> dict[int, _Search]:
    if chat_data is None:
        return {}
    searches: dict[int, _Search] = chat_data.setdefault("searches", {})
    return searches


def _remember(chat_data: dict[Any, Any] | None, search: _Search) -> int:
    if chat_data is None:
        return 0
    searches = _searches(chat_data)
    search_id = int(chat_data.get("next_search", 1))
    chat_data["next_search"] = search_id + 1
    searches[search_id] = search
    for old in sorted(searches)[:-KEPT_SEARCHES]:
        del searches[old]
    return search_id


async def _page(
    context: Context, lang: str, search: _Search, search_id: int, page: int
) -> tuple[str, Any, int] | None:
    """The HTML of one page of results, its keyboard and the page count; None when out of range."""
    storage = get_services(context).storage
    results, total = await storage.search(search.words, limit=PER_PAGE, offset=page * PER_PAGE)
    pages = max(1, math.ceil(total / PER_PAGE))
    if not results:
        return None
    header = t(lang, "search_header", query=html.escape(search.shown), total=total)
    if search.cut:
        header += "\n" + t(lang, "search_cut", n=MAX_WORDS)
    lines = await article_lines(storage, lang, results, start=page * PER_PAGE + 1)
    markup = search_keyboard(search_id, page, pages, position=t(lang, "page_position"))
    return "\n\n".join([header, *lines]), markup, pages


async def search(update: Update, context: Context) -> None:
    """/search <words>: the stored articles that contain every word."""
    lang = await chat_language(update, context)
    raw = " ".join(context.args or [])
    if not raw.strip():
        await send(update, context, t(lang, "search_usage"))
        return
    words = _WORD.findall(normalize(raw))
    if not words:
        await send(update, context, t(lang, "search_no_words"))
        return
    item = _Search(" ".join(words[:MAX_WORDS]), clip(raw, 60), len(words) > MAX_WORDS)
    search_id = _remember(context.chat_data, item)
    shown = await _page(context, lang, item, search_id, 0)
    if shown is None:
        await send(update, context, t(lang, "search_none", query=html.escape(item.shown)))
        return
    text, markup, _ = shown
    await send(update, context, text, markup)


async def on_search_callback(update: Update, context: Context) -> None:
    """◀ ▶ under search results: show that page in the same message."""
    query = update.callback_query
    if query is None:
        return
    lang = await chat_language(update, context)
    callback = parse_callback(query.data)
    item = _searches(context.chat_data).get(callback.article_id) if callback else None
    if callback is None or callback.action != "search" or item is None:
        await answer(update, context, t(lang, "search_expired"))
        return
    page = callback.page or 0
    if showing(update, page):  # ◀ on page 1, ▶ on the last, or the page label
        await answer(update, context)
        return
    shown = await _page(context, lang, item, callback.article_id, page)
    if shown is None:
        await answer(update, context, t(lang, "button_stale"))
        return
    await answer(update, context)
    text, markup, _ = shown
    await edit(update, context, text, markup)
