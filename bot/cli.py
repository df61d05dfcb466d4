"""The `newsbot` command line. Every failure a user can fix is one line on stderr and exit code 2."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import NoReturn

from bot import __version__
from bot.config import Config, ConfigError, load_config

__all__ = ["main"]

EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one clear line, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _config_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", "-c", default="newsbot.toml", metavar="PATH", help="TOML config file"
    )


def build_parser() -> Parser:
    """The argument parser for every subcommand."""
    from bot import cli_admin

    parser = Parser(
        prog="newsbot",
        description="Telegram news distributor: feeds in, channel posts and reader commands out.",
    )
    parser.add_argument("--version", action="version", version=f"newsbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    run = sub.add_parser("run", help="run the bot with a config file")
    _config_arg(run)

    demo = sub.add_parser("demo", help="the whole product offline: sandbox, sample feeds and bot")
    demo.add_argument("--chat", action="store_true", help="type commands as the demo reader")
    demo.add_argument("--port", type=int, default=0, help="sandbox port (default: a free one)")

    sandbox = sub.add_parser(
        "sandbox", help="a local Telegram Bot API server for tests and trials", add_help=False
    )
    sandbox.add_argument("args", nargs=argparse.REMAINDER)

    for name, what in (("extract", "clean articles"), ("render", "what the bot would send")):
        p = sub.add_parser(name, help=f"parse a feed, page or text dump and print {what}")
        p.add_argument("source", help="a file path, or - for standard input")
        p.add_argument("--json", action="store_true", help="one JSON object per article per line")

    cli_admin.add_parsers(sub, _config_arg)
    return parser


def _load(path: str) -> Config:
    return load_config(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsbot` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["sandbox"]:  # its options (--port, --help...) are sandbox.cli_main's own
        import sandbox

        return sandbox.cli_main(argv[1:])
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["sandbox"]:  # the sandbox parses its own options, --help included
        import sandbox

        return sandbox.cli_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(parser, args)
    except ConfigError as exc:
        print(f"newsbot: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from bot import cli_admin

    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "run":
        return _run(_load(args.config))
    if args.command == "demo":
        from bot import demo

        return demo.main(chat=args.chat, port=args.port)
    if args.command in ("extract", "render"):
        from bot import cli_content

        handler = cli_content.extract if args.command == "extract" else cli_content.render
        return handler(args.source, args.json)
    return cli_admin.dispatch(args, _load)


def _run(config: Config) -> int:
    from telegram.error import InvalidToken, NetworkError

    from bot.app import serve
    from bot.logs import setup_logging
    from bot.storage import StorageError

    setup_logging(config.log_level, config.token.get())
    try:
        asyncio.run(serve(config))
    except StorageError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 1
    except InvalidToken:  # its message quotes the token: never print it
        print(
            f"newsbot: config error: {config.path}: telegram.token: the Bot API at {config.api_url} "
            "refused the token (check telegram.token or NEWSBOT_TOKEN)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except NetworkError as exc:
        reason = str(exc).replace(config.token.get(), "********")
        print(f"newsbot: cannot reach the Bot API at {config.api_url}: {reason}", file=sys.stderr)
        return 1
    return 0
