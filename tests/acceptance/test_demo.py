"""`newsbot demo` as a newcomer runs it: posts and a reader session within 30 s, Ctrl-C exits 0."""

from __future__ import annotations

import json
import re
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from tests.acceptance.harness import html_problems, spawn


@pytest.mark.slow
def test_demo_shows_posts_and_reader_within_30s_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    demo = spawn(["bot", "demo"], tmp_path, "demo")
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            out = demo.output()
            if "[channel" in out and re.search(r"\[bot → reader\]", out):
                break
            assert demo.alive(), out[-2000:]
            time.sleep(0.5)
        out = demo.output()
        assert "[channel" in out, out[-2000:]
        assert re.search(r"\[bot → reader\]", out), out[-2000:]
        match = re.search(r"sandbox on (http://127\.0\.0\.1:\d+)", out)
        assert match, out[:500]
        with urllib.request.urlopen(match.group(1) + "/control/stats", timeout=10) as resp:
            stats = json.loads(resp.read())["result"]
        assert stats["internal_errors"] == [] and stats.get("warnings") == []
        with urllib.request.urlopen(match.group(1) + "/control/sent", timeout=10) as resp:
            sent = json.loads(resp.read())["result"]
        for msg in sent:
            params = msg.get("params") or {}
            html = params.get("text") or params.get("caption")
            if html:
                assert html_problems(html, 1024 if "caption" in params else 4096) == [], html
    finally:
        code = demo.stop(signal.SIGINT, timeout=20)
    assert code == 0, demo.output()[-2000:]
    assert "Traceback" not in demo.output()
