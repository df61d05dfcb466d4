"""Reader latency: /latest, /read page 1 and 5, /search (Arabic, English) over 100,000 stored articles.

Ours: the real handlers in a real PTB Application (bench.localbot), `process_update` timed from
the update to the reply's request built, storage on the stored database. Reference: the bare
SQL each command needs, on a plain sqlite3 connection to the same file (the rows fetched, nothing
built from them). Calls alternate ours / bare. Targets (issue 7): p99 < 10 ms and p50 overhead
ratio <= 3.
"""

from __future__ import annotations

import asyncio
import cProfile
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from bench.dataset import LONG_EVERY, corpus_db
from bench.harness import Figure, Sizes, main_for, not_measured, paired, percentile, profile_shares

KEY = "reader"
COLUMNS = """a.id, a.feed_id, a.url, a.guid, a.fingerprint, a.title, a.lang, a.published, a.site,
    a.source, a.summary, a.paragraphs, a.related, a.images, a.created"""
# Two-word searches matching 3-5% of the corpus; the vocabulary is small, so even these match
# thousands of articles (more than a real news archive would for such words).
SEARCHES = {"ar": "الزلزال الإنقاذ", "en": "earthquake rescue"}
COMMON = {"ar": "النفط", "en": "oil prices"}  # 20-36% of the corpus: timed bare, for the note


def _bare_queries(conn: sqlite3.Connection, fts_query: Callable[[str], str]) -> dict[str, Any]:
    def latest(_: Any) -> Any:
        return conn.execute(
            f"SELECT {COLUMNS} FROM articles a ORDER BY a.ts DESC, a.id DESC LIMIT 5"
        ).fetchall()

    def read(article_id: Any) -> Any:
        return conn.execute(f"SELECT {COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)).fetchall()

    def search(text: Any) -> Any:
        q = fts_query(text)
        total = conn.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (q,)).fetchone()
        rows = conn.execute(
            f"""SELECT {COLUMNS} FROM articles_fts f JOIN articles a ON a.id = f.rowid
                WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 3.0, 1.0), a.ts DESC
                LIMIT 5 OFFSET 0""",
            (q,),
        ).fetchall()
        return total, rows

    return {"latest": latest, "read": read, "search": search}


async def _measure(sizes: Sizes, path: Any, articles: int) -> list[Figure]:
    import content
    from bench.localbot import callback, command, local_app
    from bot.storage import fts_query

    per_round = sizes.pick(150, 6)
    rounds = sizes.pick(3, 2)
    conn = sqlite3.connect(path)
    bare = _bare_queries(conn, fts_query)
    async with local_app(path) as (app, request):
        storage = app.bot_data["services"].storage
        # articles long enough to have a page 5
        long_ids = []
        for article_id in range(1, articles + 1, LONG_EVERY):
            stored = await storage.get_article(article_id)
            if stored and len(content.render_pages(stored.article)) >= 5:
                long_ids.append(article_id)
        step = max(1, articles // 997)
        read_ids = list(range(3, articles + 1, step))
        bot = app.bot

        def cases(i: int) -> dict[str, tuple[Any, Callable[[], Any]]]:
            rid = read_ids[i % len(read_ids)]
            lid = long_ids[i % len(long_ids)] if long_ids else 0
            return {
                "/latest": (command(bot, "/latest"), lambda: bare["latest"](None)),
                "/read page 1": (command(bot, f"/read {rid}"), lambda: bare["read"](rid)),
                "/read page 5": (callback(bot, f"r:{lid}:4"), lambda: bare["read"](lid)),
                "/search (Arabic)": (
                    command(bot, f"/search {SEARCHES['ar']}", lang="ar"),
                    lambda: bare["search"](SEARCHES["ar"]),
                ),
                "/search (English)": (
                    command(bot, f"/search {SEARCHES['en']}"),
                    lambda: bare["search"](SEARCHES["en"]),
                ),
            }

        names = list(cases(0))
        if not long_ids:
            names.remove("/read page 5")
        # warm-up, and proof that each handler answered (a reply went out, not an error)
        answers: dict[str, str] = {}
        for name in names:
            update, _ = cases(0)[name]
            before = len(request.calls)
            await app.process_update(update)
            sent = [c for c in request.calls[before:] if c[0] in ("sendMessage", "editMessageText")]
            answers[name] = (sent[-1][1].get("text", "") if sent else "")[:80]
        ours: dict[str, list[list[float]]] = {n: [] for n in names}
        ref: dict[str, list[list[float]]] = {n: [] for n in names}
        for _ in range(rounds):
            for name in names:
                o, r = [], []
                calls = per_round if "search" not in name else max(2, per_round // 4)
                for i in range(calls):
                    update, bare_call = cases(i)[name]
                    t0 = time.perf_counter()
                    bare_call()
                    t1 = time.perf_counter()
                    await app.process_update(update)
                    t2 = time.perf_counter()
                    r.append((t1 - t0) * 1000)
                    o.append((t2 - t1) * 1000)
                ours[name].append(o)
                ref[name].append(r)
        # where /latest spends its time (the command with the smallest bare query)
        # one aiosqlite round trip, the floor under every storage call a handler makes
        hop, direct = [], []
        for _ in range(per_round * 2):
            t0 = time.perf_counter()
            conn.execute("SELECT 1").fetchone()
            t1 = time.perf_counter()
            await storage.fetchone("SELECT 1")
            t2 = time.perf_counter()
            direct.append((t1 - t0) * 1e6)
            hop.append((t2 - t1) * 1e6)
        updates = [command(bot, "/latest") for _ in range(per_round)]
        profile = cProfile.Profile()
        profile.enable()
        for update in updates:
            await app.process_update(update)
        profile.disable()
    matches = {lang: bare["search"](text)[0][0] for lang, text in SEARCHES.items()}
    common_ms = []
    for text in COMMON.values():
        t0 = time.perf_counter()
        total = bare["search"](text)[0][0]
        common_ms.append(f"{text!r} ({total:,} matches) {1000 * (time.perf_counter() - t0):.0f} ms bare")
    common = ", ".join(common_ms)
    conn.close()
    figures = []
    for name in names:
        p50 = [percentile(x, 50) for x in ours[name]]
        p50_ref = [percentile(x, 50) for x in ref[name]]
        p99 = [percentile(x, 99) for x in ours[name]]
        p99_ref = [percentile(x, 99) for x in ref[name]]
        key = f"{KEY}.{name.strip('/').replace(' ', '_').replace('(', '').replace(')', '')}"
        note = f"reply begins: {answers[name]!r}" if answers[name] else "no reply was sent: check the handler"
        figures.append(
            paired(
                f"{key}.p50",
                f"Reader {name}: p50 handling time",
                "ms",
                p50,
                "bare SQL",
                p50_ref,
                target="ratio <= 3",
                max_ratio=3.0,
                note=note,
                extra={"reply": answers[name]},
            )
        )
        fig = paired(
            f"{key}.p99", f"Reader {name}: p99 handling time", "ms", p99, "bare SQL", p99_ref,
            target="p99 < 10 ms",
        )
        fig.passed = sorted(p99)[len(p99) // 2] < 10.0
        figures.append(fig)
    if figures:
        figures[0].note += "; " + (
            f"{articles:,} articles stored; {per_round} calls per command per round, {rounds} rounds "
            "(p50/p99 per round). Ours: Application.process_update with the real handlers and an "
            "in-process Bot API stand-in (no HTTP); it includes PTB dispatch, chat language lookup, "
            "storage, content rendering and request serialisation. Bare: the main SQL only, sqlite3. "
            f"Searches: {SEARCHES['ar']!r} ({matches['ar']:,} matches) and {SEARCHES['en']!r} "
            f"({matches['en']:,}), a quarter as many calls as the others. Very common words cost more: "
            f"{common}. "
            f"/latest {profile_shares(profile)}."
        )
    if "/read page 5" not in names:
        why = "no stored article has 5 pages"
        figures.append(not_measured(f"{KEY}.read_page_5", "Reader /read page 5", why))
    figures.append(
        Figure(
            key=f"{KEY}.roundtrip",
            figure="Reader: one storage round trip (Storage.fetchone('SELECT 1')) p50",
            unit="µs",
            values=[percentile(hop, 50)],
            reference_label="sqlite3 direct",
            references=[percentile(direct, 50)],
            ratios=[percentile(hop, 50) / percentile(direct, 50)],
            note="aiosqlite runs each query on its own thread and hands the result back to the event "
            "loop; each handler makes several such calls (chat language, feed titles, the query itself)",
        )
    )
    return figures


def run(sizes: Sizes) -> list[Figure]:
    articles = sizes.pick(100_000, 3_000)
    try:
        import handlers  # noqa: F401 - the handlers must import before anything is measured
        from bot.storage import Storage  # noqa: F401
    except ImportError as exc:
        return [not_measured(KEY, "Reader latency", f"handlers or storage do not import ({exc})")]
    corpus = corpus_db(
        sizes.cache,
        articles=articles,
        feeds=sizes.pick(1000, 20),
        subscribers=sizes.pick(10_000, 50),
    )
    return asyncio.run(_measure(sizes, corpus.path, articles))


if __name__ == "__main__":
    main_for(KEY, run)
