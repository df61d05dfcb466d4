"""Sentence splitting for Arabic and English without a model.

Breaks at ``. ! ? ؟ … ۔`` (with any closing quotes or brackets) followed by space, and at line
ends; never at ``،`` or ``:``. Numbers like 3.5 and U.S.-style abbreviations followed by a
lower-case word stay whole, and honorifics (Mr., Dr., ...) and initials never end a sentence.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

# Terminal punctuation, then closing quotes/brackets, then the whitespace we split at.
_BOUNDARY = re.compile(r"[.!?؟…۔]+[\"'”’»)\]]*(?=\s)")
# Abbreviations that are almost always followed by a name or number, so never end a sentence.
_NEVER_END = frozenset(
    "mr mrs ms dr prof st sen rep gov gen lt col capt sgt maj adm rev hon pres supt insp "
    "no nos vol fig pp p jan feb mar apr jun jul aug sep sept oct nov dec approx est vs "
    "mt ft ave blvd".split()
)
# Abbreviations that may end a sentence: split only if the next word starts upper-case.
_MAY_END = frozenset("etc inc ltd co corp jr sr bros e.g i.e u.s u.k u.n a.m p.m".split())
_LAST_TOKEN = re.compile(r"(\S+)$")


def _is_abbreviation_stop(before: str, after: str) -> bool:
    """True when the full stop ending ``before`` belongs to an abbreviation, not a sentence."""
    match = _LAST_TOKEN.search(before)
    if match is None:
        return False
    token = match.group(1).lstrip("\"'“‘«([").rstrip(".").casefold()
    nxt = after.lstrip()[:1]
    if token in _NEVER_END:
        return True
    # A single letter ("J. Smith") is an initial.
    if len(token) == 1 and token.isalpha() and token.isascii():
        return True
    if token in _MAY_END or (len(token) <= 4 and "." in token and token.replace(".", "").isalpha()):
        return bool(nxt) and not nxt.isupper() and not nxt.isdigit() and nxt.isalpha() and nxt.isascii()
    # An ordinary word followed by a lower-case Latin word: probably not a boundary ("approx. five").
    return False


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into trimmed sentences, in order; empty pieces are dropped.

    >>> split_sentences("Growth was 3.5% in the U.S. this year. Dr. Lee agreed! هل انتهى؟ نعم، انتهى.")
    ['Growth was 3.5% in the U.S. this year.', 'Dr. Lee agreed!', 'هل انتهى؟', 'نعم، انتهى.']
    """
    sentences: list[str] = []
    for line in text.splitlines():
        start = 0
        for match in _BOUNDARY.finditer(line):
            end = match.end()
            punct = match.group(0)
            if punct.startswith(".") and not punct.startswith("..") and _is_abbreviation_stop(
                line[start : match.start() + 1], line[end:]
            ):
                continue
            piece = line[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end
        rest = line[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences
