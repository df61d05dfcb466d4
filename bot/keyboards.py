"""Inline keyboards for posts and pages, and the callback data they carry.

Callback data is short and versionless: `<action>:<article id>[:<page>]`, at most 64 bytes.
Actions: "r" full text (page), "s" summary, "l" related.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from content import Post

__all__ = ["Callback", "deep_link", "parse_callback", "post_keyboard"]

_ACTIONS = {"read": "r", "summary": "s", "related": "l"}


@dataclass(frozen=True, slots=True)
class Callback:
    """A parsed callback: what to show, for which article, which page."""

    action: str  # "read", "summary" or "related"
    article_id: int
    page: int = 0


def callback_data(action: str, article_id: int, page: int = 0) -> str:
    """Encode a callback for a button."""
    code = _ACTIONS[action]
    return f"{code}:{article_id}:{page}" if page else f"{code}:{article_id}"


def parse_callback(data: str | None) -> Callback | None:
    """Decode callback data; None for anything stale, forged or malformed."""
    if not data or len(data) > 64:
        return None
    parts = data.split(":")
    names = {v: k for k, v in _ACTIONS.items()}
    if len(parts) not in (2, 3) or parts[0] not in names:
        return None
    if not all(p.isascii() and p.isdigit() and len(p) <= 12 for p in parts[1:]):
        return None
    page = int(parts[2]) if len(parts) == 3 else 0
    return Callback(names[parts[0]], int(parts[1]), page)


def deep_link(bot_username: str, article_id: int) -> str:
    """The t.me link that opens the bot on an article's full text (for channel posts)."""
    return f"https://t.me/{bot_username}?start=read_{article_id}"


def post_keyboard(
    post: Post, article_id: int, *, private: bool, bot_username: str
) -> InlineKeyboardMarkup | None:
    """The post's buttons: callbacks in a private chat, deep links into the bot in channels and groups."""
    row: list[InlineKeyboardButton] = []
    for button in post.buttons:
        if button.action == "open" and button.url:
            row.append(InlineKeyboardButton(button.label, url=button.url))
        elif button.action in _ACTIONS and private:
            row.append(
                InlineKeyboardButton(button.label, callback_data=callback_data(button.action, article_id))
            )
        elif button.action == "read" and bot_username:
            row.append(InlineKeyboardButton(button.label, url=deep_link(bot_username, article_id)))
        elif button.action == "related" and bot_username:
            url = f"https://t.me/{bot_username}?start=related_{article_id}"
            row.append(InlineKeyboardButton(button.label, url=url))
    return InlineKeyboardMarkup([row]) if row else None
