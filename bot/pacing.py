"""Pacing of every message the bot sends: one budget shared by command replies and the outbox worker.

Why not PTB's AIORateLimiter: it has no per-private-chat limit, one RetryAfter pauses every request,
and replies queue behind bulk sends. Here:

* Overall: at most N sends in any window of W seconds (N/W = ``limits.global_per_second``). Telegram
  (and the sandbox) count a strict sliding window, and a request's arrival time there is somewhere
  between our dispatch and its answer. So a send is stamped *when its answer comes back* and counts as
  "now" while in flight: send k+N is dispatched only after send k was answered + W. Whatever the network
  jitter, no window on the server side ever sees more than N. The cost is one round trip per N sends:
  the rate is N / (W + latency), ~0.99 of the limit on a local server.
* Per chat, the same kind of window: a private chat (positive id) 3 per 3/``private_per_second`` s
  (the average rate, with the short burst Telegram tolerates), a group or channel (negative id or
  @username) ``group_per_minute`` per 60 s.
* Flood waits (429): the chat waits exactly ``retry_after``. Telegram does not say whether a 429 is
  about one chat or about the whole bot, so a 429 is taken as the chat's own, unless another chat is
  already in a flood wait: two chats flooded at once means the bot as a whole is over, and every send
  waits until the longest wait ends (and for a minute after that, any 429 is taken as global too).
* Priority: a command reply waiting for the overall budget goes first; the outbox worker takes a slot
  only when no reply is waiting (`acquire_bulk`). Replies are never dropped: a 429 on a reply waits as
  told and sends again.
"""

from __future__ import annotations

import asyncio
import math
import time
import warnings
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.config import Limits

__all__ = [
    "OUTBOX",
    "PACED_METHODS",
    "Pacer",
    "PacingLimiter",
    "Slot",
    "chat_key",
    "quiet_retry_after_deprecation",
    "retry_seconds",
]

# rate_limit_args the outbox worker passes: it already holds its slot, the limiter only forwards.
OUTBOX = "outbox"
# Calls that make a message appear in a chat: these are what Telegram's flood limits count.
PACED_METHODS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAnimation", "sendAudio",
        "sendVoice", "sendMediaGroup", "sendSticker", "sendPoll", "sendLocation", "sendContact",
        "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
    }
)  # fmt: skip
_MARGIN = 0.001  # a window ends a millisecond late: no float rounding ever lands a send on its edge
_POLL = 0.01  # how often a waiter rechecks when the next free time is unknown (a send in flight)
PRIVATE_BURST = 3
GLOBAL_MEMORY = 60.0  # seconds after a global flood during which any 429 is taken as global
_MAX_REPLY_RETRIES = 8  # a reply that keeps getting 429 gives up after this many waits
# A reply hit by a 5xx or a dropped connection is tried again after these pauses, then given up
# (the handler's error path apologises). A lost answer may mean the message went out: a repeated
# reply is the lesser harm than none.
_REPLY_NETWORK_BACKOFF = (0.5, 1.0, 2.0)


def retry_seconds(exc: RetryAfter) -> float:
    """The wait a RetryAfter asks for, in seconds, without PTB 22's int-or-timedelta deprecation warning."""
    value = getattr(exc, "_retry_after", None)  # a timedelta in PTB >= 22.2 (AIORateLimiter reads it too)
    if not isinstance(value, timedelta):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = exc.retry_after
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    return max(0.0, seconds)


def quiet_retry_after_deprecation() -> None:
    """Silence PTB 22's own deprecation warning about RetryAfter.retry_after being an int.

    PTB 22.2-22.8 warns inside `RetryAfter.__init__` itself (it reads its own deprecated property)
    unless PTB_TIMEDELTA is set, so every 429 would log a warning, or, under `-W error`, turn into a
    crash inside PTB's request code. The filter matches that one message only; we read the
    timedelta directly (`retry_seconds`).
    """
    warnings.filterwarnings(
        "ignore",
        message=r".*attribute `retry_after` will be of type",
        category=PTBDeprecationWarning,
    )


def chat_key(chat_id: object) -> str:
    """One key per chat whatever form its id arrives in (int, numeric string, @username)."""
    return str(chat_id).strip()


def _is_group(key: str) -> bool:
    """Negative ids are groups, supergroups and channels; @usernames are channels."""
    return key.startswith(("-", "@"))


def _window(per_second: float, min_window: float = 1.0) -> tuple[int, float]:
    """A rate as (N sends, per W seconds), W at least `min_window`, N a whole number >= 1."""
    n = max(1, math.floor(per_second * min_window + 1e-9))
    return n, n / per_second


@dataclass(eq=False)
class _Stamp:
    at: float = math.inf  # when the send was answered; inf while it is in flight


@dataclass
class _Window:
    """At most `n` stamps in any `width` seconds, stamps counted from when the send was answered."""

    n: int
    width: float
    stamps: list[_Stamp] = field(default_factory=list)

    def ready_at(self, now: float) -> float:
        """The earliest time a new send fits (now if it fits now; inf if only an answer can free it)."""
        span = self.width + _MARGIN
        self.stamps = [s for s in self.stamps if s.at + span > now]
        if len(self.stamps) < self.n:
            return now
        times = sorted(s.at for s in self.stamps)
        return times[len(times) - self.n] + span

    def take(self) -> _Stamp:
        stamp = _Stamp()
        self.stamps.append(stamp)
        return stamp


@dataclass(eq=False)
class Slot:
    """A reserved send: the stamps it holds in the overall and the chat window."""

    key: str
    stamps: tuple[_Stamp, ...]

    def done(self, now: float) -> None:
        for s in self.stamps:
            if s.at == math.inf:
                s.at = now


class Pacer:
    """The shared send budget: overall and per-chat windows, flood waits, and reply priority."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        n, w = _window(limits.global_per_second)
        self._global = _Window(n, w)
        # A private chat takes short bursts (Telegram tolerates them; a /read reply can be 2-3
        # messages): PRIVATE_BURST sends per PRIVATE_BURST / private_per_second seconds.
        self._private = (PRIVATE_BURST, PRIVATE_BURST / limits.private_per_second)
        self._group = _window(limits.group_per_minute / 60.0, 60.0)
        self._chats: dict[str, _Window] = {}
        self._flood_all = 0.0
        self._flood_chat: dict[str, float] = {}
        self._assume_global_until = 0.0
        self.replies_waiting = 0
        self.flood_waits = 0  # 429s seen, for /stats and tests
        self.global_floods = 0

    # ---- state ---------------------------------------------------------------------------------

    def _chat(self, key: str) -> _Window:
        win = self._chats.get(key)
        if win is None:
            if len(self._chats) > 10_000:  # forget chats whose windows have emptied
                now = self.clock()
                self._chats = {k: v for k, v in self._chats.items() if v.ready_at(now) > now or v.stamps}
            n, w = self._group if _is_group(key) else self._private
            win = self._chats[key] = _Window(n, w)
        return win

    def global_ready_at(self, now: float) -> float:
        """When the overall budget has room for one more send."""
        return max(self._global.ready_at(now), self._flood_all)

    def chat_ready_at(self, key: str, now: float) -> float:
        """When this chat can take one more send (its window and any flood wait)."""
        until = max(self._flood_chat.get(key, 0.0), self._flood_all)
        win = self._chats.get(key)
        return max(until, win.ready_at(now) if win is not None else now)

    def reserve(self, key: str) -> Slot:
        """Count a send that starts now against the overall and the chat window."""
        return Slot(key, (self._global.take(), self._chat(key).take()))

    def done(self, slot: Slot) -> None:
        """The send was answered (or failed): its stamps start ageing now."""
        slot.done(self.clock())

    def flood(self, key: str, seconds: float) -> bool:
        """Telegram answered 429 for this chat; return True if the wait was taken as global."""
        now = self.clock()
        self.flood_waits += 1
        until = now + seconds
        others = any(u > now for k, u in self._flood_chat.items() if k != key)
        others = others or now < self._assume_global_until
        self._flood_chat[key] = max(self._flood_chat.get(key, 0.0), until)
        self._flood_chat = {k: u for k, u in self._flood_chat.items() if u > now}
        if others:
            self.global_floods += 1
            # once the bot as a whole was over, the next 429s in the following minute are too
            self._assume_global_until = now + GLOBAL_MEMORY
            self._flood_all = max(self._flood_all, *self._flood_chat.values())
        return others

    # ---- waiting -------------------------------------------------------------------------------

    async def _sleep_until(self, when: float) -> None:
        delay = when - self.clock()
        await asyncio.sleep(min(max(delay, 0.0), 1.0) if delay != math.inf else _POLL)

    async def acquire_reply(self, key: str) -> Slot:
        """Wait for room for a command reply to this chat; replies go ahead of bulk sends.

        A reply counts as waiting (and holds the bulk sends back) only while its own chat is ready
        and the overall budget is not: a reply waiting for a busy group's window must not stop
        the outbox for everyone else.
        """
        waiting = False
        try:
            while True:
                now = self.clock()
                chat_at = self.chat_ready_at(key, now)
                if chat_at > now:
                    if waiting:
                        self.replies_waiting -= 1
                        waiting = False
                    await self._sleep_until(chat_at)
                    continue
                global_at = self.global_ready_at(now)
                if global_at <= now:
                    return self.reserve(key)
                if not waiting:
                    self.replies_waiting += 1
                    waiting = True
                await self._sleep_until(global_at)
        finally:
            if waiting:
                self.replies_waiting -= 1

    def bulk_ready_at(self, now: float) -> float:
        """When the outbox worker may take an overall slot (never while a reply waits)."""
        if self.replies_waiting:
            return math.inf
        return self.global_ready_at(now)

    async def wait_bulk(self) -> None:
        """Wait until the outbox worker may send (overall room, no reply waiting)."""
        while True:
            now = self.clock()
            when = self.bulk_ready_at(now)
            if when <= now:
                return
            await self._sleep_until(when)


class PacingLimiter(BaseRateLimiter[str]):
    """PTB's rate-limiter hook: paces replies through the shared Pacer; the outbox worker passes through.

    Every request PTB makes goes through `process_request`, except getUpdates. Message sends that are
    not the worker's (`rate_limit_args != OUTBOX`) wait for a reply slot; a 429 on them waits as told
    and retries (up to a bound, so a handler never hangs for ever). Other calls (edits, answers to
    callback queries, getChat) are not counted but still honour 429.
    """

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer
        quiet_retry_after_deprecation()

    async def initialize(self) -> None:
        """Nothing to set up: the Pacer lives as long as the Application."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Send now (outbox) or when the budget allows (replies); retry 429s, 5xx and lost connections."""
        if rate_limit_args == OUTBOX:
            return await callback(*args, **kwargs)
        paced = endpoint in PACED_METHODS and data.get("chat_id") is not None
        key = chat_key(data.get("chat_id"))
        floods = network_failures = 0
        while True:
            slot = await self.pacer.acquire_reply(key) if paced else None
            pause = 0.0
            try:
                return await callback(*args, **kwargs)
            except BadRequest:
                raise  # our request is wrong: sending it again cannot help
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                self.pacer.flood(key, seconds)
                if floods == _MAX_REPLY_RETRIES:
                    raise
                floods += 1
                if not paced:  # unpaced calls have no slot to wait for: sleep the wait here
                    pause = seconds
            except NetworkError:  # 5xx, a dropped connection, a timeout
                if network_failures == len(_REPLY_NETWORK_BACKOFF):
                    raise
                pause = _REPLY_NETWORK_BACKOFF[network_failures]
                network_failures += 1
            finally:
                if slot is not None:
                    self.pacer.done(slot)
            if pause:
                await asyncio.sleep(pause)
