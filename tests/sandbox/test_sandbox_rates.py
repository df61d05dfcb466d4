"""Telegram-like rate limits and forced 429s, on a clock the test moves by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from telegram import Bot
from telegram.error import RetryAfter

from sandbox import Limits, Sandbox

USER = 1001
GROUP = -2001
CHANNEL = -1001000000001


class Clock:
    """Monotonic time that only moves when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


Clocked = tuple[Sandbox, Clock, httpx.AsyncClient]


@pytest_asyncio.fixture
async def clocked() -> AsyncIterator[Clocked]:
    clock = Clock()
    async with Sandbox(clock=clock) as sb, httpx.AsyncClient(base_url=sb.api_url) as http:
        sb.inject_message(USER, "hi")
        sb.add_chat(GROUP, "group", "Readers")
        sb.add_chat(CHANNEL, "channel", "World", "mychannel")
        yield sb, clock, http


async def send(
    sb: Sandbox, http: httpx.AsyncClient, chat: int | str, text: str = "x"
) -> httpx.Response:
    return await http.post(f"/bot{sb.token}/sendMessage", data={"chat_id": chat, "text": text})


def assert_429(r: httpx.Response, seconds: int) -> None:
    assert r.status_code == 429
    assert r.json() == {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {seconds}",
        "parameters": {"retry_after": seconds},
    }


async def test_private_chat_allows_a_short_burst_then_one_per_second(clocked: Clocked) -> None:
    sb, clock, http = clocked
    for _ in range(3):
        assert (await send(sb, http, USER)).status_code == 200
    assert_429(await send(sb, http, USER), 1)
    assert sb.stats.pacing_429s == 1 and sb.stats.retries[0].reason == "chat"
    clock.now += 0.5
    assert_429(await send(sb, http, USER), 1)  # still inside the flood wait: an early retry
    assert sb.stats.early_retries == 1
    clock.now += 0.5
    assert (await send(sb, http, USER)).status_code == 200
    assert sb.stats.retries[0].waited == pytest.approx(1.0)
    # steady 1/s is always fine
    for _ in range(10):
        clock.now += 1.0
        assert (await send(sb, http, USER)).status_code == 200


async def test_group_and_channel_allow_twenty_per_minute_sliding(clocked: Clocked) -> None:
    sb, clock, http = clocked
    for chat in (GROUP, "@mychannel"):
        for _ in range(20):
            assert (await send(sb, http, chat)).status_code == 200
            clock.now += 1.0
        # the first of the 20 leaves the window at t0+60; now is t0+20
        assert_429(await send(sb, http, chat), 40)
    clock.now += 40
    assert (await send(sb, http, GROUP)).status_code == 200
    assert sb.stats.sends_per_chat[GROUP] == 21 and sb.stats.sends_per_chat[CHANNEL] == 20


async def test_global_limit_spans_chats(clocked: Clocked) -> None:
    sb, clock, http = clocked
    for k in range(30):
        sb.inject_message(5000 + k, "hi")
        assert (await send(sb, http, 5000 + k)).status_code == 200
    assert_429(await send(sb, http, USER), 1)
    assert sb.stats.retries[-1].reason == "global"
    clock.now += 0.5
    assert_429(await send(sb, http, 5001), 1)  # a global flood wait holds for every chat
    clock.now += 0.6
    assert (await send(sb, http, 5002)).status_code == 200
    assert sb.stats.retries[0].retried_at == clock.now


async def test_limits_scale_for_benchmarks_and_switch_off(clocked: Clocked) -> None:
    sb, clock, http = clocked
    sb.set_limits(Limits().scaled(500))
    for k in range(500):
        sb.inject_message(5000 + k, "hi")
        assert (await send(sb, http, 5000 + k)).status_code == 200
        clock.now += 0.001
    assert (await send(sb, http, USER)).status_code == 429
    sb.set_limits(Limits.off())
    clock.now += 5
    for _ in range(50):
        assert (await send(sb, http, USER)).status_code == 200


async def test_rejected_sends_do_not_use_the_budget(clocked: Clocked) -> None:
    sb, _, http = clocked
    for _ in range(5):
        r = await http.post(
            f"/bot{sb.token}/sendMessage",
            data={"chat_id": USER, "text": "<p>", "parse_mode": "HTML"},
        )
        assert r.status_code == 400
    for _ in range(3):
        assert (await send(sb, http, USER)).status_code == 200


async def test_edits_are_not_counted_unless_asked(clocked: Clocked) -> None:
    sb, _, http = clocked
    r = await send(sb, http, USER, "page 0")
    message_id = r.json()["result"]["message_id"]
    for page in range(1, 8):
        r = await http.post(
            f"/bot{sb.token}/editMessageText",
            data={"chat_id": USER, "message_id": message_id, "text": f"page {page}"},
        )
        assert r.status_code == 200
    sb.set_limits(Limits(count_edits=True))
    statuses = []
    for page in range(8, 12):
        r = await http.post(
            f"/bot{sb.token}/editMessageText",
            data={"chat_id": USER, "message_id": message_id, "text": f"page {page}"},
        )
        statuses.append(r.status_code)
    assert 429 in statuses


async def test_forced_retry_after_for_one_chat(clocked: Clocked) -> None:
    sb, clock, http = clocked
    sb.set_limits(Limits.off())
    sb.force_retry_after(CHANNEL, count=2, seconds=3)
    assert (await send(sb, http, GROUP)).status_code == 200  # other chats unaffected
    assert_429(await send(sb, http, CHANNEL), 3)
    clock.now += 3
    assert_429(await send(sb, http, CHANNEL), 3)  # the second forced one
    clock.now += 1
    assert_429(await send(sb, http, CHANNEL), 2)  # early: Telegram keeps the wait
    clock.now += 2
    assert (await send(sb, http, CHANNEL)).status_code == 200
    forced = [r for r in sb.stats.retries if r.reason == "forced"]
    assert [r.retry_after for r in forced] == [3, 3]
    assert forced[1].waited == pytest.approx(3.0)
    assert sb.stats.early_retries == 1 and sb.stats.pacing_429s == 1


async def test_forced_retry_after_share_of_any_chat(clocked: Clocked) -> None:
    sb, _, http = clocked
    sb.set_limits(Limits.off())
    sb.force_retry_after(share=0.3, seconds=1)
    codes = []
    for k in range(200):
        sb.inject_message(5000 + k, "hi")
        codes.append((await send(sb, http, 5000 + k)).status_code)
    assert 30 < codes.count(429) < 90  # seeded: the same every run
    assert sb.stats.pacing_429s == 0


async def test_ptb_raises_retry_after(
    sandbox: Sandbox, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22.8 builds RetryAfter through a deprecated int path (a PTBDeprecationWarning, an
    # error under filterwarnings=error) unless PTB_TIMEDELTA is set.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    sandbox.inject_message(USER, "hi")
    sandbox.force_retry_after(USER, seconds=5)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "x")
    assert caught.value.retry_after == dt.timedelta(seconds=5)


async def test_an_even_pacer_at_the_limit_with_network_jitter_is_never_refused(
    clocked: Clocked,
) -> None:
    sb, clock, http = clocked
    start = clock.now
    for k in range(90):  # three seconds at exactly 30/s, each arrival up to 5 ms late
        clock.now = start + k / 30 + (0.005 if k % 2 else 0.0)
        sb.inject_message(6000 + k, "hi")
        assert (await send(sb, http, 6000 + k)).status_code == 200, k
    assert sb.stats.too_many_requests == 0


async def test_a_burst_pacer_is_refused(clocked: Clocked) -> None:
    sb, clock, http = clocked
    # a token bucket of 30 with a burst of 30 puts up to 60 sends in one second
    for k in range(30):
        sb.inject_message(6000 + k, "hi")
        assert (await send(sb, http, 6000 + k)).status_code == 200
    clock.now += 0.5
    sb.inject_message(7000, "hi")
    assert (await send(sb, http, 7000)).status_code == 429
    assert sb.stats.pacing_429s == 1


async def test_forced_global_flood_holds_every_chat(clocked: Clocked) -> None:
    sb, clock, http = clocked
    sb.set_limits(Limits.off())
    sb.force_retry_after(CHANNEL, seconds=2, scope="global")
    assert_429(await send(sb, http, CHANNEL), 2)
    clock.now += 1
    assert_429(await send(sb, http, GROUP), 1)  # another chat: still waiting
    clock.now += 1
    assert (await send(sb, http, GROUP)).status_code == 200
    forced = sb.stats.retries[0]
    assert forced.scope == "global" and forced.waited == pytest.approx(2.0)
    assert sb.stats.early_retries == 1
