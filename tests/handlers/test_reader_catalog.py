"""The reader's catalogs and keyboards, without a bot: complete, valid HTML, right-to-left Arabic."""

from __future__ import annotations

import re
import string

import pytest
from telegram import InlineKeyboardMarkup

from bot.keyboards import (
    Callback,
    callback_data,
    deep_link,
    page_keyboard,
    parse_callback,
    post_keyboard,
    search_keyboard,
    shown_page,
)
from content import Button, Post, is_valid_telegram_html
from handlers.catalog import ago, has, t
from handlers.catalog.reader_messages import AR, EN
from handlers.reader.basics import COMMANDS

_ARABIC = re.compile(r"[\u0600-\u06FF]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _sample(template: str) -> str:
    return template.format(**{name: "1" for name in _fields(template)})


def test_every_message_exists_in_both_languages_with_the_same_fields() -> None:
    assert EN.keys() == AR.keys()
    for key in EN:
        assert _fields(EN[key]) == _fields(AR[key]), key


def test_every_message_is_valid_telegram_html() -> None:
    for table in (EN, AR):
        for key, template in table.items():
            assert is_valid_telegram_html(_sample(template)), key


def test_command_menu_descriptions_fit_telegram() -> None:
    for name in COMMANDS:
        assert has(f"cmd_{name}")
        for lang in ("en", "ar"):
            assert 1 <= len(t(lang, f"cmd_{name}")) <= 256
            assert "<" not in t(lang, f"cmd_{name}")  # menus are plain text


def test_arabic_messages_read_right_to_left_with_arabic_punctuation() -> None:
    for key, template in AR.items():
        if key.startswith("cmd_") or key in ("list_sep", "article_line"):
            continue
        visible = re.sub(r"<[^>]+>|\{[^}]+\}", "", template)
        first_letter = next((c for c in visible if c.isalpha()), "")
        # the first strong letter sets the paragraph direction in Telegram's clients
        assert _ARABIC.match(first_letter) or key in ("source_line", "source_line_paused"), key
        assert not re.search(r"[\u0600-\u06FF]\s*[,?;]", template), key  # ، ؟ ؛ instead


def test_t_falls_back_to_english() -> None:
    assert t("fr", "lang_set") == EN["lang_set"]
    assert t(None, "error") == EN["error"]
    assert t("ar", "not_found", id=3) == "لا توجد مقالة رقمها 3. وتعرض /latest أحدث المقالات."


@pytest.mark.parametrize(
    ("seconds", "english", "arabic"),
    [
        (-50, "just now", "الآن"),
        (30, "just now", "الآن"),
        (60, "1 min ago", "منذ دقيقة"),
        (120, "2 min ago", "منذ دقيقتين"),
        (5 * 60, "5 min ago", "منذ 5 دقائق"),
        (45 * 60, "45 min ago", "منذ 45 دقيقة"),
        (3 * 3600 + 59, "3 h ago", "منذ 3 ساعات"),
        (11 * 3600, "11 h ago", "منذ 11 ساعة"),
        (86400, "1 d ago", "منذ يوم"),
        (2 * 86400, "2 d ago", "منذ يومين"),
        (3 * 86400, "3 d ago", "منذ 3 أيام"),
        (30 * 86400, "30 d ago", "منذ 30 يومًا"),
        (103 * 86400, "103 d ago", "منذ 103 أيام"),
    ],
)
def test_ages(seconds: float, english: str, arabic: str) -> None:
    assert ago("en", seconds) == english
    assert ago("ar", seconds) == arabic


def test_callback_data_round_trips_and_fits() -> None:
    big = 10**12 - 1
    for action, ref, page in (("read", 1, None), ("read", big, 0), ("read", big, big),
                              ("summary", big, None), ("related", 7, None), ("search", big, big)):
        data = callback_data(action, ref, page)
        assert len(data.encode()) <= 64
        assert parse_callback(data) == Callback(action, ref, page)


@pytest.mark.parametrize(
    "data",
    [None, "", "r", "r:", "r:x", "r:-1", "r:1:2:3", "s:1:0", "l:2:1", "q:5", "z:1", "r:1.5",
     "r:١", "r: 1", "r:1234567890123", "x" * 65, "r:" + "9" * 62],
)
def test_forged_callback_data_is_refused(data: str | None) -> None:
    assert parse_callback(data) is None


def test_page_keyboard_keeps_the_arrows_in_place_and_wraps_around() -> None:
    first = page_keyboard(9, 0, 3, position="page {page}/{pages}", summary="S", related="R")
    assert isinstance(first, InlineKeyboardMarkup)
    nav, extra = first.inline_keyboard
    assert [b.text for b in nav] == ["◀", "page 1/3", "▶"]
    assert [b.callback_data for b in nav] == ["r:9:2", "r:9:0", "r:9:1"]  # ◀ on page 1: the last
    assert [b.callback_data for b in extra] == ["s:9", "l:9"]
    last = page_keyboard(9, 2, 3)
    assert last is not None
    assert [b.callback_data for b in last.inline_keyboard[0]] == ["r:9:1", "r:9:2", "r:9:0"]
    assert shown_page(first) == 0 and shown_page(last) == 2
    assert page_keyboard(9, 0, 1) is None  # one page, no labels: no keyboard
    assert shown_page(page_keyboard(9, 0, 1, full="F")) is None
    assert search_keyboard(4, 0, 1) is None
    search = search_keyboard(4, 1, 2)
    assert search is not None
    assert [b.callback_data for b in search.inline_keyboard[0]] == ["q:4:0", "q:4:1", "q:4:0"]


def test_post_keyboard_uses_callbacks_in_private_and_deep_links_elsewhere() -> None:
    post = Post(
        text="x",
        buttons=(Button("Full text", "read"), Button("Related", "related"),
                 Button("Open", "open", "https://news.example/1")),
    )
    private = post_keyboard(post, 5, private=True, bot_username="newsbot")
    assert private is not None
    assert [b.callback_data or b.url for b in private.inline_keyboard[0]] == [
        "r:5", "s:5", "l:5", "https://news.example/1"
    ]
    assert private.inline_keyboard[0][1].text == "Summary"
    arabic = Post(text="x", buttons=(Button("النص الكامل", "read"), Button("ذات صلة", "related")))
    keyboard = post_keyboard(arabic, 5, private=True, bot_username="newsbot")
    assert keyboard is not None
    assert [b.text for b in keyboard.inline_keyboard[0]] == ["النص الكامل", "الملخص", "ذات صلة"]
    channel = post_keyboard(post, 5, private=False, bot_username="newsbot")
    assert channel is not None
    assert [b.url for b in channel.inline_keyboard[0]] == [
        "https://t.me/newsbot?start=read_5",
        "https://t.me/newsbot?start=related_5",
        "https://news.example/1",
    ]
    assert deep_link("newsbot", 12) == "https://t.me/newsbot?start=read_12"


@pytest.mark.parametrize(
    "name",
    ["bot.keyboards", "handlers.catalog", "handlers.errors", "handlers.reader", "handlers.reader.basics",
     "handlers.reader.common", "handlers.reader.latest", "handlers.reader.read",
     "handlers.reader.search", "handlers.reader.subscribe"],
)
def test_all_lists_every_public_function_and_class(name: str) -> None:
    import importlib
    import inspect

    module = importlib.import_module(name)
    public = {
        n for n, obj in vars(module).items()
        if not n.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == name
    }
    assert public <= set(module.__all__), public - set(module.__all__)
