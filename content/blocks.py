"""The intermediate form every input is turned into before cleaning: a flat list of blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.normalize import normalize

__all__ = ["Block"]

_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")


@dataclass(slots=True)
class Block:
    """One visual unit of a page or dump, in reading order.

    ``kind`` is "p" (paragraph), "h" (heading), "li" (list item), "link" (a link standing
    alone), "quote" or "img";
    ``url`` is the link a paragraph or list item carries (its first <a>), or an image's src.
    """

    text: str
    kind: str = "p"
    url: str | None = None
    caption: str = ""
    credit: str = ""
    norm: str | None = None  # cache of key()

    def key(self) -> str:
        """Comparison key of ``text``: normalised, without trailing punctuation (cached; the
        cleaner tidies ``text`` before the first call)."""
        if self.norm is None:
            self.norm = normalize(self.text).rstrip(" .:!؟?")
        return self.norm

    def same_text(self, other: Block) -> bool:
        """True when both blocks say the same once normalised.

        Normalising is the cost, so cheap necessary conditions come first: the same number
        of spaces (harakat, tatweel and hamza forms never add or remove one; the text is
        already single-spaced) and, unless vowel marks are present, lengths within a sixth of
        each other.
        """
        if self.text == other.text:
            return True
        if self.text.count(" ") != other.text.count(" "):
            return False
        a, b = len(self.text), len(other.text)
        if abs(a - b) > max(a, b) // 6 + 3 and not (
            _MARKS.search(self.text) or _MARKS.search(other.text)
        ):
            return False  # only vowel marks and tatweel can make the same words much longer
        return self.key() == other.key()
