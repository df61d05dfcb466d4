"""A reader in a private chat: every command of issue 5, both languages, and the bad inputs."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.acceptance.harness import (
    READER,
    READER_AR,
    buttons_of,
    html_of,
    html_problems,
    limit_of,
    rfc822,
    rss,
    text_of,
    visible_text,
)
from tests.acceptance.newsdata import AR_TITLES, en_items


def ask(w: Any, chat: int, text: str, lang: str = "en", n: int = 1) -> list[dict[str, Any]]:
    replies: list[dict[str, Any]] = w.sb.ask(chat, text, n=n, timeout=15, lang=lang)
    for msg in replies:
        assert html_problems(html_of(msg), limit_of(msg)) == [], html_of(msg)
    return replies


def one(w: Any, chat: int, text: str, lang: str = "en") -> str:
    [reply] = ask(w, chat, text, lang)
    return text_of(reply)


def test_start_and_help_in_both_languages(std_world: Any) -> None:
    assert "/latest" in one(std_world, READER, "/start")
    welcome_ar = one(std_world, READER_AR, "/start", "ar")
    assert re.search(r"[\u0600-\u06FF]{3}", welcome_ar) and "Welcome" not in welcome_ar
    helptext = one(std_world, READER, "/help")
    for cmd in ("/latest", "/read", "/summary", "/related", "/search", "/subscribe", "/unsubscribe",
                "/subscriptions", "/sources", "/lang"):
        assert cmd in helptext, cmd
    commands = std_world.sb.get("/control/commands", language_code="ar")
    assert commands, "commands are registered in Arabic too"


def test_latest_read_and_deep_link(std_world: Any) -> None:
    ids = std_world.ids_by_title()
    latest = one(std_world, READER, "/latest 3")
    assert len(re.findall(r"/read_\d+", latest)) == 3
    assert " ago" in latest
    one_feed = one(std_world, READER, "/latest 5 akhbar")
    assert set(re.findall(r"/read_(\d+)", one_feed)) == {str(ids[AR_TITLES[0]]), str(ids[AR_TITLES[1]])}
    story = ids["Harbour plan story 2 & more"]
    for command in (f"/read {story}", f"/read_{story}"):
        full = one(std_world, READER, command)
        assert full.count("Harbour plan story 2") == 1  # the title once
        assert "Opponents warned" in full and "Closing line of story 2." in full
        assert "alert(" not in full
    std_world.sb.deep_link(f"https://t.me/newsbot_sandbox_bot?start=read_{story}", 5005)
    [opened] = std_world.sb.wait(5005, 1)
    assert "Opponents warned" in text_of(opened)


def test_long_article_pages_round_trip(std_world: Any) -> None:
    sb, site = std_world.sb, std_world.site
    paras = [f"Paragraph {k} of the long report explains the council budget in detail, line by line, "
             f"with numbers such as {k}.5 million and long quotes from the officials who spoke."
             for k in range(80)]
    long_item = {"title": "Long report on the harbour budget", "link": "http://news.example.org/en/long",
                 "guid": "en-long", "date": rfc822(0.5), "content": "".join(f"<p>{p}</p>" for p in paras)}
    site.put("/en.xml", rss("Harbour Times", [long_item, *en_items(3)]))
    sb.wait(-1001000000001, 1, timeout=20)
    art = std_world.ids_by_title()["Long report on the harbour budget"]
    [first] = ask(std_world, 6006, f"/read {art}")
    mid = first["message_id"]
    labels = [b["text"] for b in buttons_of(first)]
    total = int(re.search(r"1/(\d+)", " ".join(labels)).group(1))  # type: ignore[union-attr]
    assert total >= 3
    pages = [visible_text(html_of(first))]
    for k in range(2, total + 1):
        nxt = next(b for b in buttons_of(sb.message(6006, mid)) if "▶" in b["text"])
        sb.press(6006, mid, nxt["callback_data"])
        deadline = time.monotonic() + 10
        while f"{k}/{total}" not in " ".join(b["text"] for b in buttons_of(sb.message(6006, mid))):
            assert time.monotonic() < deadline, f"page {k} never shown"
            time.sleep(0.1)
        current = sb.message(6006, mid)
        assert len(current["text"].encode("utf-16-le")) // 2 <= 4096
        pages.append(current["text"])
    joined = "\n".join(pages)
    for p in paras:  # nothing lost, nothing twice
        assert joined.count(p) == 1, p
    back = next(b for b in buttons_of(sb.message(6006, mid)) if "◀" in b["text"])
    sb.press(6006, mid, back["callback_data"])
    time.sleep(1)
    assert f"{total - 1}/{total}" in " ".join(b["text"] for b in buttons_of(sb.message(6006, mid)))
    assert sb.get("/control/stats").get("internal_errors") == []
    unanswered = [a for a in sb.get("/control/callback_answers") if a["chat_id"] == 6006]
    assert len(unanswered) >= total  # every press answered


def test_pager_has_no_dead_arrows(std_world: Any) -> None:
    ids = std_world.ids_by_title()
    art = ids.get("Long report on the harbour budget")
    if art is None:
        pytest.skip("needs the long article of test_long_article_pages_round_trip")
    [first] = ask(std_world, 6007, f"/read {art}")
    # the arrows stay on every page (issue 5: "the first page comes with ◀ ▶") and wrap around,
    # so each one leads to another page
    nav = {b["text"]: b.get("callback_data") for b in buttons_of(first)}
    assert "◀" in nav and "▶" in nav, nav
    shown = next(data for text, data in nav.items() if text.startswith(("page", "صفحة")))
    assert nav["◀"] != shown and nav["▶"] != shown, nav


def test_summary_and_related(std_world: Any) -> None:
    ids = std_world.ids_by_title()
    summary = one(std_world, READER, f"/summary {ids['Harbour plan story 3 & more']}")
    assert "The city council voted" in summary
    assert one(std_world, READER, f"/related {ids[AR_TITLES[0]]}")  # some answer, valid HTML


def test_related_lists_sibling_stories(std_world: Any) -> None:
    ids = std_world.ids_by_title()
    related = one(std_world, READER, f"/related {ids['Harbour plan story 1 & more']}")
    assert "Harbour plan story 2" in related or "Harbour plan story 3" in related, related


def test_arabic_search_ignores_harakat_tatweel_and_hamza(std_world: Any) -> None:
    ids = std_world.ids_by_title()
    health = ["الصحة", "الصِّحَّة", "الصـــحة", "وِزَارَة"]
    prices = ["أسعار", "اسعار", "إسعار", "آسعار"]
    asks = [(8000 + i, f"/search {q}", "ar") for i, q in enumerate(health + prices)]
    for (_c, query, _l), found in zip(asks, many(std_world, asks), strict=True):
        want = AR_TITLES[0] if query.split()[1] in health else AR_TITLES[1]
        assert f"/read_{ids[want]}" in found, (query, found)


def test_search_english_and_hostile_queries(std_world: Any) -> None:
    found = one(std_world, READER, "/search harbour council")
    assert "/read_" in found
    queries = ['"AND OR NOT * ( ) : ^ -', "x" * 4000, "NEAR(a b)", "' OR 1=1 --", "<b>&amp;"]
    asks = [(8100 + i, f"/search {q}", "en") for i, q in enumerate(queries)]
    for reply in many(std_world, asks):
        assert reply and "wrong" not in reply.lower(), reply


BAD = ["/read", "/read abc", "/read -1", "/read 99999999999999999999", "/read 424242", "/latest 0",
       "/latest 1000", "/search", "/nosuchcommand", "/summary", "/related xyz", "/latest 3 nosuchfeed",
       "/subscribe nosuchfeed", "/lang xx"]


def many(w: Any, asks: list[tuple[int, str, str]]) -> list[str]:
    """Each (chat, text, lang) sent at once (one per chat: private chats are paced at 1 msg/s)."""
    for chat, text, lang in asks:
        w.sb.say(chat, text, lang=lang)
    replies = []
    for chat, _text, _lang in asks:
        [msg] = w.sb.wait(chat, 1, timeout=20)
        assert html_problems(html_of(msg), limit_of(msg)) == [], html_of(msg)
        replies.append(text_of(msg))
    return replies


def test_bad_input_gets_one_polite_reply_each(std_world: Any) -> None:
    asks = [(7000 + i, text, "en") for i, text in enumerate(BAD)]
    asks += [(7500 + i, text, "ar") for i, text in enumerate(BAD)]
    for (_chat, text, lang), reply in zip(asks, many(std_world, asks), strict=True):
        assert 0 < len(reply) < 400 and "wrong" not in reply.lower(), (text, reply)
        if lang == "ar":
            assert re.search(r"[\u0600-\u06FF]{3}", reply), (text, reply)
    time.sleep(1.5)
    for chat, text, _lang in asks:  # exactly one reply each
        assert len(std_world.sb.sent(chat)) == 1, text


def test_command_for_another_bot_is_ignored_and_forged_buttons_answered(std_world: Any) -> None:
    sb = std_world.sb
    sb.say(7100, "/latest@someotherbot")
    assert sb.quiet(7100, 1.5) == []
    [reply] = ask(std_world, 7100, "/latest@newsbot_sandbox_bot 1")
    query = sb.press(7100, reply["message_id"], "r:99999999:0", forged=True)
    time.sleep(2)
    answers = [a for a in sb.get("/control/callback_answers") if str(a["callback_query_id"]) == str(query)]
    assert answers, "a forged callback must be answered"
    sb.post("/control/edits", {"chat_id": 7100, "message_id": reply["message_id"] - 1, "text": "/start"})
    time.sleep(1)
    assert std_world.bot.alive()


def test_lang_switch_is_stored_per_chat(std_world: Any) -> None:
    assert re.search(r"[\u0600-\u06FF]", one(std_world, 7200, "/lang ar"))
    assert re.search(r"[\u0600-\u06FF]{3}", one(std_world, 7200, "/read abc"))  # language_code en, stored ar
    assert "article number" in one(std_world, 7200, "/lang en") + one(std_world, 7200, "/read abc")


def test_subscribe_with_filters_gets_only_matching_new_articles(std_world: Any) -> None:
    sb, site = std_world.sb, std_world.site
    chat = 7300
    reply = one(std_world, chat, "/subscribe harbour +mayor -budget")
    assert "mayor" in reply and "budget" in reply
    assert "Harbour" in one(std_world, chat, "/subscriptions")
    news = [
        {"title": "Mayor opens new library", "link": "http://news.example.org/en/lib", "guid": "en-lib",
         "date": rfc822(0.2), "content": "<p>The mayor opened the new public library on Friday.</p>"},
        {"title": "Mayor defends harbour budget", "link": "http://news.example.org/en/bud", "guid": "en-bud",
         "date": rfc822(0.15), "content": "<p>The mayor defended the budget for the harbour.</p>"},
        {"title": "Fishing fleet returns early", "link": "http://news.example.org/en/fish", "guid": "en-fish",
         "date": rfc822(0.1), "content": "<p>The fishing fleet came back two days early this week.</p>"},
    ]
    site.put("/en.xml", rss("Harbour Times", [*reversed(news), *en_items(3)]))
    [got] = sb.wait(chat, 1, timeout=20)
    assert text_of(got).startswith("Mayor opens new library")
    assert {b["text"] for b in buttons_of(got)} >= {"Full text", "Summary", "Related"} or all(
        b.get("callback_data") or b.get("url") for b in buttons_of(got))
    assert any(b.get("callback_data") for b in buttons_of(got)), "private posts use callback buttons"
    assert sb.quiet(chat, 5) == []  # the other two are filtered out
    one(std_world, chat, "/unsubscribe harbour")
    assert "Harbour" not in one(std_world, chat, "/subscriptions")


def test_start_payloads_groups_and_channel_posts(std_world: Any) -> None:
    sb = std_world.sb
    ids = std_world.ids_by_title()
    assert "/latest" in one(std_world, 7400, "/start nonsense_payload")  # falls back to the welcome
    story = ids["Harbour plan story 3 & more"]
    sb.deep_link(f"https://t.me/newsbot_sandbox_bot?start=related_{story}", 7401)
    [related] = sb.wait(7401, 1)
    assert "/read_" in text_of(related) and html_problems(html_of(related)) == []
    sb.deep_link(f"https://t.me/newsbot_sandbox_bot?start=read_{story}", 7402, lang="ar")
    [full] = sb.wait(7402, 1)
    assert "Opponents warned" in text_of(full)
    # a group can read too
    [latest] = sb.ask(-7403, "/latest 2", user_id=7403, chat_type="group")
    assert len(re.findall(r"/read_\d+", text_of(latest))) == 2
    # a channel post that looks like a command is not answered in the channel
    before = len(sb.sent(-1001000000002))
    sb.post("/control/channel_posts", {"chat_id": -1001000000002, "text": "/latest"})
    time.sleep(2)
    assert len(sb.sent(-1001000000002)) == before
    assert std_world.bot.alive()


def test_one_chats_commands_are_answered_in_order(std_world: Any) -> None:
    sb = std_world.sb
    chat = 7600
    commands = ["/search harbour", "/read abc", "/latest 1", "/help", "/sources", "/read 424242"]
    for command in commands:
        sb.say(chat, command)
    replies = [text_of(m) for m in sb.wait(chat, len(commands), timeout=30)]
    expected = ["Results for", "not an article number", "Latest", "/latest", "Sources", "424242"]
    assert [want in got for want, got in zip(expected, replies, strict=True)] == [True] * len(commands), \
        replies


def test_source_names_ignore_case(std_world: Any) -> None:
    replies = many(std_world, [(7700, "/latest 2 HARBOUR", "en"), (7701, "/latest 2 Akhbar", "en")])
    assert all("/read_" in r for r in replies), replies
