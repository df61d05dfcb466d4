"""Channel posts as a channel subscriber sees them: once each, in order, valid, with deep-link buttons."""

from __future__ import annotations

import collections
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.harness import (
    CHANNEL,
    CHANNEL2,
    TOKEN,
    TOKEN_SECRET,
    buttons_of,
    html_of,
    html_problems,
    limit_of,
    rfc822,
    rss,
    start_bot,
    text_of,
    world,
)
from tests.acceptance.newsdata import AR_BODIES, AR_TITLES, en_items, standard_site

SENDS = "sendMessage,sendPhoto"


def _titles(sb: Any, chat: int) -> list[str]:
    return [text_of(m).split("\n", 1)[0] for m in sb.sent(chat, methods=SENDS)]


def test_first_poll_posts_each_article_once_in_order(std_world: Any) -> None:
    sb = std_world.sb
    titles = _titles(sb, CHANNEL)
    assert len(titles) == 6, titles
    assert len(set(titles)) == 6, collections.Counter(titles)
    en = [t for t in titles if t.startswith("Harbour plan story")]
    assert en == [f"Harbour plan story {i} & more" for i in (1, 2, 3)]  # oldest first
    ar = [t for t in titles if t in AR_TITLES]
    assert ar == [AR_TITLES[0], AR_TITLES[1]]
    assert "انتخابات بلدية في المدينة" in titles  # the windows-1256 feed, decoded
    # the second channel gets only the feed configured for it
    assert _titles(sb, CHANNEL2) == en


def test_posts_are_valid_telegram_html_with_deep_link_buttons(std_world: Any) -> None:
    sb = std_world.sb
    for msg in sb.sent(CHANNEL, methods=SENDS) + sb.sent(CHANNEL2, methods=SENDS):
        sent = html_of(msg)
        assert html_problems(sent, limit_of(msg)) == [], sent
        assert "<script" not in sent and "javascript:" not in sent and "onclick" not in sent
        assert "utm_" not in sent
        urls = [b.get("url") or "" for b in buttons_of(msg)]
        assert not any(b.get("callback_data") for b in buttons_of(msg)), "channel buttons must be links"
        assert any("t.me/" in u and "?start=read_" in u for u in urls), urls
    assert [e for e in sb.errors() if e["method"] != "getUpdates"] == []


def test_teaser_only_feed_gets_the_article_page_text(std_world: Any) -> None:
    sb = std_world.sb
    post = next(m for m in sb.sent(CHANNEL) if text_of(m).startswith(AR_TITLES[1]))
    # the feed had only the first 50 characters of the first paragraph; the post has more
    assert AR_BODIES[1][1][:40] in text_of(post)


@pytest.mark.slow
def test_new_items_later_are_posted_once_and_reposts_are_not(std_world: Any) -> None:
    sb, site = std_world.sb, std_world.site
    before = len(sb.sent(CHANNEL, methods=SENDS))
    items = en_items(3)
    fresh = {"title": "Storm expected on the coast tonight", "link": "http://news.example.org/en/storm",
             "guid": "en-storm", "date": rfc822(0.1),
             "content": "<p>Forecasters expect a strong storm to reach the coast on Sunday night.</p>"
                        "<p>Residents were told to secure loose objects and stay indoors.</p>"}
    site.put("/en.xml", rss("Harbour Times", [fresh, *items]))
    sb.wait(CHANNEL, 1, timeout=20)
    # the same story again under a new URL and GUID, and the old items re-ordered
    repost = {**fresh, "link": "http://news.example.org/en/storm-again?utm_source=x", "guid": "en-storm-2",
              "date": rfc822(0.05)}
    site.put("/en.xml", rss("Harbour Times", list(reversed([repost, fresh, *items]))))
    time.sleep(5)  # two polls or more (every = 2 s)
    titles = _titles(sb, CHANNEL)
    assert titles.count("Storm expected on the coast tonight") == 1, titles
    assert len(titles) == before + 1
    assert _titles(sb, CHANNEL2).count("Storm expected on the coast tonight") == 1


@pytest.mark.slow
def test_restart_posts_nothing_twice_and_shutdown_is_clean(tmp_path: Path) -> None:
    with world(tmp_path, standard_site) as (sb, _site, bot, config):
        sb.wait(CHANNEL, 6, timeout=40)
        time.sleep(2)
        assert bot.stop(signal.SIGTERM) == 0, bot.output()[-2000:]
        first = bot.output()
        second = start_bot(tmp_path, config, "bot2")
        try:
            sb.say(2002, "/start")
            sb.wait(2002, 1, timeout=20)  # the restarted bot is up and polling
            time.sleep(5)  # several feed polls
            titles = _titles(sb, CHANNEL)
            assert len(titles) == 6 and len(set(titles)) == 6, titles
        finally:
            assert second.stop(signal.SIGINT) == 0, second.output()[-2000:]
        logs = first + second.output()
        assert TOKEN not in logs and TOKEN_SECRET not in logs
        assert "Traceback" not in logs, logs[-3000:]
        assert "was never awaited" not in logs and "Task was destroyed" not in logs


def test_a_second_bot_on_the_same_database_refuses_to_start(std_world: Any) -> None:
    from tests.acceptance.harness import run_cli

    res = run_cli("run", "--config", str(std_world.config), timeout=30)
    assert res.returncode != 0
    assert res.stderr.strip().count("\n") == 0 and "Traceback" not in res.stderr, res.stderr
    assert "already running" in res.stderr
    assert std_world.bot.alive()
