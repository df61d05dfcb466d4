"""A local news site: feeds and article pages served over real HTTP on 127.0.0.1, with faults on demand.

For tests, the demo and benchmarks. Routes are set while the server runs; each can misbehave the way real
sites do: answer slowly or trickle its body, fail with any status, redirect (301/302/307/308), send
garbage, an empty feed, a huge body, a body gzip-compressed, or a feed in windows-1256. Conditional GET
is honoured (ETag / If-None-Match and Last-Modified / If-Modified-Since give 304). Every request is
recorded with its headers so a test can check what the fetcher sent.

    async with NewsSite() as site:
        site.set_feed("/feed.xml", rss([NewsItem("Title", site.url("/a/1"))]))
        site.set_page("/a/1", article_page("Title", ["Paragraph one.", "Paragraph two."]))
        url = site.url("/feed.xml")
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from typing import Any

from aiohttp import web

__all__ = ["NewsItem", "NewsSite", "RequestRecord", "Route", "article_page", "rss"]


@dataclass(frozen=True)
class Route:
    """What one path answers, and how it misbehaves."""

    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before answering
    trickle: float = 0.0  # seconds between 1 KB chunks of the body (a slow server mid-body)
    redirect_to: str | None = None  # with status 301/302/307/308
    conditional: bool = True  # send ETag / Last-Modified and answer 304 when they match
    modified: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    gzip: bool = False  # Content-Encoding: gzip
    huge: int = 0  # stream this many bytes of an endless feed instead of `body`
    headers: tuple[tuple[str, str], ...] = ()  # extra response headers, e.g. (("Retry-After", "120"),)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass(frozen=True)
class RequestRecord:
    """One request the site received."""

    method: str
    path: str
    headers: dict[str, str]
    at: float
    status: int


@dataclass(frozen=True)
class NewsItem:
    """One feed entry."""

    title: str
    link: str
    guid: str | None = None
    description: str = ""  # HTML allowed (escaped into the feed)
    content: str = ""  # full text as HTML (content:encoded); empty = a teaser-only feed
    published: datetime | None = None
    image: str | None = None


def rss(
    items: list[NewsItem],
    *,
    title: str = "Local News",
    link: str = "http://127.0.0.1/",
    lang: str = "en",
    encoding: str = "utf-8",
) -> bytes:
    """An RSS 2.0 document in `encoding` (e.g. windows-1256 for an old Arabic site)."""
    parts = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<language>{lang}</language><description>{escape(title)}</description>",
    ]
    for item in items:
        parts.append(f"<item><title>{escape(item.title)}</title><link>{escape(item.link)}</link>")
        parts.append(f'<guid isPermaLink="false">{escape(item.guid or item.link)}</guid>')
        if item.published:
            parts.append(f"<pubDate>{format_datetime(item.published.astimezone(UTC))}</pubDate>")
        if item.description:
            parts.append(f"<description>{escape(item.description)}</description>")
        if item.content:
            parts.append(f"<content:encoded><![CDATA[{item.content}]]></content:encoded>")
        if item.image:
            parts.append(f'<enclosure url="{escape(item.image)}" type="image/jpeg" length="1000"/>')
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding, errors="xmlcharrefreplace")


def article_page(title: str, paragraphs: list[str], *, lang: str = "en", site: str = "Local News") -> bytes:
    """A plain article page: a title, the paragraphs, some boilerplate around them."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    direction = "rtl" if lang == "ar" else "ltr"
    return (
        f'<!doctype html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{escape(title)} | {escape(site)}</title>"
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="og:site_name" content="{escape(site)}"></head><body>'
        f"<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
        f"<main><article><h1>{escape(title)}</h1>{body}</article></main>"
        f"<footer>© {escape(site)}. All rights reserved.</footer></body></html>"
    ).encode()


_HUGE_HEAD = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Huge</title>'
_HUGE_ITEM = (
    b"<item><title>Filler</title><link>http://127.0.0.1/filler</link>"
    b"<description>" + b"x" * 900 + b"</description></item>\n"
)


class NewsSite:
    """The server. `async with NewsSite() as site:` listens on a free port of 127.0.0.1."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.routes: dict[str, Route] = {}
        self.requests: list[RequestRecord] = []
        self._runner: web.AppRunner | None = None

    def __repr__(self) -> str:
        return f"NewsSite({self.base_url!r})"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        """The full address of a path on this site."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # ---- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free port."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(
            app, handle_signals=False, access_log=None, handler_cancellation=True, shutdown_timeout=0.5
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, 0).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> NewsSite:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- routes ----------------------------------------------------------------------------------

    def set_route(self, path: str, route: Route) -> Route:
        """Answer `path` with `route` from now on."""
        self.routes[path] = route
        return route

    def set_feed(self, path: str, body: bytes, **options: Any) -> Route:
        """Serve a feed document."""
        options.setdefault("content_type", "application/rss+xml; charset=utf-8")
        return self.set_route(path, Route(body=body, **options))

    def set_page(self, path: str, body: bytes, **options: Any) -> Route:
        """Serve an HTML page."""
        options.setdefault("content_type", "text/html; charset=utf-8")
        return self.set_route(path, Route(body=body, **options))

    def set_fault(self, path: str, **changes: Any) -> Route:
        """Change how an existing route behaves: status=500, delay=5, gzip=True, huge=20_000_000, ..."""
        route = replace(self.routes.get(path, Route()), **changes)
        return self.set_route(path, route)

    def redirect(self, path: str, to: str, status: int = 301) -> Route:
        """Redirect `path` to another path or URL."""
        return self.set_route(path, Route(status=status, redirect_to=to))

    def requests_to(self, path: str) -> list[RequestRecord]:
        """The requests made to one path, oldest first."""
        return [r for r in self.requests if r.path == path]

    # ---- serving ---------------------------------------------------------------------------------

    def _record(self, request: web.Request, status: int) -> None:
        self.requests.append(
            RequestRecord(request.method, request.path, dict(request.headers), time.time(), status)
        )

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        route = self.routes.get(request.path)
        if route is None:
            self._record(request, 404)
            return web.Response(status=404, text="not found")
        if route.delay:
            await asyncio.sleep(route.delay)
        if route.redirect_to is not None:
            self._record(request, route.status)
            target = route.redirect_to
            if target.startswith("/"):
                target = self.url(target)
            return web.Response(status=route.status, headers={"Location": target})
        headers: dict[str, str] = {"Content-Type": route.content_type, **dict(route.headers)}
        if route.conditional and route.status == 200 and not route.huge:
            headers["ETag"] = route.etag
            headers["Last-Modified"] = format_datetime(route.modified, usegmt=True)
            if self._not_modified(request, route):
                self._record(request, 304)
                return web.Response(status=304, headers={"ETag": route.etag})
        self._record(request, route.status)
        if route.huge:
            return await self._stream_huge(request, route, headers)
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if not route.trickle:
            return web.Response(status=route.status, body=body, headers=headers)
        response = web.StreamResponse(status=route.status, headers=headers)
        await response.prepare(request)
        for start in range(0, len(body), 1024):
            await response.write(body[start : start + 1024])
            await asyncio.sleep(route.trickle)
        await response.write_eof()
        return response

    @staticmethod
    def _not_modified(request: web.Request, route: Route) -> bool:
        tag = request.headers.get("If-None-Match")
        if tag is not None:
            return route.etag in [t.strip() for t in tag.split(",")] or tag.strip() == "*"
        since = request.headers.get("If-Modified-Since")
        if since:
            try:
                return parsedate_to_datetime(since) >= route.modified.replace(microsecond=0)
            except (TypeError, ValueError):
                return False
        return False

    async def _stream_huge(
        self, request: web.Request, route: Route, headers: dict[str, str]
    ) -> web.StreamResponse:
        """Stream `route.huge` bytes of a never-ending feed, chunked (no Content-Length, so only a
        reader that counts as it goes can stop it), without holding it in memory."""
        response = web.StreamResponse(status=route.status, headers=headers)
        await response.prepare(request)
        sent = 0
        chunk = _HUGE_ITEM * 64
        try:
            await response.write(_HUGE_HEAD)
            sent += len(_HUGE_HEAD)
            while sent < route.huge:
                piece = chunk[: route.huge - sent]
                await response.write(piece)
                sent += len(piece)
        except (ConnectionResetError, ConnectionError):
            return response  # the client stopped reading at its cap, as it should
        await response.write_eof()
        return response
