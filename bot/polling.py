"""Feed polling: one JobQueue job per feed, fetch -> parse -> store (dedup + outbox fan-out) -> wake delivery.

Scheduling (APScheduler through PTB's JobQueue):
* each feed gets `run_repeating(every)`, with `max_instances=1` (a slow fetch never overlaps the next
  run of the same feed), `coalesce=True` and `misfire_grace_time=every` (runs missed while the loop was
  busy collapse into one run);
* the first run is spread by a stable jitter: a feed due now (never fetched, or overdue after downtime)
  runs once between 1 s and min(every, 30) s after the start, at a point fixed by its id, so a
  thousand feeds at start spread over 30 s instead of one second; a feed fetched recently keeps its
  phase (first run at its stored next_due);
* feeds added at run time: `schedule_feed(app, feed)` / `unschedule_feed(app, feed_id)` for the admin
  commands, and a resync job every `RESYNC_SECONDS` that picks up feeds added or removed by other means
  (the CLI on the same database) and interval changes.

A run (`Poller.poll`) skips a paused feed, any feed while the bot is globally paused (an admin's
/pause: no fetching and no posting of new articles until /resume; the feeds still carry the items,
so they are posted after the resume), and a failing feed whose back-off time has not come.
Failures back off exponentially (every * 2^failures, capped at backoff_max, never below every); after
max_failures in a row storage pauses the feed and the admins are told once.

New entries are processed oldest first so channels get them in order. An entry already stored (URL,
GUID, fingerprint) is skipped before any page fetch; a teaser-only entry gets its page fetched (the
fetcher bounds how many at once) and the page's text, images and related links, keeping the feed's
title, GUID, URL and date. `storage.add_articles` does the final dedup and the outbox fan-out in one
transaction; when it queued rows the delivery worker is woken.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import zlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from telegram.ext import ContextTypes, Job

import content
from bot import delivery
from bot.fetch import PAGE_ACCEPT, Fetcher, FetchError
from bot.services import get_services
from bot.storage import Feed
from content import Article, ContentError
from content.decode import decode, sniff_kind

__all__ = [
    "RESYNC_SECONDS",
    "START_DELAY",
    "START_SPREAD",
    "TEASER_CHARS",
    "PollResult",
    "Poller",
    "backoff",
    "first_delay",
    "poller_of",
    "resync",
    "schedule_feed",
    "start",
    "stop",
    "unschedule_feed",
]

log = logging.getLogger(__name__)

RESYNC_SECONDS = 60
TEASER_CHARS = 400  # an entry with less text than this is a teaser: its page has the article
START_SPREAD = 30.0  # feeds due at start are spread over at most this many seconds ...
START_DELAY = 1.0  # ... starting this long after the start, once the bot has settled ...
SPREAD_PER_FEED = 0.05  # ... at about 20 feeds a second, so a handful of feeds start at once
_JOB_PREFIX = "feed:"


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll of a feed did."""

    feed_id: int
    status: str  # "new", "not_modified", "failed", "skipped", "paused", "gone"
    entries: int = 0
    added: int = 0
    queued: int = 0
    error: str = ""


def first_delay(feed: Feed, now: float, feeds: int = 1) -> float:
    """Seconds until a feed's first run after scheduling: stable per feed, spread across `feeds`."""
    fraction = (zlib.crc32(f"{feed.id}:{feed.url}".encode()) % 10_000) / 10_000
    if feed.next_due is not None and feed.next_due > now:
        return min(feed.next_due - now, float(feed.every)) + fraction
    spread = min(float(feed.every), START_SPREAD, feeds * SPREAD_PER_FEED)
    return START_DELAY + fraction * spread


def backoff(feed_every: int, failures: int, cap: int) -> float:
    """Seconds before a feed that failed `failures` times in a row is tried again."""
    return float(max(feed_every, min(cap, feed_every * 2 ** min(failures, 30))))


def _looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """Whether a body is a feed at all: a site that now serves an HTML page or an error text at its
    feed address must not have that page posted as an article."""
    if not body.strip():
        raise ContentError("the feed is empty (no content at all)")
    head = decode(body[:16384], content_type)  # the start is enough; a multi-byte cut is harmless
    return sniff_kind(head, content_type) == "feed"


def _oldest_first(articles: list[Article]) -> list[Article]:
    """Feeds list newest first; dated entries are sorted by date, undated ones keep the reversed order."""
    ordered = list(reversed(articles))
    if all(a.published is not None for a in ordered):
        ordered.sort(key=lambda a: a.published or datetime.min.replace(tzinfo=UTC))
    return ordered


class Poller:
    """Polls one feed at a time on request; owns the Fetcher."""

    def __init__(self, app: Any, fetcher: Fetcher) -> None:
        self.app = app
        self.fetcher = fetcher
        self._locks: dict[int, asyncio.Lock] = {}  # one poll of a feed at a time (job and /poll)
        # Digest of each feed's last body: many servers ignore conditional GET, and parsing an
        # unchanged feed every few minutes is the poller's biggest cost. Memory only: after a
        # restart each feed is parsed once more (and its entries deduplicated by storage).
        self._digests: dict[int, bytes] = {}
        self.polls = 0
        self.failures = 0

    @property
    def _services(self) -> Any:
        return get_services(self.app)

    async def poll(self, feed_id: int, *, force: bool = False) -> PollResult:
        """Poll one feed now (the job callback; `force` ignores back-off and the global pause).

        A poll that finds the feed already being polled waits for that one, then polls again:
        a manual poll always sees the feed as it is after it was called.
        """
        lock = self._locks.setdefault(feed_id, asyncio.Lock())
        async with lock:
            return await self._poll(feed_id, force)

    async def _poll(self, feed_id: int, force: bool) -> PollResult:
        services = self._services
        storage = services.storage
        feed = await storage.get_feed(feed_id)
        if feed is None:
            unschedule_feed(self.app, feed_id)
            return PollResult(feed_id, "gone")
        if feed.paused and not force:
            return PollResult(feed_id, "paused")
        if not force and await storage.is_paused():
            return PollResult(feed_id, "paused", error="posting is paused")
        now = storage.now()
        if not force and feed.failures and feed.next_due is not None and feed.next_due > now + 1:
            return PollResult(feed_id, "skipped", error="backing off")
        self.polls += 1
        try:
            fetched = await self.fetcher.fetch(
                feed.url, etag=feed.etag, last_modified=feed.last_modified
            )
        except FetchError as exc:
            return await self._failed(feed, str(exc), wait=exc.retry_after)
        digest = hashlib.sha1(fetched.body).digest() if not fetched.not_modified else b""
        if fetched.not_modified or self._digests.get(feed.id) == digest:
            await storage.record_fetch_success(
                feed.id,
                next_due=now + feed.every,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
                url=fetched.moved_to,
            )
            return PollResult(feed_id, "not_modified")
        try:
            if not _looks_like_feed(fetched.body, fetched.content_type):
                raise ContentError("the address answered with a page or text, not an RSS/Atom feed")
            articles = content.parse(fetched.body, url=fetched.url, content_type=fetched.content_type)
        except ContentError as exc:
            return await self._failed(feed, f"not a usable feed: {exc}")
        except Exception as exc:  # hostile input must never stop polling
            log.exception("feed %s: the parser failed", feed.name)
            return await self._failed(feed, f"not a usable feed: {type(exc).__name__}")
        ordered = _oldest_first(articles)
        known = await storage.find_duplicates(feed.id, ordered)  # one query for the whole feed
        fresh = [a for a, dup in zip(ordered, known, strict=True) if dup is None]
        # Teasers' pages are fetched together (the fetcher bounds how many at once, per host too),
        # then stored in the feed's order, with their outbox rows, in one transaction.
        full = await asyncio.gather(*(self._full_text(a) for a in fresh))
        results = await storage.add_articles(feed.id, full)
        added = sum(1 for r in results if r.is_new)
        queued = sum(r.queued for r in results)
        if queued:
            delivery.notify(self.app)
        self._digests[feed.id] = digest  # only now: an error above means parse it again next time
        site = articles[0].site if articles else None
        await storage.record_fetch_success(
            feed.id,
            next_due=storage.now() + feed.every,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            url=fetched.moved_to,
            title=site or None,
        )
        if feed.failures:
            await storage.clear_notice(f"feed-paused:{feed.id}")
        if added:
            log.info("feed %s: %d new articles, %d messages queued", feed.name, added, queued)
        return PollResult(feed_id, "new", entries=len(articles), added=added, queued=queued)

    async def _full_text(self, article: Article) -> Article:
        """For a teaser, the article page's text under the feed's title, URL, GUID and date."""
        config = self._services.config.polling
        teaser = sum(len(p) for p in article.paragraphs)
        if not config.full_text or not article.url or teaser >= TEASER_CHARS:
            return article
        try:
            page = await self.fetcher.fetch(article.url, accept=PAGE_ACCEPT)
            [full] = content.parse(
                page.body, url=page.url, content_type=page.content_type or "text/html"
            )[:1]
        except (FetchError, ContentError, ValueError) as exc:
            log.info("page %s: keeping the feed's teaser (%s)", article.url, exc)
            return article
        except Exception:  # a hostile page must not stop the feed
            log.exception("page %s: the parser failed; keeping the teaser", article.url)
            return article
        if sum(len(p) for p in full.paragraphs) <= teaser:
            return article
        return replace(
            full,
            title=article.title or full.title,
            url=article.url,
            guid=article.guid,
            published=article.published or full.published,
            site=article.site or full.site,
            images=full.images or article.images,
        )

    async def _failed(self, feed: Feed, error: str, *, wait: float | None = None) -> PollResult:
        services = self._services
        config = services.config.polling
        self.failures += 1
        delay = backoff(feed.every, feed.failures + 1, config.backoff_max)
        if wait is not None:  # the site said when to come back (429/503 Retry-After); within reason
            delay = max(delay, min(wait, float(config.backoff_max)))
        after = await services.storage.record_fetch_failure(
            feed.id, error, next_due=services.storage.now() + delay, pause_after=config.max_failures
        )
        log.warning(
            "feed %s: %s (failure %d, next try in %.0f s)", feed.name, error, after.failures, delay
        )
        if after.paused and not feed.paused:
            await delivery.notify_admins(
                self.app,
                f"feed-paused:{feed.id}",
                "admin_notice_feed_paused",
                name=html.escape(feed.name),
                failures=after.failures,
                error=html.escape(error[:300]),
            )
        return PollResult(feed.id, "failed", error=error)


# ---- jobs ----------------------------------------------------------------------------------------


def poller_of(app: Any) -> Poller:
    """The running Poller of an application."""
    poller = get_services(app).workers.get("poller")
    if not isinstance(poller, Poller):
        raise RuntimeError("polling is not running")
    return poller


async def _poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    assert job is not None and isinstance(job.data, int)
    poller = get_services(context).workers.get("poller")
    if isinstance(poller, Poller):
        try:
            await poller.poll(job.data)
        except Exception:  # one feed's bug must not kill its job for good
            log.exception("polling feed %s failed", job.data)


def _jobs(app: Any, feed_id: int) -> tuple[Job[Any], ...]:
    if app.job_queue is None:
        return ()
    result: tuple[Job[Any], ...] = app.job_queue.get_jobs_by_name(f"{_JOB_PREFIX}{feed_id}")
    return result


def schedule_feed(app: Any, feed: Feed, *, first: float | None = None, feeds: int = 1) -> None:
    """Poll `feed` every `feed.every` seconds from now on (replacing an existing schedule).

    `feeds` is how many feeds are being scheduled together, so their first runs spread out.
    """
    if app.job_queue is None:
        raise RuntimeError("the application has no JobQueue (install python-telegram-bot[job-queue])")
    unschedule_feed(app, feed.id)
    now = get_services(app).storage.now()
    app.job_queue.run_repeating(
        _poll_job,
        interval=feed.every,
        first=first_delay(feed, now, feeds) if first is None else first,
        name=f"{_JOB_PREFIX}{feed.id}",
        data=feed.id,
        job_kwargs={
            "max_instances": 1,
            "coalesce": True,
            "misfire_grace_time": max(30, feed.every),
        },
    )


def unschedule_feed(app: Any, feed_id: int) -> None:
    """Stop polling a feed (after /removefeed)."""
    for job in _jobs(app, feed_id):
        job.schedule_removal()


async def resync(app: Any) -> None:
    """Make the jobs match the feeds table: new feeds scheduled, removed ones dropped, intervals updated."""
    feeds = await get_services(app).storage.list_feeds()
    wanted = {f.id: f for f in feeds}
    scheduled: dict[int, Job[Any]] = {}
    if app.job_queue is not None:
        for job in app.job_queue.jobs():
            if job.name and job.name.startswith(_JOB_PREFIX) and isinstance(job.data, int):
                scheduled[job.data] = job
    for feed_id in set(scheduled) - set(wanted):
        unschedule_feed(app, feed_id)
    for feed in feeds:
        job = scheduled.get(feed.id)
        interval = getattr(getattr(job.job, "trigger", None), "interval", None) if job else None
        if job is None or (interval is not None and interval.total_seconds() != feed.every):
            schedule_feed(app, feed, feeds=len(feeds))


async def _resync_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await resync(context.application)
    except Exception:  # try again next time
        log.exception("feed resync failed")


async def start(app: Any) -> None:
    """Create the fetcher and schedule every feed."""
    services = get_services(app)
    fetcher = Fetcher(services.config.polling)
    fetcher.open()
    services.workers["poller"] = Poller(app, fetcher)
    if app.job_queue is None:
        log.warning("no JobQueue: feeds will not be polled")
        return
    await resync(app)
    app.job_queue.run_repeating(
        _resync_job, interval=RESYNC_SECONDS, first=RESYNC_SECONDS, name="feeds:resync"
    )


async def stop(app: Any) -> None:
    """Stop the jobs and close the fetcher."""
    services = get_services(app)
    if app.job_queue is not None:
        for job in app.job_queue.jobs():
            if job.name and (job.name.startswith(_JOB_PREFIX) or job.name == "feeds:resync"):
                job.schedule_removal()
    poller = services.workers.pop("poller", None)
    if isinstance(poller, Poller):
        await poller.fetcher.close()
