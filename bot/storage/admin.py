"""Settings, the admin audit log, once-only admin notices, and the numbers behind /stats."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.storage.base import StorageBase

__all__ = ["AdminMixin", "AuditEntry", "BatchInfo", "FailedRow", "Hourly", "StatsReport"]

HOUR = 3600.0
DAY = 86400.0


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One admin action: when, who, what, and its details as JSON text."""

    at: float
    user_id: int | None
    action: str
    detail: str


@dataclass(frozen=True, slots=True)
class BatchInfo:
    """A push or broadcast batch and its rows by state."""

    id: int
    kind: str
    admin_id: int | None
    text: str | None
    cancelled: bool
    created: float
    counts: dict[str, int]

    @property
    def unfinished(self) -> int:
        """Rows still waiting or in flight."""
        return self.counts.get("pending", 0) + self.counts.get("sending", 0)


@dataclass(frozen=True, slots=True)
class FailedRow:
    """An outbox row that failed for good."""

    id: int
    chat: str  # the chat's telegram_id
    kind: str
    article_id: int | None
    batch_id: int | None
    error: str


@dataclass(frozen=True, slots=True)
class Hourly:
    """Counts per hour over a window: `start` is the first bucket's Unix time."""

    start: float
    deliveries: tuple[int, ...]
    articles: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StatsReport:
    """Everything /stats and `newsbot stats` show."""

    articles_total: int
    articles_per_feed: tuple[tuple[str, int], ...]  # (feed name or "(removed feed)", count)
    articles_per_day: tuple[tuple[str, int], ...]  # ("YYYY-MM-DD" UTC, count), newest first
    outbox: dict[str, int]
    deliveries_24h: int
    subscribers_active: int
    subscribers_blocked: int
    channels: int
    feeds: int
    feeds_paused: int
    paused: bool


class AdminMixin(StorageBase):
    """Queries on the meta, audit and notices tables, and read-only statistics."""

    async def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A stored setting (e.g. 'paused')."""
        row = await self.fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return str(row[0]) if row else default

    async def set_setting(self, key: str, value: str) -> None:
        """Store a setting; it survives restarts."""
        await self.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def is_paused(self) -> bool:
        """Whether an admin paused all scheduled posting."""
        return await self.get_setting("paused", "0") == "1"

    async def audit(self, user_id: int | None, action: str, **detail: Any) -> None:
        """Record an admin action: who, what, when."""
        await self.execute(
            "INSERT INTO audit (at, user_id, action, detail) VALUES (?, ?, ?, ?)",
            (self.now(), user_id, action, json.dumps(detail, ensure_ascii=False, default=str)),
        )

    async def audit_log(self, limit: int = 50) -> list[AuditEntry]:
        """The newest audit entries, newest first."""
        rows = await self.fetchall(
            "SELECT at, user_id, action, detail FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [AuditEntry(r[0], r[1], r[2], r[3]) for r in rows]

    async def first_notice(self, key: str) -> bool:
        """True the first time a notice key is seen, so admins are told of a problem once."""
        return (
            await self.execute(
                "INSERT OR IGNORE INTO notices (key, at) VALUES (?, ?)", (key, self.now())
            )
            > 0
        )

    async def clear_notice(self, key: str) -> None:
        """Forget a notice once its problem is solved, so a new occurrence is told again."""
        await self.execute("DELETE FROM notices WHERE key = ?", (key,))

    async def notice_keys(self, prefix: str) -> list[str]:
        """Notice keys already sent that start with `prefix` (to clear those whose problem is gone)."""
        rows = await self.fetchall(
            "SELECT key FROM notices WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
        )
        return [r[0] for r in rows]

    # -- batches ---------------------------------------------------------------------------------

    async def batch_info(self, batch_id: int) -> BatchInfo | None:
        """A batch with its rows counted by state."""
        row = await self.fetchone(
            "SELECT id, kind, admin_id, text, cancelled, created FROM batches WHERE id = ?",
            (batch_id,),
        )
        if row is None:
            return None
        counts = await self.fetchall(
            "SELECT state, COUNT(*) FROM outbox WHERE batch_id = ? GROUP BY state", (batch_id,)
        )
        return BatchInfo(
            id=row[0],
            kind=row[1],
            admin_id=row[2],
            text=row[3],
            cancelled=bool(row[4]),
            created=row[5],
            counts={r[0]: r[1] for r in counts},
        )

    async def running_batches(self, kind: str | None = None) -> list[BatchInfo]:
        """Batches that still have rows pending or in flight, newest first."""
        rows = await self.fetchall(
            """SELECT DISTINCT b.id FROM batches b JOIN outbox o ON o.batch_id = b.id
               WHERE o.state IN ('pending', 'sending') AND (? IS NULL OR b.kind = ?)
               ORDER BY b.id DESC""",
            (kind, kind),
        )
        found = [await self.batch_info(r[0]) for r in rows]
        return [b for b in found if b is not None]

    async def failed_rows(self, limit: int = 20) -> list[FailedRow]:
        """The newest failed outbox rows."""
        rows = await self.fetchall(
            """SELECT o.id, c.telegram_id, o.kind, o.article_id, o.batch_id, IFNULL(o.error, '')
               FROM outbox o JOIN chats c ON c.id = o.chat_id WHERE o.state = 'failed'
               ORDER BY o.id DESC LIMIT ?""",
            (limit,),
        )
        return [FailedRow(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    async def channel_feeds(self) -> dict[int, list[str]]:
        """chats.id -> names of the feeds posting there."""
        rows = await self.fetchall(
            """SELECT fc.chat_id, f.name FROM feed_channels fc JOIN feeds f ON f.id = fc.feed_id
               ORDER BY fc.chat_id, f.name"""
        )
        out: dict[int, list[str]] = {}
        for chat_id, name in rows:
            out.setdefault(chat_id, []).append(name)
        return out

    # -- statistics ------------------------------------------------------------------------------

    async def stats(self, now: float | None = None) -> StatsReport:
        """Counts for /stats: articles, outbox, deliveries, subscribers, feeds."""
        now = self.now() if now is None else now

        async def one(sql: str, params: tuple[Any, ...] = ()) -> int:
            row = await self.fetchone(sql, params)
            return int(row[0] or 0) if row else 0

        per_feed = await self.fetchall(
            """SELECT IFNULL(f.name, '(removed feed)') AS name, COUNT(*) AS n FROM articles a
               LEFT JOIN feeds f ON f.id = a.feed_id GROUP BY a.feed_id ORDER BY n DESC, name"""
        )
        per_day = await self.fetchall(
            """SELECT date(created, 'unixepoch') AS day, COUNT(*) FROM articles
               WHERE created >= ? GROUP BY day ORDER BY day DESC""",
            (now - 7 * DAY,),
        )
        outbox = await self.fetchall("SELECT state, COUNT(*) FROM outbox GROUP BY state")
        subs = await self.fetchall(
            """SELECT c.active, COUNT(DISTINCT c.id) FROM chats c
               JOIN subscriptions s ON s.chat_id = c.id GROUP BY c.active"""
        )
        by_active = {bool(r[0]): r[1] for r in subs}
        return StatsReport(
            articles_total=await one("SELECT COUNT(*) FROM articles"),
            articles_per_feed=tuple((r[0], r[1]) for r in per_feed),
            articles_per_day=tuple((r[0], r[1]) for r in per_day),
            outbox={r[0]: r[1] for r in outbox},
            deliveries_24h=await one(
                "SELECT COUNT(*) FROM outbox WHERE sent_at >= ?", (now - DAY,)
            ),
            subscribers_active=by_active.get(True, 0),
            subscribers_blocked=by_active.get(False, 0),
            channels=await one("SELECT COUNT(DISTINCT chat_id) FROM feed_channels"),
            feeds=await one("SELECT COUNT(*) FROM feeds"),
            feeds_paused=await one("SELECT COUNT(*) FROM feeds WHERE paused = 1"),
            paused=await self.is_paused(),
        )

    async def hourly(self, hours: int = 48, now: float | None = None) -> Hourly:
        """Deliveries and new articles per hour over the last `hours` hours (the last bucket is now)."""
        now = self.now() if now is None else now
        end = (now // HOUR + 1) * HOUR
        start = end - hours * HOUR
        deliveries = [0] * hours
        articles = [0] * hours
        queries = (
            ("SELECT sent_at AS t FROM outbox WHERE sent_at >= ? AND sent_at < ?", deliveries),
            ("SELECT created AS t FROM articles WHERE created >= ? AND created < ?", articles),
        )
        for sql, into in queries:
            rows = await self.fetchall(
                f"SELECT CAST((t - ?) / {HOUR} AS INTEGER) AS bucket, COUNT(*) FROM ({sql}) GROUP BY bucket",
                (start, start, end),
            )
            for bucket, count in rows:
                if 0 <= bucket < hours:
                    into[bucket] = count
        return Hourly(start=start, deliveries=tuple(deliveries), articles=tuple(articles))
