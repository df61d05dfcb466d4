"""A feed that keeps failing is paused, the admins are told once, and the advice they get works."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.harness import ADMIN, CHANNEL, NewsSite, rfc822, rss, text_of, wait_until, world


def failing(site: NewsSite) -> list[dict[str, Any]]:
    site.put("/bad.xml", b"oops", "text/plain", status=500)
    return [{"url": site.url("/bad.xml"), "every": 1, "channels": [CHANNEL], "name": "bad"}]


EXTRA = "\n[polling]\nmax_failures = 3\nbackoff_max = 1\n"


@pytest.mark.slow
def test_paused_feed_notice_once_and_its_advice_resumes_the_feed(tmp_path: Path) -> None:
    with world(tmp_path, failing, extra=EXTRA) as (sb, site, _bot, _cfg):
        sb.ask(ADMIN, "/start")
        notice = wait_until(lambda: [m for m in sb.sent(ADMIN) if "paused" in text_of(m)], 20, "pause notice")
        time.sleep(3)
        assert len([m for m in sb.sent(ADMIN) if "paused" in text_of(m)]) == 1  # told once
        site.put("/bad.xml", rss("Good now", [{"title": "Recovered item", "link": "http://r.example.org/1",
                                               "guid": "r1", "date": rfc822(1),
                                               "content": "<p>Recovered item body with words enough.</p>"}]))
        advice = re.search(r"(/\w+ bad)\b", text_of(notice[0]))
        assert advice, text_of(notice[0])
        sb.ask(ADMIN, advice.group(1))
        wait_until(lambda: any(text_of(m).startswith("Recovered item") for m in sb.sent(CHANNEL)), 15,
                   f"the feed to resume after {advice.group(1)!r}")
