"""The shared send budget: windows, flood waits, reply priority, and the PTB rate-limiter hook."""

from __future__ import annotations

import asyncio
import math
import warnings
from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pytest import approx
from telegram.error import RetryAfter

from bot.app import running
from bot.config import Config, Limits
from bot.pacing import OUTBOX, Pacer, PacingLimiter, retry_seconds
from sandbox import SEND_METHODS


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def retry_after(value: int | timedelta) -> RetryAfter:
    with warnings.catch_warnings():  # PTB 22.8 warns inside its own constructor
        warnings.simplefilter("ignore")
        return RetryAfter(value)


def test_retry_seconds_reads_int_and_timedelta_without_a_deprecation_warning() -> None:
    assert retry_seconds(retry_after(3)) == 3.0
    assert retry_seconds(retry_after(timedelta(seconds=1.5))) == 1.5


def test_overall_window_counts_sends_until_answered_then_for_one_window() -> None:
    clock = Clock()
    pacer = Pacer(Limits(global_per_second=10), clock=clock)
    slots = [pacer.reserve(str(1000 + i)) for i in range(10)]
    assert pacer.global_ready_at(clock.now) == math.inf  # full, and no answer yet
    clock.now = 100.2
    for slot in slots:
        pacer.done(slot)
    assert pacer.global_ready_at(clock.now) == approx(101.2, abs=0.01)  # one window after the answers
    clock.now = 101.21
    assert pacer.global_ready_at(clock.now) == 101.21


def test_private_and_group_chats_have_their_own_windows() -> None:
    clock = Clock()
    pacer = Pacer(Limits(private_per_second=1, group_per_minute=20), clock=clock)
    for _ in range(3):  # a short burst is fine ...
        assert pacer.chat_ready_at("42", clock.now) == 100.0
        pacer.done(pacer.reserve("42"))
    assert pacer.chat_ready_at("42", clock.now) == approx(103.0, abs=0.01)  # ... then 1 a second on average
    assert pacer.chat_ready_at("43", clock.now) == 100.0  # another user is not held up
    for _ in range(20):
        pacer.done(pacer.reserve("-100500"))
    assert pacer.chat_ready_at("-100500", clock.now) == approx(160.0, abs=0.01)  # 20 per minute in a group
    for _ in range(19):
        pacer.done(pacer.reserve("@channel"))
    assert pacer.chat_ready_at("@channel", clock.now) == 100.0  # @usernames are channels: 20/min


def test_a_429_holds_its_chat_and_two_at_once_hold_every_chat() -> None:
    clock = Clock()
    pacer = Pacer(Limits(), clock=clock)
    assert pacer.flood("7", 5) is False
    assert pacer.chat_ready_at("7", clock.now) == 105.0
    assert pacer.chat_ready_at("8", clock.now) == 100.0
    assert pacer.flood("8", 3) is True  # a second chat flooded meanwhile: the bot as a whole is over
    assert pacer.chat_ready_at("9", clock.now) == 105.0
    assert pacer.global_ready_at(clock.now) == 105.0
    clock.now = 106.0
    assert pacer.flood("9", 1) is True  # within a minute of a global flood, a 429 is global too
    clock.now = 200.0
    assert pacer.flood("10", 1) is False  # long after: back to per chat


async def test_a_waiting_reply_goes_before_bulk_sends() -> None:
    clock = Clock()
    pacer = Pacer(Limits(global_per_second=1), clock=clock)
    slot = pacer.reserve("1")
    pacer.done(slot)
    assert pacer.bulk_ready_at(clock.now) == approx(101.0, abs=0.01)
    reply = asyncio.create_task(pacer.acquire_reply("2"))
    await asyncio.sleep(0)
    assert pacer.replies_waiting == 1
    assert pacer.bulk_ready_at(clock.now) == math.inf  # the worker keeps off while a reply waits
    clock.now = 101.01
    await asyncio.wait_for(reply, 2)
    assert pacer.replies_waiting == 0


async def test_a_reply_waiting_for_its_busy_group_does_not_hold_back_bulk_sends() -> None:
    clock = Clock()
    pacer = Pacer(Limits(group_per_minute=20), clock=clock)
    for _ in range(20):
        pacer.done(pacer.reserve("-100777"))
    reply = asyncio.create_task(pacer.acquire_reply("-100777"))
    await asyncio.sleep(0)
    assert pacer.replies_waiting == 0
    assert pacer.bulk_ready_at(clock.now) == clock.now  # other chats' sends go on
    clock.now = 160.01
    await asyncio.wait_for(reply, 2)


async def test_limiter_retries_a_reply_after_the_wait_and_passes_outbox_sends_through() -> None:
    pacer = Pacer(Limits())
    limiter = PacingLimiter(pacer)
    calls: list[float] = []

    async def flaky() -> dict[str, Any]:
        calls.append(asyncio.get_running_loop().time())
        if len(calls) == 1:
            raise retry_after(timedelta(seconds=0.2))
        return {"ok": True}

    result = await limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert result == {"ok": True} and len(calls) == 2
    assert calls[1] - calls[0] >= 0.2  # waited as told
    assert pacer.flood_waits == 1

    async def outbox_send() -> dict[str, Any]:
        raise retry_after(1)

    calls.clear()
    try:
        await limiter.process_request(outbox_send, (), {}, "sendMessage", {"chat_id": 5}, OUTBOX)
    except RetryAfter:
        pass  # the worker handles its own 429s (it must record the wait on the row)
    else:
        raise AssertionError("an outbox send's 429 must reach the worker")


async def test_a_reply_hit_by_429_is_sent_after_the_wait(sandbox: Any, make_config: Any) -> None:
    config: Config = make_config()
    sandbox.force_retry_after(chat_id=3001, count=1, seconds=1)
    async with running(config, poll_timeout=1):
        sandbox.inject_message(3001, "/start")
        await sandbox.wait_messages(3001, 1, timeout=10)
    [record] = sandbox.stats.retries
    assert record.waited is not None and record.waited >= 1
    assert len(sandbox.sent(3001, methods=SEND_METHODS)) >= 1


@settings(max_examples=60, deadline=None)
@given(
    rate=st.integers(min_value=1, max_value=50),
    latencies=st.lists(
        st.tuples(st.floats(0.0, 0.2), st.floats(0.0, 1.0)), min_size=50, max_size=300
    ),
)
def test_no_server_side_window_ever_sees_more_than_the_limit(
    rate: int, latencies: list[tuple[float, float]]
) -> None:
    """Simulated sends with random round trips, arriving at any point of their trip, as fast as the
    pacer allows: a strict sliding window at the server (Telegram's reading) never overflows."""
    clock = Clock()
    pacer = Pacer(Limits(global_per_second=rate), clock=clock)
    arrivals: list[float] = []
    in_flight: list[tuple[float, Any]] = []  # (answer time, slot)
    for trip, where in latencies:
        while True:
            in_flight.sort(key=lambda x: x[0])
            while in_flight and in_flight[0][0] <= clock.now:
                _, slot = in_flight.pop(0)
                pacer.done(slot)
            ready = pacer.global_ready_at(clock.now)
            if ready <= clock.now:
                break
            # the next event: an answer coming back, or a window slot freeing
            clock.now = min([ready, *(t for t, _ in in_flight)])
        slot = pacer.reserve(str(len(arrivals)))
        arrivals.append(clock.now + trip * where)  # reaches the server somewhere on its way
        in_flight.append((clock.now + trip, slot))
    arrivals.sort()
    for i, t in enumerate(arrivals):  # the server counts sends in (t - 1 s, t]
        inside = sum(1 for a in arrivals[: i + 1] if a > t - 1.0)
        assert inside <= rate
