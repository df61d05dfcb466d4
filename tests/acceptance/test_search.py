"""Search results are paginated with buttons that edit the message in place; photo posts fit."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from tests.acceptance.harness import (
    CHANNEL,
    NewsSite,
    buttons_of,
    html_of,
    html_problems,
    limit_of,
    rfc822,
    rss,
    world,
)


def volcano(site: NewsSite) -> list[dict[str, Any]]:
    items = [{"title": f"Volcano update number {i}", "link": f"http://v.example.org/{i}", "guid": f"v{i}",
              "date": rfc822(3 - i * 0.01),
              "content": f"<p>The volcano on the island erupted again, report {i} says, with ash over "
                         f"villages {i * 37} km away.</p><p>Shelters opened for {i * 100} residents.</p>"}
             for i in range(14, 0, -1)]
    body = rss("Volcano", items).decode()
    enclosure = f'<enclosure url="{site.url("/img/v.jpg")}" type="image/jpeg" length="104"/>'
    first = "<item>\n<title>Volcano update number 14"
    body = body.replace(first, first.replace("<title>", enclosure + "<title>"))
    site.put("/v.xml", body)
    site.put("/img/v.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, "image/jpeg")
    return [{"url": site.url("/v.xml"), "every": 2, "channels": [CHANNEL], "name": "volcano"}]


def test_search_pages_forward_and_back_and_photo_post(tmp_path: Path) -> None:
    with world(tmp_path, volcano, sandbox_extra=("--fetch-local-photos",)) as (sb, _site, _bot, _cfg):
        posts = sb.wait(CHANNEL, 14, timeout=40)
        photo = [m for m in posts if m["method"] == "sendPhoto"]
        assert len(photo) == 1 and html_problems(html_of(photo[0]), limit_of(photo[0])) == []
        [first] = sb.ask(2002, "/search volcano")
        mid = first["message_id"]
        seen = set()
        for page in range(1, 4):
            current = sb.message(2002, mid)
            labels = " ".join(b["text"] for b in buttons_of(current))
            assert f"{page}/3" in labels, labels
            seen |= {int(x) for x in re.findall(r"/read_(\d+)", current["text"])}
            if page < 3:
                nxt = next(b for b in buttons_of(current) if "▶" in b["text"])
                sb.press(2002, mid, nxt["callback_data"])
                deadline = time.monotonic() + 10
                while f"{page + 1}/3" not in " ".join(b["text"] for b in buttons_of(sb.message(2002, mid))):
                    assert time.monotonic() < deadline
                    time.sleep(0.1)
        assert len(seen) == 14  # every result once across the pages
        back = next(b for b in buttons_of(sb.message(2002, mid)) if "◀" in b["text"])
        sb.press(2002, mid, back["callback_data"])
        time.sleep(1.5)
        assert "2/3" in " ".join(b["text"] for b in buttons_of(sb.message(2002, mid)))
        assert sb.errors() == []
