"""Small text helpers shared by the pipeline steps (plain strings in, plain strings out)."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "clean_line",
    "cut_words",
    "ends_sentence",
    "has_arabic",
    "is_rtl_text",
    "strip_controls",
    "utf16_len",
    "word_count",
]

# Characters that never belong in displayed text: C0/C1 controls (except tab/newline),
# lone surrogates, noncharacters. Bidi marks are kept: a writer may have put them there.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TERMINAL = tuple(".!?؟…۔\"'”’»)]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_WORD = re.compile(r"\w+", re.UNICODE)


def strip_controls(text: str) -> str:
    """``text`` without control characters, lone surrogates or noncharacters (newlines and
    tabs stay): lxml refuses them, and no reader should see them."""
    return text if text.isprintable() else _JUNK.sub("", text)


def clean_line(text: str) -> str:
    """Return ``text`` as one display line: NFC, no control characters, single spaces, trimmed."""
    if not text.isprintable():
        text = _JUNK.sub("", text)
    # str.split() splits at every Unicode space (no-break, thin, ideographic) and newline.
    return " ".join(unicodedata.normalize("NFC", text).split())


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence (full stop, question or exclamation mark, quote)."""
    return text.rstrip().endswith(_TERMINAL)


def word_count(text: str) -> int:
    """Number of words (runs of letters or digits) in ``text``; an estimate past 400 characters,
    where every threshold the cleaner uses is long exceeded."""
    if len(text) > 400:
        return len(text.split())
    return len(_WORD.findall(text))


def has_arabic(text: str) -> bool:
    """True when ``text`` contains an Arabic-script letter."""
    return _ARABIC.search(text) is not None


def is_rtl_text(text: str) -> bool:
    """True when the first strong directional character of ``text`` is right-to-left."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts entities in."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def cut_words(text: str, max_chars: int) -> str:
    """Cut ``text`` at a word boundary to at most ``max_chars`` characters, ending in "…"."""
    if len(text) <= max_chars:
        return text
    head = text[: max(1, max_chars - 1)]
    space = head.rfind(" ")
    if space > max_chars // 2:
        head = head[:space]
    return head.rstrip(" ،,;:") + "…"
