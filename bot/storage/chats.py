"""Chats: channels, groups and private subscribers, with their language and active flag."""

from __future__ import annotations

import sqlite3

from bot.storage.base import StorageBase
from bot.storage.records import Chat

__all__ = ["ChatsMixin"]

_CHAT_COLUMNS = "c.id, c.telegram_id, c.kind, c.title, c.lang, c.active, c.inactive_reason"


def chat_from_row(row: sqlite3.Row, prefix: str = "") -> Chat:
    """Build a Chat from a row whose chat columns may carry a prefix."""
    return Chat(
        id=row[f"{prefix}id"],
        telegram_id=row[f"{prefix}telegram_id"],
        kind=row[f"{prefix}kind"],
        title=row[f"{prefix}title"],
        lang=row[f"{prefix}lang"],
        active=bool(row[f"{prefix}active"]),
        inactive_reason=row[f"{prefix}inactive_reason"],
    )


class ChatsMixin(StorageBase):
    """Queries on the chats table."""

    async def upsert_chat(
        self, telegram_id: int | str, kind: str, title: str = "", *, reactivate: bool = True
    ) -> Chat:
        """Store a chat or refresh its title (and make it active again when it talks to us)."""
        key = str(telegram_id)
        async with self.transaction() as db:
            await db.execute(
                """INSERT INTO chats (telegram_id, kind, title, created) VALUES (?, ?, ?, ?)
                   ON CONFLICT (telegram_id) DO UPDATE SET kind = excluded.kind,
                       title = CASE WHEN excluded.title != '' THEN excluded.title ELSE title END,
                       active = CASE WHEN ? THEN 1 ELSE active END,
                       inactive_reason = CASE WHEN ? THEN NULL ELSE inactive_reason END""",
                (key, kind, title, self.now(), int(reactivate), int(reactivate)),
            )
        chat = await self.get_chat(key)
        assert chat is not None
        return chat

    async def get_chat(self, ref: int | str) -> Chat | None:
        """A chat by its Telegram id or @username (as given to the Bot API)."""
        row = await self.fetchone(
            f"SELECT {_CHAT_COLUMNS} FROM chats c WHERE c.telegram_id = ?", (str(ref),)
        )
        return chat_from_row(row) if row else None

    async def get_chat_by_rowid(self, chat_id: int) -> Chat | None:
        """A chat by its database id."""
        row = await self.fetchone(f"SELECT {_CHAT_COLUMNS} FROM chats c WHERE c.id = ?", (chat_id,))
        return chat_from_row(row) if row else None

    async def list_chats(self, kind: str | None = None, *, active: bool | None = None) -> list[Chat]:
        """Chats, optionally of one kind and activity."""
        where: list[str] = []
        params: list[object] = []
        if kind is not None:
            where.append("c.kind = ?")
            params.append(kind)
        if active is not None:
            where.append("c.active = ?")
            params.append(int(active))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = await self.fetchall(
            f"SELECT {_CHAT_COLUMNS} FROM chats c {clause} ORDER BY c.id", params
        )
        return [chat_from_row(r) for r in rows]

    async def channels(self) -> list[Chat]:
        """Every chat some feed posts to, with the feeds' channels first by id."""
        rows = await self.fetchall(
            f"""SELECT DISTINCT {_CHAT_COLUMNS} FROM chats c
                JOIN feed_channels fc ON fc.chat_id = c.id ORDER BY c.id"""
        )
        return [chat_from_row(r) for r in rows]

    async def set_chat_lang(self, telegram_id: int | str, lang: str) -> None:
        """Remember the language a chat chose with /lang."""
        await self.execute("UPDATE chats SET lang = ? WHERE telegram_id = ?", (lang, str(telegram_id)))

    async def deactivate_chat(self, chat_id: int, reason: str) -> int:
        """Mark a chat inactive (blocked, kicked, gone) and drop its unsent rows; return rows dropped."""
        async with self.transaction() as db:
            await db.execute(
                "UPDATE chats SET active = 0, inactive_reason = ? WHERE id = ?", (reason, chat_id)
            )
            async with db.execute(
                """UPDATE outbox SET state = 'dropped', error = ?
                   WHERE chat_id = ? AND state IN ('pending', 'sending')""",
                (reason, chat_id),
            ) as cur:
                return cur.rowcount

    async def migrate_chat(self, chat_id: int, new_telegram_id: int) -> None:
        """A group became a supergroup: keep its rows, subscriptions and channels under the new id."""
        new_key = str(new_telegram_id)
        async with self.transaction() as db:
            async with db.execute("SELECT id FROM chats WHERE telegram_id = ?", (new_key,)) as cur:
                existing = await cur.fetchone()
            if existing and existing[0] != chat_id:
                # The new id is already known (it talked to us): fold the old chat into it.
                for table in ("outbox", "subscriptions", "feed_channels"):
                    await db.execute(
                        f"UPDATE OR IGNORE {table} SET chat_id = ? WHERE chat_id = ?",
                        (existing[0], chat_id),
                    )
                await db.execute("DELETE FROM chats WHERE id = ?", (chat_id,))
            else:
                await db.execute(
                    "UPDATE chats SET telegram_id = ?, kind = 'supergroup' WHERE id = ?",
                    (new_key, chat_id),
                )

    async def remove_chat(self, chat_id: int) -> bool:
        """Forget a chat with its subscriptions and outbox rows."""
        return await self.execute("DELETE FROM chats WHERE id = ?", (chat_id,)) > 0
