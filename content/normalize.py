"""Text normalisation for search and dedup (never for display).

SQLite FTS5's unicode61 tokenizer splits Arabic words at harakat and keeps
tatweel, so storage indexes ``normalize(title + text)`` and normalises queries
the same way; the dedup fingerprint and the similarity measure use it too.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize"]

# Harakat (fathatan .. sukun) and the superscript alef: vowel marks that a
# writer may or may not type, so they must not change what a word matches.
_HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"
_TATWEEL = "\u0640"
# Bidi controls and zero-width characters: invisible, but they split tokens.
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2060\u2066\u2067\u2068\u2069"  # word joiner, isolates
    "\u061c\ufeff\u00ad"  # Arabic letter mark, BOM/ZWNBSP, soft hyphen
)
# A regex deletes and str.replace folds: both scan in C, where str.translate with a dict
# looks every character up in Python (several times slower on long Arabic text).
_DELETE = re.compile("[" + _HARAKAT + _TATWEEL + _INVISIBLE + "]+")
_ALEFS = "أإآٱ"
# Arabic-Indic (U+0660..) and Extended Arabic-Indic (Persian/Urdu, U+06F0..) digits.
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
_HAS_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def normalize(text: str) -> str:
    """Return ``text`` folded for matching: NFKC, no harakat/tatweel/bidi or zero-width
    marks, أ إ آ ٱ folded to ا, Arabic-Indic digits as ASCII, casefolded, whitespace
    collapsed to single spaces and trimmed.

    >>> normalize("الْعَرَبِيَّة ـــ أحمد ٣٥ News")
    'العربية احمد 35 news'
    """
    text = _DELETE.sub("", unicodedata.normalize("NFKC", text))
    for alef in _ALEFS:
        if alef in text:
            text = text.replace(alef, "ا")
    if _HAS_DIGIT.search(text):
        text = text.translate(_DIGITS)
    return " ".join(text.casefold().split())
