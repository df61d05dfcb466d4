"""Settings, the admin audit log and once-only admin notices."""

from __future__ import annotations

import json
from typing import Any

from bot.storage.base import StorageBase

__all__ = ["AdminMixin"]


class AdminMixin(StorageBase):
    """Queries on the meta, audit and notices tables."""

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

    async def audit_log(self, limit: int = 50) -> list[tuple[float, int | None, str, str]]:
        """The newest audit entries."""
        rows = await self.fetchall(
            "SELECT at, user_id, action, detail FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

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
