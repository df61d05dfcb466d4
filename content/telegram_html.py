"""Telegram's HTML parse mode: escaping, a strict validity check and visible length.

The checker follows the Bot API rules: only Telegram's tags, attributes only where Telegram
reads them, links only to http(s) and tg://, every tag closed in order, and no bare ``<``,
``>`` or ``&`` in text. Length is the visible text after entity parsing in UTF-16 code units
(never smaller than Telegram's own count, so splitting by it is safe).
"""

from __future__ import annotations

import html
import re

from content.errors import ContentError
from content.text import utf16_len
from content.urls import safe_link

__all__ = [
    "TelegramHTMLError",
    "escape",
    "is_valid_telegram_html",
    "telegram_length",
    "telegram_text",
    "validate_telegram_html",
]

_TAGS = frozenset(
    "b strong i em u ins s strike del span tg-spoiler a code pre blockquote tg-emoji".split()
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=\"[^\"<>]*\")?)*)\s*>")
_ATTR = re.compile(r"([a-zA-Z-]+)(?:=\"([^\"<>]*)\")?")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


class TelegramHTMLError(ContentError):
    """HTML that Telegram would refuse with "can't parse entities"."""


def escape(text: str) -> str:
    """Escape ``<``, ``>``, ``&`` and ``"`` for Telegram HTML."""
    return html.escape(text, quote=True).replace("&#x27;", "'")


def _check_attrs(name: str, attrs: str, offset: int) -> None:
    found = {m[1].lower(): m[2] for m in _ATTR.finditer(attrs)}
    allowed: dict[str, set[str]] = {
        "a": {"href"},
        "span": {"class"},
        "code": {"class"},
        "blockquote": {"expandable"},
        "tg-emoji": {"emoji-id"},
    }
    extra = set(found) - allowed.get(name, set())
    if extra:
        raise TelegramHTMLError(f"attribute {sorted(extra)[0]!r} not allowed on <{name}> at {offset}")
    if name == "a" and safe_link(html.unescape(found.get("href") or "")) is None:
        raise TelegramHTMLError(f"link at {offset} is not http(s) or tg://")
    if name == "span" and found.get("class") != "tg-spoiler":
        raise TelegramHTMLError(f"<span> at {offset} without class=\"tg-spoiler\"")


def _check_text(text: str, offset: int) -> None:
    for i, ch in enumerate(text):
        if ch in "<>":
            raise TelegramHTMLError(f"unescaped {ch!r} at {offset + i}")
        if ch == "&" and not _ENTITY.match(text, i):
            raise TelegramHTMLError(f"unescaped '&' at {offset + i}")


def telegram_text(markup: str) -> str:
    """The visible text of Telegram HTML ``markup``; raises TelegramHTMLError if invalid."""
    stack: list[str] = []
    parts: list[str] = []
    position = 0
    for match in _TAG.finditer(markup):
        chunk = markup[position : match.start()]
        _check_text(chunk, position)
        parts.append(html.unescape(chunk))
        closing, name, attrs = match[1] == "/", match[2].lower(), match[3]
        if name not in _TAGS:
            raise TelegramHTMLError(f"unsupported tag <{name}> at {match.start()}")
        if closing:
            if attrs.strip():
                raise TelegramHTMLError(f"attributes on end tag at {match.start()}")
            if not stack or stack[-1] != name:
                expected = stack[-1] if stack else "nothing"
                raise TelegramHTMLError(
                    f"unmatched end tag </{name}> at {match.start()}, expected {expected}"
                )
            stack.pop()
        else:
            _check_attrs(name, attrs, match.start())
            if name == "a" and "a" in stack:
                raise TelegramHTMLError(f"nested link at {match.start()}")
            stack.append(name)
        position = match.end()
    tail = markup[position:]
    _check_text(tail, position)
    parts.append(html.unescape(tail))
    if stack:
        raise TelegramHTMLError(f"unclosed tag <{stack[-1]}>")
    return "".join(parts)


def validate_telegram_html(markup: str) -> None:
    """Raise TelegramHTMLError when Telegram would refuse ``markup``."""
    telegram_text(markup)


def is_valid_telegram_html(markup: str) -> bool:
    """True when Telegram would accept ``markup`` in HTML parse mode."""
    try:
        telegram_text(markup)
    except TelegramHTMLError:
        return False
    return True


def telegram_length(markup: str) -> int:
    """Visible length of ``markup`` in UTF-16 code units, after entity parsing, with the
    leading and trailing whitespace Telegram strips left out. Invalid markup is measured as
    its raw text (so the result is never an underestimate of what would be sent)."""
    try:
        text = telegram_text(markup)
    except TelegramHTMLError:
        text = markup
    return utf16_len(text.strip())
