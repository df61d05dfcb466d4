"""Feeds, their channels and their fetch state."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from bot.storage.base import StorageBase, StorageError
from bot.storage.records import Feed

__all__ = ["FeedsMixin"]

_FEED_COLUMNS = """f.id, f.url, f.name, f.title, f.every, f.paused, f.etag, f.last_modified,
    f.last_fetch, f.last_success, f.last_error, f.failures, f.next_due, f.from_config"""


def _feed(row: sqlite3.Row) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        name=row["name"],
        title=row["title"],
        every=row["every"],
        paused=bool(row["paused"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_fetch=row["last_fetch"],
        last_success=row["last_success"],
        last_error=row["last_error"],
        failures=row["failures"],
        next_due=row["next_due"],
        from_config=bool(row["from_config"]),
        articles=row["articles"] if "articles" in row.keys() else 0,
    )


class FeedsMixin(StorageBase):
    """Queries on the feeds and feed_channels tables."""

    async def add_feed(
        self,
        url: str,
        name: str,
        *,
        every: int = 600,
        title: str = "",
        from_config: bool = False,
    ) -> Feed:
        """Store a new feed, or update the feed with this URL; return it."""
        now = self.now()
        try:
            async with self.transaction() as db:
                await db.execute(
                    """INSERT INTO feeds (url, name, title, every, from_config, created)
                       VALUES (?, ?, ?, ?, ?, ?)
                       ON CONFLICT (url) DO UPDATE SET name = excluded.name,
                           every = excluded.every, from_config = excluded.from_config,
                           title = CASE WHEN excluded.title != '' THEN excluded.title ELSE title END""",
                    (url, name, title, every, int(from_config), now),
                )
        except sqlite3.IntegrityError:
            raise StorageError(f"a feed named {name!r} already exists") from None
        feed = await self.get_feed(url)
        assert feed is not None
        return feed

    async def get_feed(self, ref: int | str) -> Feed | None:
        """A feed by id, name or URL."""
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            row = await self.fetchone(
                f"SELECT {_FEED_COLUMNS} FROM feeds f WHERE f.id = ?", (int(ref),)
            )
        else:
            row = await self.fetchone(
                f"SELECT {_FEED_COLUMNS} FROM feeds f WHERE f.name = ? COLLATE NOCASE OR f.url = ?",
                (ref, ref),
            )
        return _feed(row) if row else None

    async def list_feeds(self, *, with_counts: bool = False) -> list[Feed]:
        """Every feed, by name; with article counts when asked."""
        count = (
            ", (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id) AS articles"
            if with_counts
            else ""
        )
        rows = await self.fetchall(f"SELECT {_FEED_COLUMNS}{count} FROM feeds f ORDER BY f.name")
        return [_feed(r) for r in rows]

    async def remove_feed(self, feed_id: int) -> bool:
        """Delete a feed (its articles stay, detached); True if it existed."""
        return await self.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)) > 0

    async def set_feed_paused(self, feed_id: int, paused: bool) -> bool:
        """Pause or resume one feed; resuming clears its failure streak."""
        sql = (
            "UPDATE feeds SET paused = 1 WHERE id = ?"
            if paused
            else "UPDATE feeds SET paused = 0, failures = 0, next_due = NULL WHERE id = ?"
        )
        return await self.execute(sql, (feed_id,)) > 0

    async def record_fetch_success(
        self,
        feed_id: int,
        *,
        next_due: float,
        etag: str | None = None,
        last_modified: str | None = None,
        url: str | None = None,
        title: str | None = None,
    ) -> None:
        """A fetch worked (200 or 304): store validators, clear the error streak, set the next due time."""
        now = self.now()
        async with self.transaction() as db:
            await db.execute(
                """UPDATE feeds SET etag = ?, last_modified = ?, last_fetch = ?, last_success = ?,
                       last_error = NULL, failures = 0, next_due = ?,
                       title = CASE WHEN title = '' AND ? IS NOT NULL THEN ? ELSE title END
                   WHERE id = ?""",
                (etag, last_modified, now, now, next_due, title, title, feed_id),
            )
            if url:  # a permanent redirect: keep the new address unless another feed has it
                await db.execute(
                    "UPDATE OR IGNORE feeds SET url = ? WHERE id = ?", (url, feed_id)
                )

    async def record_fetch_failure(
        self, feed_id: int, error: str, *, next_due: float, pause_after: int
    ) -> Feed:
        """A fetch failed: count it, store the error and next due time; pause after a long streak."""
        async with self.transaction() as db:
            await db.execute(
                """UPDATE feeds SET last_fetch = ?, last_error = ?, failures = failures + 1,
                       next_due = ?, paused = CASE WHEN failures + 1 >= ? THEN 1 ELSE paused END
                   WHERE id = ?""",
                (self.now(), error[:500], next_due, pause_after, feed_id),
            )
        feed = await self.get_feed(feed_id)
        assert feed is not None
        return feed

    async def set_feed_channels(self, feed_id: int, chat_ids: Sequence[int]) -> None:
        """Make `chat_ids` (chats.id) exactly the channels of this feed."""
        async with self.transaction() as db:
            await db.execute("DELETE FROM feed_channels WHERE feed_id = ?", (feed_id,))
            await db.executemany(
                "INSERT OR IGNORE INTO feed_channels (feed_id, chat_id) VALUES (?, ?)",
                [(feed_id, c) for c in chat_ids],
            )

    async def add_feed_channel(self, feed_id: int, chat_id: int) -> None:
        """Post this feed's new articles to one more channel."""
        await self.execute(
            "INSERT OR IGNORE INTO feed_channels (feed_id, chat_id) VALUES (?, ?)",
            (feed_id, chat_id),
        )

    async def remove_channel_everywhere(self, chat_id: int) -> int:
        """Stop posting any feed to this chat; return how many feeds used it."""
        return await self.execute("DELETE FROM feed_channels WHERE chat_id = ?", (chat_id,))

    async def feed_channel_ids(self, feed_id: int) -> list[int]:
        """The chats.id of this feed's channels."""
        rows = await self.fetchall(
            "SELECT chat_id FROM feed_channels WHERE feed_id = ? ORDER BY chat_id", (feed_id,)
        )
        return [r[0] for r in rows]
