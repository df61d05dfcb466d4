"""A local news site for benchmarks, run as its own process: `python -m bench.feedserver`.

Serves N RSS feeds at /feeds/<n>.xml (items with full text, a stable ETag and Last-Modified, 304
on a matching If-None-Match) and article pages at /pages/<n>.html, on several loopback addresses
(127.0.0.1, 127.0.0.2, ...; all of 127/8 is this machine) and one port, so fetchers see many
hosts the way they would on the internet. Prints `READY <port>` when listening; stops on SIGTERM,
on stdin closing, or after --lifetime seconds, so it can never outlive the benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from email.utils import formatdate
from html import escape

from aiohttp import web

from bench.corpus import TextGen
from bench.harness import ChildServer

__all__ = ["FeedServer", "feed_url", "make_feeds"]


def feed_url(base_port: int, n: int, hosts: int) -> str:
    """The URL of feed `n` (1-based), spread over `hosts` loopback addresses."""
    return f"http://127.0.0.{1 + n % hosts}:{base_port}/feeds/{n}.xml"


def make_feeds(feeds: int, items: int, seed: int = 21) -> dict[int, bytes]:
    """RSS 2.0 bytes per feed number: `items` entries with ~1 KB of full text each."""
    gen = TextGen(seed)
    out = {}
    when = formatdate(1_780_000_000, usegmt=True)
    for n in range(1, feeds + 1):
        lang = "ar" if n % 2 else "en"
        entries = []
        for i in range(items):
            doc = gen.doc(lang, n * 1000 + i, paragraphs=3)
            body = "".join(f"<p>{escape(p)}</p>" for p in doc.paragraphs)
            entries.append(
                f"<item><title>{escape(doc.title)}</title><link>https://site{n}.example.com/{i}.html</link>"
                f"<guid>site{n}-{i}</guid>"
                f"<pubDate>{formatdate(1_780_000_000 - i * 600, usegmt=True)}</pubDate>"
                f"<description>{escape(doc.paragraphs[0][:200])}</description>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
            )
        out[n] = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Feed {n}</title><link>https://site{n}.example.com/</link>"
            f"<description>Bench feed {n}</description><language>{lang}</language>"
            f"<lastBuildDate>{when}</lastBuildDate>{''.join(entries)}</channel></rss>"
        ).encode()
    return out


async def serve(port: int, hosts: int, feeds: int, items: int, lifetime: float) -> None:
    bodies = make_feeds(feeds, items)
    last_modified = formatdate(1_780_000_000, usegmt=True)
    served = {"200": 0, "304": 0}

    async def feed(request: web.Request) -> web.Response:
        try:
            n = int(request.match_info["n"])
            body = bodies[n]
        except (KeyError, ValueError):
            raise web.HTTPNotFound() from None
        etag = f'"feed-{n}-v1"'
        if request.headers.get("If-None-Match") == etag:
            served["304"] += 1
            return web.Response(status=304, headers={"ETag": etag, "Last-Modified": last_modified})
        served["200"] += 1
        return web.Response(
            body=body,
            content_type="application/rss+xml",
            charset="utf-8",
            headers={"ETag": etag, "Last-Modified": last_modified},
        )

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(served)

    app = web.Application()
    app.router.add_get("/feeds/{n}.xml", feed)
    app.router.add_get("/stats", stats)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    port = int(runner.addresses[0][1])  # the free port chosen; every other address gets the same
    for h in range(2, hosts + 1):
        await web.TCPSite(runner, f"127.0.0.{h}", port).start()
    print(f"READY {port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_reader(sys.stdin.fileno(), stop.set)  # the parent went away (or closed our stdin)
    try:
        await asyncio.wait_for(stop.wait(), lifetime)
    except TimeoutError:
        pass
    finally:
        await runner.cleanup()


class FeedServer(ChildServer):
    """The feed server as a child process: `with FeedServer(feeds=1000) as port:`."""

    module = "bench.feedserver"

    def __init__(self, *, feeds: int, items: int = 5, hosts: int = 20, lifetime: float = 600) -> None:
        super().__init__(
            ["--feeds", str(feeds), "--items", str(items), "--hosts", str(hosts), "--lifetime", str(lifetime)]
        )
        self.hosts = hosts

    def __enter__(self) -> int:
        return self.start()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.feedserver")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=5)
    parser.add_argument("--lifetime", type=float, default=600)
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.hosts, args.feeds, args.items, args.lifetime))


if __name__ == "__main__":
    main()
