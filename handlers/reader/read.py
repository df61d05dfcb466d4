"""Reading one article: /read (and /read_<id>), /summary, /related, and their buttons.

The full text comes as pages from `content.render_pages`; the first page is a new message with
◀ n/N ▶ buttons, and the buttons edit that same message in place.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardMarkup, Update

import content
from bot.keyboards import Callback, page_keyboard, parse_callback
from bot.services import get_services
from bot.storage import StoredArticle
from handlers.catalog import t
from handlers.reader.common import Context, answer, chat_language, edit, parse_id, send, showing

__all__ = [
    "RELATED_COUNT",
    "SHORTCUT",
    "on_article_callback",
    "read",
    "related",
    "send_article",
    "send_related",
    "send_summary",
    "shortcut",
    "summary",
]

RELATED_COUNT = 5
# "/read_12", "/summary_12@newsbot": the tappable commands in /latest and /search lines.
SHORTCUT = re.compile(r"^/(read|summary|related)_(\w+?)(?:@(\w+))?$", re.ASCII)


def _nav(lang: str, article_id: int, page: int, pages: int) -> InlineKeyboardMarkup | None:
    return page_keyboard(
        article_id,
        page,
        pages,
        position=t(lang, "page_position"),
        summary=t(lang, "button_summary"),
        related=t(lang, "button_related"),
    )


async def _article(
    update: Update, context: Context, lang: str, raw: str | None, usage: str
) -> StoredArticle | None:
    """The article a command names, or None after telling the reader what was wrong."""
    if raw is None or not raw.strip():
        await send(update, context, t(lang, usage))
        return None
    article_id = parse_id(raw)
    if article_id is None:
        await send(update, context, t(lang, "bad_id"))
        return None
    stored = await get_services(context).storage.get_article(article_id)
    if stored is None:
        await send(update, context, t(lang, "not_found", id=article_id))
    return stored


def _pages(lang: str, stored: StoredArticle) -> list[str]:
    """The article's pages; one line saying so for an article with no text at all."""
    return content.render_pages(stored.article) or [t(lang, "no_text", id=stored.id)]


async def send_article(update: Update, context: Context, lang: str, stored: StoredArticle) -> None:
    """Send the first page of an article's full text as a new message."""
    pages = _pages(lang, stored)
    await send(update, context, pages[0], _nav(lang, stored.id, 0, len(pages)))


async def send_summary(update: Update, context: Context, lang: str, stored: StoredArticle) -> None:
    """Send an article's summary with a button to its full text."""
    markup = page_keyboard(
        stored.id, 0, 1, full=t(lang, "button_full"), related=t(lang, "button_related")
    )
    await send(update, context, content.render_summary(stored.article), markup)


async def send_related(update: Update, context: Context, lang: str, stored: StoredArticle) -> None:
    """Send the article's own related links and the stored articles most like it."""
    storage = get_services(context).storage
    candidates = await storage.related_candidates(stored.id)
    ranked = content.rank_related(
        stored.article, [(c.id, c.article) for c in candidates], RELATED_COUNT
    )
    if not stored.article.related and not ranked:
        await send(update, context, t(lang, "related_none", id=stored.id))
        return
    similar = [(article_id, article) for article_id, article, _score in ranked]
    await send(update, context, content.render_related(stored.article, similar))


async def read(update: Update, context: Context) -> None:
    """/read <id>: the article's full text, page 1."""
    lang = await chat_language(update, context)
    stored = await _article(update, context, lang, " ".join(context.args or []), "read_usage")
    if stored:
        await send_article(update, context, lang, stored)


async def summary(update: Update, context: Context) -> None:
    """/summary <id>: the article's summary."""
    lang = await chat_language(update, context)
    stored = await _article(update, context, lang, " ".join(context.args or []), "summary_usage")
    if stored:
        await send_summary(update, context, lang, stored)


async def related(update: Update, context: Context) -> None:
    """/related <id>: links the article lists and the most similar stored articles."""
    lang = await chat_language(update, context)
    stored = await _article(update, context, lang, " ".join(context.args or []), "related_usage")
    if stored:
        await send_related(update, context, lang, stored)


_VIEWS = {"read": send_article, "summary": send_summary, "related": send_related}


async def shortcut(update: Update, context: Context) -> None:
    """/read_<id>, /summary_<id>, /related_<id>: the tappable forms of the commands."""
    message = update.effective_message
    match = SHORTCUT.match(message.text or "") if message else None
    if match is None:
        return
    addressed = match.group(3)
    if addressed and addressed.lower() != context.bot.username.lower():
        return  # meant for another bot in the group
    lang = await chat_language(update, context)
    stored = await _article(update, context, lang, match.group(2), f"{match.group(1)}_usage")
    if stored:
        await _VIEWS[match.group(1)](update, context, lang, stored)


async def _stale(update: Update, context: Context, lang: str) -> None:
    await answer(update, context, t(lang, "button_stale"))


async def on_article_callback(update: Update, context: Context) -> None:
    """A Full text / Summary / Related / ◀ ▶ button: answer it, then show what it asks for."""
    query = update.callback_query
    if query is None:
        return
    lang = await chat_language(update, context)
    callback = parse_callback(query.data)
    if callback is None or callback.action == "search":
        await _stale(update, context, lang)
        return
    stored = await get_services(context).storage.get_article(callback.article_id)
    if stored is None:
        await _stale(update, context, lang)
        return
    if callback.action == "read" and callback.page is not None:
        await _turn_page(update, context, lang, stored, callback)
        return
    await answer(update, context)
    await _VIEWS[callback.action](update, context, lang, stored)


async def _turn_page(
    update: Update,
    context: Context,
    lang: str,
    stored: StoredArticle,
    callback: Callback,
) -> None:
    """Show another page in the same message."""
    pages = _pages(lang, stored)
    page = callback.page or 0
    if page >= len(pages):  # forged, or the article was re-rendered with fewer pages
        await _stale(update, context, lang)
        return
    await answer(update, context)
    if not showing(update, page):  # ◀ on page 1, ▶ on the last, or the page label
        await edit(update, context, pages[page], _nav(lang, stored.id, page, len(pages)))
