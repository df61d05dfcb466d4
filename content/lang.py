"""Language detection by script, then by stop words (no model, no download)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["detect_lang"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = {
    "en": frozenset(
        "the of and to in is that for it on was with as by at from he she they are be has have "
        "this not but said were an which his her their its will would after who".split()
    ),
    "fr": frozenset(
        "le la les des du de et un une est dans que pour qui sur pas au aux par avec ce il elle "
        "sont été ont plus".split()
    ),
    "es": frozenset(
        "el la los las del de y en un una que es por con para se no al lo su como más fue ha "
        "sus".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit den dem des ein eine zu von auf für sich im auch es "
        "wurde sind hat".split()
    ),
}
# Letters Persian and Urdu use but Arabic does not.
_PERSIAN = set("پچژگکی")


def _script(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    return name.split(" ", 1)[0]


def detect_lang(text: str, default: str = "en") -> str:
    """Return the ISO 639-1 code of ``text``'s language: ``ar`` and ``en`` reliably, plus
    fa, ur-like Persian script (as ``fa``), ru, el, he, zh, ja, ko, fr, es, de by script
    or stop words; ``default`` when the text is too short to tell."""
    counts: dict[str, int] = {}
    letters = 0
    persian = 0
    for ch in text[:4000]:
        if not ch.isalpha():
            continue
        letters += 1
        script = _script(ch)
        counts[script] = counts.get(script, 0) + 1
        if ch in _PERSIAN:
            persian += 1
    if letters == 0:
        return default
    top, n = max(counts.items(), key=lambda item: item[1])
    if top == "ARABIC" and n * 3 >= letters:
        return "fa" if persian * 50 > n else "ar"
    if counts.get("ARABIC", 0) * 3 >= letters:
        return "ar"
    by_script = {
        "CYRILLIC": "ru",
        "GREEK": "el",
        "HEBREW": "he",
        "HANGUL": "ko",
        "HIRAGANA": "ja",
        "KATAKANA": "ja",
        "CJK": "zh",
    }
    if top in by_script and n * 2 >= letters:
        if top == "CJK" and (counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)) > 0:
            return "ja"
        return by_script[top]
    words = [w.casefold() for w in _WORD.findall(text[:4000])]
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0:
        return default
    return best
