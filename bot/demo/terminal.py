"""Telegram messages as readable terminal text: tags stripped, entities decoded, Arabic right-aligned.

No bidi reordering is attempted (terminals that support it do their own); Arabic lines are pushed to
the right edge so they read the way a phone shows them, and no direction marks are added.
"""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from typing import Any

__all__ = ["button_labels", "is_rtl", "plain", "render_message", "width"]

_TAG = re.compile(r"<[^>]+>")
_BIDI_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def plain(text: str) -> str:
    """Telegram HTML as plain text (links keep only their text; direction marks dropped)."""
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(_TAG.sub("", text)).translate(_BIDI_MARKS)


def is_rtl(line: str) -> bool:
    """Whether the first letter of the line is Arabic (or another right-to-left script)."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def width(line: str) -> int:
    """Terminal columns a line takes: combining marks (harakat) take none, wide characters two."""
    cols = 0
    for char in line:
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            continue
        cols += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return cols


def _columns() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 110))


def _wrap(line: str, limit: int) -> list[str]:
    """Wrap at spaces to `limit` columns."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and width(candidate) > limit:
            out.append(current)
            current = word
        else:
            current = candidate
    out.append(current)
    return out


def button_labels(message: dict[str, Any]) -> list[str]:
    """The inline buttons of a logged message, in order."""
    markup = message.get("reply_markup") or {}
    return [str(b.get("text", "")) for row in markup.get("inline_keyboard", []) for b in row]


def render_message(message: dict[str, Any], *, indent: str = "    ", numbered: bool = False) -> str:
    """A sent, edited or photo message as indented terminal lines, with its buttons below."""
    # the sandbox logs the visible text, already parsed from HTML: "<id>" in it is text, not a tag
    text = str(message.get("text") or message.get("caption") or "").translate(_BIDI_MARKS)
    lines: list[str] = []
    if message.get("method") == "sendPhoto":
        source = str(message.get("photo") or message.get("params", {}).get("photo") or "")
        shown = "an uploaded image" if source.startswith("upload:") or not source else source
        lines.append(f"{indent}[photo: {shown}]"[:200])
    limit = _columns() - len(indent)
    for raw in text.split("\n"):
        for part in _wrap(raw, limit) if raw else [""]:
            if is_rtl(part):
                lines.append(indent + " " * max(0, limit - width(part)) + part)
            else:
                lines.append(indent + part)
    labels = button_labels(message)
    if labels:
        marks = [f"[{i}: {label}]" if numbered else f"[{label}]" for i, label in enumerate(labels, 1)]
        lines.append(indent + " ".join(marks))
    return "\n".join(lines)
