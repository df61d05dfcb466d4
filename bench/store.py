"""Store: articles through Storage.add_article (dedup checks, insert, FTS, fan-out) vs a bare executemany.

Both sides start from the same database: Storage's schema (its own migrations), the same feeds and
95,000 articles already stored, so the timed 5,000 are articles 95,001-100,000 and every index is
at its 100k size; same disk, same PRAGMAs (WAL, synchronous=NORMAL, foreign keys on). The
reference writes the very rows Storage writes (articles and articles_fts, FTS text already
normalised, ids given) with two `executemany` calls in one transaction on a plain sqlite3
connection. Target (issue 7): ratio <= 2. A cProfile of more add_article calls goes in the note.
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
    return 1 + n % FEEDS


async def _through_storage(
    path: Path, articles: list[Any], first: int, profile: cProfile.Profile | None = None
) -> tuple[float, int]:
    """Time Storage.add_article for each article (the poller's path), ids from `first`."""
    from bot.storage import Storage

    storage = Storage(path)
    await storage.open()
    try:
        gc.collect()
        if profile:
            profile.enable()
        started = time.perf_counter()
        new = 0
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


def _parts(articles: list[Any]) -> str:
    """Per-article costs of single steps add_article takes, for the note."""
    from content import is_near_duplicate, normalize

    sample = articles[:300]
    t0 = time.perf_counter()
    for a in sample:
        normalize(a.title)
        normalize("\n".join(a.paragraphs))
    t1 = time.perf_counter()
    fps = [a.fingerprint for a in articles[-1000:]]
    for a in sample[:50]:  # the whole window, as for a new story (no match ends it early)
        sum(1 for fp in fps if is_near_duplicate(fp, a.fingerprint))
    t2 = time.perf_counter()
    return (
        f"normalize(title + text) {(t1 - t0) / len(sample) * 1e6:,.0f} µs, near-duplicate scan of "
        f"{len(fps):,} recent fingerprints {(t2 - t1) / 50 * 1e6:,.0f} µs"
    )


def run(sizes: Sizes) -> list[Figure]:
    prefill = sizes.pick(95_000, 300)
    n = sizes.pick(5_000, 200)
    repeats = sizes.pick(3, 2)
    label = f"Store: articles {prefill + 1:,}–{prefill + n:,} through Storage.add_article (dedup + FTS)"
    target = "ratio <= 2"
    try:
        from bot.storage import Storage  # noqa: F401
    except ImportError as exc:
        return [not_measured(KEY, label, f"bot.storage does not import ({exc})", target)]
    extra = sizes.pick(1000, 50)  # more, for the profile after the timed runs
    articles = make_articles(prefill + n + extra, feeds=FEEDS)
    now = time.time()
    old_rows, old_fts = article_rows(articles[:prefill], feed_of, now)
    rows, fts = article_rows(articles[prefill : prefill + n], feed_of, now, first_id=prefill + 1)
    work = sizes.cache / "store"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    base = work / "base.sqlite3"
    _base(base, old_rows, old_fts)
    del old_rows, old_fts
    ours, ref = [], []
    stored = 0
    path = work / "run.sqlite3"
    for _ in range(repeats):
        shutil.copyfile(base, path)
        ref.append(_bare(path, rows, fts))
        shutil.copyfile(base, path)
        seconds, stored = asyncio.run(_through_storage(path, articles[prefill : prefill + n], prefill + 1))
        ours.append(seconds)
    profile = cProfile.Profile()
    asyncio.run(_through_storage(path, articles[prefill + n :], prefill + n + 1, profile))
    shares = profile_shares(profile)
    parts = _parts(articles)
    shutil.rmtree(work, ignore_errors=True)
    per_ours, per_bare = min(ours) / n * 1e6, min(ref) / n * 1e6
    note = (
        f"{n:,} distinct articles (~1 KB of text each, half Arabic) into {FEEDS} feeds with no channels "
        f"or subscribers (fan-out queues nothing), into a database already holding {prefill:,}; "
        f"{stored:,} stored per pass, one add_article call each (the poller's path). Reference: the same "
        "article and FTS rows, pre-built, by two executemany calls in one transaction on a plain "
        f"sqlite3 connection. Per article: {per_ours:,.0f} µs ours, {per_bare:,.0f} µs bare (best runs); "
        f"all {prefill + n:,} through Storage would take ~{(prefill + n) * per_ours / 1e6:,.0f} s, so "
        f"only the last {n:,} are timed to fit the 10-minute budget. Single steps per article: {parts}. "
        f"{shares} (profile of {extra:,} more add_article calls)."
    )
    return [paired(KEY, label, "s", ours, "bare executemany", ref, target=target, max_ratio=2.0, note=note)]


if __name__ == "__main__":
    main_for(KEY, run)
