"""Feed polling against a local news site that misbehaves: failures are contained, recorded, backed off."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import pytest

import content
from bot import polling
from bot.app import App, running
from bot.config import Config, FeedConfig, PollingConfig
from bot.polling import backoff, first_delay, poller_of
from bot.services import get_services
from bot.storage import Feed
from sandbox import SEND_METHODS
from sandbox.newssite import NewsItem, NewsSite, article_page, rss
from tests.bot.delivery_env import item, manual_polling, outbox_settled
from tests.conftest import ADMIN_ID

CHANNEL = -1004001
ARABIC_TITLE = "افتتاح جسر جديد فوق النهر في وسط المدينة"
ARABIC_BODY = (
    "<p>افتتحت البلدية اليوم جسرا جديدا فوق النهر يربط بين الحيين الشرقي والغربي للمدينة.</p>"
    "<p>وقال رئيس البلدية إن المشروع استغرق ثلاث سنوات وإنه سيخفف الازدحام في الشوارع القديمة.</p>"
    "<p>وأضاف أن الجسر مجهز بممرات للمشاة والدراجات وإنارة تعمل بالطاقة الشمسية.</p>"
)


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite() as s:
        yield s


@pytest.fixture
def feeds_config(
    site: NewsSite, sandbox: Any, make_config: Callable[..., Config]
) -> Callable[..., Config]:
    sandbox.add_chat(CHANNEL, "channel", title="News")
    sandbox.add_chat(ADMIN_ID, "private")

    def make(*names: str, **polling_changes: Any) -> Config:
        feeds = tuple(
            FeedConfig(url=site.url(f"/{n}.xml"), every=600, channels=(CHANNEL,), name=n) for n in names
        )
        poll = replace(PollingConfig(timeout=1.0), **polling_changes)
        return make_config(feeds=feeds, polling=poll)

    return make


async def feed_named(app: App, name: str) -> Feed:
    feed = await get_services(app).storage.get_feed(name)
    assert feed is not None
    return feed


async def poll(app: App, name: str) -> polling.PollResult:
    await manual_polling(app)
    return await poller_of(app).poll((await feed_named(app, name)).id)


async def test_feed_faults_are_recorded_and_never_stop_the_other_feeds(
    site: NewsSite, sandbox: Any, feeds_config: Callable[..., Config]
) -> None:
    good = rss([item(1, site.base_url)])
    site.set_feed("/good.xml", good)
    site.set_feed("/slow.xml", good, delay=3)
    site.set_feed("/broken.xml", good, status=500)
    site.set_feed("/garbage.xml", b"\x89PNG\r\n\x1a\n\x00\x00\x00garbage", content_type="application/rss+xml")
    site.set_page("/page.xml", article_page("Not a feed", ["This site now serves a page here."] * 5))
    site.set_feed("/huge.xml", b"", huge=20_000_000)
    site.set_feed("/empty.xml", rss([]))
    site.set_feed("/busy.xml", good, status=429, headers=(("Retry-After", "7200"),))
    names = ("good", "slow", "broken", "garbage", "page", "huge", "empty", "busy")
    async with running(feeds_config(*names, max_bytes=2_000_000), poll_timeout=1) as app:
        results = {n: await poll(app, n) for n in names}
        await outbox_settled(app)
        storage = get_services(app).storage
        feeds = {n: await feed_named(app, n) for n in names}
        now = storage.now()

    assert results["good"].status == "new" and results["good"].added == 1
    assert results["empty"].status == "new" and results["empty"].entries == 0
    expected = {
        "slow": "timed out",
        "broken": "HTTP 500",
        "garbage": "not a usable feed",
        "page": "not an RSS/Atom feed",
        "huge": "larger than the 2,000,000 byte limit",
        "busy": "HTTP 429",
    }
    for name, error in expected.items():
        assert results[name].status == "failed", name
        feed = feeds[name]
        assert error in (feed.last_error or ""), (name, feed.last_error)
        assert feed.failures == 1 and not feed.paused
        assert feed.next_due is not None and feed.next_due - now > 600  # backing off: 2 x every
    busy_due = feeds["busy"].next_due
    assert busy_due is not None and busy_due - now > 3500  # Retry-After honoured, capped at backoff_max
    for name in ("good", "empty"):
        assert feeds[name].failures == 0 and feeds[name].last_error is None
    # only the good feed's article was posted
    assert sandbox.stats.sends_per_chat[CHANNEL] == 1


async def test_not_modified_costs_nothing_and_a_change_is_picked_up(
    site: NewsSite, sandbox: Any, feeds_config: Callable[..., Config]
) -> None:
    site.set_feed("/news.xml", rss([item(1, site.base_url)]))
    async with running(feeds_config("news"), poll_timeout=1) as app:
        assert (await poll(app, "news")).added == 1
        assert (await poll(app, "news")).status == "not_modified"
        site.set_feed("/news.xml", rss([item(2, site.base_url), item(1, site.base_url)]))
        again = await poll(app, "news")
        assert again.status == "new" and again.added == 1
        await outbox_settled(app)
    statuses = [r.status for r in site.requests_to("/news.xml")]
    assert statuses == [200, 304, 200]
    assert "If-None-Match" in site.requests_to("/news.xml")[1].headers
    assert sandbox.stats.sends_per_chat[CHANNEL] == 2


async def test_an_unchanged_body_from_a_server_without_validators_is_not_parsed_again(
    site: NewsSite, sandbox: Any, feeds_config: Callable[..., Config], monkeypatch: pytest.MonkeyPatch
) -> None:
    site.set_feed("/plain.xml", rss([item(1, site.base_url)]), conditional=False)
    async with running(feeds_config("plain"), poll_timeout=1) as app:
        assert (await poll(app, "plain")).added == 1
        parsed: list[bytes] = []
        real_parse = content.parse

        def counting_parse(data: bytes, **kw: Any) -> Any:
            parsed.append(data)
            return real_parse(data, **kw)

        monkeypatch.setattr(content, "parse", counting_parse)  # polling calls content.parse
        assert (await poll(app, "plain")).status == "not_modified"
        assert parsed == []
        site.set_feed("/plain.xml", rss([item(2, site.base_url)]), conditional=False)
        assert (await poll(app, "plain")).added == 1
        assert len(parsed) == 1
    assert [r.status for r in site.requests_to("/plain.xml")] == [200, 200, 200]


async def test_permanent_redirect_updates_the_stored_address(
    site: NewsSite, feeds_config: Callable[..., Config]
) -> None:
    site.set_feed("/new-home.xml", rss([item(1, site.base_url)]))
    site.redirect("/moved.xml", "/new-home.xml", status=301)
    site.redirect("/tmp.xml", "/new-home.xml", status=302)
    async with running(feeds_config("moved", "tmp"), poll_timeout=1) as app:
        await poll(app, "moved")
        await poll(app, "tmp")
        assert (await feed_named(app, "moved")).url == site.url("/new-home.xml")
        assert (await feed_named(app, "tmp")).url == site.url("/tmp.xml")


async def test_windows_1256_feed_is_read_correctly(
    site: NewsSite, feeds_config: Callable[..., Config]
) -> None:
    entry = NewsItem(ARABIC_TITLE, f"{site.base_url}/ar/1", content=ARABIC_BODY * 2)
    body = rss([entry], title="أخبار محلية", lang="ar", encoding="windows-1256")
    assert ARABIC_TITLE.encode("windows-1256") in body
    site.set_feed("/ar.xml", body, content_type="application/rss+xml")  # no charset: the XML says it
    async with running(feeds_config("ar"), poll_timeout=1) as app:
        result = await poll(app, "ar")
        assert result.added == 1
        [stored] = await get_services(app).storage.latest(1)
    assert stored.article.title == ARABIC_TITLE
    assert stored.article.lang == "ar"
    assert "جسرا جديدا" in stored.article.paragraphs[0]


async def test_teaser_entries_get_the_full_text_from_the_article_page(
    site: NewsSite, sandbox: Any, feeds_config: Callable[..., Config]
) -> None:
    paragraphs = [
        f"Paragraph {i} of the full story tells what happened at the harbour on day {i}, "
        "with the names of the people involved and what they said about it afterwards."
        for i in range(1, 7)
    ]
    teaser = NewsItem("Harbour reopens after storm", f"{site.base_url}/story/1", guid="s1",
                      description="The harbour reopened.")  # fmt: skip
    site.set_feed("/teasers.xml", rss([teaser]))
    site.set_page("/story/1", article_page("Harbour reopens after storm (page title)", paragraphs))
    async with running(feeds_config("teasers"), poll_timeout=1) as app:
        assert (await poll(app, "teasers")).added == 1
        [stored] = await get_services(app).storage.latest(1)
        await outbox_settled(app)
    assert stored.article.title == "Harbour reopens after storm"  # the feed's title and GUID are kept
    assert stored.article.guid == "s1"
    assert any("Paragraph 6" in p for p in stored.article.paragraphs)
    assert len(site.requests_to("/story/1")) == 1
    assert "text/html" in site.requests_to("/story/1")[0].headers["Accept"]
    assert sandbox.stats.sends_per_chat[CHANNEL] == 1


async def test_a_long_failure_streak_pauses_the_feed_and_tells_admins_once(
    site: NewsSite, sandbox: Any, feeds_config: Callable[..., Config]
) -> None:
    site.set_feed("/flaky.xml", b"", status=503)
    async with running(feeds_config("flaky", max_failures=3), poll_timeout=1) as app:
        await manual_polling(app)
        feed_id = (await feed_named(app, "flaky")).id
        poller = poller_of(app)
        results = [await poller.poll(feed_id, force=True) for _ in range(3)]  # force: no back-off
        results.append(await poller.poll(feed_id))
        feed = await feed_named(app, "flaky")
        assert [r.status for r in results] == ["failed", "failed", "failed", "paused"]
        assert feed.paused and feed.failures == 3 and "503" in (feed.last_error or "")
        [notice] = await sandbox.wait_messages(ADMIN_ID, 1)
        assert "flaky" in notice["text"] and "503" in notice["text"]
        # resumed by an admin, fixed: it polls again and the streak is cleared
        await get_services(app).storage.set_feed_paused(feed_id, False)
        site.set_feed("/flaky.xml", rss([item(1, site.base_url)]))
        assert (await poller_of(app).poll(feed_id)).status == "new"
        assert (await feed_named(app, "flaky")).failures == 0
    assert len(sandbox.sent(ADMIN_ID, methods=SEND_METHODS)) == 1
    assert len(site.requests_to("/flaky.xml")) == 4  # the paused poll fetched nothing


def test_backoff_doubles_from_the_interval_and_is_capped() -> None:
    assert [backoff(60, n, 3600) for n in range(1, 8)] == [120, 240, 480, 960, 1920, 3600, 3600]
    assert backoff(7200, 3, 3600) == 7200  # never more often than the feed's own interval


def _feed(feed_id: int, every: int = 600, next_due: float | None = None) -> Feed:
    return Feed(feed_id, f"http://site{feed_id % 7}.example/{feed_id}.xml", f"f{feed_id}", "",
                every, False, None, None, None, None, None, 0, next_due, False)  # fmt: skip


def test_first_runs_of_a_thousand_feeds_are_spread_and_stable() -> None:
    feeds = [_feed(i) for i in range(1, 1001)]
    delays = [first_delay(f, now=1000.0, feeds=1000) for f in feeds]
    assert all(polling.START_DELAY <= d <= polling.START_DELAY + polling.START_SPREAD for d in delays)
    per_second = Counter(int(d) for d in delays)
    assert max(per_second.values()) < 60  # ~33 a second on average, never hundreds at once
    assert delays == [first_delay(f, now=1000.0, feeds=1000) for f in feeds]  # stable across restarts
    # a handful of feeds start right away rather than somewhere in the next 30 s
    assert all(first_delay(f, now=1000.0, feeds=3) < polling.START_DELAY + 0.2 for f in feeds[:3])
    # a feed fetched recently keeps its phase: its first run is at its stored next_due
    assert 100 <= first_delay(_feed(1, next_due=1100.0), now=1000.0) < 101


async def test_jobs_are_scheduled_per_feed_and_follow_feeds_added_or_removed(
    site: NewsSite, sandbox: Any, feeds_config: Callable[..., Config]
) -> None:
    site.set_feed("/a.xml", rss([]))
    async with running(feeds_config("a"), poll_timeout=1) as app:
        assert app.job_queue is not None
        storage = get_services(app).storage
        a = await feed_named(app, "a")
        [job] = app.job_queue.get_jobs_by_name(f"feed:{a.id}")
        assert job.job.max_instances == 1 and job.job.coalesce is True
        assert job.job.misfire_grace_time >= 600
        assert job.job.trigger.interval.total_seconds() == 600
        # a feed added at run time (e.g. by the CLI) is picked up by the resync
        b = await storage.add_feed(site.url("/b.xml"), "b", every=120)
        await polling.resync(app)
        [job_b] = app.job_queue.get_jobs_by_name(f"feed:{b.id}")
        assert job_b.job.trigger.interval.total_seconds() == 120
        await storage.remove_feed(a.id)
        await polling.resync(app)
        assert not [j for j in app.job_queue.get_jobs_by_name(f"feed:{a.id}") if j.enabled and not j.removed]


async def test_the_job_polls_on_its_own_schedule(
    site: NewsSite, sandbox: Any, make_config: Callable[..., Config]
) -> None:
    sandbox.add_chat(CHANNEL, "channel")
    site.set_feed("/tick.xml", rss([item(1, site.base_url)]))
    feed = FeedConfig(url=site.url("/tick.xml"), every=1, channels=(CHANNEL,), name="tick")
    async with running(make_config(feeds=(feed,)), poll_timeout=1) as app:
        await sandbox.wait_messages(CHANNEL, 1, timeout=10)  # no manual poll: the job did it
        site.set_feed("/tick.xml", rss([item(2, site.base_url), item(1, site.base_url)]))
        await sandbox.wait_messages(CHANNEL, 1, timeout=10)
        assert len(site.requests_to("/tick.xml")) >= 2
        await outbox_settled(app)
