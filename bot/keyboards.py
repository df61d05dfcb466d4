"""Inline keyboards for posts, pages and search results, and the callback data they carry.

Callback data is short and versionless, at most 64 bytes:
- `r:<id>` full text, opened as a new message (the "Full text" button on a post);
- `r:<id>:<page>` one page of the full text, shown in place (the ◀ ▶ buttons; pages count from 0);
- `s:<id>` summary, `l:<id>` related;
- `q:<search id>:<page>` one page of a search whose words the bot keeps per chat (a query can be
  far longer than 64 bytes, so only its id travels in the button).
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from content import Button, Post
from content.labels import label

__all__ = [
    "Callback",
    "callback_data",
    "deep_link",
    "page_keyboard",
    "parse_callback",
    "post_keyboard",
    "search_keyboard",
    "shown_page",
]

_ACTIONS = {"read": "r", "summary": "s", "related": "l", "search": "q"}
_NAMES = {code: name for name, code in _ACTIONS.items()}
_MAX_NUMBER_DIGITS = 12  # ids and pages beyond this are forged: nothing stored is that large

PREV, NEXT = "◀", "▶"
POSITION = "{page}/{pages}"  # the middle button's label; callers pass their language's form


@dataclass(frozen=True, slots=True)
class Callback:
    """A parsed callback: what to show, for which article (or search), which page.

    `page` is None when the button asks to open something anew (a post's Full text button)
    rather than to turn to a page of a message already shown.
    """

    action: str  # "read", "summary", "related" or "search"
    article_id: int  # the article's id; for "search", the chat's search id
    page: int | None = None


def callback_data(action: str, article_id: int, page: int | None = None) -> str:
    """Encode a callback for a button; `page` None leaves the page out."""
    code = _ACTIONS[action]
    return f"{code}:{article_id}" if page is None else f"{code}:{article_id}:{page}"


def parse_callback(data: str | None) -> Callback | None:
    """Decode callback data; None for anything stale, forged or malformed."""
    if not data or len(data.encode()) > 64:
        return None
    parts = data.split(":")
    if len(parts) not in (2, 3) or parts[0] not in _NAMES:
        return None
    if not all(p.isascii() and p.isdigit() and len(p) <= _MAX_NUMBER_DIGITS for p in parts[1:]):
        return None
    action = _NAMES[parts[0]]
    if action in ("summary", "related") and len(parts) == 3:
        return None  # these have no pages
    if action == "search" and len(parts) == 2:
        return None
    page = int(parts[2]) if len(parts) == 3 else None
    return Callback(action, int(parts[1]), page)


def _nav_row(
    action: str, ref: int, page: int, pages: int, position: str
) -> list[InlineKeyboardButton]:
    """◀ page n/N ▶. The arrows stay in place on every page, so a reader can keep tapping without
    aiming anew, and wrap around (◀ on the first page goes to the last), so no arrow is dead."""
    label = position.format(page=page + 1, pages=pages)
    return [
        InlineKeyboardButton(PREV, callback_data=callback_data(action, ref, (page - 1) % pages)),
        InlineKeyboardButton(label, callback_data=callback_data(action, ref, page)),
        InlineKeyboardButton(NEXT, callback_data=callback_data(action, ref, (page + 1) % pages)),
    ]


def page_keyboard(
    article_id: int,
    page: int,
    pages: int,
    *,
    position: str = POSITION,
    full: str = "",
    summary: str = "",
    related: str = "",
) -> InlineKeyboardMarkup | None:
    """Buttons under an article's page or summary: ◀ n/N ▶ when there are several pages, then
    a row of Full text / Summary / Related for each label given."""
    rows: list[list[InlineKeyboardButton]] = []
    if pages > 1:
        rows.append(_nav_row("read", article_id, page, pages, position))
    extra = [
        InlineKeyboardButton(label, callback_data=callback_data(action, article_id))
        for action, label in (("read", full), ("summary", summary), ("related", related))
        if label
    ]
    if extra:
        rows.append(extra)
    return InlineKeyboardMarkup(rows) if rows else None


def search_keyboard(
    search_id: int, page: int, pages: int, *, position: str = POSITION
) -> InlineKeyboardMarkup | None:
    """◀ page n/N ▶ under a page of search results; None when everything fits on one page."""
    if pages <= 1:
        return None
    return InlineKeyboardMarkup([_nav_row("search", search_id, page, pages, position)])


def shown_page(markup: InlineKeyboardMarkup | None) -> int | None:
    """The page a message with ◀ page n/N ▶ buttons shows now (its middle button), or None."""
    for row in markup.inline_keyboard if markup else ():
        if len(row) == 3 and row[0].text == PREV and row[2].text == NEXT:
            data = row[1].callback_data
            callback = parse_callback(data if isinstance(data, str) else None)
            return callback.page if callback else None
    return None


def deep_link(bot_username: str, article_id: int, action: str = "read") -> str:
    """The t.me link that opens the bot on an article (for channel posts): read_<id> or related_<id>."""
    return f"https://t.me/{bot_username}?start={action}_{article_id}"


def _with_summary(buttons: tuple[Button, ...]) -> list[Button]:
    """The post's buttons with a Summary button after Full text, labelled in the post's language."""
    if any(b.action == "summary" for b in buttons):
        return list(buttons)
    lang = next(
        (
            lang
            for lang in ("ar", "en")
            if any(b.label in (label("full_text", lang), label("related", lang)) for b in buttons)
        ),
        "en",
    )
    out: list[Button] = []
    for button in buttons:
        out.append(button)
        if button.action == "read":
            out.append(Button(label("summary", lang), "summary"))
    return out


def post_keyboard(
    post: Post, article_id: int, *, private: bool, bot_username: str
) -> InlineKeyboardMarkup | None:
    """The post's buttons: callbacks in a private chat (Full text, Summary, Related), deep links
    into the bot in channels and groups (where a Summary button would repeat the post)."""
    row: list[InlineKeyboardButton] = []
    for button in _with_summary(post.buttons) if private else post.buttons:
        if button.action == "open" and button.url:
            row.append(InlineKeyboardButton(button.label, url=button.url))
        elif button.action in ("read", "summary", "related") and private:
            row.append(
                InlineKeyboardButton(button.label, callback_data=callback_data(button.action, article_id))
            )
        elif button.action in ("read", "summary", "related") and bot_username:
            url = deep_link(bot_username, article_id, button.action)
            row.append(InlineKeyboardButton(button.label, url=url))
    return InlineKeyboardMarkup([row]) if row else None
