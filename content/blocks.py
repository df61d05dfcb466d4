"""The intermediate form every input is turned into before cleaning: a flat list of blocks."""

from __future__ import annotations

from dataclasses import dataclass

from content.normalize import normalize

__all__ = ["Block"]


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
        """True when both blocks say the same once normalised (lengths are checked first:
        normalising is the cost, and texts of very different length never match)."""
        a, b = len(self.text), len(other.text)
        return abs(a - b) <= max(a, b) // 3 + 3 and self.key() == other.key()
