"""/push, /broadcast and /cancel: preview, Confirm/Cancel buttons, the outbox batch and its report."""

from __future__ import annotations

import html
import logging
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.posting import send_post
from bot.services import Services, get_services
from bot.storage import StoredArticle
from bot.storage.admin import BatchInfo
from content import render_post
from handlers.admin.common import admin_lang, admin_only, audit, command_text, reply, wake_delivery
from handlers.catalog import t

__all__ = [
    "CALLBACK_PATTERN",
    "Pending",
    "broadcast",
    "cancel",
    "on_callback",
    "push",
    "report_text",
    "resume_watchers",
    "send_preview",
    "watch_batch",
]

log = logging.getLogger(__name__)

CALLBACK_PATTERN = r"^a:(ok|no):[0-9a-f]{1,16}$"
PENDING_KEY = "admin_pending"
PENDING_TTL = 3600.0  # a preview left unanswered for an hour expires
WATCH_EVERY = 1.0  # seconds between checks of a running batch
MAX_BROADCAST = 3500  # leaves room for escaping within Telegram's 4096


@dataclass
class Pending:
    """A previewed push or broadcast waiting for the admin's Confirm."""

    kind: str  # "push" or "broadcast"
    admin_id: int
    chat_ids: list[int]  # chats.id of the targets
    priority: int
    target: str
    article_id: int | None = None
    text: str | None = None
    created: float = field(default_factory=time.monotonic)


def _pending(context: ContextTypes.DEFAULT_TYPE) -> dict[str, Pending]:
    store: dict[str, Pending] = context.bot_data.setdefault(PENDING_KEY, {})
    now = time.monotonic()
    for token in [k for k, p in store.items() if now - p.created > PENDING_TTL]:
        del store[token]
    return store


def _buttons(lang: str, token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, "admin_confirm"), callback_data=f"a:ok:{token}"),
                InlineKeyboardButton(t(lang, "admin_cancel_button"), callback_data=f"a:no:{token}"),
            ]
        ]
    )


async def send_preview(bot: Bot, chat_id: int | str, stored: StoredArticle, bot_username: str) -> Message:
    """Send an article as the channel post it would be; as text if Telegram cannot use its image."""
    post = render_post(stored.article, article_id=stored.id)
    try:
        return await send_post(bot, chat_id, post, stored.id, private=False, bot_username=bot_username)
    except TelegramError as exc:
        if not post.photo:
            raise
        log.info("photo preview failed (%s); sending text", exc)
    return await send_post(
        bot, chat_id, post, stored.id, private=False, bot_username=bot_username, as_text=True
    )


async def _targets(
    services: Services, context: ContextTypes.DEFAULT_TYPE, target: str
) -> tuple[list[int], int, str] | str:
    """(chats.id list, priority, label) for a push target, or the catalog key of what is wrong."""
    storage = services.storage
    if target in ("", "all", "channels"):
        chats = {c.id: c for c in await storage.list_chats("channel", active=True)}
        chats.update({c.id: c for c in await storage.channels() if c.active})
        return sorted(chats), 0, "channels"
    if target in ("subscribers", "subs"):
        return await storage.subscriber_ids(), 1, "subscribers"
    chat = await storage.get_chat(target)
    if chat is None:
        try:  # an @username stored under its numeric id, or the other way round
            found = await context.bot.get_chat(target)
            chat = await storage.get_chat(found.id)
            if chat is None and found.username:
                chat = await storage.get_chat(f"@{found.username}")
        except TelegramError:
            chat = None
    if chat is None or chat.kind == "private":
        return "admin_push_unknown_target"
    return [chat.id], 0, chat.title or chat.telegram_id


@admin_only
async def push(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Preview an article as a post and offer to push it to channels or subscribers."""
    args = context.args or []
    if not args or not args[0].isdigit() or len(args) > 2 or len(args[0]) > 12:
        await reply(update, context, "admin_push_usage")
        return
    services = get_services(context)
    stored = await services.storage.get_article(int(args[0]))
    if stored is None:
        await reply(update, context, "admin_no_article", id=int(args[0]))
        return
    found = await _targets(services, context, args[1] if len(args) == 2 else "")
    if isinstance(found, str):
        await reply(update, context, found, target=html.escape(args[1]))
        return
    chat_ids, priority, label = found
    if not chat_ids:
        await reply(update, context, "admin_no_targets")
        return
    user = update.effective_user
    assert user is not None and update.effective_chat is not None
    await send_preview(context.bot, update.effective_chat.id, stored, services.bot_username)
    token = secrets.token_hex(4)
    _pending(context)[token] = Pending(
        "push", user.id, chat_ids, priority, label, article_id=stored.id
    )
    lang = await admin_lang(update, context)
    await context.bot.send_message(
        update.effective_chat.id,
        t(lang, "admin_push_confirm", id=stored.id, n=len(chat_ids), target=html.escape(label)),
        parse_mode=ParseMode.HTML,
        reply_markup=_buttons(lang, token),
    )


@admin_only
async def broadcast(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Preview a message to every active subscriber and ask for confirmation."""
    text = command_text(update)
    if not text:
        await reply(update, context, "admin_broadcast_usage")
        return
    if len(text) > MAX_BROADCAST:
        await reply(update, context, "admin_broadcast_too_long", limit=MAX_BROADCAST)
        return
    services = get_services(context)
    chat_ids = await services.storage.subscriber_ids()
    if not chat_ids:
        await reply(update, context, "admin_no_subscribers")
        return
    user = update.effective_user
    assert user is not None and update.effective_chat is not None
    body = html.escape(text, quote=False)
    await context.bot.send_message(update.effective_chat.id, body, parse_mode=ParseMode.HTML)
    token = secrets.token_hex(4)
    _pending(context)[token] = Pending("broadcast", user.id, chat_ids, 2, "subscribers", text=body)
    lang = await admin_lang(update, context)
    await context.bot.send_message(
        update.effective_chat.id,
        t(lang, "admin_broadcast_confirm", n=len(chat_ids)),
        parse_mode=ParseMode.HTML,
        reply_markup=_buttons(lang, token),
    )


@admin_only
async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Confirm or cancel a previewed push or broadcast."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    _, verb, token = query.data.split(":")
    lang = await admin_lang(update, context)
    pending = _pending(context).pop(token, None)
    if pending is None:
        await query.edit_message_text(t(lang, "admin_expired"))
        return
    if verb == "no":
        await audit(update, context, f"{pending.kind}_cancelled", article=pending.article_id)
        await query.edit_message_text(t(lang, "admin_not_sent"))
        return
    storage = get_services(context).storage
    batch_id = await storage.create_batch(pending.kind, pending.admin_id, pending.text)
    queued = await storage.enqueue(
        pending.chat_ids,
        kind=pending.kind,
        priority=pending.priority,
        article_id=pending.article_id,
        batch_id=batch_id,
        text=pending.text,
    )
    await audit(
        update,
        context,
        pending.kind,
        batch=batch_id,
        article=pending.article_id,
        target=pending.target,
        queued=queued,
    )
    await query.edit_message_text(
        t(lang, "admin_queued", batch=batch_id, n=queued), parse_mode=ParseMode.HTML
    )
    wake_delivery(context)
    assert query.message is not None
    watch_batch(context.application, batch_id, query.message.chat.id, lang)


def watch_batch(
    app: Application[Any, Any, Any, Any, Any, Any], batch_id: int, chat_id: int, lang: str
) -> None:
    """Check a batch every second and report to the admin once nothing is left to send."""
    if app.job_queue is None:
        return
    name = f"admin-batch-{batch_id}"
    if app.job_queue.get_jobs_by_name(name):
        return
    app.job_queue.run_repeating(
        _check_batch,
        interval=WATCH_EVERY,
        first=WATCH_EVERY,
        name=name,
        data={"batch": batch_id, "chat": chat_id, "lang": lang},
    )


def report_text(lang: str, info: BatchInfo) -> str:
    """The admin's report of a finished batch."""
    key = "admin_report_cancelled" if info.cancelled else "admin_report"
    return t(
        lang,
        key,
        batch=info.id,
        kind=t(lang, f"admin_kind_{info.kind}"),
        sent=info.counts.get("sent", 0),
        dropped=info.counts.get("dropped", 0),
        failed=info.counts.get("failed", 0),
    )


async def _check_batch(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: report the batch once it has nothing pending, then stop."""
    job = context.job
    assert job is not None and isinstance(job.data, dict)
    info = await get_services(context).storage.batch_info(job.data["batch"])
    if info is not None and info.unfinished:
        return
    job.schedule_removal()
    if info is None:
        return
    try:
        await context.bot.send_message(
            job.data["chat"], report_text(job.data["lang"], info), parse_mode=ParseMode.HTML
        )
    except TelegramError as exc:
        log.warning("could not report batch %s to %s: %s", info.id, job.data["chat"], exc)


async def resume_watchers(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job at start: batches left running by a restart get their report too (sent to their admin)."""
    storage = get_services(context).storage
    for info in await storage.running_batches():
        if info.admin_id is not None:
            chat = await storage.get_chat(info.admin_id)
            watch_batch(context.application, info.id, info.admin_id, (chat.lang if chat else None) or "en")


@admin_only
async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Cancel a running broadcast (or the batch given): rows not yet sent are dropped."""
    args = context.args or []
    storage = get_services(context).storage
    if args and not (args[0].isdigit() and len(args[0]) <= 12):
        await reply(update, context, "admin_cancel_usage")
        return
    if args:
        info = await storage.batch_info(int(args[0]))
        if info is None or not info.unfinished:
            await reply(update, context, "admin_nothing_to_cancel")
            return
    else:
        running = await storage.running_batches("broadcast") or await storage.running_batches()
        if not running:
            await reply(update, context, "admin_nothing_to_cancel")
            return
        info = running[0]
    dropped = await storage.cancel_batch(info.id)
    await audit(update, context, "cancel", batch=info.id, dropped=dropped)
    await reply(update, context, "admin_cancelled", batch=info.id, dropped=dropped)
