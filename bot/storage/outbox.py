"""The outbox: every bulk message waits here until Telegram has accepted it.

A row is claimed ('sending') right before its send and marked 'sent' with the message_id right after,
so a crash can repeat at most the rows in flight at that moment.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from bot.storage.base import StorageBase
from bot.storage.chats import chat_from_row
from bot.storage.records import OutboxRow

__all__ = ["OutboxMixin"]

_ROW = """o.id, o.article_id, o.batch_id, o.priority, o.kind, o.text, o.state, o.attempts,
    o.next_try, o.error, o.message_id,
    c.id AS c_id, c.telegram_id AS c_telegram_id, c.kind AS c_kind, c.title AS c_title,
    c.lang AS c_lang, c.active AS c_active, c.inactive_reason AS c_inactive_reason"""


def _row(r: sqlite3.Row) -> OutboxRow:
    return OutboxRow(
        id=r["id"],
        chat=chat_from_row(r, "c_"),
        article_id=r["article_id"],
        batch_id=r["batch_id"],
        priority=r["priority"],
        kind=r["kind"],
        text=r["text"],
        state=r["state"],
        attempts=r["attempts"],
        next_try=r["next_try"],
        error=r["error"],
        message_id=r["message_id"],
    )


class OutboxMixin(StorageBase):
    """Queries on the outbox and batches tables."""

    async def recover_sending(self) -> int:
        """At start: rows left 'sending' by a crash go back to 'pending'; return how many."""
        return await self.execute("UPDATE outbox SET state = 'pending' WHERE state = 'sending'")

    async def due_rows(self, limit: int, now: float | None = None) -> list[OutboxRow]:
        """Pending rows whose time has come: priority first, oldest first."""
        now = self.now() if now is None else now
        rows = await self.fetchall(
            f"""SELECT {_ROW} FROM outbox o JOIN chats c ON c.id = o.chat_id
                WHERE o.state = 'pending' AND o.next_try <= ?
                ORDER BY o.priority, o.id LIMIT ?""",
            (now, limit),
        )
        return [_row(r) for r in rows]

    async def outbox_heads(self, limit: int) -> list[OutboxRow]:
        """The first pending row of each active chat (priority, then id), due or not, in that order.

        The delivery worker sends a chat's rows one at a time in this order, so a row waiting for a
        retry holds back the later rows of its chat (posts keep their order) but no other chat.
        """
        rows = await self.fetchall(
            f"""SELECT {_ROW} FROM (
                    SELECT id, ROW_NUMBER() OVER (PARTITION BY chat_id ORDER BY priority, id) AS n
                    FROM outbox WHERE state = 'pending'
                ) h JOIN outbox o ON o.id = h.id JOIN chats c ON c.id = o.chat_id
                WHERE h.n = 1 AND c.active = 1 ORDER BY o.priority, o.id LIMIT ?""",
            (limit,),
        )
        return [_row(r) for r in rows]

    async def chat_head(self, chat_id: int) -> OutboxRow | None:
        """The first pending row of one chat (chats.id), due or not."""
        row = await self.fetchone(
            f"""SELECT {_ROW} FROM outbox o JOIN chats c ON c.id = o.chat_id
                WHERE o.chat_id = ? AND o.state = 'pending' AND c.active = 1
                ORDER BY o.priority, o.id LIMIT 1""",
            (chat_id,),
        )
        return _row(row) if row else None

    async def sent_since(self, since: float) -> int:
        """Rows sent since a Unix time, for /stats."""
        row = await self.fetchone("SELECT COUNT(*) FROM outbox WHERE sent_at >= ?", (since,))
        return int(row[0]) if row else 0

    async def next_due_time(self) -> float | None:
        """When the next pending row becomes due, or None if there is none."""
        row = await self.fetchone("SELECT MIN(next_try) FROM outbox WHERE state = 'pending'")
        return float(row[0]) if row and row[0] is not None else None

    async def mark_sending(self, row_id: int) -> bool:
        """Claim a row just before sending it; False if it is no longer pending (dropped meanwhile)."""
        return (
            await self.execute(
                """UPDATE outbox SET state = 'sending', attempts = attempts + 1
                   WHERE id = ? AND state = 'pending'""",
                (row_id,),
            )
            > 0
        )

    async def mark_sent(self, row_id: int, message_id: int | None) -> None:
        """Telegram accepted the message."""
        await self.execute(
            """UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?, error = NULL
               WHERE id = ?""",
            (message_id, self.now(), row_id),
        )

    async def mark_retry(self, row_id: int, next_try: float, error: str) -> None:
        """Send again at `next_try` (flood wait, network error, 5xx)."""
        await self.execute(
            "UPDATE outbox SET state = 'pending', next_try = ?, error = ? WHERE id = ?",
            (next_try, error[:500], row_id),
        )

    async def mark_failed(self, row_id: int, error: str) -> None:
        """Give up on a row for good (a bug such as bad HTML; never retried)."""
        await self.execute(
            "UPDATE outbox SET state = 'failed', error = ? WHERE id = ?", (error[:500], row_id)
        )

    async def enqueue(
        self,
        chat_ids: Sequence[int],
        *,
        kind: str,
        priority: int,
        article_id: int | None = None,
        batch_id: int | None = None,
        text: str | None = None,
    ) -> int:
        """Queue one row per chat (chats.id); return how many were queued."""
        now = self.now()
        async with self.transaction() as db, db.executemany(
            """INSERT OR IGNORE INTO outbox
               (chat_id, article_id, batch_id, priority, kind, text, next_try, created)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [(c, article_id, batch_id, priority, kind, text, now, now) for c in chat_ids],
        ) as cur:
            return cur.rowcount

    async def outbox_counts(self, batch_id: int | None = None) -> dict[str, int]:
        """Rows by state, for the whole outbox or one batch."""
        if batch_id is None:
            rows = await self.fetchall("SELECT state, COUNT(*) FROM outbox GROUP BY state")
        else:
            rows = await self.fetchall(
                "SELECT state, COUNT(*) FROM outbox WHERE batch_id = ? GROUP BY state", (batch_id,)
            )
        return {r[0]: r[1] for r in rows}

    async def sent_message(self, article_id: int, chat_id: int) -> int | None:
        """The message_id of an article's post in a chat, so it can be edited or deleted."""
        row = await self.fetchone(
            """SELECT message_id FROM outbox WHERE article_id = ? AND chat_id = ? AND state = 'sent'
               ORDER BY id DESC LIMIT 1""",
            (article_id, chat_id),
        )
        return int(row[0]) if row and row[0] is not None else None

    async def create_batch(self, kind: str, admin_id: int | None, text: str | None = None) -> int:
        """Start a push or broadcast batch; return its id."""
        async with self.transaction() as db, db.execute(
            "INSERT INTO batches (kind, admin_id, text, created) VALUES (?, ?, ?, ?)",
            (kind, admin_id, text, self.now()),
        ) as cur:
            assert cur.lastrowid is not None
            return cur.lastrowid

    async def cancel_batch(self, batch_id: int) -> int:
        """Cancel a batch: rows not yet sent are dropped; return how many."""
        async with self.transaction() as db:
            await db.execute("UPDATE batches SET cancelled = 1 WHERE id = ?", (batch_id,))
            async with db.execute(
                """UPDATE outbox SET state = 'dropped', error = 'cancelled'
                   WHERE batch_id = ? AND state = 'pending'""",
                (batch_id,),
            ) as cur:
                return cur.rowcount
