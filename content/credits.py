"""Recognising photo credits and source attributions in short lines."""

from __future__ import annotations

import re

from content.lexicon import (
    AGENCIES,
    CREDIT_PREFIX,
    SOURCE_PREFIX,
    SOURCE_PREFIX_WORDS,
    SOURCE_SUFFIX_WORDS,
)
from content.normalize import normalize
from content.text import ends_sentence, word_count

__all__ = ["credit_of", "dateline_source", "source_of", "split_caption_credit"]

_PARTS = re.compile(r"\s*(?:/|\||\\|,|;| via | for | عبر |–|—)\s*", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"^(?P<caption>.*\S)\s*[(\[](?P<credit>[^()\[\]]{1,80})[)\]]\s*$")
_INLINE_CREDIT = re.compile(
    r"^(?P<caption>.*?\S)\s*(?:[.|–—-]\s*)?\(?\s*(?P<credit>(?:photo(?:graph)?|picture|image|credit|"
    r"تصوير|صورة|الصورة)\s*(?:by\b|:|：)\s*[^()]{2,80}?)\)?\s*$",
    re.IGNORECASE,
)
_CREDIT_WORD = re.compile(r"photo|picture|image|credit|تصوير|صورة", re.IGNORECASE)
_CAPTION_SEPARATORS = re.compile(r"\.\s+|\s+[|–—]\s+|\s{2,}")
_DATELINE = re.compile(r"^[^()]{0,60}?\((?P<agency>[^()]{1,40})\)\s*[-–—:]")
_SOURCE_SECTION = re.compile(r"\s+[–—|\-]\s+")
_DASH_SOURCE = re.compile(r"^[-–—]+\s*")


def _is_agency(text: str) -> bool:
    return normalize(text).strip(" .:()[]") in AGENCIES


def credit_of(line: str) -> str | None:
    """Return the credit if ``line`` is a photo credit ("Jane Doe / AP", "Photo: Reuters",
    "رويترز", "Getty Images"), else None."""
    text = _unwrap(line)
    if not text or len(text) > 100 or word_count(text) > 10:
        return None
    if prefix := CREDIT_PREFIX.match(text):
        rest = text[prefix.end() :].strip()
        return rest if rest and word_count(rest) <= 8 and not ends_sentence(rest.rstrip(")")) else None
    if _is_agency(text):
        return text
    parts = [p for p in _PARTS.split(text) if p]
    if len(parts) > 1 and all(
        word_count(p) <= 5 and not ends_sentence(p) and ". " not in p for p in parts
    ):
        if any(_is_agency(p) or _is_agency(p.removesuffix(" Photo")) for p in parts):
            return text
    # "Name (AFP)": a short name with the agency in brackets.
    paren = _TRAILING_PAREN.match(text)
    if paren and _is_agency(paren["credit"]) and _looks_like_name(paren["caption"]):
        return text
    return None


def _looks_like_name(text: str) -> bool:
    """A person's name in Latin script: two to four capitalised words."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and w.isascii() for w in words)


def _unwrap(line: str) -> str:
    """Strip whitespace and one pair of enclosing brackets: "(Reuters)" -> "Reuters"."""
    text = line.strip()
    if len(text) > 1 and text[0] in "([" and text[-1] in ")]" and text.count("(") <= 1:
        text = text[1:-1].strip()
    return text


def split_caption_credit(text: str) -> tuple[str, str]:
    """Split a figure caption into (caption, credit); credit is "" when none is printed."""
    text = text.strip()
    if not text:
        return "", ""
    if (credit := credit_of(text)) is not None:
        return "", credit
    if (match := _TRAILING_PAREN.match(text)) and (credit := credit_of(match["credit"])):
        return match["caption"].strip(), credit
    if (
        _CREDIT_WORD.search(text)
        and (match := _INLINE_CREDIT.match(text))
        and (credit := credit_of(match["credit"]))
    ):
        return match["caption"].strip(), credit
    # The longest tail after a separator that reads as a credit: "... sea wall. Jane Doe / AP".
    for sep in _CAPTION_SEPARATORS.finditer(text):
        tail = text[sep.end() :]
        if (credit := credit_of(tail)) is not None:
            head = text[: sep.start()] + ("." if sep.group().strip() == "." else "")
            return head.strip(), credit
    return text, ""


def source_of(line: str) -> str | None:
    """Return the publication credited if ``line`` is a closing source line
    ("بلومبرج نيوز", "Reuters", "— AFP", "Source: BBC"), else None."""
    text = _unwrap(_DASH_SOURCE.sub("", line.strip()))
    if not text or len(text) > 60:
        return None
    if prefix := SOURCE_PREFIX.match(text):
        rest = text[prefix.end() :].strip().rstrip(".")
        return rest if rest and word_count(rest) <= 6 else None
    if _is_agency(text):
        return text
    if ends_sentence(text) or word_count(text) > 8:
        return None
    # "صحيفة الساحل – ملف الأسبوع": the publication, then a section or column name.
    name = _SOURCE_SECTION.split(text, maxsplit=1)[0]
    words = normalize(name).split()
    if 2 <= len(words) <= 4 and (
        words[-1] in SOURCE_SUFFIX_WORDS or words[0] in SOURCE_PREFIX_WORDS
    ):
        return text
    return None


def dateline_source(paragraph: str) -> str | None:
    """Return the agency of a dateline opening ("KYIV (Reuters) - ..."), else None."""
    match = _DATELINE.match(paragraph)
    if match and _is_agency(match["agency"]):
        return match["agency"].strip()
    return None
