"""Stored-article workloads: many content.Article objects fast, and a ready database of them.

Articles are assembled from a pool of generated sentences (bench.corpus), so 100,000 of them
take seconds, not minutes. Fingerprints are random 64-bit values (hex, the format of
content.fingerprint): distinct stories, so no article is a near-duplicate of another and the
storage's dedup checks run to the end for every one, which is their worst case.

`corpus_db()` builds the database the reader and memory benchmarks read: the schema comes from
Storage itself (its migrations), the rows go in with bare executemany, and FTS holds
content.normalize of title and text exactly as Storage.add_article indexes them.
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpus import TextGen

__all__ = ["Corpus", "article_rows", "corpus_db", "make_articles"]

# A fixed "now" for published dates, a little before the real clock, so /latest order is stable.
EPOCH = 1_780_000_000.0
# Every LONG_EVERY-th article is long (90 paragraphs, several Telegram pages), for /read page 5.
LONG_EVERY = 997
VERSION = 2  # of the generated corpus: a cached database of another version is not reused


def make_articles(n: int, *, seed: int = 5, start: int = 0, feeds: int = 10) -> list[Any]:
    """`n` distinct Articles (half Arabic), newest first, numbered from `start`."""
    from content import Article

    gen, rng = TextGen(seed), random.Random(seed + start)
    pool = {lang: [gen.sentence(lang) for _ in range(3000)] for lang in ("en", "ar")}
    titles = {lang: [gen.title(lang) for _ in range(3000)] for lang in ("en", "ar")}
    out = []
    for i in range(start, start + n):
        lang = "ar" if i % 2 else "en"
        paragraphs = tuple(
            " ".join(rng.choices(pool[lang], k=rng.randint(2, 3)))
            for _ in range(rng.randint(3, 6) if i % LONG_EVERY else 90)
        )
        host = "news.example.com" if lang == "en" else "akhbar.example.net"
        out.append(
            Article(
                title=f"{rng.choice(titles[lang])} {i}",
                url=f"https://{host}/{i % feeds}/story-{i}.html",
                lang=lang,
                published=datetime.fromtimestamp(EPOCH - i * 20, tz=UTC),
                site="Daily Example" if lang == "en" else "Akhbar Today",
                source="Reuters" if i % 3 == 0 else "",
                paragraphs=paragraphs,
                summary=paragraphs[0][:300],
                fingerprint=f"{rng.getrandbits(64):016x}",
                guid=f"{host}/{i}",
            )
        )
    return out


Rows = list[tuple[Any, ...]]


def article_rows(articles: list[Any], feed_of: Any, now: float, first_id: int = 1) -> tuple[Rows, Rows]:
    """The articles and articles_fts rows Storage.add_article would write, ids from `first_id`."""
    from content import normalize

    rows, fts = [], []
    for n, a in enumerate(articles, start=first_id):
        published = a.published.timestamp() if a.published else None
        rows.append(
            (
                n,
                feed_of(n),
                a.url,
                a.guid,
                a.fingerprint,
                a.title,
                a.lang,
                published,
                a.site,
                a.source,
                a.summary,
                json.dumps(list(a.paragraphs), ensure_ascii=False),
                json.dumps([[r.title, r.url] for r in a.related], ensure_ascii=False),
                json.dumps([[i.url, i.caption, i.credit, i.position] for i in a.images], ensure_ascii=False),
                min(published or now, now),
                now,
            )
        )
        fts.append((n, normalize(a.title), normalize("\n".join(a.paragraphs))))
    return rows, fts


INSERT_ARTICLES = """INSERT INTO articles (id, feed_id, url, guid, fingerprint, title, lang, published, site,
    source, summary, paragraphs, related, images, ts, created) VALUES
    (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_FTS = "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)"


async def create_schema(path: Path) -> None:
    """An empty database with Storage's schema (its own migrations)."""
    from bot.storage import Storage

    storage = Storage(path)
    await storage.open()
    await storage.close()


@dataclass(frozen=True)
class Corpus:
    """A built database and what is in it."""

    path: Path
    articles: int
    feeds: int
    subscribers: int
    channels: int
    seconds: float


def corpus_db(
    cache: Path,
    *,
    articles: int,
    feeds: int,
    subscribers: int,
    channels: int = 20,
    feed_base: str = "http://127.0.0.1:9/feeds",
) -> Corpus:
    """A database with this many articles, feeds (`{feed_base}/<n>.xml`), channels and private
    subscribers; built once per run into `cache` and reused by later scripts."""
    name = f"corpus-v{VERSION}-{articles}-{feeds}-{subscribers}-{channels}.sqlite3"
    path = cache / name
    meta = cache / (name + ".json")
    if path.exists() and meta.exists():
        return Corpus(path, articles, feeds, subscribers, channels, json.loads(meta.read_text())["seconds"])
    started = time.perf_counter()
    tmp = cache / (name + ".building")
    for stale in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        stale.unlink(missing_ok=True)
    asyncio.run(create_schema(tmp))
    now = time.time()
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO feeds (id, url, name, title, every, created, next_due) VALUES (?, ?, ?, ?, 600, ?, ?)",
        [
            (f, f"{feed_base}/{f}.xml", f"feed{f}", f"Feed {f}", now, now + f % 600)
            for f in range(1, feeds + 1)
        ],
    )
    conn.executemany(
        "INSERT INTO chats (id, telegram_id, kind, title, created) VALUES (?, ?, 'channel', ?, ?)",
        [(c, str(-1001000000000 - c), f"Channel {c}", now) for c in range(1, channels + 1)],
    )
    conn.executemany(
        "INSERT INTO feed_channels (feed_id, chat_id) VALUES (?, ?)",
        [(f, 1 + f % channels) for f in range(1, feeds + 1)] if channels else [],
    )
    rng = random.Random(3)
    conn.executemany(
        "INSERT INTO chats (id, telegram_id, kind, title, lang, created) VALUES (?, ?, 'private', '', ?, ?)",
        [(channels + s, str(500_000 + s), "ar" if s % 2 else "en", now) for s in range(1, subscribers + 1)],
    )
    # most subscribers follow one feed, one in five follows them all
    conn.executemany(
        "INSERT INTO subscriptions (chat_id, feed_id, created) VALUES (?, ?, ?)",
        [
            (channels + s, None if s % 5 == 0 else rng.randint(1, feeds), now)
            for s in range(1, subscribers + 1)
        ],
    )
    step = 20_000
    for start in range(0, articles, step):
        batch = make_articles(min(step, articles - start), start=start, feeds=feeds)
        rows, fts = article_rows(batch, lambda n, s=start: 1 + (s + n) % feeds, now)
        rows = [(start + r[0], *r[1:]) for r in rows]
        fts = [(start + r[0], *r[1:]) for r in fts]
        conn.executemany(INSERT_ARTICLES, rows)
        conn.executemany(INSERT_FTS, fts)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.move(tmp, path)
    seconds = time.perf_counter() - started
    meta.write_text(json.dumps({"seconds": seconds}))
    return Corpus(path, articles, feeds, subscribers, channels, seconds)
