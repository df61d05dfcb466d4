"""A misbehaving news site: conditional GET, redirects, slow, huge, empty and broken feeds side by side."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.acceptance.harness import (
    CHANNEL,
    NewsSite,
    rfc822,
    rss,
    run_cli,
    text_of,
    wait_until,
    world,
)


def item(tag: str, i: int) -> dict[str, str]:
    return {"title": f"{tag} story {i}", "link": f"http://{tag}.example.org/{i}", "guid": f"{tag}-{i}",
            "date": rfc822(2 - i * 0.01),
            "content": f"<p>The {tag} story number {i} tells readers about a local event in some detail, "
                       f"with enough words in it to count as the full text of an article.</p>" * 4}


def faulty_site(site: NewsSite) -> list[dict[str, Any]]:
    site.put("/etag.xml", rss("Etag Feed", [item("etag", 1)]), headers={"ETag": '"v1"'})
    site.put("/moved.xml", b"", "text/plain", status=301, headers={"Location": site.url("/target.xml")})
    site.put("/target.xml", rss("Target Feed", [item("target", 1)]))
    site.put("/slow.xml", rss("Slow Feed", [item("slow", 1)]), delay=4)
    site.put("/big.xml", rss("Big Feed", [item("big", 1)]) + b"<!--" + b"x" * 20_000_000 + b"-->")
    site.put("/empty.xml", rss("Empty Feed", []))
    site.put("/broken.xml", b"<rss><channel><item><title>oops</tit", "application/rss+xml")
    site.put("/html.xml", b"<html><body><h1>Not found</h1></body></html>", "text/html")
    site.put("/good.xml", rss("Good Feed", [item("good", 1)]))
    names = ["etag", "moved", "slow", "big", "empty", "broken", "html", "good"]
    return [{"url": site.url(f"/{n}.xml"), "every": 1, "channels": [CHANNEL], "name": n} for n in names]


EXTRA = "\n[polling]\ntimeout = 1.5\n"


def test_bad_feeds_never_stop_good_ones_and_are_reported(tmp_path: Path) -> None:
    with world(tmp_path, faulty_site, extra=EXTRA) as (sb, site, bot, config):
        wait_until(lambda: {"etag story 1", "target story 1", "good story 1"}
                   <= {text_of(m).split("\n")[0] for m in sb.sent(CHANNEL)}, 30, "good feeds posted")
        site.put("/good.xml", rss("Good Feed", [item("good", 2), item("good", 1)]))
        wait_until(lambda: any(text_of(m).startswith("good story 2") for m in sb.sent(CHANNEL)), 20,
                   "a new item on the good feed")
        time.sleep(3)
        titles = [text_of(m).split("\n")[0] for m in sb.sent(CHANNEL)]
        assert sorted(titles) == sorted(set(titles)), titles
        assert not any(t.startswith(("slow", "big", "oops")) for t in titles), titles
        # conditional GET: after the first answer the bot sends If-None-Match and gets 304s
        etag_requests = [h for p, h in site.requests if p == "/etag.xml"]
        assert len(etag_requests) >= 3 and all(h.get("if-none-match") == '"v1"' for h in etag_requests[1:])
        assert all("newsbot" in h.get("user-agent", "").lower() for _p, h in site.requests)
        listing = run_cli("feeds", "list", "--config", str(config)).stdout
        lines = {ln.split()[1]: ln for ln in listing.splitlines() if ln.strip()[:1].isdigit()}
        for failing in ("slow", "big", "broken", "html"):
            assert " 0  http" not in lines[failing], (failing, listing)  # failures > 0
        for fine in ("etag", "empty", "good"):
            assert " 0  http" in lines[fine], (fine, listing)
        assert "/target.xml" in lines["moved"], listing  # a 301 updates the stored URL
        assert bot.alive()
