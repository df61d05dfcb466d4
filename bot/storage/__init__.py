"""Storage: the one class that owns every SQL string, split by table into mixins."""

from __future__ import annotations

from bot.storage.admin import AdminMixin
from bot.storage.articles import ArticlesMixin, fts_query
from bot.storage.base import AlreadyRunning, InstanceLock, StorageError
from bot.storage.chats import ChatsMixin
from bot.storage.feeds import FeedsMixin
from bot.storage.outbox import OutboxMixin
from bot.storage.records import AddResult, Chat, Feed, OutboxRow, StoredArticle, Subscription
from bot.storage.subscriptions import SubscriptionsMixin

__all__ = [
    "AddResult",
    "AlreadyRunning",
    "Chat",
    "Feed",
    "InstanceLock",
    "OutboxRow",
    "Storage",
    "StorageError",
    "StoredArticle",
    "Subscription",
    "fts_query",
]


class Storage(
    FeedsMixin, ChatsMixin, ArticlesMixin, SubscriptionsMixin, OutboxMixin, AdminMixin
):
    """The newsbot database. `async with Storage(path) as db:` opens it and applies migrations."""

    async def __aenter__(self) -> Storage:
        await self.open()
        return self
