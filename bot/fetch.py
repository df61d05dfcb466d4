"""Fetching feeds and article pages over HTTP: polite, bounded, and cheap when nothing changed.

One `Fetcher` per running bot holds one httpx.AsyncClient (connection reuse, gzip/deflate decoding) and
two limits: `max_concurrent` fetches overall and `per_host` per host, so a thousand feeds on one site do
not hammer it. Every fetch has a total deadline (httpx's timeout is per read, so a server trickling one
byte a second would otherwise hold a slot for ever) and a size cap on the *decoded* body, read as a
stream and cut off at `max_bytes`, so a huge or gzip-bomb feed costs at most that much memory.
Conditional GET: the stored ETag / Last-Modified go out as If-None-Match / If-Modified-Since; a 304
comes back as `FetchResult.not_modified` with an empty body. Redirects are followed; when every hop
from the feed's own URL up to some point was permanent (301/308), that point is `moved_to`, so the
caller can store the new address.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from bot.config import PollingConfig

__all__ = ["FEED_ACCEPT", "PAGE_ACCEPT", "FetchError", "FetchResult", "Fetcher"]

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_MAX_REDIRECTS = 5


class FetchError(Exception):
    """A fetch that brought nothing usable; the message says why in words an admin can act on."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after  # seconds the site asked us to wait (429/503 Retry-After)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a successful fetch brought back."""

    url: str  # the address the body came from, after redirects
    status: int  # 200-class, or 304
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    moved_to: str | None = None  # the new permanent address, after 301/308 redirects

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _permanent_target(response: httpx.Response) -> str | None:
    """The last address reached through only permanent redirects from the first URL, if any."""
    hops = [*response.history, response]
    target: str | None = None
    for i, hop in enumerate(response.history):
        if hop.status_code not in (301, 308):
            break
        target = str(hops[i + 1].url)
    return target


class Fetcher:
    """Bounded, conditional, size-capped HTTP GETs for feeds and pages."""

    def __init__(
        self, config: PollingConfig, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.config = config
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._all = asyncio.Semaphore(config.max_concurrent)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self.requests = 0  # fetches started, for /stats
        self.bytes = 0  # body bytes read

    async def __aenter__(self) -> Fetcher:
        self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def open(self) -> None:
        """Create the HTTP client (idempotent)."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(self.config.timeout),
                follow_redirects=True,
                max_redirects=_MAX_REDIRECTS,
                headers={"User-Agent": self.config.user_agent},
                limits=httpx.Limits(max_connections=self.config.max_concurrent * 2),
            )

    async def close(self) -> None:
        """Close the HTTP client and its connections (idempotent)."""
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    def _host_limit(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        sem = self._hosts.get(host)
        if sem is None:
            if len(self._hosts) > 5000:  # drop idle hosts so the map does not grow for ever
                self._hosts = {h: s for h, s in self._hosts.items() if s.locked()}
            sem = self._hosts[host] = asyncio.Semaphore(self.config.per_host)
        return sem

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
    ) -> FetchResult:
        """GET `url` within the limits; raise FetchError for anything but a usable 2xx or a 304."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) address: {url[:200]}")
        headers: dict[str, str] = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self.open()
        async with self._all, self._host_limit(url):
            self.requests += 1
            try:
                async with asyncio.timeout(self.config.timeout):
                    return await self._get(url, headers, etag, last_modified)
            except TimeoutError:
                raise FetchError(f"timed out after {self.config.timeout:g} s") from None
            except httpx.TooManyRedirects:
                raise FetchError(f"more than {_MAX_REDIRECTS} redirects") from None
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {self.config.timeout:g} s") from None
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid address: {exc}") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"network error: {type(exc).__name__}: {exc}"[:300]) from None

    async def _get(
        self, url: str, headers: Mapping[str, str], etag: str | None, last_modified: str | None
    ) -> FetchResult:
        assert self._client is not None
        async with self._client.stream("GET", url, headers=headers) as response:
            moved_to = _permanent_target(response)
            if response.status_code == 304:
                return FetchResult(
                    url=str(response.url),
                    status=304,
                    body=b"",
                    content_type=None,
                    etag=response.headers.get("ETag") or etag,
                    last_modified=response.headers.get("Last-Modified") or last_modified,
                    moved_to=moved_to,
                )
            if not 200 <= response.status_code < 300:
                reason = response.reason_phrase or ""
                wait = response.headers.get("Retry-After", "").strip()
                raise FetchError(
                    f"HTTP {response.status_code} {reason}".strip(),
                    status=response.status_code,
                    retry_after=float(wait) if wait.isdigit() else None,
                )
            body = await self._read_capped(response)
            return FetchResult(
                url=str(response.url),
                status=response.status_code,
                body=body,
                content_type=response.headers.get("Content-Type"),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                moved_to=moved_to,
            )

    async def _read_capped(self, response: httpx.Response) -> bytes:
        """The decoded body, or FetchError as soon as it passes max_bytes."""
        cap = self.config.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap and "content-encoding" not in response.headers:
            raise FetchError(f"larger than the {cap:,} byte limit ({int(declared):,} bytes)")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(f"larger than the {cap:,} byte limit")
            chunks.append(chunk)
        self.bytes += size
        return b"".join(chunks)
