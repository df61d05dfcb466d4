"""kill -9 in the middle of a fan-out: every (article, chat) pair arrives, at most the in-flight ones twice.

The bot runs as a child process (`python -m bot run --config ...`), exactly as in production, against the
sandbox and a real SQLite file; the outbox is filled before it starts.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.storage import Storage
from content import parse
from sandbox import SEND_METHODS, Limits
from sandbox.newssite import rss
from tests.bot.delivery_env import item

GLOBAL = 60
PRIVATE = 5
IN_FLIGHT = 8
USERS = list(range(20001, 20151))  # 150 subscribers
ARTICLES = 4  # 600 messages, ~10 s at 60/s


def write_config(tmp_path: Path, sandbox: Any) -> Path:
    path = tmp_path / "newsbot.toml"
    path.write_text(
        f'[telegram]\ntoken = "{sandbox.token}"\napi_url = "{sandbox.api_url}"\nadmins = [1001]\n'
        '[storage]\ndatabase = "bot.sqlite3"\n'
        f"[limits]\nglobal_per_second = {GLOBAL}\nprivate_per_second = {PRIVATE}\nin_flight = {IN_FLIGHT}\n",
        encoding="utf-8",
    )
    return path


async def fill_outbox(database: Path) -> None:
    """A paused feed (so the child does not poll it), 150 subscribers and 4 articles: 600 rows."""
    body = rss([item(n, "http://news.invalid") for n in range(1, ARTICLES + 1)])
    async with Storage(database) as storage:
        feed = await storage.add_feed("http://news.invalid/feed.xml", "crash", every=3600)
        await storage.set_feed_paused(feed.id, True)
        for uid in USERS:
            chat = await storage.upsert_chat(uid, "private")
            await storage.subscribe(chat.id, feed.id)
        for article in parse(body, url="http://news.invalid/feed.xml"):
            assert (await storage.add_article(feed.id, article)).queued == len(USERS)


async def start_bot(config: Path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if k != "NEWSBOT_TOKEN"}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip


def pairs(sandbox: Any) -> Counter[tuple[int, str]]:
    """(chat, title) of every message the sandbox accepted, counted."""
    return Counter(
        (e["chat_id"], e["text"].split("\n", 1)[0]) for e in sandbox.sent(methods=SEND_METHODS)
    )


async def wait_pairs(sandbox: Any, n: int, within: float) -> None:
    """Wait until `n` distinct (chat, article) pairs have arrived."""
    deadline = asyncio.get_running_loop().time() + within
    while len(pairs(sandbox)) < n:
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"{len(pairs(sandbox))} pairs, wanted {n}; errors: {sandbox.errors[-3:]}")
        await asyncio.sleep(0.05)


@pytest.mark.slow
async def test_sigkill_mid_fan_out_then_restart_delivers_everything_once(
    tmp_path: Path, sandbox: Any
) -> None:
    sandbox.set_limits(Limits(global_limit=GLOBAL, private_rate=PRIVATE, private_burst=PRIVATE))
    for uid in USERS:
        sandbox.add_chat(uid, "private")
    config = write_config(tmp_path, sandbox)
    await fill_outbox(tmp_path / "bot.sqlite3")
    total = len(USERS) * ARTICLES

    first = await start_bot(config)
    second: asyncio.subprocess.Process | None = None
    try:
        await wait_pairs(sandbox, 100, within=60)
        # a second bot on the same database refuses to start
        second = await start_bot(config)
        _, refused = await asyncio.wait_for(second.communicate(), 60)
        assert second.returncode == 1
        assert "already running" in refused.decode()
        assert "Traceback" not in refused.decode()  # one clear line, not a crash
        await wait_pairs(sandbox, 250, within=60)
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
        if second is not None and second.returncode is None:
            second.kill()
            await second.wait()
    at_kill = sandbox.stats.sends
    assert at_kill < total  # really killed mid-way

    restarted = await start_bot(config)
    try:
        await wait_pairs(sandbox, total, within=90)
        await asyncio.sleep(0.5)  # let any (wrong) extra send arrive before counting
    finally:
        restarted.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(restarted.communicate(), 30)
    log = err.decode()
    assert restarted.returncode == 0, log[-2000:]

    sent = pairs(sandbox)
    assert len(sent) == total  # every pair arrived
    duplicates = sum(sent.values()) - total
    assert duplicates <= IN_FLIGHT  # only sends in flight at the kill can repeat
    found = re.search(r"(\d+) messages were in flight", log)
    recovered = int(found.group(1)) if found else 0
    assert duplicates <= recovered <= IN_FLIGHT  # the restart said how many it re-sends
    async with Storage(tmp_path / "bot.sqlite3") as storage:
        assert await storage.outbox_counts() == {"sent": total}
    print(
        f"crash: killed after {at_kill}/{total} sends; {recovered} recovered from 'sending', "
        f"{duplicates} duplicated (bound {IN_FLIGHT})"
    )
