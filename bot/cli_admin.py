"""Admin subcommands of the CLI: feeds, channels, opml, stats, backup (the admin issue fills these in)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from bot.config import Config

__all__ = ["add_parsers", "dispatch"]


def add_parsers(sub: Any, config_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the admin subcommands to the CLI's subparsers."""


def dispatch(args: argparse.Namespace, load: Callable[[str], Config]) -> int:
    """Run an admin subcommand; return its exit code."""
    print(f"newsbot {args.command}: not implemented yet")
    return 2
