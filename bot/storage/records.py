"""Typed rows returned by Storage: callers never see sqlite3.Row."""

from __future__ import annotations

from dataclasses import dataclass

from content import Article

__all__ = ["AddResult", "Chat", "Feed", "OutboxRow", "StoredArticle", "Subscription"]


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed and its fetch state."""

    id: int
    url: str
    name: str
    title: str
    every: int
    paused: bool
    etag: str | None
    last_modified: str | None
    last_fetch: float | None
    last_success: float | None
    last_error: str | None
    failures: int
    next_due: float | None
    from_config: bool
    articles: int = 0


@dataclass(frozen=True, slots=True)
class Chat:
    """A chat the bot posts to: a channel, a group or a private subscriber."""

    id: int
    telegram_id: str
    kind: str
    title: str
    lang: str | None
    active: bool
    inactive_reason: str | None

    @property
    def send_to(self) -> int | str:
        """The chat_id to give the Bot API: an integer, or an @username."""
        return self.telegram_id if self.telegram_id.startswith("@") else int(self.telegram_id)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article with its database id."""

    id: int
    feed_id: int | None
    article: Article
    created: float


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat's subscription to one feed (feed_id set) or to all (feed_id None), with word filters."""

    id: int
    chat_id: int
    feed_id: int | None
    feed_name: str | None
    include: tuple[str, ...]
    exclude: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What storing an article did: its new id and outbox rows, or why it was not new."""

    article_id: int | None
    duplicate_of: int | None = None
    reason: str = ""
    queued: int = 0

    @property
    def is_new(self) -> bool:
        return self.article_id is not None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One message waiting to be sent (or sent): an article or a broadcast to a chat."""

    id: int
    chat: Chat
    article_id: int | None
    batch_id: int | None
    priority: int
    kind: str
    text: str | None
    state: str
    attempts: int
    next_try: float
    error: str | None
    message_id: int | None
