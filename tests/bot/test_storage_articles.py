"""What the reader commands need from storage: images in place, search pages, related candidates."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Storage, fts_query
from content import Article, Image, Link, fingerprint


def _article(title: str, *paragraphs: str, **fields: object) -> Article:
    article = Article(title=title, paragraphs=paragraphs, **fields)  # type: ignore[arg-type]
    return Article(
        **{**{f: getattr(article, f) for f in Article.__dataclass_fields__},
           "fingerprint": fingerprint(article)}
    )


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Storage]:
    async with Storage(tmp_path / "articles.sqlite3") as storage:
        yield storage


async def test_images_keep_caption_credit_and_position(db: Storage) -> None:
    article = _article(
        "Quay works begin",
        "Work on the quay began today.",
        "Cranes arrived in the morning.",
        images=(
            Image("https://img.example/1.jpg", "The quay at dawn", "AP", position=1),
            Image(None, "A crane", "", position=None),
        ),
        related=(Link("Earlier: the quay plan", "https://news.example/plan"), Link("No link")),
    )
    result = await db.add_article(None, article)
    assert result.article_id is not None
    stored = await db.get_article(result.article_id)
    assert stored is not None
    assert stored.article.images == article.images
    assert stored.article.related == article.related
    assert stored.article.paragraphs == article.paragraphs


async def test_images_stored_before_positions_existed_still_load(db: Storage) -> None:
    result = await db.add_article(None, _article("Old row", "Body text of an old row."))
    assert result.article_id is not None
    await db.execute(
        "UPDATE articles SET images = ? WHERE id = ?",
        (json.dumps([["https://img.example/old.jpg", "Old caption", "Reuters"]]), result.article_id),
    )
    stored = await db.get_article(result.article_id)
    assert stored is not None
    assert stored.article.images == (Image("https://img.example/old.jpg", "Old caption", "Reuters"),)


async def test_search_pages_and_total(db: Storage) -> None:
    for n in range(7):
        await db.add_article(None, _article(f"Lighthouse {n} reopens", f"Keeper {n} climbs the lighthouse."))
    first, total = await db.search("lighthouse", limit=5, offset=0)
    second, again = await db.search("lighthouse", limit=5, offset=5)
    assert total == again == 7
    assert len(first) == 5 and len(second) == 2
    assert not {a.id for a in first} & {a.id for a in second}
    assert await db.search("lighthouse", limit=5, offset=50) == ([], 7)


@pytest.mark.parametrize(
    "text",
    ['"', "a\"b", "NEAR(a b)", "a AND", "OR", "*", "col:word", "-x", "^x", "(", ")", "{a b}",
     "' OR 1=1 --", "\x00", "ـــ", "\u200f", "x" * 5000, "🙂 word"],
)
async def test_any_text_is_a_safe_query(db: Storage, text: str) -> None:
    await db.add_article(None, _article("A word about things", "Some word here."))
    results, total = await db.search(text)
    assert total >= len(results)  # and above all: no FTS5 syntax error
    assert fts_query(text).count('"') % 2 == 0


async def test_related_candidates_share_title_words_and_exclude_the_article(db: Storage) -> None:
    ids = []
    for title in ("Harbour lights return", "Harbour fees rise again", "Lights festival in town",
                  "Football final tonight"):
        result = await db.add_article(None, _article(title, f"{title}, said the report today."))
        assert result.article_id is not None
        ids.append(result.article_id)
    candidates = {c.id for c in await db.related_candidates(ids[0])}
    assert candidates == {ids[1], ids[2]}
    assert await db.related_candidates(999) == []
