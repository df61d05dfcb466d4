"""``newsbot sandbox``: run the sandbox in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TextIO

from sandbox.core import DEFAULT_TOKEN, Sandbox
from sandbox.limits import Limits

__all__ = ["cli_main", "parse_channel", "serve", "serve_until_stopped"]

_USAGE = """\
Sandbox Telegram Bot API listening on {url}
  point the bot at it:  [telegram] api_url = "{url}"   token = <the --token value>
  chats ready: {chats}
Control API (JSON), for example:
  curl -s {url}/control                      # every route
  curl -s -XPOST {url}/control/messages -d '{{"chat_id": 1001, "text": "/start"}}'
  curl -s '{url}/control/wait?chat_id=1001&n=1&timeout=30'
  curl -s '{url}/control/sent?chat_id=1001'
  curl -s -XPOST {url}/control/callbacks -d '{{"chat_id": 1001, "message_id": 2, "data": "..."}}'
  curl -s {url}/control/stats
Ctrl-C stops it."""


def parse_channel(value: str, index: int) -> tuple[int, str | None]:
    """``-100123``, ``-100123:name`` or ``@name`` -> (chat id, username)."""
    value = value.strip()
    if value.startswith("@"):
        return -1001000000000 - 100 - index, value[1:]
    ident, _, name = value.partition(":")
    chat_id = int(ident)
    if not str(chat_id).startswith("-100"):
        raise ValueError(f"channel ids look like -100xxxxxxxxxx, got {value}")
    return chat_id, name.lstrip("@") or None


def serve(
    host: str = "127.0.0.1",
    port: int = 8081,
    token: str = DEFAULT_TOKEN,
    limits: Limits | None = None,
    channels: Sequence[str] = (),
    out: TextIO = sys.stdout,
    *,
    fetch_local_photos: bool = False,
) -> None:
    """Run a sandbox in the foreground until SIGINT or SIGTERM (blocking)."""
    asyncio.run(
        serve_until_stopped(
            host, port, token, limits, channels, out, fetch_local_photos=fetch_local_photos
        )
    )


async def serve_until_stopped(
    host: str = "127.0.0.1",
    port: int = 8081,
    token: str = DEFAULT_TOKEN,
    limits: Limits | None = None,
    channels: Sequence[str] = (),
    out: TextIO = sys.stdout,
    *,
    fetch_local_photos: bool = False,
) -> None:
    """Run a sandbox until SIGINT or SIGTERM, then stop it cleanly."""
    sandbox = Sandbox(token, limits, host, port, fetch_local_photos=fetch_local_photos)
    for k, spec in enumerate(channels):
        chat_id, username = parse_channel(spec, k)
        sandbox.add_chat(chat_id, "channel", title=username or f"Channel {chat_id}",
                         username=username)  # fmt: skip
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with sandbox:
            chats = ", ".join(
                f"{c.id}" + (f" (@{c.username})" if c.username else "")
                for c in sandbox.world.chats.values()
            ) or "none (users' private chats appear when they write)"
            print(_USAGE.format(url=sandbox.api_url, chats=chats), file=out, flush=True)
            await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    print("sandbox stopped", file=out, flush=True)


def build_parser() -> argparse.ArgumentParser:
    """The ``newsbot sandbox`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="newsbot sandbox",
        description="A local Telegram Bot API server that behaves like Telegram, for tests and "
        "demos. Nothing leaves 127.0.0.1.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8081, help="port (0 picks a free one)")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the bot token it accepts")
    parser.add_argument(
        "--channel",
        action="append",
        default=[],
        metavar="ID[:name]|@name",
        help="create a channel where the bot is an administrator (repeatable)",
    )
    parser.add_argument("--no-limits", action="store_true", help="switch rate limits off")
    parser.add_argument(
        "--fetch-local-photos",
        action="store_true",
        help="fetch photos sent by a 127.0.0.1 URL and refuse them as Telegram would",
    )
    parser.add_argument(
        "--global-rate", type=float, default=None, help="overall messages per second (default 30)"
    )
    return parser


def _join_channel_values(argv: list[str]) -> list[str]:
    """`--channel -100123:name` as `--channel=-100123:name`: argparse takes a leading '-' for an option."""
    out: list[str] = []
    values = iter(argv)
    for arg in values:
        if arg == "--channel":
            value = next(values, None)
            out.append(arg if value is None else f"--channel={value}")
        else:
            out.append(arg)
    return out


def cli_main(argv: list[str]) -> int:
    """Entry point for ``newsbot sandbox``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(_join_channel_values(argv))  # exits 2 with one line on bad arguments
    head, _, tail = args.token.partition(":")
    if not head.isdigit() or not tail:
        parser.error("--token looks like 123456:ABC-def")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be 0..65535")
    limits = Limits.off() if args.no_limits else Limits()
    if args.global_rate is not None:
        if args.global_rate <= 0:
            parser.error("--global-rate must be positive")
        limits = replace(limits.scaled(args.global_rate), enabled=not args.no_limits)
    for k, spec in enumerate(args.channel):
        try:
            parse_channel(spec, k)
        except ValueError as err:
            parser.error(f"--channel {spec}: {err}")
    try:
        serve(args.host, args.port, args.token, limits, args.channel,
              fetch_local_photos=args.fetch_local_photos)  # fmt: skip
    except OSError as err:
        print(f"newsbot sandbox: cannot listen on {args.host}:{args.port}: {err.strerror}",
              file=sys.stderr)  # fmt: skip
        return 1
    except KeyboardInterrupt:  # a second Ctrl-C during shutdown
        with contextlib.suppress(Exception):
            print("sandbox stopped", flush=True)
    return 0
