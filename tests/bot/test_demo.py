"""`newsbot demo` as a user runs it: posts and a reader session appear, and Ctrl-C stops it."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _start(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", *args],
        cwd=ROOT,
        env=env,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _lines(proc: subprocess.Popen[str]) -> tuple[queue.Queue[str], threading.Thread]:
    """The child's stdout, line by line, read in a thread so the test can wait with a deadline."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return lines, thread


def test_demo_posts_to_its_channel_answers_its_reader_and_stops_on_sigint() -> None:
    proc = _start()
    lines, pump = _lines(proc)
    seen: list[str] = []
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                continue
            text = "".join(seen)
            if "[channel @newsbot_demo]" in text and "[bot → reader] message" in text and "/read_" in text:
                break
        text = "".join(seen)
        assert "[channel @newsbot_demo] message 1" in text, text[-3000:]
        assert "[reader] /start" in text and "[bot → reader] message" in text, text[-3000:]
        assert "/read_" in text  # the reader's /latest listed articles
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        assert proc.stderr is not None and proc.stdout is not None
        errors = proc.stderr.read()
        pump.join(10)  # the child is gone: its stdout ends
        proc.stdout.close()
        proc.stderr.close()
    assert code == 0, errors[-3000:]
    assert "Traceback" not in errors, errors[-3000:]


def test_demo_chat_mode_takes_commands_from_stdin() -> None:
    proc = _start("--chat", stdin=subprocess.PIPE)
    try:
        out, err = proc.communicate("/start\n/help\n#99\n", timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == 0, err[-3000:]
    assert "type a command" in out
    assert "[bot → reader] message" in out and "/latest" in out
    assert "(no such button)" in out
    assert "Traceback" not in err, err[-3000:]
