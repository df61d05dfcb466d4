"""/search through the sandbox: results best first, Arabic variants, hostile queries, pages."""

from __future__ import annotations

from tests.handlers.reader_helpers import (
    AR_USER,
    USER,
    Reader,
    body,
    button,
    buttons,
    make_article,
    seed_news,
)


async def test_search_finds_articles_best_first(reader: Reader) -> None:
    ids = await seed_news(reader)
    text = body(await reader.ask_one("/search climate targets"))
    assert text.startswith("Results for “climate targets”: 1")
    assert f"/read_{ids['climate']}" in text
    # best first: a story about ferries before one that mentions a ferry in passing, though newer
    passing = await reader.seed(
        make_article("Weather for the weekend", ["Rain, wind, and a late ferry on Sunday."], hours_ago=1)
    )
    about = await reader.seed(
        make_article("Ferry strike ends", ["The ferry crews went back to work."], hours_ago=9)
    )
    text = body(await reader.ask_one("/search ferry"))
    assert text.startswith("Results for “ferry”: 2")
    assert text.index(f"/read_{about}") < text.index(f"/read_{passing}")


async def test_arabic_search_ignores_harakat_tatweel_and_hamza_forms(reader: Reader) -> None:
    ids = await seed_news(reader)
    for query in ("المناخ", "المُنَاخ", "المنـــاخ", "اهداف", "أهداف", "إهداف"):
        text = body(await reader.ask_one(f"/search {query}", chat=AR_USER, lang="ar"))
        assert text.startswith("نتائج البحث عن"), query
        assert f"/read_{ids['arabic_article']}" in text, query


async def test_fts_syntax_in_queries_is_just_text(reader: Reader) -> None:
    await seed_news(reader)
    hostile = [
        '"',
        'harbour"',
        "harbour*",
        "NEAR(harbour lights)",
        "harbour AND OR NOT",
        "title:harbour",
        "-harbour",
        "^harbour",
        "(harbour",
        "harbour'; DROP TABLE articles; --",
        "<b>harbour</b> & <i>",
        "{harbour}",
    ]
    for query in hostile:
        text = body(await reader.ask_one(f"/search {query}"))
        assert text.startswith(("Results for", "Nothing found", "Please search with words")), query
    assert await reader.storage.count_articles() == 4
    shown = body(await reader.ask_one("/search <b>harbour</b> & <i>"))
    assert "“<b>harbour</b> & <i>”" in shown  # the query shown as typed


async def test_search_bad_input(reader: Reader) -> None:
    await seed_news(reader)
    assert "Send /search followed by a few words" in body(await reader.ask_one("/search"))
    assert "Please search with words" in body(await reader.ask_one("/search !!! ??? ..."))
    assert "Nothing found for “xylophone”" in body(await reader.ask_one("/search xylophone"))
    assert "ابحث بكلمات" in body(await reader.ask_one("/search ***", chat=AR_USER, lang="ar"))


async def test_a_four_thousand_character_query_gets_a_polite_answer(reader: Reader) -> None:
    await seed_news(reader)
    long_query = ("harbour " * 500)[:4000]
    reply = body(await reader.ask_one(f"/search {long_query}"))
    assert reply.startswith("Results for “harbour harbour")
    assert "I searched for its first 10 words" in reply
    assert len(reply) < 2000
    noise = "".join(chr(0x0600 + (i * 7) % 200) + ("x" if i % 5 else " ") for i in range(4000))
    reply = body(await reader.ask_one(f"/search {noise}"))
    assert reply.startswith(("Results for", "Nothing found", "Please search"))


async def test_search_pages_forward_to_the_last_and_back(reader: Reader) -> None:
    world = await reader.feed("world", "World News")
    for n in range(12):
        await reader.seed(
            make_article(f"Lighthouse keeper story {n}", [f"Keeper number {n} of the lighthouse."],
                         hours_ago=n + 1),
            world,
        )
    first = await reader.ask_one("/search lighthouse")
    assert body(first).startswith("Results for “lighthouse”: 12")
    assert body(first).count("/read_") == 5
    assert [b["text"] for b in buttons(first)] == ["◀", "page 1/3", "▶"]
    seen = [body(first)]
    for n in (2, 3):
        current = reader.sb.message(USER, first["message_id"])
        await reader.press(first, button(current, "▶"))
        edit = await reader.edited()
        assert f"page {n}/3" in [b["text"] for b in buttons(edit)]
        seen.append(body(edit))
    assert seen[2].count("/read_") == 2 and "11. " in seen[2] and "12. " in seen[2]
    ids = [line for text in seen for line in text.split() if line.startswith("/read_")]
    assert len(set(ids)) == 12  # every result once across the pages
    for _ in (2, 1):
        current = reader.sb.message(USER, first["message_id"])
        await reader.press(first, button(current, "◀"))
        await reader.edited()
    assert reader.sb.message(USER, first["message_id"])["text"] == body(first)


async def test_old_search_buttons_after_a_restart_say_the_search_expired(reader: Reader) -> None:
    await seed_news(reader)
    answer = await reader.forge("q:7:1")
    assert answer["show_alert"]
    assert answer["text"] == "This search has expired. Please send /search again."
