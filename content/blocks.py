"""The intermediate form every input is turned into before cleaning: a flat list of blocks."""

from __future__ import annotations

from dataclasses import dataclass

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
    norm: str = ""  # comparison key of ``text``, set once by the cleaner
