"""`newsbot demo`: the whole product offline, with no token and no network.

Starts the sandbox (a local Telegram), a local news site with bundled Arabic and English sample
feeds (plus one that gains an item every minute), and the bot pointed at both, with a demo channel
and a demo reader who is also an admin. Prints channel posts and the reader's conversation as they
happen; runs a scripted reader session (or, with --chat, lets you type as the reader); then keeps
running until Ctrl-C, which stops everything cleanly (exit 0).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import tempfile
import threading
from pathlib import Path

from bot.config import Config, FeedConfig, Limits, PollingConfig, Secret
from bot.demo.show import Printer
from bot.demo.site import DemoSite
from sandbox import Sandbox

__all__ = ["CHANNEL", "READER", "main", "run"]

CHANNEL = -1001000000001
CHANNEL_NAME = "newsbot_demo"
READER = 1001  # the demo reader, also the admin
TOKEN = "123456:DEMO-not-a-real-token"


def main(*, chat: bool = False, port: int = 0) -> int:
    """Run the demo until Ctrl-C; return the exit code (0 on a clean stop)."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # a non-UTF-8 terminal still gets every line
    try:
        return asyncio.run(run(chat=chat, port=port))
    except KeyboardInterrupt:  # a second Ctrl-C while stopping
        return 0
    except OSError as exc:
        print(f"newsbot demo: {exc}", file=sys.stderr)
        return 1


def _config(sb: Sandbox, site: DemoSite, database: Path) -> Config:
    every = {"sahel": 10, "courier": 10, "live": 15}  # a local site can be polled often
    feeds = tuple(
        FeedConfig(url=url, every=every[name], channels=(CHANNEL,), name=name, title=site.titles[name])
        for name, url in site.feeds.items()
    )
    return Config(
        token=Secret(TOKEN),
        api_url=sb.api_url,
        admins=(READER,),
        database=database,
        feeds=feeds,
        limits=Limits(),
        polling=PollingConfig(timeout=10),
        log_level="WARNING",
    )


def _help(printer: Printer, api: str, chat: bool) -> None:
    p = printer.line
    p("=" * 72)
    p("The demo keeps running: new items reach the channel every minute. Try it yourself:")
    if not chat:
        p("  newsbot demo --chat     (a new demo where you type as the reader)")
    else:
        p("  type a command (/latest, /read 3, /search harbour, /help); #N presses button N")
        p("  of the last message with buttons; Ctrl-D or Ctrl-C stops the demo")
    p("  or talk to this one through the sandbox's control API (another terminal):")
    p(f"    curl -s -X POST {api}/control/messages -H 'Content-Type: application/json' \\")
    p(f"         -d '{{\"chat_id\": {READER}, \"text\": \"/latest\"}}'")
    p(f"    curl -s '{api}/control/sent?chat_id={CHANNEL}'      (the channel's posts)")
    p(f"    curl -s {api}/control                                (every control route)")
    p("Ctrl-C stops everything.")
    p("=" * 72)


def _banner(printer: Printer, sb: Sandbox, site: DemoSite) -> None:
    printer.line(f"newsbot demo: Telegram sandbox on {sb.api_url}, news site on {site.server.base_url}")
    printer.line(f"feeds: {', '.join(f'{n} ({site.titles[n]})' for n in site.feeds)}")
    printer.line(f"channel @{CHANNEL_NAME}; demo reader {READER} (also an admin). Starting the bot...")
    printer.line()


async def _chat(sb: Sandbox, printer: Printer, stop: asyncio.Event) -> None:
    """Read lines from stdin (in a daemon thread, so exit never waits for Enter) as the reader."""
    from bot.demo.script import press

    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def reader() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line.rstrip("\n"))
        loop.call_soon_threadsafe(lines.put_nowait, None)

    interactive = sys.stdin.isatty()
    threading.Thread(target=reader, name="demo-stdin", daemon=True).start()
    while True:
        line = await lines.get()
        if line is None:  # end of input: let the last answers arrive, then stop
            await asyncio.sleep(3)
            stop.set()
            return
        line = line.strip()
        if not line:
            continue
        printer.flush()
        if line.startswith("#") and line[1:].isdigit():
            message = printer.last_with_buttons
            rows = (message or {}).get("reply_markup", {}).get("inline_keyboard", [])
            labels = [b for row in rows for b in row]
            index = int(line[1:]) - 1
            if message is None or not 0 <= index < len(labels):
                printer.line("(no such button)")
                continue
            printer.line(f"[reader] taps {labels[index]['text']}")
            press(sb, READER, message, labels[index]["text"])
            continue
        if not interactive:  # typed input shows itself on a terminal; piped input does not
            printer.line(f"[reader] {line}")
        sb.inject_message(READER, line, first_name="Demo Reader")


async def run(*, chat: bool = False, port: int = 0) -> int:
    """The demo itself; returns 0 once stopped by SIGINT/SIGTERM (or end of input with --chat)."""
    from bot.app import running
    from bot.demo.script import Session
    from bot.logs import setup_logging

    setup_logging("WARNING", TOKEN)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks: list[asyncio.Task[None]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="newsbot-demo-") as tmp:
            async with Sandbox(token=TOKEN, port=port) as sb, DemoSite() as site:
                sb.add_chat(CHANNEL, "channel", "Newsbot Demo", CHANNEL_NAME)
                sb.add_chat(READER, "private", first_name="Demo Reader")
                printer = Printer(sb, {CHANNEL: f"channel @{CHANNEL_NAME}", READER: "bot → reader"},
                                  numbered=chat)
                _banner(printer, sb, site)
                async with running(_config(sb, site, Path(tmp) / "newsbot.sqlite3"), poll_timeout=5) as app:
                    tasks.append(asyncio.create_task(printer.follow()))
                    if chat:
                        _help(printer, sb.api_url, chat)
                        tasks.append(asyncio.create_task(_chat(sb, printer, stop)))
                    else:
                        session = Session(sb, app, printer, READER, CHANNEL)
                        script = asyncio.create_task(session.run())
                        tasks.append(script)
                        script.add_done_callback(
                            lambda t: None if t.cancelled() else _help(printer, sb.api_url, chat)
                        )
                    await stop.wait()
                    printer.line("stopping...")
                    for task in tasks:
                        task.cancel()
                    await asyncio.gather(*tasks, return_exceptions=True)
                    printer.flush()
    finally:
        for task in tasks:
            task.cancel()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(sig)
    print("demo stopped", flush=True)
    return 0
