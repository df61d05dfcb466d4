"""`newsbot run` as a user runs it: a child process against the sandbox, answered, stopped cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from sandbox import Limits, Sandbox

TOKEN = "123456:RUNSECRETTOKEN"


def write_config(tmp_path: Path, api_url: str, **extra: str) -> Path:
    path = tmp_path / "newsbot.toml"
    path.write_text(
        f'[telegram]\ntoken = "{TOKEN}"\napi_url = "{api_url}"\nadmins = [1001]\n'
        '[storage]\ndatabase = "bot.sqlite3"\n[logging]\nlevel = "DEBUG"\n',
        encoding="utf-8",
    )
    return path


async def start_bot(config: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONWARNINGS": "error::RuntimeWarning"}
    env.pop("NEWSBOT_TOKEN", None)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A sandbox that knows this test's token, so the logs can be searched for it."""
    async with Sandbox(token=TOKEN, limits=Limits()) as sb:
        yield sb


@pytest.mark.slow
async def test_run_answers_start_and_stops_cleanly(tmp_path: Path, sandbox: Any) -> None:
    config = write_config(tmp_path, sandbox.api_url)
    proc = await start_bot(config)
    try:
        sandbox.inject_message(chat_id=1001, user_id=1001, text="/start", language_code="en")
        (reply,) = await sandbox.wait_messages(1001, 1, timeout=30)
        assert "newsbot" in reply["text"].lower() or reply["text"]
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    log = err.decode()
    assert proc.returncode == 0, log
    for bad in ("Traceback", "Task was destroyed", "never awaited", "Unclosed", "RUNSECRETTOKEN"):
        assert bad not in log, bad
    assert (tmp_path / "bot.sqlite3").exists()


@pytest.mark.slow
async def test_second_process_on_same_database_refuses(tmp_path: Path, sandbox: Any) -> None:
    config = write_config(tmp_path, sandbox.api_url)
    first = await start_bot(config)
    try:
        sandbox.inject_message(chat_id=1001, user_id=1001, text="/start", language_code="en")
        await sandbox.wait_messages(1001, 1, timeout=30)  # the first one is up
        second = await start_bot(config)
        _, err = await asyncio.wait_for(second.communicate(), 30)
        assert second.returncode == 1
        assert "already running" in err.decode()
        assert "Traceback" not in err.decode()
    finally:
        first.send_signal(signal.SIGTERM)
        await asyncio.wait_for(first.communicate(), 30)
    assert first.returncode == 0


def test_application_repr_hides_the_token(tmp_path: Path) -> None:
    from bot.app import build_application
    from bot.config import Config, Secret

    app = build_application(Config(token=Secret(TOKEN), database=tmp_path / "x.sqlite3"))
    for text in (repr(app), repr(app.bot), str(app.bot_data)):
        assert "RUNSECRETTOKEN" not in text


async def test_refused_token_is_one_line_without_the_token(tmp_path: Path) -> None:
    async with Sandbox(token="999:OTHERTOKEN", limits=Limits()) as other:
        config = write_config(tmp_path, other.api_url)
        proc = await start_bot(config)
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    lines = [line for line in err.decode().splitlines() if "config error" in line]
    assert proc.returncode == 2
    assert len(lines) == 1 and "telegram.token" in lines[0] and "refused the token" in lines[0]
    assert "RUNSECRETTOKEN" not in err.decode()
    assert "Traceback" not in err.decode()


async def test_unreachable_bot_api_is_one_line(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9")
    proc = await start_bot(config)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 1
    assert "cannot reach the Bot API at http://127.0.0.1:9" in err.decode()
    assert "Traceback" not in err.decode() and "RUNSECRETTOKEN" not in err.decode()
