"""trafilatura's XML body (head, p, list/item, quote, table/row/cell, graphic, ref, lb) as blocks.

A walk rather than a loop over the top level: layout tables put whole articles in one cell,
and pages built with <br> instead of <p> come back as one paragraph with <lb/> inside, which
must become separate paragraphs again.
"""

from __future__ import annotations

from lxml import etree

from content.blocks import Block
from content.urls import absolute_url

__all__ = ["extracted_blocks"]

_LEAVES = {"p": "p", "head": "h", "quote": "quote", "code": "p", "item": "li"}
_BLOCKISH = frozenset({"p", "head", "quote", "code", "list", "table", "graphic"})


def _tag(element: etree._Element) -> str:
    return element.tag if isinstance(element.tag, str) else ""


class _Walk:
    """Collects blocks while walking the extractor's tree."""

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.blocks: list[Block] = []

    def url(self, href: str | None) -> str | None:
        """``href`` made absolute against the page's URL (None unless http(s))."""
        return absolute_url(href, self.base)

    def image(self, graphic: etree._Element) -> None:
        """An image marker where the extractor kept a <graphic>."""
        self.blocks.append(Block("", "img", url=self.url(graphic.get("src"))))

    def leaf(self, element: etree._Element, kind: str) -> None:
        """A paragraph-like element, split at its line breaks; images inside come after."""
        parts: list[str] = [element.text or ""]
        url: str | None = None

        def flush() -> None:
            """Emit what was gathered since the last break."""
            nonlocal parts, url
            # trafilatura trims whitespace inside paragraphs, so a newline left in the text is
            # a break it kept (its baseline extractor joins a short page's paragraphs so).
            for line in "".join(parts).split("\n"):
                if line.strip():
                    self.blocks.append(Block(line, kind, url=url))
            parts, url = [], None

        for child in element:
            tag = _tag(child)
            if tag == "lb":
                flush()
            elif tag == "graphic":
                flush()
                self.image(child)
            else:
                if tag == "ref" and url is None:
                    url = self.url(child.get("target"))
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        flush()

    def table(self, table: etree._Element) -> None:
        """A data table row by row ("a | b"); a layout table's cells as containers."""
        for row in table.iter("row"):
            cells = [cell for cell in row if _tag(cell)]
            if any(_tag(node) in _BLOCKISH for cell in cells for node in cell.iter()):
                for cell in cells:
                    self.container(cell)  # a layout table: the cells hold the article
            else:
                texts = ["".join(cell.itertext()).strip() for cell in cells]
                self.blocks.append(Block(" | ".join(t for t in texts if t)))

    def container(self, element: etree._Element) -> None:
        """Loose text and inline links between blocks become blocks of their own."""
        if (element.text or "").strip():
            self.blocks.append(Block(element.text or ""))
        for child in element:
            self.walk(child)
            if (child.tail or "").strip():
                self.blocks.append(Block(child.tail or ""))

    def walk(self, element: etree._Element) -> None:
        """Dispatch on the element's kind."""
        tag = _tag(element)
        if tag in _LEAVES:
            self.leaf(element, _LEAVES[tag])
        elif tag == "graphic":
            self.image(element)
        elif tag == "list":
            for child in element:
                self.walk(child)
        elif tag == "table":
            self.table(element)
        elif tag == "ref":
            text = "".join(element.itertext())
            if text.strip():
                # A link standing alone (after a "Read more:" label, typically).
                self.blocks.append(Block(text, "link", url=self.url(element.get("target"))))
        elif tag == "lb":
            return
        elif tag:
            self.container(element)


def extracted_blocks(body: etree._Element, base: str | None) -> list[Block]:
    """The blocks of trafilatura's ``body`` element, in reading order."""
    walk = _Walk(base)
    walk.container(body)
    return walk.blocks
