"""One shared world per module (sandbox + news site + bot as real processes), to keep the folder fast."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.harness import CHANNEL, NewsSite, Proc, Sandbox, world
from tests.acceptance.newsdata import standard_site


class World:
    def __init__(self, sb: Sandbox, site: NewsSite, bot: Proc, config: Path, workdir: Path) -> None:
        self.sb, self.site, self.bot, self.config, self.workdir = sb, site, bot, config, workdir

    def ids_by_title(self) -> dict[str, int]:
        """Article ids, read from the channel posts' deep-link buttons (title -> id)."""
        from tests.acceptance.harness import buttons_of, text_of

        out: dict[str, int] = {}
        for msg in self.sb.sent(CHANNEL):
            for b in buttons_of(msg):
                url = b.get("url") or ""
                if "start=read_" in url:
                    out[text_of(msg).split("\n", 1)[0]] = int(url.rsplit("_", 1)[1])
        return out


@pytest.fixture(scope="module")
def std_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    workdir = tmp_path_factory.mktemp("world")
    with world(workdir, standard_site) as (sb, site, bot, config):
        # English 3 + Arabic 2 + windows-1256 1 = 6 channel posts
        sb.wait(CHANNEL, 6, timeout=40)
        yield World(sb, site, bot, config, workdir)
