"""Subscriptions of private chats and groups to one feed or to all, with plain-word filters."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.storage.base import StorageBase
from bot.storage.records import Subscription

__all__ = ["SubscriptionsMixin"]


class SubscriptionsMixin(StorageBase):
    """Queries on the subscriptions table."""

    async def subscribe(
        self,
        chat_id: int,
        feed_id: int | None,
        *,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
    ) -> bool:
        """Subscribe a chat (chats.id) to a feed or to all (None); return False if it changed filters only.

        Filter words must already be normalised (content.normalize).
        """
        async with self.transaction() as db:
            async with db.execute(
                "SELECT id FROM subscriptions WHERE chat_id = ? AND IFNULL(feed_id, 0) = ?",
                (chat_id, feed_id or 0),
            ) as cur:
                existing = await cur.fetchone()
            inc = json.dumps(list(include), ensure_ascii=False)
            exc = json.dumps(list(exclude), ensure_ascii=False)
            if existing:
                await db.execute(
                    "UPDATE subscriptions SET include = ?, exclude = ? WHERE id = ?",
                    (inc, exc, existing[0]),
                )
                return False
            await db.execute(
                """INSERT INTO subscriptions (chat_id, feed_id, include, exclude, created)
                   VALUES (?, ?, ?, ?, ?)""",
                (chat_id, feed_id, inc, exc, self.now()),
            )
            return True

    async def unsubscribe(self, chat_id: int, feed_id: int | None) -> int:
        """Remove one subscription (a feed), or every subscription of the chat (None)."""
        if feed_id is None:
            return await self.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
        return await self.execute(
            "DELETE FROM subscriptions WHERE chat_id = ? AND feed_id = ?", (chat_id, feed_id)
        )

    async def subscriptions(self, chat_id: int) -> list[Subscription]:
        """A chat's subscriptions, 'all feeds' first."""
        rows = await self.fetchall(
            """SELECT s.id, s.chat_id, s.feed_id, f.name, s.include, s.exclude
               FROM subscriptions s LEFT JOIN feeds f ON f.id = s.feed_id
               WHERE s.chat_id = ? ORDER BY s.feed_id IS NOT NULL, f.name""",
            (chat_id,),
        )
        return [
            Subscription(
                id=r[0],
                chat_id=r[1],
                feed_id=r[2],
                feed_name=r[3],
                include=tuple(json.loads(r[4])),
                exclude=tuple(json.loads(r[5])),
            )
            for r in rows
        ]

    async def subscriber_ids(self) -> list[int]:
        """chats.id of every active chat with at least one subscription."""
        rows = await self.fetchall(
            """SELECT DISTINCT s.chat_id FROM subscriptions s JOIN chats c ON c.id = s.chat_id
               WHERE c.active = 1 ORDER BY s.chat_id"""
        )
        return [r[0] for r in rows]
