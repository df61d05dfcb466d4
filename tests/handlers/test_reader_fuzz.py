"""Random text, commands and callback data thrown at one running bot: every reply is Telegram-valid
HTML within the limits, every button press is answered, and no handler raises."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content import is_valid_telegram_html, telegram_length
from handlers.reader.basics import COMMANDS
from tests.handlers.reader_helpers import (
    AR_USER,
    GROUP,
    GROUP_MEMBER,
    USER,
    Reader,
    buttons,
    seed_news,
)

CHATS = [(USER, "private", "en"), (AR_USER, "private", "ar"), (GROUP, "group", "en")]

_words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=120
)
_commands = st.sampled_from(
    [*COMMANDS, "read_1", "read_4", "summary_2", "related_1", "nosuch", "start read_1", "read_x"]
)
_texts = st.one_of(
    _words.filter(lambda s: s.strip() != ""),
    st.builds(lambda c, a: f"/{c} {a}".strip(), _commands, _words),
    st.builds(lambda c, n: f"/{c} {n}", _commands, st.integers(-(10**20), 10**20)),
    st.builds(lambda c, bot: f"/{c}@{bot}", _commands, st.sampled_from(["otherbot", "newsbot_sandbox_bot"])),
)
_data = st.one_of(
    st.text(min_size=1, max_size=64).filter(lambda s: 1 <= len(s.encode()) <= 64),
    st.from_regex(r"[rslqx]:-?\d{1,22}(:\d{1,22})?(:\d)?", fullmatch=True),
)
_actions = st.lists(
    st.one_of(
        st.tuples(st.just("text"), st.sampled_from(CHATS), _texts),
        st.tuples(st.just("forge"), st.sampled_from(CHATS), _data),
        st.tuples(st.just("press"), st.sampled_from(CHATS), st.integers(0, 10)),
    ),
    min_size=1,
    max_size=3,
)


def _check(entry: dict[str, Any]) -> None:
    html = entry["params"].get("text") or entry["params"].get("caption") or ""
    assert is_valid_telegram_html(html), html
    assert 0 < telegram_length(html) <= 4096, html
    for b in buttons(entry):
        assert len(b.get("callback_data", "").encode()) <= 64


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=_actions)
async def test_random_input_never_breaks_the_bot(reader: Reader, actions: list[Any]) -> None:
    if await reader.storage.count_articles() == 0:
        await seed_news(reader)  # once: the bot and its database live across examples
    mark = reader.sb.mark()
    for kind, (chat, chat_type, lang), value in actions:
        user = GROUP_MEMBER if chat_type == "group" else chat
        if kind == "text":
            reader.sb.inject_message(
                chat, value, user_id=user, chat_type=chat_type, language_code=lang
            )
        elif kind == "forge":
            answer = await reader.forge(value, chat=chat, user=user, lang=lang)
            assert answer["text"] is None or len(answer["text"]) <= 200
        else:
            pressable = [
                (m, b["callback_data"])
                for m in reader.sb.sent(chat, methods={"sendMessage"})
                for b in buttons(m)
                if "callback_data" in b and reader.sb.message(chat, m["message_id"]) is not None
            ]
            if pressable:
                message, data = pressable[value % len(pressable)]
                current = reader.sb.message(chat, message["message_id"])
                if any(b.get("callback_data") == data for b in buttons(current)):
                    await reader.press(message, data, chat=chat, user=user)
    await reader.idle()
    for entry in reader.sb.sent(since=mark):
        if entry["method"] in ("sendMessage", "editMessageText"):
            _check(entry)
    assert not [e for e in reader.sb.errors if e.get("error_code") == 400], reader.sb.errors[-3:]
    assert not reader.errors.records, [r.getMessage() for r in reader.errors.records]
    assert not reader.sb.pending_updates
