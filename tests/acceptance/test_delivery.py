"""Delivery under Telegram's pushback, seen from outside: 429s, blocked users, migrated groups, kill -9."""

from __future__ import annotations

import collections
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.harness import (
    ADMIN,
    CHANNEL,
    NewsSite,
    rfc822,
    rss,
    start_bot,
    text_of,
    wait_until,
    world,
)

SENDS = "sendMessage,sendPhoto"


def items(start: int, n: int, prefix: str = "Item") -> list[dict[str, str]]:
    return [{"title": f"{prefix} {i} headline", "link": f"http://d.example.org/{prefix}/{i}",
             "guid": f"{prefix}-{i}", "date": rfc822(5 - i * 0.01),
             "content": f"<p>{prefix} {i} has its own body text about topic number {i * 7919 % 1000}.</p>"}
            for i in range(start + n - 1, start - 1, -1)]


def one_feed(n: int) -> Any:
    def build(site: NewsSite) -> list[dict[str, Any]]:
        site.put("/d.xml", rss("Delivery Desk", items(1, n)))
        return [{"url": site.url("/d.xml"), "every": 1, "channels": [CHANNEL], "name": "desk"}]
    return build


def titles(sb: Any, chat: int) -> list[str]:
    return [text_of(m).split("\n", 1)[0] for m in sb.sent(chat, methods=SENDS)]


@pytest.mark.slow
def test_429s_are_waited_out_and_nothing_is_lost_or_doubled(tmp_path: Path) -> None:
    with world(tmp_path, one_feed(0)) as (sb, site, _bot, _cfg):
        sb.say(2002, "/subscribe")
        sb.wait(2002, 1)
        sb.post("/control/retry_after", {"share": 0.3, "seconds": 1, "count": 100})
        site.put("/d.xml", rss("Delivery Desk", items(1, 8)))
        wait_until(lambda: len(titles(sb, CHANNEL)) >= 8 and len(titles(sb, 2002)) >= 9, 60,
                   "8 channel posts and 8 subscriber messages")
        time.sleep(2)
        assert titles(sb, CHANNEL) == [f"Item {i} headline" for i in range(1, 9)]
        counted = collections.Counter(titles(sb, 2002))
        assert all(counted[f"Item {i} headline"] == 1 for i in range(1, 9)), counted
        stats = sb.stats()
        assert stats["too_many_requests"] > 0  # the faults really happened
        assert stats["early_retries"] == 0  # the bot waited as told


def test_blocked_subscriber_is_deactivated_and_not_retried(tmp_path: Path) -> None:
    with world(tmp_path, one_feed(0)) as (sb, site, _bot, _cfg):
        for chat in (2002, 2003):
            sb.say(chat, "/subscribe")
            sb.wait(chat, 1)
        sb.post("/control/faults", {"chat_id": 2002, "fault": "blocked"})
        site.put("/d.xml", rss("Delivery Desk", items(1, 2)))
        wait_until(lambda: len(titles(sb, 2003)) >= 3, 30, "the other subscriber's two posts")
        sb.ask(ADMIN, "/stats", n=1)
        stats_text = "\n".join(text_of(m) for m in sb.sent(ADMIN, methods=SENDS))
        assert "1 blocked" in stats_text, stats_text
        site.put("/d.xml", rss("Delivery Desk", items(1, 3)))
        wait_until(lambda: len(titles(sb, 2003)) >= 4, 30, "third post")
        time.sleep(2)
        blocked_attempts = [e for e in sb.errors() if str(e.get("chat_id")) == "2002"]
        assert len(blocked_attempts) == 1, blocked_attempts  # no retries, no sends after the first 403


@pytest.mark.slow
def test_kill_9_mid_fan_out_then_restart_delivers_everything_once(tmp_path: Path) -> None:
    subscribers = list(range(20001, 20031))
    with world(tmp_path, one_feed(0)) as (sb, site, bot, config):
        for chat in subscribers:
            sb.say(chat, "/subscribe")
        for chat in subscribers:
            sb.wait(chat, 1, timeout=30)
        site.put("/d.xml", rss("Delivery Desk", items(1, 6)))
        wait_until(lambda: sb.stats()["sends"] > 30 + 40, 60, "fan-out under way")
        bot.popen.send_signal(signal.SIGKILL)
        bot.popen.wait(10)
        again = start_bot(tmp_path, config, "bot-after-kill")
        try:
            expected = 6 * (len(subscribers) + 1)
            wait_until(lambda: sum(len(titles(sb, c)) - 1 for c in subscribers) + len(titles(sb, CHANNEL))
                       >= expected, 90, "every pair delivered")
            time.sleep(2)
            dup = 0
            for chat in [CHANNEL, *subscribers]:
                counted = collections.Counter(t for t in titles(sb, chat) if t.startswith("Item"))
                assert set(counted) == {f"Item {i} headline" for i in range(1, 7)}, (chat, counted)
                dup += sum(v - 1 for v in counted.values())
            assert dup <= 8, f"{dup} duplicates; limits.in_flight (8) bounds them"
        finally:
            assert again.stop(signal.SIGTERM) == 0


def test_a_transient_500_on_a_reply_is_retried(tmp_path: Path) -> None:
    with world(tmp_path, one_feed(1)) as (sb, _site, _bot, _cfg):
        sb.wait(CHANNEL, 1, timeout=20)
        sb.post("/control/fail_next", {"n": 1, "mode": "500"})
        [reply] = sb.ask(2002, "/help", timeout=20)
        assert "/latest" in text_of(reply), text_of(reply)


@pytest.mark.slow
def test_fan_out_to_300_subscribers_no_429_and_a_reply_does_not_wait_behind_it(tmp_path: Path) -> None:
    with world(tmp_path, one_feed(0)) as (sb, site, _bot, _cfg):
        subs = list(range(50001, 50301))
        for chat in subs:
            sb.say(chat, "/subscribe")
        wait_until(lambda: sb.stats()["sends"] >= len(subs), 60, "subscribe replies")
        base = sb.stats()["sends"]
        site.put("/d.xml", rss("Delivery Desk", items(1, 1)))
        wait_until(lambda: sb.stats()["sends"] >= base + 60, 60, "fan-out under way")
        sb.say(2002, "/latest 1")
        sb.wait(2002, 1, timeout=30)
        assert sb.stats()["sends"] < base + len(subs) + 1, "the reply waited for the whole fan-out"
        wait_until(lambda: sb.stats()["sends"] >= base + len(subs) + 2, 90, "fan-out complete")
        time.sleep(1)
        stats = sb.stats()
        assert stats["pacing_429s"] == 0 and stats["too_many_requests"] == 0
        assert all(len(titles(sb, c)) == 2 for c in subs)  # the subscribe reply + the article, once
