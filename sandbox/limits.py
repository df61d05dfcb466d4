"""Telegram-like rate limits: what counts, how much, and how long to wait when over."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, replace

__all__ = ["Limits", "RateLimiter"]


@dataclass(frozen=True)
class Limits:
    """Rate limits and timeouts of the sandbox, defaulting to Telegram's published guidance.

    Telegram publishes no exact algorithm, so the sandbox picks strict readings of the Bot FAQ:

    * overall: at most ``global_limit`` message sends in any sliding window of
      ``global_window`` seconds (30 per 1 s);
    * per group, supergroup or channel: at most ``group_limit`` sends in any sliding window of
      ``group_window`` seconds (20 per 60 s);
    * per private chat: a token bucket refilled at ``private_rate`` per second holding at most
      ``private_burst`` tokens (about 1/s with a short burst).

    A send over a limit is answered 429 ``Too Many Requests: retry after N`` with
    ``parameters.retry_after = N`` (whole seconds, rounded up, at least 1), and until those N
    seconds pass every further send to that chat (or any chat, for the overall limit) gets 429
    again, as Telegram's flood wait does. Rejected sends do not use up the budget.
    Windows allow ``jitter`` seconds (10 ms) for network delay between the bot's pacer and the
    server. Only message-producing calls count (sendMessage, sendPhoto); edits count only with
    ``count_edits``.
    """

    enabled: bool = True
    global_limit: int = 30
    global_window: float = 1.0
    group_limit: int = 20
    group_window: float = 60.0
    private_rate: float = 1.0
    private_burst: int = 3
    count_edits: bool = False
    # Sends reach the sandbox with a little network jitter after the bot's pacer let them go;
    # a send is forgotten by a sliding window this much before the window's full length.
    jitter: float = 0.01
    # How long a callback query can be answered (Telegram: "query is too old" after ~15 s).
    callback_timeout: float = 15.0

    @classmethod
    def off(cls) -> Limits:
        """No rate limits at all."""
        return cls(enabled=False)

    def scaled(self, global_per_second: float) -> Limits:
        """The same limits with the overall budget set to ``global_per_second`` messages/s."""
        return replace(self, global_limit=max(1, round(global_per_second)), global_window=1.0)


def _retry_after(wait: float) -> int:
    return max(1, math.ceil(wait - 1e-9))


class RateLimiter:
    """Sliding windows and token buckets, keyed by chat; time comes from the caller."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._global: deque[float] = deque()
        self._groups: dict[int, deque[float]] = {}
        self._private: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)
        self._flood_global = 0.0  # monotonic time until which every send gets 429
        self._flood_chat: dict[int, float] = {}

    def flood_wait(self, chat_id: int | None, now: float) -> float:
        """Seconds left of a flood wait imposed earlier on this chat or on all sends (with
        ``chat_id`` None: on all sends only)."""
        chat_until = self._flood_chat.get(chat_id, 0.0) if chat_id is not None else 0.0
        until = max(self._flood_global, chat_until)
        return until - now if until > now else 0.0

    def impose(self, chat_id: int | None, seconds: int, now: float) -> None:
        """Start a flood wait, as after any 429 answer."""
        if chat_id is None:
            self._flood_global = max(self._flood_global, now + seconds)
        else:
            self._flood_chat[chat_id] = max(self._flood_chat.get(chat_id, 0.0), now + seconds)

    def over(self, chat_id: int, private: bool, now: float) -> tuple[str, int] | None:
        """If a send now would exceed a limit: (``"global"`` or ``"chat"``, retry_after)."""
        lim = self.limits
        if not lim.enabled:
            return None
        window = self._global
        while window and window[0] <= now - lim.global_window + lim.jitter:
            window.popleft()
        if len(window) >= lim.global_limit:
            return "global", _retry_after(window[0] + lim.global_window - lim.jitter - now)
        if private:
            tokens = self._tokens(chat_id, now)
            if tokens < 1.0:
                return "chat", _retry_after((1.0 - tokens) / lim.private_rate)
        else:
            group = self._groups.get(chat_id)
            if group is not None:
                while group and group[0] <= now - lim.group_window + lim.jitter:
                    group.popleft()
                if len(group) >= lim.group_limit:
                    return "chat", _retry_after(group[0] + lim.group_window - lim.jitter - now)
        return None

    def record(self, chat_id: int, private: bool, now: float) -> None:
        """Count an accepted send."""
        if not self.limits.enabled:
            return
        self._global.append(now)
        if private:
            self._private[chat_id] = (self._tokens(chat_id, now) - 1.0, now)
        else:
            self._groups.setdefault(chat_id, deque()).append(now)

    def _tokens(self, chat_id: int, now: float) -> float:
        lim = self.limits
        tokens, at = self._private.get(chat_id, (float(lim.private_burst), now))
        return min(float(lim.private_burst), tokens + (now - at) * lim.private_rate)
