"""Language detection by script, then by stop words (no model, no download)."""

from __future__ import annotations

import re

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
_PERSIAN = re.compile("[پچژگکی]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_KANA = re.compile("[\u3040-\u30ff]")
_SCRIPTS = (
    (re.compile("[\u0400-\u04ff]"), "ru"),
    (re.compile("[\u0370-\u03ff]"), "el"),
    (re.compile("[\u0590-\u05ff]"), "he"),
    (re.compile("[\uac00-\ud7af\u1100-\u11ff]"), "ko"),
    (_KANA, "ja"),
    (re.compile("[\u4e00-\u9fff\u3400-\u4dbf]"), "zh"),
)


def detect_lang(text: str, default: str = "en") -> str:
    """Return the ISO 639-1 code of ``text``'s language: ``ar`` and ``en`` reliably, plus
    fa, ur-like Persian script (as ``fa``), ru, el, he, zh, ja, ko, fr, es, de by script
    or stop words; ``default`` when the text is too short to tell."""
    sample = text[:1200]
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return default
    latin = len(_LATIN.findall(sample))
    if latin * 2 >= letters:
        return _by_stop_words(sample, default)
    arabic = len(_ARABIC.findall(sample))
    if arabic * 3 >= letters:
        persian = len(_PERSIAN.findall(sample))
        return "fa" if persian * 50 > arabic else "ar"
    for pattern, code in _SCRIPTS:
        if len(pattern.findall(sample)) * 2 >= letters:
            if code == "zh" and _KANA.search(sample):
                return "ja"
            return code
    return _by_stop_words(sample, default)


def _by_stop_words(sample: str, default: str) -> str:
    """The Latin-script language whose stop words ``sample`` uses most."""
    words = [w.casefold() for w in _WORD.findall(sample)]
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0:
        return default
    return best
