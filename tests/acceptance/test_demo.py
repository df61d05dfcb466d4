"""`newsbot demo` as a newcomer runs it: posts and a reader session within 30 s, Ctrl-C exits 0."""

from __future__ import annotations

import json
import os
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


def test_demo_chat_shows_replies_as_telegram_would(tmp_path: Path) -> None:
    import select
    import subprocess
    import sys

    from tests.acceptance.harness import ROOT

    out = b""
    with subprocess.Popen([sys.executable, "-m", "bot", "demo", "--chat"], cwd=ROOT, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(b"/help\n")
            proc.stdin.flush()
            deadline = time.monotonic() + 30
            while b"/start" not in out and time.monotonic() < deadline:
                ready, _, _ = select.select([proc.stdout], [], [], 1)
                if ready:
                    chunk = os.read(proc.stdout.fileno(), 65536)
                    if not chunk:
                        break
                    out += chunk
            proc.stdin.close()  # Ctrl-D stops the demo
            out += proc.stdout.read()
            proc.wait(20)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
    text = out.decode("utf-8", "replace")
    assert proc.returncode == 0, text[-1500:]
    assert "/help" in text and "Commands" in text, text[-1500:]
    assert "/read <id>" in text, text[:3000]
