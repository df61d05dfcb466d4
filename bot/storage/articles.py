"""Articles: storing with dedup and fan-out to the outbox, and reading them back for readers."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.storage.base import StorageBase
from bot.storage.neardup import RecentFingerprints
from bot.storage.records import AddResult, StoredArticle
from content import Article, Image, Link, normalize

__all__ = ["ArticlesMixin", "fts_query"]

# How many recent fingerprints the near-duplicate check knows (a few MB; older re-posts are rare,
# and the exact URL, GUID and fingerprint checks cover every stored article).
RECENT_FINGERPRINTS = 5000
_COLUMNS = """a.id, a.feed_id, a.url, a.guid, a.fingerprint, a.title, a.lang, a.published, a.site,
    a.source, a.summary, a.paragraphs, a.related, a.images, a.created"""
_WORD = re.compile(r"\w+")


def fts_query(text: str) -> str:
    """Turn any user text into a safe FTS5 query: normalised words, each quoted, all required.

    Quoting every term means FTS5 operators and syntax characters in the input are just words.
    """
    words = _WORD.findall(normalize(text))[:32]
    return " ".join(f'"{w}"' for w in words)


def _to_row(article: Article) -> dict[str, Any]:
    published = article.published.timestamp() if article.published else None
    return {
        "url": article.url,
        "guid": article.guid,
        "fingerprint": article.fingerprint,
        "title": article.title,
        "lang": article.lang,
        "published": published,
        "site": article.site,
        "source": article.source,
        "summary": article.summary,
        "paragraphs": json.dumps(list(article.paragraphs), ensure_ascii=False),
        "related": json.dumps([[r.title, r.url] for r in article.related], ensure_ascii=False),
        "images": json.dumps(
            [[i.url, i.caption, i.credit, i.position] for i in article.images], ensure_ascii=False
        ),
    }


def _image(item: list[Any]) -> Image:
    """An image from its stored list: [url, caption, credit] plus, since images got one, position."""
    url, caption, credit = item[:3]
    position = item[3] if len(item) > 3 else None
    return Image(url, caption, credit, position)


def article_from_row(row: sqlite3.Row) -> StoredArticle:
    """Rebuild a StoredArticle from an articles row."""
    published = (
        datetime.fromtimestamp(row["published"], tz=UTC) if row["published"] is not None else None
    )
    article = Article(
        title=row["title"],
        url=row["url"],
        lang=row["lang"],
        published=published,
        site=row["site"],
        source=row["source"],
        paragraphs=tuple(json.loads(row["paragraphs"])),
        summary=row["summary"],
        related=tuple(Link(t, u) for t, u in json.loads(row["related"])),
        images=tuple(_image(item) for item in json.loads(row["images"])),
        fingerprint=row["fingerprint"],
        guid=row["guid"],
    )
    return StoredArticle(id=row["id"], feed_id=row["feed_id"], article=article, created=row["created"])


def _exact_duplicate(
    article: Article, by_url: dict[str, int], by_guid: dict[str, int], by_fp: dict[str, int]
) -> tuple[int, str] | None:
    """The id and reason of a known article with this URL, GUID or fingerprint, in that order."""
    for key, table, reason in (
        (article.url, by_url, "url"),
        (article.guid, by_guid, "guid"),
        (article.fingerprint, by_fp, "fingerprint"),
    ):
        if key and key in table:
            return table[key], reason
    return None


def words_of(article: Article) -> set[str]:
    """The normalised words of an article's title and text, for subscription filters."""
    return set(_WORD.findall(normalize(" ".join((article.title, *article.paragraphs)))))


class ArticlesMixin(StorageBase):
    """Queries on articles and their full-text index."""

    _recent_fps: RecentFingerprints

    async def _after_open(self) -> None:
        await super()._after_open()
        rows = await self.fetchall(
            "SELECT id, fingerprint FROM articles ORDER BY id DESC LIMIT ?", (RECENT_FINGERPRINTS,)
        )
        self._recent_fps = RecentFingerprints(RECENT_FINGERPRINTS)
        for row in reversed(rows):
            self._recent_fps.add(row[0], row[1])

    async def find_duplicate(self, feed_id: int | None, article: Article) -> tuple[int, str] | None:
        """The stored article this one repeats, and why: same URL, same GUID, or same story."""
        (dup,) = await self.find_duplicates(feed_id, [article])
        return dup

    async def find_duplicates(
        self, feed_id: int | None, articles: Sequence[Article]
    ) -> list[tuple[int, str] | None]:
        """For each article, the stored one it repeats and why (see add_articles), or None."""
        by_url, by_guid, by_fp = await self._known(self.db, feed_id, articles)
        found: list[tuple[int, str] | None] = []
        for article in articles:
            dup = _exact_duplicate(article, by_url, by_guid, by_fp)
            if dup is None and article.fingerprint:
                near = self._recent_fps.find(article.fingerprint)
                dup = (near, "near-duplicate") if near is not None else None
            found.append(dup)
        return found

    async def add_article(self, feed_id: int | None, article: Article) -> AddResult:
        """Store one article and queue it for its targets (see add_articles)."""
        (result,) = await self.add_articles(feed_id, [article])
        return result

    async def add_articles(self, feed_id: int | None, articles: Sequence[Article]) -> list[AddResult]:
        """Store new articles, in order, and queue each for every target, all in one transaction.

        An article is not new when a stored one (or an earlier one of this batch) has its
        canonical URL, its GUID in the same feed, its fingerprint, or a near-duplicate fingerprint.
        Targets: each active channel of its feed (priority 0), then each active subscriber whose
        subscription covers the feed and whose word filters match (priority 1). The work is a
        fixed number of statements per batch, not per article: a poll of a busy feed is one trip.
        """
        if not articles:
            return []
        try:
            async with self.transaction() as db:
                results, stored = await self._insert_batch(db, feed_id, articles)
        except sqlite3.IntegrityError:
            if len(articles) == 1:  # raced with another writer: it is stored already
                return [AddResult(None, reason="duplicate")]
            return [await self.add_article(feed_id, a) for a in articles]
        for article_id, fingerprint_ in stored:
            self._recent_fps.add(article_id, fingerprint_)
        return results

    async def _insert_batch(
        self, db: Any, feed_id: int | None, articles: Sequence[Article]
    ) -> tuple[list[AddResult], list[tuple[int, str]]]:
        by_url, by_guid, by_fp = await self._known(db, feed_id, articles)
        batch_fps = RecentFingerprints(len(articles))
        async with db.execute("SELECT IFNULL(MAX(id), 0) FROM articles") as cur:
            row = await cur.fetchone()
        next_id = int(row[0]) + 1
        now = self.now()
        results: list[AddResult] = []
        accepted: list[tuple[int, Article]] = []
        for article in articles:
            dup = _exact_duplicate(article, by_url, by_guid, by_fp)
            if dup is None and article.fingerprint:
                near = batch_fps.find(article.fingerprint) or self._recent_fps.find(article.fingerprint)
                dup = (near, "near-duplicate") if near is not None else None
            if dup is not None:
                results.append(AddResult(None, duplicate_of=dup[0], reason=dup[1]))
                continue
            article_id, next_id = next_id, next_id + 1
            by_url.update({article.url: article_id} if article.url else {})
            by_guid.update({article.guid: article_id} if article.guid else {})
            by_fp.update({article.fingerprint: article_id} if article.fingerprint else {})
            batch_fps.add(article_id, article.fingerprint)
            accepted.append((article_id, article))
            results.append(AddResult(article_id))
        if not accepted:
            return results, []
        rows = [_to_row(a) for _, a in accepted]
        columns = ", ".join(rows[0])
        await db.executemany(
            f"""INSERT INTO articles (id, feed_id, {columns}, ts, created)
                VALUES (?, ?, {", ".join("?" * len(rows[0]))}, ?, ?)""",
            [
                # a date in the future must not pin an article to the top of /latest
                (i, feed_id, *r.values(), min(r["published"] or now, now), now)
                for (i, _), r in zip(accepted, rows, strict=True)
            ],
        )
        await db.executemany(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
            [(i, normalize(a.title), normalize("\n".join(a.paragraphs))) for i, a in accepted],
        )
        queued = await self._fan_out(db, feed_id, accepted, now)
        results = [
            r if r.article_id is None else replace(r, queued=queued.get(r.article_id, 0)) for r in results
        ]
        return results, [(i, a.fingerprint) for i, a in accepted]

    async def _known(
        self, db: Any, feed_id: int | None, articles: Sequence[Article]
    ) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """Stored articles sharing a URL, a GUID (in this feed) or a fingerprint with the batch."""
        by_url: dict[str, int] = {}
        by_guid: dict[str, int] = {}
        by_fp: dict[str, int] = {}
        for start in range(0, len(articles), 300):  # well under SQLite's limit on variables
            chunk = articles[start : start + 300]
            urls = [a.url for a in chunk if a.url]
            guids = [a.guid for a in chunk if a.guid]
            fps = [a.fingerprint for a in chunk if a.fingerprint]
            async with db.execute(
                f"""SELECT id, url, guid, feed_id IS ? AS same_feed, fingerprint FROM articles
                    WHERE url IN ({", ".join("?" * len(urls))})
                       OR (feed_id IS ? AND guid IN ({", ".join("?" * len(guids))}))
                       OR fingerprint IN ({", ".join("?" * len(fps))})""",
                (feed_id, *urls, feed_id, *guids, *fps),
            ) as cur:
                for article_id, url, guid, same_feed, fp in await cur.fetchall():
                    if url:
                        by_url.setdefault(url, article_id)
                    if guid and same_feed:
                        by_guid.setdefault(guid, article_id)
                    by_fp.setdefault(fp, article_id)
        return by_url, by_guid, by_fp

    async def _fan_out(
        self, db: Any, feed_id: int | None, accepted: list[tuple[int, Article]], now: float
    ) -> dict[int, int]:
        """Queue the new articles for the feed's channels and matching subscribers; rows per article."""
        if feed_id is None:
            return {}
        async with db.execute(
            """SELECT fc.chat_id FROM feed_channels fc JOIN chats c ON c.id = fc.chat_id
               WHERE fc.feed_id = ? AND c.active = 1 ORDER BY fc.chat_id""",
            (feed_id,),
        ) as cur:
            channels = [r[0] for r in await cur.fetchall()]
        async with db.execute(
            """SELECT s.chat_id, s.include, s.exclude FROM subscriptions s
               JOIN chats c ON c.id = s.chat_id
               WHERE c.active = 1 AND (s.feed_id = ? OR s.feed_id IS NULL)
                 AND s.chat_id NOT IN (SELECT chat_id FROM feed_channels WHERE feed_id = ?)
               ORDER BY s.chat_id""",
            (feed_id, feed_id),
        ) as cur:
            subs = [(c, json.loads(inc), json.loads(exc)) for c, inc, exc in await cur.fetchall()]
        rows: list[tuple[int, int, int, float, float]] = []
        queued: dict[int, int] = {}
        for article_id, article in accepted:
            targets = [(chat, 0) for chat in channels]
            words: set[str] | None = None
            for chat_id, include, exclude in subs:
                if include or exclude:
                    words = words if words is not None else words_of(article)
                    if not all(w in words for w in include) or any(w in words for w in exclude):
                        continue
                targets.append((chat_id, 1))
            unique = dict.fromkeys(targets)  # a chat subscribed to the feed and to all: once
            rows += [(chat, article_id, priority, now, now) for chat, priority in unique]
            queued[article_id] = len(unique)
        await db.executemany(
            """INSERT OR IGNORE INTO outbox (chat_id, article_id, priority, kind, next_try, created)
               VALUES (?, ?, ?, 'post', ?, ?)""",
            rows,
        )
        return queued

    async def get_article(self, article_id: int) -> StoredArticle | None:
        """One article by id."""
        row = await self.fetchone(f"SELECT {_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,))
        return article_from_row(row) if row else None

    async def latest(self, n: int = 5, feed_id: int | None = None) -> list[StoredArticle]:
        """The n newest articles, optionally of one feed."""
        if feed_id is None:
            rows = await self.fetchall(
                f"SELECT {_COLUMNS} FROM articles a ORDER BY a.ts DESC, a.id DESC LIMIT ?", (n,)
            )
        else:
            rows = await self.fetchall(
                f"""SELECT {_COLUMNS} FROM articles a WHERE a.feed_id = ?
                    ORDER BY a.ts DESC, a.id DESC LIMIT ?""",
                (feed_id, n),
            )
        return [article_from_row(r) for r in rows]

    async def search(
        self, text: str, *, limit: int = 5, offset: int = 0
    ) -> tuple[list[StoredArticle], int]:
        """Full-text search, best first (BM25, title weighted); returns one page and the total."""
        query = fts_query(text)
        if not query:
            return [], 0
        total_row = await self.fetchone(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (query,)
        )
        total = int(total_row[0]) if total_row else 0
        # Rank inside the index first and join only the page: joining every match to articles
        # before sorting cost 2-2.5x more on 100,000 articles (bench/README.md).
        rows = await self.fetchall(
            f"""SELECT {_COLUMNS} FROM (
                    SELECT rowid, bm25(articles_fts, 3.0, 1.0) AS score FROM articles_fts
                    WHERE articles_fts MATCH ? ORDER BY score, rowid DESC LIMIT ? OFFSET ?
                ) f JOIN articles a ON a.id = f.rowid ORDER BY f.score, a.id DESC""",
            (query, limit, offset),
        )
        return [article_from_row(r) for r in rows], total

    async def related_candidates(self, article_id: int, limit: int = 50) -> list[StoredArticle]:
        """Stored articles that share title words with this one, the best BM25 matches first."""
        stored = await self.get_article(article_id)
        if stored is None:
            return []
        words = _WORD.findall(normalize(stored.article.title))
        words = [w for w in words if len(w) > 2][:12]
        if not words:
            return []
        query = " OR ".join(f'"{w}"' for w in words)
        rows = await self.fetchall(
            f"""SELECT {_COLUMNS} FROM articles_fts f JOIN articles a ON a.id = f.rowid
                WHERE articles_fts MATCH ? AND a.id != ?
                ORDER BY bm25(articles_fts, 3.0, 1.0) LIMIT ?""",
            (query, article_id, limit),
        )
        return [article_from_row(r) for r in rows]

    async def count_articles(self) -> int:
        """How many articles are stored."""
        row = await self.fetchone("SELECT COUNT(*) FROM articles")
        return int(row[0]) if row else 0
