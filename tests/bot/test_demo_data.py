"""The demo's bundled sites and terminal rendering, without starting the demo."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import combinations

import pytest

from bot.demo.site import live_item, load_site, page_html
from bot.demo.terminal import is_rtl, plain, render_message, width
from content import fingerprint, is_near_duplicate, parse


@pytest.mark.parametrize("key", ["ar", "en"])
def test_bundled_pages_parse_into_clean_articles(key: str) -> None:
    info, articles = load_site(key)
    assert len(articles) >= 4 and info.lang == key
    links = {a.title: f"http://127.0.0.1/{key}/{a.slug}.html" for a in articles}
    for article in articles:
        html = page_html(info, article, "http://127.0.0.1", links, datetime(2026, 1, 1, tzinfo=UTC))
        (parsed,) = parse(html.encode(), url=links[article.title], content_type="text/html")
        assert parsed.lang == key
        assert parsed.title == article.title
        text = "\n".join(parsed.paragraphs)
        assert article.paragraphs[0][:40] in text and article.paragraphs[-1][:40] in text
        # The page's boilerplate stays out of the article text.
        assert info.tagline not in text and info.footer not in text
        assert article.caption not in parsed.paragraphs


def test_one_arabic_article_is_long_enough_for_page_turns() -> None:
    _info, articles = load_site("ar")
    assert max(sum(len(p) for p in a.paragraphs) for a in articles) > 4200


def test_live_items_never_look_like_duplicates_of_each_other() -> None:
    items = [live_item(k, "http://127.0.0.1", 1_700_000_000.0) for k in range(60)]
    assert len({i.guid for i in items}) == 60
    prints = [fingerprint(f"{i.title} {plain(i.content)}") for i in items]
    close = [(a, b) for a, b in combinations(range(60), 2) if is_near_duplicate(prints[a], prints[b])]
    assert close == []


def test_terminal_rendering_strips_markup_and_right_aligns_arabic() -> None:
    assert plain("<b>A &amp; B</b>\u200f <a href='x'>link</a>") == "A & B link"
    assert is_rtl("  «مرحبًا» hello") and not is_rtl("hello مرحبًا") and not is_rtl("123")
    assert width("مَرْحَبًا") == width("مرحبا") == 5  # harakat take no column
    out = render_message(
        {"method": "sendMessage", "text": "عنوان\u200f\nEnglish line /read <id>",
         "reply_markup": {"inline_keyboard": [[{"text": "◀"}, {"text": "▶"}]]}},
        numbered=True,
    )
    arabic, english, buttons = out.splitlines()
    assert arabic.endswith("عنوان") and arabic.startswith("    ") and len(arabic) > 40
    assert english == "    English line /read <id>"  # the visible text is shown as it is
    assert buttons == "    [1: ◀] [2: ▶]"
    assert "\u200e" not in out and "\u200f" not in out
