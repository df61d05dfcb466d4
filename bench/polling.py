"""Polling: 1,000 feeds on a local HTTP server, a full cycle with 200s and then with 304s.

The feed server is its own process (bench.feedserver) on 20 loopback addresses, so its CPU is not
counted and the per-host limit means what it means on the internet. Two comparisons:

* fetch level: bot.fetch.Fetcher against a bare httpx.AsyncClient loop with the same concurrency
  (the same global and per-host semaphores), same URLs, same conditional headers; wall and CPU of
  this process, interleaved, repeated. Target (issue 7): ratio <= 1.3.
* whole poll cycle: bot.polling.Poller.poll for every feed (fetch, parse, dedup, store, fetch state),
  a cycle of 200s (items already stored: fetch, parse, dedup) against a cycle of 304s. Target: a 304
  cycle costs < 5% of a full one. The very first cycle, storing every item, is reported too.
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import shutil
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.feedserver import FeedServer, feed_url
from bench.harness import Figure, Sizes, cpu_seconds, main_for, not_measured, paired, profile_shares

KEY = "polling"
HOSTS = 20


async def _bare_cycle(client: Any, urls: list[str], etags: dict[str, str], conc: int, per_host: int) -> int:
    sem = asyncio.Semaphore(conc)
    hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))

    async def one(url: str) -> int:
        async with sem, hosts[urlsplit(url).hostname or ""]:
            headers = {"If-None-Match": etags[url]} if url in etags else {}
            response = await client.get(url, headers=headers)
            if response.status_code == 200:
                etags[url] = response.headers.get("ETag", "")
            return len(response.content)

    return sum(await asyncio.gather(*(one(u) for u in urls)))


async def _ours_cycle(fetcher: Any, urls: list[str], etags: dict[str, str]) -> int:
    async def one(url: str) -> int:
        result = await fetcher.fetch(url, etag=etags.get(url))
        if not result.not_modified:
            etags[url] = result.etag or ""
        return len(result.body)

    return sum(await asyncio.gather(*(one(u) for u in urls)))


async def _timed(coro: Any) -> tuple[float, float, Any]:
    gc.collect()
    wall0, cpu0 = time.perf_counter(), cpu_seconds()
    got = await coro
    return time.perf_counter() - wall0, cpu_seconds() - cpu0, got


async def _fetch_level(port: int, feeds: int, repeats: int) -> dict[str, list[float]]:
    import httpx

    from bot.config import PollingConfig
    from bot.fetch import Fetcher

    config = PollingConfig()
    urls = [feed_url(port, n, HOSTS) for n in range(1, feeds + 1)]
    out: dict[str, list[float]] = defaultdict(list)
    client = httpx.AsyncClient(
        timeout=httpx.Timeout(config.timeout),
        follow_redirects=True,
        headers={"User-Agent": config.user_agent},
        limits=httpx.Limits(max_connections=config.max_concurrent * 2),
    )
    async with client, Fetcher(config) as fetcher:
        # warm-up: connections open on both sides
        await _bare_cycle(client, urls[:40], {}, config.max_concurrent, config.per_host)
        await _ours_cycle(fetcher, urls[:40], {})
        for _ in range(repeats):
            for mode in ("200", "304"):
                bare_etags: dict[str, str] = {}
                our_etags: dict[str, str] = {}
                if mode == "304":  # both learned the ETags in their own 200 cycle just before
                    bare_etags = {u: f'"feed-{n}-v1"' for n, u in enumerate(urls, start=1)}
                    our_etags = dict(bare_etags)
                w, c, _size = await _timed(
                    _bare_cycle(client, urls, bare_etags, config.max_concurrent, config.per_host)
                )
                out[f"bare{mode}.wall"].append(w)
                out[f"bare{mode}.cpu"].append(c)
                w, c, size2 = await _timed(_ours_cycle(fetcher, urls, our_etags))
                out[f"ours{mode}.wall"].append(w)
                out[f"ours{mode}.cpu"].append(c)
                out[f"bytes{mode}"].append(float(size2))
    return out


async def _poll_cycles(port: int, feeds: int, work: Path) -> dict[str, Any]:
    import sqlite3

    from bench.dataset import create_schema
    from bench.localbot import local_app
    from bot.fetch import Fetcher
    from bot.polling import Poller

    path = work / "poll.sqlite3"
    await create_schema(path)
    conn = sqlite3.connect(path, isolation_level=None)
    now = time.time()
    with conn:
        conn.executemany(
            "INSERT INTO feeds (id, url, name, every, created, next_due) VALUES (?, ?, ?, 600, ?, ?)",
            [(n, feed_url(port, n, HOSTS), f"feed{n}", now, now) for n in range(1, feeds + 1)],
        )
    conn.close()
    results: dict[str, list[dict[str, Any]]] = defaultdict(list)
    async with local_app(path) as (app, _request):
        config = app.bot_data["services"].config
        async with Fetcher(config.polling) as fetcher:
            poller = Poller(app, fetcher)
            # first cycle: every item new; then 304s. Then the feeds' ETags forgotten (as with a server
            # that ignores conditional GETs): 200s of the same bodies, which the poller recognises by
            # digest; then twice, with a new Poller (as after a restart), 200s whose items are all
            # parsed and found already stored, each followed by a cycle of 304s.
            for cycle in ("new", "304", "same", "200", "304", "200", "304"):
                if cycle in ("same", "200"):
                    reset = sqlite3.connect(path, isolation_level=None)
                    reset.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
                    reset.close()
                if cycle == "200":
                    poller = Poller(app, fetcher)
                w, c, got = await _timed(asyncio.gather(*(poller.poll(n) for n in range(1, feeds + 1))))
                outcomes: dict[str, int] = defaultdict(int)
                for r in got:
                    outcomes[str(getattr(r, "status", r))] += 1
                results[cycle].append(
                    {
                        "wall": w,
                        "cpu": c,
                        "outcomes": dict(outcomes),
                        "added": sum(getattr(r, "added", 0) for r in got),
                    }
                )
            profile = cProfile.Profile()  # one more cycle of 304s, to see where it goes
            profile.enable()
            await asyncio.gather(*(poller.poll(n) for n in range(1, feeds + 1)))
            profile.disable()
            results["profile"] = [{"shares": profile_shares(profile)}]
    return results


def run(sizes: Sizes) -> list[Figure]:
    feeds = sizes.pick(1000, 30)
    repeats = sizes.pick(3, 2)
    try:
        from bot.fetch import Fetcher  # noqa: F401
    except ImportError as exc:
        return [not_measured(KEY, "Polling", f"bot.fetch is not available ({exc})", "ratio <= 1.3")]
    figures: list[Figure] = []
    work = sizes.cache / "polling"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    with FeedServer(feeds=feeds, items=5, hosts=HOSTS) as port:
        m = asyncio.run(_fetch_level(port, feeds, repeats))
        common = (
            f"{feeds:,} feeds of 5 items (~9 KB each) on {HOSTS} loopback hosts; PollingConfig defaults "
            "(10 at once, 2 per host) on both sides; the server runs in another process."
        )
        for mode, what in (("200", "full fetches (200)"), ("304", "conditional GETs (304)")):
            for measure in ("wall", "cpu"):
                figures.append(
                    paired(
                        f"{KEY}.fetch{mode}.{measure}",
                        f"Polling: {feeds:,} feeds, {what}, Fetcher {measure}",
                        "s",
                        m[f"ours{mode}.{measure}"],
                        "bare httpx loop",
                        m[f"bare{mode}.{measure}"],
                        target="ratio <= 1.3",
                        max_ratio=1.3,
                        note=common if (mode, measure) == ("200", "wall") else "",
                    )
                )
        try:
            cycles = asyncio.run(_poll_cycles(port, feeds, work))
        except ImportError as exc:
            cycles = None
            figures.append(not_measured(f"{KEY}.cycle", "Polling: poll cycle", f"bot.polling: {exc}"))
    shutil.rmtree(work, ignore_errors=True)
    if cycles:
        new, cond, full, same = cycles["new"][0], cycles["304"], cycles["200"], cycles["same"][0]
        note = (
            f"Poller.poll for all {feeds:,} feeds at once (the fetcher bounds concurrency). Full cycle: "
            f"ETags forgotten and a new Poller, so all 200s, every item parsed and found already stored "
            f"(outcomes {full[0]['outcomes']}); 304 cycle: outcomes {cond[0]['outcomes']}. The very first "
            f"cycle, which stored {new['added']:,} new articles, took {new['wall']:.1f} s wall, "
            f"{new['cpu']:.1f} s CPU; the 304 cycle after it cost {cond[0]['cpu'] / new['cpu']:.1%} of "
            f"its CPU. A cycle of 200s with unchanged bodies, which the poller skips by digest before "
            f"parsing, cost {same['cpu']:.2f} s CPU ({same['outcomes']}). A cycle of 304s: "
            f"{cycles['profile'][0]['shares']}."
        )
        for measure in ("cpu", "wall"):
            figures.append(
                paired(
                    f"{KEY}.cycle.{measure}",
                    f"Polling: cycle of 304s vs cycle of full fetches (fetch+parse+dedup), {measure}",
                    "s",
                    [c[measure] for c in cond[1:]],  # each 304 cycle after a 200 cycle
                    "cycle of 200s",
                    [c[measure] for c in full],
                    target="ratio < 0.05",
                    max_ratio=0.05,
                    note=note if measure == "cpu" else "",
                )
            )
    return figures


if __name__ == "__main__":
    main_for(KEY, run)
