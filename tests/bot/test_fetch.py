"""The fetcher against a real local HTTP server that misbehaves on request."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.config import PollingConfig
from bot.fetch import Fetcher, FetchError
from sandbox.newssite import NewsItem, NewsSite, rss

FEED = rss([NewsItem("One", "http://127.0.0.1/1")])


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite() as s:
        s.set_feed("/feed.xml", FEED)
        yield s


def fetcher(**changes: object) -> Fetcher:
    return Fetcher(PollingConfig(**{"timeout": 2.0, **changes}))  # type: ignore[arg-type]


async def test_get_sends_a_descriptive_user_agent_and_gzip_is_decoded(site: NewsSite) -> None:
    site.set_fault("/feed.xml", gzip=True)
    async with fetcher() as f:
        result = await f.fetch(site.url("/feed.xml"))
    assert result.status == 200 and result.body == FEED
    [request] = site.requests_to("/feed.xml")
    assert request.headers["User-Agent"].startswith("newsbot/")
    assert "gzip" in request.headers["Accept-Encoding"]
    assert "rss" in request.headers["Accept"]


async def test_conditional_get_gives_304_with_etag_and_with_last_modified(site: NewsSite) -> None:
    async with fetcher() as f:
        first = await f.fetch(site.url("/feed.xml"))
        assert first.etag and first.last_modified
        by_etag = await f.fetch(site.url("/feed.xml"), etag=first.etag)
        by_date = await f.fetch(site.url("/feed.xml"), last_modified=first.last_modified)
        site.set_feed("/feed.xml", rss([NewsItem("Two", "http://127.0.0.1/2")]))
        changed = await f.fetch(site.url("/feed.xml"), etag=first.etag)
    assert by_etag.not_modified and by_etag.body == b"" and by_etag.etag == first.etag
    assert by_date.not_modified
    assert changed.status == 200 and b"Two" in changed.body
    sent = site.requests_to("/feed.xml")
    assert sent[1].headers["If-None-Match"] == first.etag
    assert sent[2].headers["If-Modified-Since"] == first.last_modified


@pytest.mark.parametrize("status", [301, 308])
async def test_permanent_redirect_reports_the_new_address(site: NewsSite, status: int) -> None:
    site.redirect("/old.xml", "/feed.xml", status=status)
    async with fetcher() as f:
        result = await f.fetch(site.url("/old.xml"))
    assert result.body == FEED and result.moved_to == site.url("/feed.xml")


async def test_temporary_redirect_is_followed_but_not_stored(site: NewsSite) -> None:
    site.redirect("/tmp.xml", "/feed.xml", status=302)
    site.redirect("/perm-then-tmp.xml", "/tmp.xml", status=301)
    async with fetcher() as f:
        temporary = await f.fetch(site.url("/tmp.xml"))
        mixed = await f.fetch(site.url("/perm-then-tmp.xml"))
    assert temporary.body == FEED and temporary.moved_to is None
    assert mixed.moved_to == site.url("/tmp.xml")  # only the permanent hop counts


async def test_redirect_loop_is_an_error(site: NewsSite) -> None:
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    async with fetcher() as f:
        with pytest.raises(FetchError, match="redirects"):
            await f.fetch(site.url("/a"))


@pytest.mark.parametrize("status", [404, 500, 503])
async def test_error_status_is_a_fetch_error_with_the_status(site: NewsSite, status: int) -> None:
    site.set_fault("/feed.xml", status=status)
    async with fetcher() as f:
        with pytest.raises(FetchError, match=f"HTTP {status}") as caught:
            await f.fetch(site.url("/feed.xml"))
    assert caught.value.status == status


async def test_slow_server_times_out_within_the_deadline(site: NewsSite) -> None:
    site.set_fault("/feed.xml", delay=5)
    site.set_feed("/trickle.xml", FEED * 40, trickle=0.2)  # answers at once, then 1 KB per 0.2 s
    async with fetcher(timeout=0.5) as f:
        with pytest.raises(FetchError, match="timed out"):
            await f.fetch(site.url("/feed.xml"))
        with pytest.raises(FetchError, match="timed out"):
            await f.fetch(site.url("/trickle.xml"))


async def test_a_20_mb_feed_is_cut_off_at_the_size_cap(site: NewsSite) -> None:
    site.set_fault("/feed.xml", huge=20_000_000)
    async with fetcher(max_bytes=1_000_000) as f:
        with pytest.raises(FetchError, match="larger than the 1,000,000 byte limit"):
            await f.fetch(site.url("/feed.xml"))
        assert f.bytes == 0
    # a gzip body is capped after decoding, so a small bomb cannot blow up memory either
    site.set_feed("/bomb.xml", b"<rss>" + b" " * 5_000_000 + b"</rss>", gzip=True)
    async with fetcher(max_bytes=1_000_000) as f:
        with pytest.raises(FetchError, match="larger than"):
            await f.fetch(site.url("/bomb.xml"))


async def test_unreachable_host_and_bad_address_are_fetch_errors() -> None:
    async with fetcher(timeout=1.0) as f:
        with pytest.raises(FetchError, match="network error"):
            await f.fetch("http://127.0.0.1:9/feed.xml")  # discard port: connection refused
        with pytest.raises(FetchError, match="not an http"):
            await f.fetch("ftp://example.org/feed.xml")


async def test_at_most_per_host_fetches_run_at_once_on_one_host(site: NewsSite) -> None:
    site.set_fault("/feed.xml", delay=0.2)
    async with fetcher(per_host=2, max_concurrent=10) as f:
        await asyncio.gather(*(f.fetch(site.url("/feed.xml")) for _ in range(6)))
    times = sorted(r.at for r in site.requests_to("/feed.xml"))
    # six requests of 0.2 s each, two at a time: they arrive in three waves
    assert times[2] - times[0] >= 0.15 and times[4] - times[2] >= 0.15


async def test_retry_after_of_a_busy_site_is_reported(site: NewsSite) -> None:
    site.set_fault("/feed.xml", status=429, headers=(("Retry-After", "7200"),))
    async with fetcher() as f:
        with pytest.raises(FetchError, match="HTTP 429") as caught:
            await f.fetch(site.url("/feed.xml"))
    assert caught.value.retry_after == 7200
