"""OPML 2.0 feed lists: read the outlines with a feed URL (nested folders too), write one flat list."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import formatdate
from urllib.parse import urlsplit

__all__ = ["OpmlError", "OpmlFeed", "read_opml", "write_opml"]

MAX_BYTES = 20_000_000


class OpmlError(ValueError):
    """The file is not an OPML feed list; the message says why."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed of an OPML file."""

    url: str
    title: str = ""
    name: str = ""


def read_opml(data: bytes) -> list[OpmlFeed]:
    """Every outline with an http(s) xmlUrl, in document order, each URL once."""
    if len(data) > MAX_BYTES:
        raise OpmlError(f"larger than {MAX_BYTES} bytes")
    if b"<!ENTITY" in data[:4096].upper():  # no entity tricks (billion laughs) in a feed list
        raise OpmlError("entity declarations are not allowed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OpmlError(f"not valid XML ({exc})") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not OPML (the root element is <{root.tag}>)")
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or url in seen or urlsplit(url).scheme not in ("http", "https"):
            continue
        seen.add(url)
        title = (outline.get("title") or outline.get("text") or "").strip()
        feeds.append(OpmlFeed(url, title))
    return feeds


def write_opml(feeds: list[OpmlFeed], *, title: str = "newsbot feeds") -> str:
    """An OPML 2.0 document listing `feeds` with their titles."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = formatdate(usegmt=True)
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attrs = {"type": "rss", "text": feed.title or feed.name or feed.url, "xmlUrl": feed.url}
        if feed.title:
            attrs["title"] = feed.title
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
