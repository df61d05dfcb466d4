"""Store: 10,000 articles through Storage (dedup checks, insert, FTS, fan-out) vs a bare executemany.

Both sides start from the same database: Storage's schema (its own migrations), the same feeds and
90,000 articles already stored, so the timed 10,000 are articles 90,001-100,000 and every index is
at its 100k size; same disk, same PRAGMAs (WAL, synchronous=NORMAL, foreign keys on). Ours stores
them the way the poller does, `add_articles` with one feed's new entries at a time (50); an info row
gives `add_article` one call per article. The reference writes the very rows Storage writes
(articles and articles_fts, FTS text already normalised, ids given) with two `executemany` calls in
one transaction on a plain sqlite3 connection. Target (issue 7): ratio <= 2. A cProfile summary of
more of the same goes in the note.
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.dataset import INSERT_ARTICLES, INSERT_FTS, article_rows, create_schema, make_articles
from bench.harness import Figure, Sizes, main_for, not_measured, paired, profile_shares

KEY = "store"
FEEDS = 10
BATCH = 50  # new entries per feed poll


def _feeds(conn: sqlite3.Connection, now: float) -> None:
    conn.executemany(
        "INSERT INTO feeds (id, url, name, created) VALUES (?, ?, ?, ?)",
        [(f, f"https://news.example.com/{f}.xml", f"feed{f}", now) for f in range(1, FEEDS + 1)],
    )


def _base(path: Path, rows: list[tuple[Any, ...]], fts: list[tuple[Any, ...]]) -> None:
    """An empty schema with the feeds, plus `rows` already stored (bare inserts, not timed)."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    asyncio.run(create_schema(path))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    _feeds(conn, time.time())
    conn.executemany(INSERT_ARTICLES, rows)
    conn.executemany(INSERT_FTS, fts)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def feed_of(n: int) -> int:
    """Articles come in runs of BATCH per feed, as one poll of a feed brings them."""
    return 1 + ((n - 1) // BATCH) % FEEDS


async def _through_storage(
    path: Path, articles: list[Any], first: int, batch: int, profile: cProfile.Profile | None = None
) -> tuple[float, int]:
    """Time storing `articles` (ids from `first`, a multiple of BATCH plus 1): `add_articles` with
    one feed's run of `batch` at a time (the poller's path), or `add_article` one by one (batch 1)."""
    from bot.storage import Storage

    storage = Storage(path)
    await storage.open()
    try:
        gc.collect()
        if profile:
            profile.enable()
        started = time.perf_counter()
        new = 0
        if batch > 1:
            for i in range(0, len(articles), batch):
                results = await storage.add_articles(feed_of(first + i), articles[i : i + batch])
                new += sum(r.is_new for r in results)
        else:
            for n, article in enumerate(articles, start=first):
                new += (await storage.add_article(feed_of(n), article)).is_new
        elapsed = time.perf_counter() - started
        if profile:
            profile.disable()
        return elapsed, new
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


def _normalize_cost(articles: list[Any]) -> float:
    """µs per article to normalise title and text for the FTS index (which the bare rows skip)."""
    from content import normalize

    sample = articles[:300]
    t0 = time.perf_counter()
    for a in sample:
        normalize(a.title)
        normalize("\n".join(a.paragraphs))
    return (time.perf_counter() - t0) / len(sample) * 1e6


def run(sizes: Sizes) -> list[Figure]:
    prefill = sizes.pick(90_000, 300)
    n = sizes.pick(10_000, 200)
    single = sizes.pick(1_000, 50)  # one add_article call each: the per-call cost, for the info row
    repeats = sizes.pick(3, 2)
    label = f"Store: articles {prefill + 1:,}–{prefill + n:,} through Storage (dedup + FTS + fan-out)"
    target = "ratio <= 2"
    try:
        from bot.storage import Storage
    except ImportError as exc:
        return [not_measured(KEY, label, f"bot.storage does not import ({exc})", target)]
    batch = BATCH if hasattr(Storage, "add_articles") else 1
    extra = sizes.pick(1000, 50)  # more, for the profile after the timed runs
    articles = make_articles(prefill + n + extra, feeds=FEEDS)
    now = time.time()
    old_rows, old_fts = article_rows(articles[:prefill], feed_of, now)
    rows, fts = article_rows(articles[prefill : prefill + n], feed_of, now, first_id=prefill + 1)
    timed = articles[prefill : prefill + n]
    work = sizes.cache / "store"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    base = work / "base.sqlite3"
    _base(base, old_rows, old_fts)
    del old_rows, old_fts
    ours, ref, one, one_ref = [], [], [], []
    stored = 0
    path = work / "run.sqlite3"
    for _ in range(repeats):
        shutil.copyfile(base, path)
        ref.append(_bare(path, rows, fts))
        shutil.copyfile(base, path)
        seconds, stored = asyncio.run(_through_storage(path, timed, prefill + 1, batch))
        ours.append(seconds)
        shutil.copyfile(base, path)
        one_ref.append(_bare(path, rows[:single], fts[:single]))
        shutil.copyfile(base, path)
        one.append(asyncio.run(_through_storage(path, timed[:single], prefill + 1, 1))[0])
    profile = cProfile.Profile()
    asyncio.run(_through_storage(path, articles[prefill + n :], prefill + n + 1, batch, profile))
    shares = profile_shares(profile)
    norm = _normalize_cost(articles)
    shutil.rmtree(work, ignore_errors=True)
    per_ours, per_bare = min(ours) / n * 1e6, min(ref) / n * 1e6
    how = (
        f"add_articles with one feed's {batch} new entries at a time (what one poll of a feed stores)"
        if batch > 1
        else "add_article, one call per article"
    )
    note = (
        f"{n:,} distinct articles (~1 KB of text each, half Arabic) into {FEEDS} feeds with no channels "
        f"or subscribers (fan-out queues nothing), into a database already holding {prefill:,}, via "
        f"{how}; {stored:,} stored per pass. Reference: the same article and FTS rows, pre-built, by two "
        "executemany calls in one transaction on a plain sqlite3 connection. Per article: "
        f"{per_ours:,.0f} µs ours, {per_bare:,.0f} µs bare (best runs); all {prefill + n:,} through "
        f"Storage would take ~{(prefill + n) * per_ours / 1e6:,.0f} s, so only the last {n:,} are timed "
        f"to fit the 10-minute budget. Normalising title and text for FTS, which the bare rows have "
        f"done already, costs {norm:,.0f} µs per article alone. {shares} (profile of {extra:,} more)."
    )
    figures = [
        paired(KEY, label, "s", ours, "bare executemany", ref, target=target, max_ratio=2.0, note=note)
    ]
    if batch > 1:
        figures.append(
            paired(
                f"{KEY}.one",
                f"Store: {single:,} articles one add_article call each (per-call cost)",
                "s",
                one,
                "bare executemany",
                one_ref,
                target="",
                note=f"{min(one) / single * 1e6:,.0f} µs per call: a transaction and its round trips each",
            )
        )
    return figures


if __name__ == "__main__":
    main_for(KEY, run)
