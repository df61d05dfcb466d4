"""``newsbot sandbox`` (``sandbox.cli_main``) in a child process, as a user runs it."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

import httpx
import pytest


def start(*args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 20
    seen = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        seen += line
        m = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if m:
            return proc, m.group(1)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    proc.communicate()
    raise AssertionError(f"sandbox did not start: {seen}")


def test_serves_until_ctrl_c_with_channels_ready() -> None:
    proc, url = start(
        "--channel", "-1001000000001", "--channel", "@mychannel", "--channel", "-1001000000002:named"
    )
    try:
        with httpx.Client(base_url=url, timeout=10) as http:
            me = http.post("/bot123456:TEST/getMe").json()
            assert me["ok"] and me["result"]["is_bot"]
            for target in ("-1001000000001", "@mychannel", "-1001000000002", "@named"):
                r = http.post("/bot123456:TEST/sendMessage", data={"chat_id": target, "text": "hi"})
                assert r.json()["ok"], r.text
            r = http.post("/control/messages", json={"chat_id": 1001, "text": "/start"})
            assert r.json()["result"]["entities"][0]["type"] == "bot_command"
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert "sandbox stopped" in out
    assert "Traceback" not in err


def test_sigterm_also_stops_cleanly() -> None:
    proc, _ = start("--no-limits", "--fetch-local-photos", "--global-rate", "500")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--token", "nonsense"], "--token looks like"),
        (["--channel", "-42"], "channel ids look like"),
        (["--port", "99999"], "--port must be"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], message: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "sandbox", *args], capture_output=True, text=True, timeout=20
    )
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
