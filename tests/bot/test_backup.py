"""`newsbot backup`: a consistent copy of a database that is being written meanwhile."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli_admin import backup
from bot.storage import Storage, StorageError


async def test_backup_while_another_task_writes(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    target = tmp_path / "backups" / "copy.sqlite3"
    async with Storage(db) as storage:
        for i in range(200):
            await storage.audit(1, "seed", n=i)
        stop = asyncio.Event()
        written = 0

        async def writer() -> None:
            nonlocal written
            while not stop.is_set():
                await storage.audit(1, "write", n=written, pad="x" * 500)
                written += 1
                await asyncio.sleep(0)

        task = asyncio.create_task(writer())
        await asyncio.sleep(0.05)
        before = written
        pages = await asyncio.to_thread(backup, db, target)  # as the CLI does, beside the bot
        after = written
        stop.set()
        await task
    assert pages > 0 and before > 0
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        seeds = copy.execute("SELECT COUNT(*) FROM audit WHERE action = 'seed'").fetchone()[0]
        writes = copy.execute("SELECT COUNT(*) FROM audit WHERE action = 'write'").fetchone()[0]
        version = copy.execute("PRAGMA user_version").fetchone()[0]
    finally:
        copy.close()
    assert seeds == 200
    assert before <= writes <= after + 1  # one snapshot taken while the writer ran
    assert version > 0
    assert not list(target.parent.glob(".*partial"))
    async with Storage(target) as restored:  # the copy opens as a newsbot database
        assert len(await restored.audit_log(1000)) == seeds + writes


def test_backup_refuses_the_database_itself_and_a_missing_one(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no database"):
        backup(tmp_path / "missing.sqlite3", tmp_path / "b.sqlite3")
    db = tmp_path / "db.sqlite3"
    sqlite3.connect(db).close()
    with pytest.raises(StorageError, match="is the database itself"):
        backup(db, db)


def test_backup_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "newsbot.toml"
    config.write_text('[telegram]\ntoken = "1:T"\n[storage]\ndatabase = "db.sqlite3"\n', encoding="utf-8")
    assert main(["backup", str(tmp_path / "b.sqlite3"), "--config", str(config)]) == 1
    assert "no database" in capsys.readouterr().err
    assert main(["stats", "--config", str(config)]) == 0  # creates the database
    capsys.readouterr()
    assert main(["backup", str(tmp_path / "b.sqlite3"), "--config", str(config)]) == 0
    assert "backed up" in capsys.readouterr().out
    assert (tmp_path / "b.sqlite3").stat().st_size > 0
