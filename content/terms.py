"""Terms for similarity: normalised words, minus stop words, lightly stemmed (ar, en)."""

from __future__ import annotations

import re

from content.normalize import normalize

__all__ = ["terms"]

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset(
    normalize(w)
    for w in (
        "the a an of and or to in on at for from by with as is are was were be been has have had "
        "it its this that these those he she they we you his her their our not but said says "
        "will would can could after before over about into than then there also more new one "
        "two who which what when where how all any some no mr ms "
        "في من على إلى الى عن مع أن ان إن هذا هذه ذلك تلك التي الذي الذين اللذين كان كانت يكون "
        "قال وقال قالت وقالت قد لا ما لم لن هو هي هم هن بعد قبل حتى أو او ثم كما بين عند منذ خلال "
        "كل أي غير يوم وفي ومن وعلى وأن وإن فيه فيها به بها له لها عليه عليها إلى أنه انه أنها "
        "انها وهو وهي لكن ولكن أيضا ايضا"
    ).split()
)
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ات", "ون", "ين", "ية", "ها", "ة")


def _stem(word: str) -> str:
    if "\u0600" <= word[0] <= "\u06ff":
        for prefix in _AR_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix) :]
                break
        else:
            if word.startswith("و") and len(word) >= 5:
                word = word[1:]
        for suffix in _AR_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The content words of ``text``, normalised and stemmed, in order."""
    return [
        _stem(word)
        for word in _WORD.findall(normalize(text))
        if len(word) > 1 and word not in _STOP and not word.isdigit()
    ]
