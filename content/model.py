"""The data the content pipeline produces: plain frozen dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Article", "Button", "Image", "Link", "Post"]


@dataclass(frozen=True, slots=True)
class Link:
    """A related link: its title, and its URL where the page gave one."""

    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """An image of the article with its caption and photo credit."""

    url: str | None = None
    caption: str = ""
    credit: str = ""
    # Index of the paragraph the image stands before (len(paragraphs) = after the last one);
    # None when the page did not say where it goes (a feed's enclosure, a lead image).
    position: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One clean article, as parsed from a feed entry, a page or a text dump."""

    title: str
    url: str | None = None
    lang: str = "en"
    published: datetime | None = None
    site: str = ""
    source: str = ""
    paragraphs: tuple[str, ...] = ()
    summary: str = ""
    related: tuple[Link, ...] = ()
    images: tuple[Image, ...] = ()
    fingerprint: str = ""
    guid: str | None = None  # the feed entry's id, when it came from a feed


@dataclass(frozen=True, slots=True)
class Button:
    """A button the bot attaches to a post.

    `action` is one of "read", "summary", "related" (the bot adds the article id) or "open"
    (a plain link to `url`).
    """

    label: str
    action: str
    url: str | None = None  # for "open": the original article


@dataclass(frozen=True, slots=True)
class Post:
    """A rendered channel post: Telegram HTML text, an optional photo, and buttons as data."""

    text: str
    buttons: tuple[Button, ...] = ()
    photo: str | None = None
    caption_fits: bool = field(default=False)
