"""Fetch a feed once, before it is added, to show the admin its title and how many items it has."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import httpx

from bot.config import PollingConfig
from bot.fetch import Fetcher, FetchError

__all__ = ["Probe", "feed_name", "parse_every", "probe"]


@dataclass(frozen=True, slots=True)
class Probe:
    """What one fetch of a feed showed: its title and item count, or the error in words."""

    url: str
    title: str = ""
    items: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def parse_every(text: str) -> int | None:
    """Seconds from '600', '90s', '10m', '2h' or '1d'; None if it is not such a duration."""
    text = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    scale = 1
    if text[-1:] in units:
        scale, text = units[text[-1]], text[:-1]
    if not (text.isascii() and text.isdigit()) or len(text) > 7:
        return None
    seconds = int(text) * scale
    return seconds if seconds >= 1 else None


def feed_name(url: str, taken: set[str]) -> str:
    """A short name for a feed from its URL (as the config does), made unique among `taken`."""
    parts = urlsplit(url)
    stem = PurePosixPath(parts.path).stem.lower() or (parts.hostname or "feed")
    host = (parts.hostname or "").removeprefix("www.")
    if stem in ("rss", "feed", "atom", "index", "news") and host and not host[-1].isdigit():
        stem = host.split(".")[0]  # a generic file name: the site's name says more
    name, n = stem, 2
    while name in taken:
        name, n = f"{stem}-{n}", n + 1
    return name


def _count(data: bytes, url: str, content_type: str | None) -> tuple[str, int, str]:
    """(title, items, error) of a feed document; CPU work, run in a thread."""
    import feedparser

    from content import ContentError, parse

    parsed = feedparser.parse(data, response_headers={"content-type": content_type or ""})
    title = str(parsed.feed.get("title", "") or "").strip()
    if not parsed.entries:  # an empty feed is fine; a page with no feed in it is not
        return title, 0, "" if title else "not a feed (no RSS, Atom or RDF items found)"
    try:  # what the poller will store: items the content pipeline can read
        items = len(parse(data, url=url, content_type=content_type))
    except ContentError as exc:
        return title, 0, str(exc)
    return title, items, ""


async def probe(
    url: str, polling: PollingConfig, *, transport: httpx.AsyncBaseTransport | None = None
) -> Probe:
    """Fetch `url` once with the poller's limits (timeout, size cap, User-Agent) and count its items."""
    try:
        async with Fetcher(polling, transport=transport) as fetcher:
            result = await fetcher.fetch(url)
    except FetchError as exc:
        return Probe(url, error=str(exc))
    title, items, error = await asyncio.to_thread(_count, result.body, url, result.content_type)
    return Probe(url, title=title, items=items, error=error)
