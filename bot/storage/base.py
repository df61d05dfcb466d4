"""The database connection: opening, migrations, serialised write transactions, the instance lock."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.schema import MIGRATIONS

__all__ = ["AlreadyRunning", "InstanceLock", "StorageBase", "StorageError"]


class StorageError(Exception):
    """The database cannot be used; the message says why."""


class AlreadyRunning(StorageError):
    """Another newsbot process holds the database's instance lock."""


class InstanceLock:
    """An exclusive SQLite lock on `<database>.lock`, held while one bot process runs.

    SQLite's own file locking does the work, so a process that dies (even by SIGKILL) releases it, and
    the CLI's read/write commands, which do not take it, keep working beside a running bot.
    """

    def __init__(self, database: Path) -> None:
        self.path = Path(f"{database}.lock")
        self._conn: sqlite3.Connection | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning (StorageError if the folder is unusable)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            database = self.path.with_suffix("")
            raise StorageError(f"{database}: cannot use this database path ({exc})") from None
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError:
            conn.close()
            raise AlreadyRunning(
                f"another newsbot process is already running on {self.path.with_suffix('')}; "
                "stop it first (two senders would post twice)"
            ) from None
        self._conn = conn

    def release(self) -> None:
        """Give the lock back."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


Params = Iterable[Any] | Mapping[str, Any]


def _bind(params: Params) -> tuple[Any, ...] | Mapping[str, Any]:
    """Positional parameters as a tuple; named ones (a mapping) as they are."""
    return params if isinstance(params, Mapping) else tuple(params)


class StorageBase:
    """Owns the aiosqlite connection. Subclasses (mixins) add the queries; all SQL lives in this package."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"

    @property
    def db(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise StorageError("storage is not open")
        return self._conn

    async def open(self) -> None:
        """Open the database, set WAL and foreign keys, and apply pending migrations."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"{self.path}: cannot open the database ({exc})") from None
        self._conn.row_factory = sqlite3.Row
        try:
            await self._conn.execute("PRAGMA journal_mode = WAL")
            await self._conn.execute("PRAGMA foreign_keys = ON")
            await self._conn.execute("PRAGMA synchronous = NORMAL")
            await self._conn.execute("PRAGMA busy_timeout = 5000")
            await self._migrate()
        except StorageError:
            await self.close()
            raise
        except sqlite3.DatabaseError as exc:
            await self.close()
            raise StorageError(f"{self.path}: not a usable newsbot database ({exc})") from None
        await self._after_open()

    async def _after_open(self) -> None:
        """Hook for mixins that warm caches after opening."""

    async def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            await conn.close()

    async def __aenter__(self) -> StorageBase:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def schema_version(self) -> int:
        """How many migrations this database has run."""
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        version = await self.schema_version()
        if version > len(MIGRATIONS):
            raise StorageError(
                f"{self.path}: made by a newer newsbot (schema {version} > {len(MIGRATIONS)})"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # executescript commits first; the whole step and its version bump run in one transaction
            await self.db.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time: BEGIN IMMEDIATE ... COMMIT, rolled back on error."""
        async with self._write_lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Run a read query and return every row."""
        async with self.db.execute(sql, _bind(params)) as cur:
            return list(await cur.fetchall())

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """Run a read query and return the first row, or None."""
        async with self.db.execute(sql, _bind(params)) as cur:
            row: sqlite3.Row | None = await cur.fetchone()
            return row

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one write statement in its own transaction; return the rows it changed."""
        async with self.transaction() as db, db.execute(sql, tuple(params)) as cur:
            return cur.rowcount

    @staticmethod
    def now() -> float:
        """Unix time; one place, so tests and queries agree."""
        return time.time()
