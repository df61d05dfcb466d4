"""Admin commands from Telegram (issue 6) against a running bot, and refusal for everyone else."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.acceptance.harness import (
    ADMIN,
    CHANNEL,
    buttons_of,
    html_of,
    html_problems,
    limit_of,
    rfc822,
    rss,
    text_of,
)
from tests.acceptance.newsdata import en_items

ADMIN_COMMANDS = ["/push 1", "/broadcast hello", "/cancel", "/feeds", "/addfeed http://127.0.0.1:9/x.xml",
                  "/rmfeed harbour", "/pausefeed harbour", "/resumefeed harbour", "/channels",
                  "/addchannel @accchannel", "/rmchannel @accchannel", "/pause", "/resume", "/stats"]


SENDS = "sendMessage,sendPhoto"


def admin_says(w: Any, text: str, n: int = 1) -> list[dict[str, Any]]:
    """The admin's command and the bot's next n messages to the admin (read from the log, not consumed)."""
    time.sleep(0.5)  # let replies to earlier commands (reports) land first
    before = len(w.sb.sent(ADMIN, methods=SENDS))
    w.sb.say(ADMIN, text)
    deadline = time.monotonic() + 20
    while len(w.sb.sent(ADMIN, methods=SENDS)) < before + n:
        assert time.monotonic() < deadline, f"{text}: fewer than {n} replies"
        time.sleep(0.1)
    replies: list[dict[str, Any]] = w.sb.sent(ADMIN, methods=SENDS)[before:before + n]
    for msg in replies:
        if html_of(msg):
            assert html_problems(html_of(msg), limit_of(msg)) == [], html_of(msg)
    return replies


def wait_text(w: Any, chat: int, needle: str, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for msg in w.sb.sent(chat):
            if needle in text_of(msg):
                return dict(msg)
        time.sleep(0.2)
    seen = [text_of(m)[:80] for m in w.sb.sent(chat)]
    raise AssertionError(f"no message with {needle!r} in chat {chat}: {seen}")


def test_every_admin_command_is_refused_for_others(std_world: Any) -> None:
    sb = std_world.sb
    before = len(sb.sent(CHANNEL))
    for i, command in enumerate(ADMIN_COMMANDS):
        sb.say(9000 + i, command)
    for i, command in enumerate(ADMIN_COMMANDS):
        [reply] = sb.wait(9000 + i, 1, timeout=20)
        assert "admin" in text_of(reply).lower(), (command, text_of(reply))
    time.sleep(1)
    for i, command in enumerate(ADMIN_COMMANDS):
        assert len(sb.sent(9000 + i)) == 1, command
    assert len(sb.sent(CHANNEL)) == before  # nothing was pushed
    assert one_admin_line(std_world, "/feeds", "harbour")  # and nothing was removed or paused


def one_admin_line(w: Any, command: str, needle: str) -> str:
    replies = admin_says(w, command)
    text = "\n".join(text_of(m) for m in replies)
    assert needle in text, text
    return text


def test_feeds_shows_health_of_a_failing_feed(std_world: Any) -> None:
    text = one_admin_line(std_world, "/feeds", "err")
    assert "500" in text  # the last error of the feed that answers HTTP 500


def test_push_preview_confirm_and_report(std_world: Any) -> None:
    sb = std_world.sb
    ids = std_world.ids_by_title()
    art = ids["Harbour plan story 1 & more"]
    before = len(sb.sent(CHANNEL))
    replies = admin_says(std_world, f"/push {art}", n=2)
    confirm = next(b for m in replies for b in buttons_of(m) if "onfirm" in b["text"])
    prompt = next(m for m in replies if confirm in buttons_of(m))
    assert len(sb.sent(CHANNEL)) == before  # nothing before the confirmation
    sb.press(ADMIN, prompt["message_id"], confirm["callback_data"])
    [again] = sb.wait(CHANNEL, 1, timeout=20)
    assert text_of(again).startswith("Harbour plan story 1")
    report = wait_text(std_world, ADMIN, "sent ")
    assert "failed 0" in text_of(report), text_of(report)


def test_push_cancel_sends_nothing(std_world: Any) -> None:
    sb = std_world.sb
    ids = std_world.ids_by_title()
    before = len(sb.sent(CHANNEL))
    replies = admin_says(std_world, f"/push {ids['Harbour plan story 2 & more']}", n=2)
    cancel = next(b for m in replies for b in buttons_of(m) if "ancel" in b["text"])
    prompt = next(m for m in replies if cancel in buttons_of(m))
    sb.press(ADMIN, prompt["message_id"], cancel["callback_data"])
    time.sleep(3)
    assert len(sb.sent(CHANNEL)) == before


def test_broadcast_reaches_subscribers_after_confirm(std_world: Any) -> None:
    sb = std_world.sb
    for chat in (9101, 9102):
        sb.ask(chat, "/subscribe", timeout=15)
    replies = admin_says(std_world, "/broadcast Maintenance tonight at 22:00 <b>& more</b>", n=2)
    confirm = next(b for m in replies for b in buttons_of(m) if "onfirm" in b["text"])
    prompt = next(m for m in replies if confirm in buttons_of(m))
    assert sb.quiet(9101, 1) == []
    sb.press(ADMIN, prompt["message_id"], confirm["callback_data"])
    for chat in (9101, 9102):
        [got] = sb.wait(chat, 1, timeout=20)
        assert "Maintenance tonight at 22:00" in text_of(got)
        assert html_problems(html_of(got)) == []


@pytest.mark.slow
def test_pause_stops_posting_and_resume_restarts_it(std_world: Any) -> None:
    sb, site = std_world.sb, std_world.site
    admin_says(std_world, "/pause")
    before = len(sb.sent(CHANNEL))
    fresh = {"title": "Bridge reopens after repairs", "link": "http://news.example.org/en/bridge",
             "guid": "en-bridge", "date": rfc822(0.1),
             "content": "<p>The old bridge reopened on Monday after six months of repairs to its deck.</p>"}
    site.put("/en.xml", rss("Harbour Times", [fresh, *en_items(3)]))
    time.sleep(4)  # two polls or more (every = 2 s)
    assert len(sb.sent(CHANNEL)) == before
    stats = "\n".join(text_of(m) for m in admin_says(std_world, "/stats", n=2))
    assert "Articles" in stats or "articles" in stats
    admin_says(std_world, "/resume")
    wait_text(std_world, CHANNEL, "Bridge reopens after repairs")


def test_stats_has_a_chart(std_world: Any) -> None:
    replies = admin_says(std_world, "/stats", n=2)
    assert any(m["method"] == "sendPhoto" for m in replies), [m["method"] for m in replies]


def test_addfeed_checks_first_then_posts_its_items(std_world: Any) -> None:
    site = std_world.site
    site.put("/garbage.xml", b"this is not xml at all, just words", "application/rss+xml")
    refused = one_admin_line(std_world, f"/addfeed {site.url('/garbage.xml')}", "garbage")
    assert "feed" in refused.lower()
    site.put("/extra.xml", rss("Extra Source", [
        {"title": "Extra item one", "link": "http://extra.example.org/1", "guid": "x1", "date": rfc822(1),
         "content": "<p>Extra item one has a body with enough words to be read by anyone.</p>"}]))
    one_admin_line(std_world, f"/addfeed {site.url('/extra.xml')} 2 {CHANNEL}", "Extra")
    wait_text(std_world, CHANNEL, "Extra item one")


def test_malformed_feed_is_reported_as_failing(std_world: Any) -> None:
    text = one_admin_line(std_world, "/feeds", "broken")
    block = text[text.index("broken"):]
    block = block[: block.index("\n\n")] if "\n\n" in block else block
    assert "failures 0" not in block and "error" in block, block


@pytest.mark.slow
def test_broadcast_cancelled_midway_drops_the_rest_and_reports(tmp_path: Any) -> None:
    from tests.acceptance.harness import world
    from tests.acceptance.test_delivery import one_feed

    with world(tmp_path, one_feed(0), extra="\n[limits]\nglobal_per_second = 3.0\n") as (sb, _s, _b, _c):
        subs = list(range(30001, 30021))
        for chat in subs:
            sb.say(chat, "/subscribe")
        for chat in subs:
            sb.wait(chat, 1, timeout=30)
        replies = sb.ask(ADMIN, "/broadcast Hello everyone", n=2)
        prompt = next(m for m in replies if buttons_of(m))
        confirm = next(b for b in buttons_of(prompt) if "onfirm" in b["text"])
        sb.press(ADMIN, prompt["message_id"], confirm["callback_data"])
        time.sleep(2)
        sb.say(ADMIN, "/cancel")
        time.sleep(5)
        delivered = sum(1 for c in subs for m in sb.sent(c) if "Hello everyone" in text_of(m))
        assert 0 < delivered < len(subs)
        time.sleep(2)
        assert delivered == sum(1 for c in subs for m in sb.sent(c) if "Hello everyone" in text_of(m))
        report = "\n".join(text_of(m) for m in sb.sent(ADMIN))
        assert f"sent {delivered}" in report and f"dropped {len(subs) - delivered}" in report, report
