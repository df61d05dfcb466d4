"""RSS, Atom and RDF feeds: one set of blocks per entry (feedparser does the XML)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from content.blocks import Block
from content.errors import ContentError
from content.fragment import fragment_blocks, html_to_text
from content.model import Image
from content.urls import absolute_url

__all__ = ["EntryParts", "read_feed"]


@dataclass(slots=True)
class EntryParts:
    """What one feed entry yields before cleaning."""

    blocks: list[Block]
    title: str
    url: str | None
    guid: str | None
    published: datetime | None
    site: str
    source: str
    lang: str
    images: list[Image] = field(default_factory=list)


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6], tzinfo=UTC)
            except (ValueError, OverflowError):
                continue
    return None


def _images(entry: Any, base: str | None) -> list[Image]:
    """Media RSS content/thumbnails and image enclosures, with description and credit."""
    credit = ""
    credits = entry.get("media_credit")
    if isinstance(credits, list) and credits and isinstance(credits[0], dict):
        credit = str(credits[0].get("content", ""))
    urls: list[str] = []
    for media in entry.get("media_content", []) or []:
        kind = str(media.get("medium", "")) + str(media.get("type", ""))
        if "image" in kind or not kind:
            urls.append(str(media.get("url", "")))
    for link in entry.get("links", []) or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            urls.append(str(link.get("href", "")))
    for thumb in entry.get("media_thumbnail", []) or []:
        urls.append(str(thumb.get("url", "")))
    images: list[Image] = []
    seen: set[str] = set()
    for raw in urls:
        url = absolute_url(raw, base)
        if url and url not in seen:
            seen.add(url)
            images.append(Image(url, "", credit if not images else ""))
    return images


def _content(entry: Any) -> str:
    """The entry's full content where the feed has it, else its summary."""
    contents = [c for c in entry.get("content", []) or [] if isinstance(c, dict)]
    best = max((str(c.get("value", "")) for c in contents), key=len, default="")
    summary = str(entry.get("summary", "") or "")
    return best if len(best) >= len(summary) else summary


def read_feed(data: bytes) -> tuple[bool, list[EntryParts]]:
    """Parse ``data`` as a feed: (is it a feed at all, its entries' parts in feed order)."""
    parsed = feedparser.parse(data)
    feed = parsed.get("feed", {}) or {}
    version = str(parsed.get("version", "") or "")
    if not version and not parsed.entries:
        return False, []
    site = html_to_text(str(feed.get("title", "") or ""))
    feed_lang = str(feed.get("language", "") or "")[:2].lower()
    base = str(feed.get("link", "") or "") or None
    entries: list[EntryParts] = []
    for entry in parsed.entries:
        link = absolute_url(str(entry.get("link", "") or ""), base)
        title = html_to_text(str(entry.get("title", "") or ""))
        content = _content(entry)
        if not title and not content.strip():
            continue
        source = entry.get("source", {}) or {}
        entries.append(
            EntryParts(
                blocks=fragment_blocks(content, link or base),
                title=title,
                url=link,
                guid=str(entry.get("id", "") or "") or None,
                published=_when(entry),
                site=site,
                source=html_to_text(str(source.get("title", "") or "")),
                lang=feed_lang,
                images=_images(entry, link or base),
            )
        )
    if parsed.get("bozo") and not entries:
        # Broken XML with nothing readable is a failing feed, not an empty one: say why.
        raise ContentError(f"malformed feed: {parsed.get('bozo_exception') or 'unreadable XML'}")
    return True, entries
