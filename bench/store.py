"""Store: N articles through Storage (dedup checks, insert, FTS, fan-out) vs a bare executemany.

Both sides start from an empty database with Storage's schema (its own migrations) and the same
feeds, on the same disk, with the same PRAGMAs (WAL, synchronous=NORMAL, foreign keys on).
The reference writes the very rows Storage writes (articles and articles_fts, FTS text already
normalised, ids given) with two `executemany` calls in one transaction on a plain sqlite3
connection. Target (issue 7): ratio <= 2.
"""

from __future__ import annotations

import asyncio
import gc
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.dataset import INSERT_ARTICLES, INSERT_FTS, article_rows, create_schema, make_articles
from bench.harness import Figure, Sizes, main_for, not_measured, paired

KEY = "store"
FEEDS = 10


def _feeds(conn: sqlite3.Connection, now: float) -> None:
    conn.executemany(
        "INSERT INTO feeds (id, url, name, created) VALUES (?, ?, ?, ?)",
        [(f, f"https://news.example.com/{f}.xml", f"feed{f}", now) for f in range(1, FEEDS + 1)],
    )


def _fresh(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    asyncio.run(create_schema(path))
    conn = sqlite3.connect(path, isolation_level=None)
    with conn:
        _feeds(conn, time.time())
    conn.close()


def feed_of(n: int) -> int:
    return 1 + n % FEEDS


async def _through_storage(path: Path, articles: list[Any], batch: int) -> tuple[float, int]:
    from bot.storage import Storage

    storage = Storage(path)
    await storage.open()
    try:
        add_many = getattr(storage, "add_articles", None)
        gc.collect()
        started = time.perf_counter()
        new = 0
        if add_many is not None and batch > 1:
            for feed in range(1, FEEDS + 1):
                mine = [a for n, a in enumerate(articles, start=1) if feed_of(n) == feed]
                for i in range(0, len(mine), batch):
                    new += sum(r.is_new for r in await add_many(feed, mine[i : i + batch]))
        else:
            for n, article in enumerate(articles, start=1):
                new += (await storage.add_article(feed_of(n), article)).is_new
        return time.perf_counter() - started, new
    finally:
        await storage.close()


def _bare(path: Path, rows: list[tuple[Any, ...]], fts: list[tuple[Any, ...]]) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    gc.collect()
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(INSERT_ARTICLES, rows)
    conn.executemany(INSERT_FTS, fts)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def run(sizes: Sizes) -> list[Figure]:
    n = sizes.pick(20_000, 200)
    repeats = sizes.pick(3, 2)
    label = f"Store: {n:,} articles through Storage (dedup + FTS)"
    target = "ratio <= 2"
    try:
        from bot.storage import Storage
    except ImportError as exc:
        return [not_measured(KEY, label, f"bot.storage does not import ({exc})", target)]
    batch = 500 if hasattr(Storage, "add_articles") else 1
    articles = make_articles(n, feeds=FEEDS)
    rows, fts = article_rows(articles, feed_of, time.time())
    work = sizes.cache / "store"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ours, ref = [], []
    stored = 0
    for r in range(repeats):
        path = work / f"bare-{r}.sqlite3"
        _fresh(path)
        ref.append(_bare(path, rows, fts))
        path = work / f"storage-{r}.sqlite3"
        _fresh(path)
        seconds, stored = asyncio.run(_through_storage(path, articles, batch))
        ours.append(seconds)
    shutil.rmtree(work, ignore_errors=True)
    how = f"add_articles in batches of {batch} per feed" if batch > 1 else "add_article, one call per article"
    note = (
        f"{n:,} distinct articles (~1 KB of text each, half Arabic) into {FEEDS} feeds with no channels "
        f"or subscribers (so fan-out queues nothing), via {how}; {stored:,} stored per pass. "
        "Reference: the same article and FTS rows, pre-built, by two executemany calls in one transaction "
        "on a plain sqlite3 connection. Per-article rate: "
        f"{n / min(ours):,.0f}/s ours, {n / min(ref):,.0f}/s bare (best runs)."
    )
    if n < 100_000:
        note += (
            f" Measured at {n:,} rather than 100,000 so three paired repetitions fit the 10-minute "
            "budget; the per-article cost of both sides is flat in N (B-tree inserts)."
        )
    return [
        paired(KEY, label, "s", ours, "bare executemany", ref, target=target, max_ratio=2.0, note=note)
    ]


if __name__ == "__main__":
    main_for(KEY, run)
