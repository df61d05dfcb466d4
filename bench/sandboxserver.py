"""The sandbox as a benchmark child process: `python -m bench.sandboxserver --privates N ...`.

Its own process so its CPU is not counted as the bot's, and the two do not share one GIL (as the
bot and Telegram never do). Creates the chats up front (channels -1001000000001..., groups
-2000001..., private chats 3000001...), prints `READY <port>`, and stops on SIGTERM, when stdin
closes, or after --lifetime seconds. Limits change at run time through the control API.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

from bench.harness import ChildServer

__all__ = ["CHANNEL0", "GROUP0", "PRIVATE0", "SandboxProcess", "chat_ids"]

CHANNEL0, GROUP0, PRIVATE0 = -1001000000000, -2000000, 3000000
TOKEN = "123456:BENCHFANOUT"


def chat_ids(channels: int, groups: int, privates: int) -> list[tuple[int, str]]:
    """(Telegram id, kind) of every chat the sandbox holds."""
    return (
        [(CHANNEL0 - i, "channel") for i in range(1, channels + 1)]
        + [(GROUP0 - i, "group") for i in range(1, groups + 1)]
        + [(PRIVATE0 + i, "private") for i in range(1, privates + 1)]
    )


async def serve(args: argparse.Namespace) -> None:
    from sandbox import Limits, Sandbox

    limits = Limits(global_limit=args.global_limit)
    sandbox = Sandbox(TOKEN, limits)
    for chat_id, kind in chat_ids(args.channels, args.groups, args.privates):
        sandbox.add_chat(chat_id, kind, title=f"{kind} {chat_id}", bot_status="administrator")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_reader(sys.stdin.fileno(), stop.set)
    async with sandbox:
        print(f"READY {sandbox.port}", flush=True)
        try:
            await asyncio.wait_for(stop.wait(), args.lifetime)
        except TimeoutError:
            pass


class SandboxProcess(ChildServer):
    """`with SandboxProcess(channels=..., groups=..., privates=...) as api_url:`"""

    module = "bench.sandboxserver"

    def __init__(
        self, *, channels: int, groups: int, privates: int, global_limit: int, lifetime: float = 600
    ) -> None:
        super().__init__([
            f"--channels={channels}", f"--groups={groups}", f"--privates={privates}",
            f"--global-limit={global_limit}", f"--lifetime={lifetime}",
        ])  # fmt: skip

    def __enter__(self) -> str:
        return f"http://127.0.0.1:{self.start()}"

    def cpu_seconds(self) -> float:
        """CPU time the sandbox process has used so far (Linux /proc)."""
        if self.proc is None:
            return 0.0
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sandboxserver")
    parser.add_argument("--channels", type=int, default=0)
    parser.add_argument("--groups", type=int, default=0)
    parser.add_argument("--privates", type=int, default=0)
    parser.add_argument("--global-limit", type=int, default=30)
    parser.add_argument("--lifetime", type=float, default=600)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
