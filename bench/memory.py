"""Memory: peak RSS of `newsbot run` with 100,000 articles, 10,000 subscribers and 1,000 feeds.

`newsbot run` is started as a child process on a copy of the shared corpus database, talking to
a sandbox (child process) and polling its 1,000 feeds from a local feed server (child process).
The feeds' items are already stored (by canonical URL), as in a bot that has been running a while:
each poll fetches, parses and finds nothing new, then later polls get 304s. The run lasts one full
start-up polling spread (all 1,000 feeds fetched), with readers sending /latest and /search to it
meanwhile. Peak RSS is VmHWM from /proc/<pid>/status just before SIGTERM. Reference: the VmHWM of
a Python process that only imports what `newsbot run` imports. Target (issue 7): under 150 MB.
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.dataset import corpus_db
from bench.feedserver import FeedServer, feed_url
from bench.harness import Figure, Sizes, main_for, not_measured
from bench.sandboxserver import TOKEN, SandboxProcess

KEY = "memory"
HOSTS = 20
ITEMS = 5
IMPORTS = "import bot.cli, bot.app, bot.polling, bot.delivery, handlers, content"


def status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            out[name] = int(value.split()[0])
    return out


def prepare(corpus: Path, path: Path, port: int, feeds: int) -> int:
    """Copy the corpus, point its feeds at the feed server, and store every item the feeds carry."""
    from content import canonical_url

    shutil.copyfile(corpus, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "UPDATE feeds SET url = ?, next_due = NULL WHERE id = ?",
        [(feed_url(port, n, HOSTS), n) for n in range(1, feeds + 1)],
    )
    rng = random.Random(9)
    now = time.time()
    rows = [
        (
            n,
            canonical_url(f"https://site{n}.example.com/{i}.html"),
            f"site{n}-{i}",
            f"{rng.getrandbits(64):016x}",
            f"Feed {n} item {i}",
            json.dumps([f"Item {i} of feed {n}."]),
            now - 86_400,
            now,
        )
        for n in range(1, feeds + 1)
        for i in range(ITEMS)
    ]
    conn.executemany(
        """INSERT INTO articles (feed_id, url, guid, fingerprint, title, lang, paragraphs, ts, created)
           VALUES (?, ?, ?, ?, ?, 'en', ?, ?, ?)""",
        rows,
    )
    conn.execute("COMMIT")
    conn.close()
    return len(rows)


def floor_rss() -> int:
    """Peak RSS (kB) of a Python process that imports what `newsbot run` imports and stops."""
    code = f"{IMPORTS}\nprint(open('/proc/self/status').read())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


async def _readers(api_url: str, seconds: float) -> int:
    """Readers send /latest and /search (Arabic and English) every half second."""
    import httpx

    texts = ["/latest", "/search oil prices", "/latest 20", "/search النفط", "/read 5"]
    sent = 0
    async with httpx.AsyncClient(base_url=api_url, timeout=10) as control:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            chat = 900_000 + sent % 50
            await control.post(
                "/control/messages",
                json={
                    "chat_id": chat,
                    "user_id": chat,
                    "text": texts[sent % len(texts)],
                    "chat_type": "private",
                },
            )
            sent += 1
            await asyncio.sleep(0.5)
    return sent


def run_bot(db: Path, api_url: str, work: Path, seconds: float, feeds_port: int) -> dict[str, Any]:
    config = work / "newsbot.toml"
    config.write_text(
        f'[telegram]\ntoken = "{TOKEN}"\napi_url = "{api_url}"\nadmins = [1001]\n\n'
        f'[storage]\ndatabase = "{db}"\n\n[logging]\nlevel = "WARNING"\n',
        encoding="utf-8",
    )
    log = (work / "bot.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--config", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    samples: list[tuple[float, int]] = []
    started = time.monotonic()
    try:
        time.sleep(2)
        if proc.poll() is not None:
            tail = (work / "bot.log").read_text()[-300:]
            raise RuntimeError(f"newsbot run exited {proc.returncode}: {tail}")

        async def watch() -> int:
            reader = asyncio.create_task(_readers(api_url, seconds - 4))
            while time.monotonic() - started < seconds:
                samples.append((time.monotonic() - started, status(proc.pid)["VmRSS"]))
                await asyncio.sleep(1)
            return await reader

        commands = asyncio.run(watch())
        final = status(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        log.close()
    return {"hwm_kb": final["VmHWM"], "rss_kb": final["VmRSS"], "samples": samples,
            "commands": commands, "exit": code}  # fmt: skip


def run(sizes: Sizes) -> list[Figure]:
    articles = sizes.pick(100_000, 3_000)
    feeds = sizes.pick(1000, 20)
    subscribers = sizes.pick(10_000, 50)
    seconds = sizes.pick(40.0, 6.0)
    label = (
        f"Memory: peak RSS of newsbot run ({articles:,} articles, {subscribers:,} subscribers, "
        f"{feeds:,} feeds)"
    )
    try:
        import bot.cli  # noqa: F401
    except ImportError as exc:
        return [not_measured(KEY, label, f"bot.cli does not import ({exc})", "< 150 MB")]
    corpus = corpus_db(sizes.cache, articles=articles, feeds=feeds, subscribers=subscribers)
    work = sizes.cache / "memory"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "newsbot.sqlite3"
    with FeedServer(feeds=feeds, items=ITEMS, hosts=HOSTS) as port:
        known = prepare(corpus.path, db, port, feeds)
        with SandboxProcess(channels=0, groups=0, privates=0, global_limit=30) as api_url:
            got = run_bot(db, api_url, work, seconds, port)
            import httpx

            replies = httpx.get(f"{api_url}/control/stats").json()["result"]["sends"]
        conn = sqlite3.connect(db)
        polled = conn.execute("SELECT COUNT(*) FROM feeds WHERE last_fetch IS NOT NULL").fetchone()[0]
        stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        conn.close()
    floor = floor_rss()
    shutil.rmtree(work, ignore_errors=True)
    mb = got["hwm_kb"] / 1024
    fig = Figure(
        key=KEY,
        figure=label,
        unit="MB",
        values=[mb],
        reference_label="imports only",
        references=[floor / 1024],
        ratios=[got["hwm_kb"] / floor],
        target="< 150 MB",
        passed=mb < 150,
        note=(
            f"one {seconds:.0f} s run (VmHWM of the child); {polled:,} of {feeds:,} feeds polled in it "
            f"(their {known:,} items already stored: parsed, none new), {stored:,} articles in the database, "
            f"{got['commands']} reader commands sent meanwhile ({replies} replies); RSS at the end "
            f"{got['rss_kb'] / 1024:.0f} MB; exit code after SIGTERM {got['exit']}. "
            f"Reference: a process that only runs `{IMPORTS}`."
        ),
        extra={"rss_samples_kb": got["samples"]},
    )
    return [fig]


if __name__ == "__main__":
    main_for(KEY, run)
