"""Storage on a real SQLite file: migrations, pragmas, dedup, fan-out, subscriptions, the instance lock."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.storage import AlreadyRunning, InstanceLock, Storage, StorageError
from bot.storage.schema import MIGRATIONS
from content import Article, fingerprint, normalize


def article(n: int, *, title: str | None = None, body: str | None = None, **kw: object) -> Article:
    title = title or f"Story number {n} about harbour bridges"
    paragraphs = (body or f"Unique body {n}: " + " ".join(f"w{n}x{i}" for i in range(60)),)
    base = Article(title=title, url=f"https://news.test/{n}", paragraphs=paragraphs, lang="en")
    fields = {"fingerprint": fingerprint(base), **kw}
    return Article(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **fields})  # type: ignore[arg-type]


@pytest.fixture
async def db(tmp_path: Path) -> Storage:
    storage = Storage(tmp_path / "news.sqlite3")
    await storage.open()
    yield storage  # type: ignore[misc]
    await storage.close()


async def test_fresh_database_has_every_migration_wal_and_foreign_keys(db: Storage) -> None:
    assert await db.schema_version() == len(MIGRATIONS)
    mode = await db.fetchone("PRAGMA journal_mode")
    fks = await db.fetchone("PRAGMA foreign_keys")
    assert mode is not None and mode[0] == "wal"
    assert fks is not None and fks[0] == 1


async def test_older_database_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO feeds (url, name, created) VALUES ('http://x.test/f.xml', 'f', 0)"
    )
    conn.commit()
    conn.close()
    async with Storage(path) as storage:
        assert await storage.schema_version() == len(MIGRATIONS)
        feed = await storage.get_feed("f")
        assert feed is not None and feed.url == "http://x.test/f.xml"
        index = await storage.fetchone(
            "SELECT name FROM sqlite_master WHERE name = 'articles_feed_guid'"
        )
        assert index is not None


async def test_newer_or_foreign_database_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(StorageError, match="newer newsbot"):
        await Storage(newer).open()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match="not a usable"):
        await Storage(junk).open()


async def test_article_round_trip_and_dedup(db: Storage) -> None:
    feed = await db.add_feed("http://x.test/f.xml", "f")
    first = article(1, guid="g-1", published=datetime(2026, 1, 2, tzinfo=UTC))
    result = await db.add_article(feed.id, first)
    assert result.is_new and result.article_id is not None
    stored = await db.get_article(result.article_id)
    assert stored is not None and stored.article == first

    same_url = article(1, body="different body entirely " * 20)
    assert (await db.add_article(feed.id, same_url)).reason == "url"
    same_guid = article(2, guid="g-1")
    assert (await db.add_article(feed.id, same_guid)).reason == "guid"
    # the same story re-posted under a new URL is not new
    repost = Article(**{**{f: getattr(first, f) for f in first.__dataclass_fields__},
                        "url": "https://news.test/moved", "guid": "g-new"})  # type: ignore[arg-type]
    dup = await db.add_article(feed.id, repost)
    assert not dup.is_new and dup.duplicate_of == result.article_id
    assert await db.count_articles() == 1


async def test_new_article_queues_channels_and_matching_subscribers_once(db: Storage) -> None:
    feed = await db.add_feed("http://x.test/f.xml", "f")
    channel = await db.upsert_chat(-1001, "channel", "World")
    await db.set_feed_channels(feed.id, [channel.id])
    everything = await db.upsert_chat(5, "private")
    wants_bridges = await db.upsert_chat(6, "private")
    no_bridges = await db.upsert_chat(7, "private")
    blocked = await db.upsert_chat(8, "private")
    await db.subscribe(everything.id, None)
    await db.subscribe(wants_bridges.id, feed.id, include=[normalize("Bridges")])
    await db.subscribe(no_bridges.id, feed.id, exclude=["bridges"])
    await db.subscribe(blocked.id, None)
    await db.deactivate_chat(blocked.id, "blocked")

    result = await db.add_article(feed.id, article(1))
    assert result.queued == 3
    rows = await db.due_rows(10)
    assert [(r.chat.telegram_id, r.priority) for r in rows] == [("-1001", 0), ("5", 1), ("6", 1)]
    # a second fan-out of the same pair is impossible
    assert await db.enqueue([channel.id], kind="post", priority=0, article_id=result.article_id) == 0


async def test_search_is_safe_and_folds_arabic(db: Storage) -> None:
    arabic = article(1, title="روسيا تُرفض محادثات السلام", body="قال الوزير إنَّ المفاوضات مستحيلة")
    await db.add_article(None, arabic)
    await db.add_article(None, article(2, title="Harbour bridge reopens", body="The bridge reopened today."))
    for query in ("رُوسيا", "روســيا", "المفاوضات", "إن"):
        found, total = await db.search(query)
        assert total == 1 and found[0].article.title.startswith("روسيا"), query
    for hostile in ('"', "AND OR NOT", "bridge*", "title:x", "(((", "NEAR(a b)", "-", "x" * 4000):
        await db.search(hostile)  # never raises
    found, total = await db.search("BRIDGE reopens")
    assert total == 1 and found[0].article.title == "Harbour bridge reopens"


async def test_latest_orders_newest_first_and_filters_by_feed(db: Storage) -> None:
    a = await db.add_feed("http://x.test/a.xml", "a")
    b = await db.add_feed("http://x.test/b.xml", "b")
    for n in range(6):
        when = datetime(2026, 1, 1 + n, tzinfo=UTC)
        await db.add_article(a.id if n % 2 else b.id, article(n, published=when))
    newest = await db.latest(3)
    assert [s.article.url for s in newest] == [f"https://news.test/{n}" for n in (5, 4, 3)]
    only_a = await db.latest(10, feed_id=a.id)
    assert [s.article.url for s in only_a] == [f"https://news.test/{n}" for n in (5, 3, 1)]


async def test_migrated_chat_keeps_its_rows(db: Storage) -> None:
    group = await db.upsert_chat(-42, "group", "Readers")
    await db.subscribe(group.id, None)
    await db.add_article(None, article(1))
    await db.migrate_chat(group.id, -100424242)
    moved = await db.get_chat(-100424242)
    assert moved is not None and moved.id == group.id and moved.kind == "supergroup"
    assert await db.get_chat(-42) is None
    assert len(await db.subscriptions(group.id)) == 1


async def test_instance_lock_refuses_second_holder(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path / "db.sqlite3")
    first.acquire()
    second = InstanceLock(tmp_path / "db.sqlite3")
    with pytest.raises(AlreadyRunning, match="already running"):
        second.acquire()
    first.release()
    second.acquire()
    second.release()


async def test_database_in_a_new_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "data" / "db" / "news.sqlite3"
    lock = InstanceLock(path)
    lock.acquire()
    async with Storage(path) as storage:
        assert await storage.count_articles() == 0
    lock.release()


async def test_unusable_database_path_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot use this database path"):
        InstanceLock(blocker / "news.sqlite3").acquire()
    with pytest.raises(StorageError, match="cannot open"):
        await Storage(blocker / "news.sqlite3").open()


async def test_feed_names_are_found_whatever_their_case(db: Storage) -> None:
    feed = await db.add_feed("http://x.test/harbour.xml", "harbour")
    for ref in ("harbour", "Harbour", "HARBOUR", "http://x.test/harbour.xml", str(feed.id)):
        found = await db.get_feed(ref)
        assert found is not None and found.id == feed.id, ref
    assert await db.get_feed("harbor") is None


async def test_a_batch_keeps_order_and_drops_repeats_within_itself(db: Storage) -> None:
    feed = await db.add_feed("http://x.test/f.xml", "f")
    channel = await db.upsert_chat(-1001, "channel", "World")
    await db.set_feed_channels(feed.id, [channel.id])
    reader = await db.upsert_chat(5, "private")
    await db.subscribe(reader.id, None, include=["w3x1"])  # only article 3 has this word
    await db.add_article(feed.id, article(9))
    first, second, third = article(1), article(2), article(3)
    moved = Article(**{**{f: getattr(first, f) for f in first.__dataclass_fields__},
                       "url": "https://news.test/moved", "guid": "other"})  # type: ignore[arg-type]
    batch = [first, article(9), second, first, moved, third]
    results = await db.add_articles(feed.id, batch)
    assert [r.reason for r in results] == ["", "url", "", "url", "fingerprint", ""]
    new_ids = [r.article_id for r in results if r.is_new]
    assert new_ids == sorted(new_ids) and len(new_ids) == 3
    assert [r.queued for r in results if r.is_new] == [1, 1, 2]  # the channel; the reader wants 3
    assert results[3].duplicate_of == results[0].article_id
    stored = [await db.get_article(i) for i in new_ids if i is not None]
    assert [s.article.url for s in stored if s] == [first.url, second.url, third.url]
    found, total = await db.search("w3x1")
    assert total == 1 and found[0].id == new_ids[2]
    assert await db.add_articles(feed.id, []) == []
