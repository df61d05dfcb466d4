"""HTML fragments (a feed entry's content, a page trafilatura gave up on) into blocks.

Walks the tree once: block-level elements end a block, inline text joins the current one.
Scripts, styles, frames, forms and embedded media are skipped, so hostile markup can only
ever come out as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml import etree

from content.blocks import Block
from content.credits import split_caption_credit
from content.dump import dump_blocks
from content.text import strip_controls
from content.urls import absolute_url

__all__ = [
    "CREDIT_CLASS",
    "HIDDEN",
    "drop_hidden",
    "fragment_blocks",
    "html_to_text",
    "image_src",
    "looks_like_html",
]

_SKIP = frozenset(
    "script style iframe frame frameset noscript object embed applet button select input "
    "textarea svg math canvas video audio template head nav map".split()
)
# Elements whose content is never article text. (Not <form>: ASP.NET sites wrap the whole
# page, article included, in one.)
HIDDEN = (
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "math", "canvas", "video", "audio", "select",
    "textarea", "button",
)
_BLOCK = frozenset(
    "p div section article main header footer aside h1 h2 h3 h4 h5 h6 ul ol dl dt dd li "
    "blockquote pre table thead tbody tfoot tr figure figcaption hr address center details "
    "summary body html".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
CREDIT_CLASS = re.compile(r"credit|copyright|source|byline|author|photographer", re.I)
_TRACKER = re.compile(
    r"pixel|beacon|/track(?:ing)?[/.?]|feedburner\.com/~r|doubleclick|/analytics|/stats?\?",
    re.IGNORECASE,
)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def drop_hidden(root: etree._Element) -> None:
    """Remove scripts, styles, frames, forms and embedded media (their tails stay)."""
    for element in list(root.iter(*HIDDEN)):
        if element is root:
            continue
        try:
            element.drop_tree()
        except ValueError:  # a tail lxml will not re-home: drop it with the element
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)


def looks_like_html(text: str) -> bool:
    """True when ``text`` contains at least one HTML tag."""
    return _TAG.search(text) is not None


def image_src(img: etree._Element, base: str | None) -> str | None:
    """The absolute http(s) source of an <img>, looking at lazy-loading attributes too;
    None for tracking pixels (1x1 images, beacon URLs)."""
    if {(img.get("width") or "").strip(), (img.get("height") or "").strip()} & {"0", "1"}:
        return None
    for attr in ("src", "data-src", "data-lazy-src", "data-original", "data-url"):
        url = absolute_url(img.get(attr), base)
        if url and _TRACKER.search(url):
            return None
        if url and not url.startswith("data:"):
            return url
    srcset = img.get("srcset") or img.get("data-srcset") or ""
    first = srcset.split(",")[0].strip().split(" ")[0] if srcset else ""
    return absolute_url(first, base)


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _figure_block(figure: etree._Element, base: str | None) -> Block:
    img = next(iter(figure.iter("img")), None)
    url = image_src(img, base) if img is not None else None
    credit = ""
    caption = ""
    caption_el = next(iter(figure.iter("figcaption")), None)
    if caption_el is not None:
        caption = " ".join("".join(caption_el.itertext()).split())
        for node in caption_el.iter():
            if node is not caption_el and CREDIT_CLASS.search(str(node.get("class", ""))):
                credit = " ".join("".join(node.itertext()).split())
                caption = " ".join(caption.replace(credit, " ").split())
                break
        if not credit:
            caption, credit = split_caption_credit(caption)
    return Block("", "img", url=url, caption=caption, credit=credit)


class _Walker:
    """Accumulates inline text; flushes a block at every block-level boundary."""

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.kind = "p"
        self.url: str | None = None
        self.link_text = ""

    def flush(self) -> None:
        """End the current block (at a block-level boundary)."""
        text = " ".join("".join(self.parts).split())
        if text:
            kind = self.kind
            if kind == "p" and self.url and text == self.link_text:
                kind = "link"  # a link standing alone, as after a "Read more:" label
            self.blocks.append(Block(text, kind, url=self.url))
        self.parts = []
        self.kind = "p"
        self.url = None
        self.link_text = ""

    def walk(self, element: etree._Element) -> None:
        """Visit ``element`` and its children, in document order."""
        tag = _tag(element)
        if not tag or tag in _SKIP:
            if element.tail:
                self.parts.append(element.tail)
            return
        if tag == "figure":
            self.flush()
            self.blocks.append(_figure_block(element, self.base))
        elif tag == "img":
            self.flush()
            url = image_src(element, self.base)
            if url:
                self.blocks.append(Block("", "img", url=url))
        elif tag == "br":
            self.flush()
        else:
            is_block = tag in _BLOCK
            if is_block:
                self.flush()
                if tag in _HEADINGS:
                    self.kind = "h"
                elif tag == "li":
                    self.kind = "li"
                elif tag == "blockquote":
                    self.kind = "quote"
            if tag == "a" and self.url is None:
                self.url = absolute_url(element.get("href"), self.base)
                self.link_text = " ".join("".join(element.itertext()).split())
            if element.text:
                self.parts.append(element.text)
            for child in element:
                self.walk(child)
            if tag in ("td", "th"):
                self.parts.append(" ")
            if is_block:
                self.flush()
        if element.tail:
            self.parts.append(element.tail)


def _roots(html: str) -> Iterator[etree._Element]:
    try:
        yield from lxml.html.fragments_fromstring(f"<div>{html}</div>")
    except (etree.ParserError, ValueError):
        return


def fragment_blocks(html: str, base: str | None = None) -> list[Block]:
    """Blocks of an HTML fragment; plain text (no tags) is split like a text dump."""
    html = strip_controls(html)
    if not looks_like_html(html):
        return dump_blocks(html)
    walker = _Walker(base)
    for root in _roots(html):
        if isinstance(root, str):
            walker.parts.append(root)
        else:
            drop_hidden(root)  # so no caption or credit can read a script's text either
            walker.walk(root)
    walker.flush()
    return walker.blocks


def html_to_text(html: str) -> str:
    """The visible text of a fragment on one line (for titles and captions that hold tags)."""
    if not looks_like_html(html):
        return " ".join(html.split())
    return " ".join(b.text for b in fragment_blocks(html) if b.text)
