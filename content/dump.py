"""Plain-text dumps (a page as a browser showed it, copied as text) into blocks."""

from __future__ import annotations

import re

from content.blocks import Block

__all__ = ["dump_blocks"]

_BLANK = re.compile(r"\n[ \t\u00a0]*\n")
_BULLET = re.compile(r"^\s*(?:[*•◦▪‣●\-–—]|\d{1,2}[.)])\s+")


def dump_blocks(text: str) -> list[Block]:
    """Split a text dump into blocks: blank lines separate blocks; within a block, a line
    starting with a bullet is a list item, and lines wrapped at a fixed width are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for chunk in _BLANK.split(text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) > 1 and not any(_BULLET.match(line) for line in lines) and all(
            len(line) >= 50 for line in lines[:-1]
        ):
            # Hard-wrapped prose (e-mail style): one paragraph.
            blocks.append(Block(" ".join(lines)))
            continue
        for line in lines:
            bullet = _BULLET.match(line)
            if bullet:
                blocks.append(Block(line[bullet.end() :], "li"))
            else:
                blocks.append(Block(line))
    return blocks
