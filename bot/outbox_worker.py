"""The outbox worker: sends queued rows within Telegram's limits, once, in order, surviving anything.

Loop: keep the head row of every chat with pending rows (storage.outbox_heads); pick, in (priority,
id) order, the first head whose chat is not already sending, whose retry time has come and whose
chat window has room (Pacer.chat_ready_at); wait for an overall slot that no command reply wants
(Pacer.wait_bulk); claim the row ('sending', committed) and send it in a task. So a slow or flooded
chat never holds up the others, and a chat's own rows go out one at a time in order.

At most `limits.in_flight` sends run at once. That number bounds the duplicates a crash can cause:
a row is marked 'sending' before its request and 'sent' right after the answer, so `kill -9` can only
leave the rows in flight at that instant in 'sending'; at the next start `recover_sending` puts them
back to 'pending' and they are sent again (Telegram may or may not have got them).

Telegram's answers (see `_send`): 429 waits exactly as asked (Pacer.flood, and the row's next_try),
never drops; 403 deactivates the chat (its pending rows are dropped in the same transaction); a
migrated group moves to its new id and the row is sent again; "chat not found" deactivates the chat;
a photo Telegram cannot use is sent again as text; any other 400 (bad HTML, too long) is our bug:
the row fails, the error is stored and the admins are told once; network errors, timeouts and 5xx
retry with capped exponential back-off, never dropped.
"""

from __future__ import annotations

import asyncio
import html
import logging
import math
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Message
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)

import content
from bot.pacing import OUTBOX, Pacer, chat_key, retry_seconds
from bot.posting import send_post
from bot.storage import OutboxRow, Storage
from content import Post

__all__ = ["DeliveryStats", "OutboxWorker"]

log = logging.getLogger(__name__)

HEADS = 2000  # chats considered at once; more are picked up as these drain
REFRESH_SECONDS = 2.0  # full re-read of the heads this often (rows queued without notify())
PAUSE_CHECK_SECONDS = 1.0
STOP_SECONDS = 15.0  # how long stop() waits for sends in flight
BACKOFF_BASE = 1.0
BACKOFF_MAX = 300.0  # longest wait between retries of a network error or 5xx
_PHOTO_ERRORS = (
    "failed to get http url content", "wrong file identifier", "wrong type of the web page content",
    "image_process_failed", "photo_invalid_dimensions", "wrong remote file", "photo",
    "caption is too long",
)  # fmt: skip
_GONE_ERRORS = (
    "chat not found", "peer_id_invalid", "need administrator rights", "not enough rights",
    "have no rights", "chat_write_forbidden", "bot is not a member", "group chat was deactivated",
)  # fmt: skip

Notify = Callable[..., Awaitable[None]]  # (key, catalog message key, **values)


@dataclass(frozen=True, slots=True)
class DeliveryStats:
    """Counters since start, for /stats and tests."""

    sent: int
    failed: int
    retried: int
    flood_waits: int
    global_floods: int
    deactivated: int
    in_flight: int
    recovered: int  # rows found 'sending' at start: the crash's possible duplicates


class OutboxWorker:
    """Sends outbox rows; `wake()` after queueing rows, `start()`/`stop()` around the bot's life."""

    def __init__(
        self,
        bot: Any,
        storage: Storage,
        pacer: Pacer,
        *,
        in_flight: int,
        bot_username: Callable[[], str],
        notify_admins: Notify,
        paced_by_limiter: bool = True,
    ) -> None:
        self.bot = bot
        self.storage = storage
        self.pacer = pacer
        self.in_flight = max(1, in_flight)
        self._bot_username = bot_username
        self._notify_admins = notify_admins
        # Without our PTB rate limiter, rate_limit_args may not be passed (PTB refuses them).
        self._rl_args: dict[str, Any] = {"rate_limit_args": OUTBOX} if paced_by_limiter else {}
        self._wakeup = asyncio.Event()
        self._refresh = True
        self._heads: dict[int, OutboxRow] = {}
        self._sending: set[int] = set()  # chats.id with a send in flight
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(self.in_flight)
        self._text_only: set[int] = set()  # rows whose photo Telegram refused
        self._posts: OrderedDict[tuple[int, str | None, bool], Post | None] = OrderedDict()
        self._paused = False
        self._paused_checked = -math.inf
        self._last_refresh = -math.inf
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.sent = self.failed = self.retried = self.deactivated = self.recovered = 0

    # ---- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Recover rows a crash left 'sending', then run the loop in a task."""
        self.recovered = await self.storage.recover_sending()
        if self.recovered:
            log.warning(
                "%d messages were in flight when the bot last stopped; sending them again "
                "(Telegram may already have some of them)",
                self.recovered,
            )
        self._task = asyncio.create_task(self._run(), name="outbox-worker")

    async def stop(self) -> None:
        """Stop picking rows and let the sends in flight finish (so they are recorded)."""
        timeout = STOP_SECONDS
        self._stopping = True
        self._wakeup.set()
        if self._task is not None:
            task, self._task = self._task, None
            try:
                await asyncio.wait_for(task, timeout)
            except TimeoutError:
                log.warning("the outbox worker did not stop in %.0f s", timeout)
        if self._tasks:
            _done, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
            for t in pending:
                t.cancel()
            if pending:
                await asyncio.wait(pending)

    def wake(self) -> None:
        """New rows were queued (or the pause changed): look at the outbox again now."""
        self._refresh = True
        self._paused_checked = -math.inf
        self._wakeup.set()

    def stats(self) -> DeliveryStats:
        """Counters since start."""
        return DeliveryStats(
            sent=self.sent,
            failed=self.failed,
            retried=self.retried,
            flood_waits=self.pacer.flood_waits,
            global_floods=self.pacer.global_floods,
            deactivated=self.deactivated,
            in_flight=len(self._sending),
            recovered=self.recovered,
        )

    # ---- the loop ------------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            # Cleared before looking, so a wake-up that comes while we look is not lost.
            self._wakeup.clear()
            try:
                delay = await self._step()
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end delivery
                log.exception("outbox worker step failed; retrying in 5 s")
                delay = 5.0
            if delay > 0 and not self._stopping:
                try:
                    await asyncio.wait_for(self._wakeup.wait(), min(delay, REFRESH_SECONDS))
                except TimeoutError:
                    pass

    async def _step(self) -> float:
        """Send the next ready row if there is one; return how long to sleep (0: go again)."""
        clock = self.pacer.clock()
        if self._refresh or clock - self._last_refresh >= REFRESH_SECONDS:
            self._refresh = False
            self._last_refresh = clock
            self._heads = {
                r.chat.id: r for r in await self.storage.outbox_heads(HEADS) if r.chat.id not in self._sending
            }
        if clock - self._paused_checked >= PAUSE_CHECK_SECONDS:
            self._paused = await self.storage.is_paused()
            self._paused_checked = clock
        row, wait = self._pick()
        if row is None:
            return wait
        await self._slots.acquire()
        try:
            await self.pacer.wait_bulk()
            key = chat_key(row.chat.send_to)
            now = self.pacer.clock()
            if self._stopping or self.pacer.chat_ready_at(key, now) > now:
                self._slots.release()  # a flood wait came in while we waited: pick again
                return 0.0
            if row.chat.id in self._sending or not await self.storage.mark_sending(row.id):
                self._slots.release()
                self._heads.pop(row.chat.id, None)
                self._refresh = True
                return 0.0
        except BaseException:
            self._slots.release()
            raise
        slot = self.pacer.reserve(key)
        self._heads.pop(row.chat.id, None)
        self._sending.add(row.chat.id)
        task = asyncio.create_task(self._send(row, slot), name=f"send-{row.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return 0.0

    def _pick(self) -> tuple[OutboxRow | None, float]:
        """The first sendable head by (priority, id), or None and how long until one may be."""
        now_wall = self.storage.now()
        now = self.pacer.clock()
        soonest = math.inf
        for row in sorted(self._heads.values(), key=lambda r: (r.priority, r.id)):
            if row.chat.id in self._sending:
                continue
            if self._paused and row.kind == "post":
                continue  # /pause holds scheduled posts; an admin's /push and /broadcast still go
            if row.next_try > now_wall:
                soonest = min(soonest, row.next_try - now_wall)
                continue
            ready = self.pacer.chat_ready_at(chat_key(row.chat.send_to), now)
            if ready > now:
                soonest = min(soonest, ready - now)
                continue
            return row, 0.0
        return None, soonest

    # ---- one send ------------------------------------------------------------------------------

    async def _send(self, row: OutboxRow, slot: Any) -> None:
        try:
            await self._send_and_record(row, slot)
        except Exception:  # recording the outcome failed (database): the row stays 'sending'
            # and is recovered, i.e. sent again, at the next start: the crash rule, not a loss
            log.exception("recording the outcome of row %s failed", row.id)
        finally:
            self._sending.discard(row.chat.id)
            self._slots.release()
            await self._next_head(row.chat.id)
            self._wakeup.set()

    async def _send_and_record(self, row: OutboxRow, slot: Any) -> None:
        """Send one row and record what Telegram said."""
        key = chat_key(row.chat.send_to)
        try:
            try:
                message = await self._deliver(row)
            finally:
                self.pacer.done(slot)
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            scope = "all chats" if self.pacer.flood(key, seconds) else "this chat"
            log.info("429 on %s: waiting %.1f s (%s)", key, seconds, scope)
            await self._retry(row, seconds, f"flood wait {seconds:g} s")
        except ChatMigrated as exc:
            new_id = int(exc.new_chat_id)
            log.info("chat %s became supergroup %s: moving its rows", key, new_id)
            await self.storage.migrate_chat(row.chat.id, new_id)
            self._refresh = True  # its rows may now belong to another chat row
            await self._retry(row, 0.0, f"chat migrated to {new_id}")
        except Forbidden as exc:
            await self._deactivate(row, exc.message)
        except BadRequest as exc:
            await self._bad_request(row, exc)
        except (NetworkError, InvalidToken, TelegramError) as exc:  # NetworkError covers 5xx and timeouts
            # row.attempts counts the tries before this one: 0.5 s, 1 s, 2 s, ... up to BACKOFF_MAX
            delay = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** min(row.attempts - 1, 20))
            log.warning("send to %s failed (%s); retry in %.0f s", key, exc, delay)
            await self._retry(row, delay, f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # e.g. a render bug: fail the row, keep going
            log.exception("row %s could not be sent", row.id)
            await self._fail(row, f"{type(exc).__name__}: {exc}")
        else:  # outside the handlers above: a database error here must not fail a delivered row
            await self.storage.mark_sent(row.id, message.message_id if message else None)
            self.sent += 1

    async def _next_head(self, chat_id: int) -> None:
        try:
            head = await self.storage.chat_head(chat_id)
        except Exception:  # the next full refresh finds it
            log.exception("reading the next row of chat %s failed", chat_id)
            return
        if head is not None:
            self._heads[chat_id] = head
        else:
            self._heads.pop(chat_id, None)

    def _scrub(self, error: str) -> str:
        """An error text safe to store and show: never the bot token (a URL in a network error)."""
        token = str(getattr(self.bot, "token", "") or "")
        return error.replace(token, "<token>") if token else error

    async def _retry(self, row: OutboxRow, delay: float, error: str) -> None:
        self.retried += 1
        await self.storage.mark_retry(row.id, self.storage.now() + delay, self._scrub(error))

    async def _fail(self, row: OutboxRow, error: str) -> None:
        self.failed += 1
        error = self._scrub(error)
        await self.storage.mark_failed(row.id, error)
        what = f"#{row.article_id}" if row.article_id else f"batch #{row.batch_id}"
        chat = row.chat.title or row.chat.telegram_id
        await self._notify_admins(
            f"send-failed:{row.kind}:{row.article_id or row.batch_id}",
            "admin_notice_failed",
            n=1,
            rows=f"• {html.escape(chat)} ({row.kind} {what}): {html.escape(error[:300])}",
        )

    async def _deactivate(self, row: OutboxRow, reason: str) -> None:
        self.deactivated += 1
        dropped = await self.storage.deactivate_chat(row.chat.id, reason)
        log.info("chat %s deactivated (%s); %d rows dropped", row.chat.telegram_id, reason, dropped)
        if row.chat.kind != "private":
            name = row.chat.title or row.chat.telegram_id
            await self._notify_admins(
                f"chat-gone:{row.chat.id}",
                "admin_notice_channel",
                channel=html.escape(name),
                reason=html.escape(reason),
            )

    async def _bad_request(self, row: OutboxRow, exc: BadRequest) -> None:
        text = exc.message.lower()
        if any(e in text for e in _GONE_ERRORS):
            await self._deactivate(row, exc.message)
        elif (
            row.kind != "broadcast"
            and row.id not in self._text_only
            and any(e in text for e in _PHOTO_ERRORS)
        ):
            self._text_only.add(row.id)  # Telegram could not use the image: send the text instead
            await self._retry(row, 0.0, f"photo refused ({exc.message}); sending as text")
        else:
            await self._fail(row, exc.message)

    # ---- what is sent --------------------------------------------------------------------------

    async def _deliver(self, row: OutboxRow) -> Message | None:
        chat_id = row.chat.send_to
        if row.kind == "broadcast":
            result: Message = await self.bot.send_message(
                chat_id, row.text or "", parse_mode=ParseMode.HTML, **self._rl_args
            )
            return result
        if row.article_id is None:
            raise ValueError(f"outbox row {row.id} ({row.kind}) has no article")
        private = row.chat.kind == "private"
        post = await self._post(row.article_id, row.chat.lang, private)
        if post is None:
            raise ValueError(f"article {row.article_id} no longer exists")
        result = await send_post(
            self.bot,
            chat_id,
            post,
            row.article_id,
            private=private,
            bot_username=self._bot_username(),
            as_text=row.id in self._text_only,
            **self._rl_args,
        )
        self._text_only.discard(row.id)
        return result

    async def _post(self, article_id: int, lang: str | None, private: bool) -> Post | None:
        """The rendered post, cached: a fan-out renders each article once per language."""
        key = (article_id, lang, private)
        if key in self._posts:
            self._posts.move_to_end(key)
            return self._posts[key]
        stored = await self.storage.get_article(article_id)
        post = (
            content.render_post(stored.article, article_id=article_id, lang=lang)
            if stored is not None
            else None
        )
        self._posts[key] = post
        if len(self._posts) > 256:
            self._posts.popitem(last=False)
        return post
