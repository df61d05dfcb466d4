"""Admin subcommands of the CLI: feeds, channels, opml, stats, audit, backup.

They open the database directly (no bot, no token needed except for `--check` fetches), so they work
beside a running bot: SQLite's WAL lets them read while it writes, and writes wait their turn.
A user's mistake is one line on stderr: exit 2 for bad arguments, 1 for something that failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO

from bot.config import Config
from bot.feedprobe import feed_name, parse_every, probe
from bot.opml import OpmlError, OpmlFeed, read_opml, write_opml
from bot.storage import Storage, StorageError

__all__ = ["add_parsers", "backup", "dispatch"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _every(text: str) -> int:
    seconds = parse_every(text)
    if seconds is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an interval (600, 90s, 10m, 2h)")
    return seconds


def add_parsers(sub: Any, config_arg: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the admin subcommands to the CLI's subparsers."""
    feeds = sub.add_parser("feeds", help="list, add or remove feeds")
    fsub = feeds.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = fsub.add_parser("list", help="every feed with its health")
    config_arg(p)
    p = fsub.add_parser("add", help="add a feed (fetched once first to check it)")
    p.add_argument("url")
    p.add_argument("--every", type=_every, default=600, help="seconds between polls (or 10m, 1h)")
    p.add_argument("--name", default="", help="short name (default: from the URL)")
    p.add_argument("--title", default="", help="display title (default: the feed's own)")
    p.add_argument("--channel", action="append", default=[], metavar="REF",
                   help="post its articles to this channel (@name or id); repeatable")
    p.add_argument("--no-check", action="store_true", help="store without fetching it first")
    config_arg(p)
    p = fsub.add_parser("rm", help="remove a feed (its articles stay)")
    p.add_argument("feed", help="name, id or URL")
    config_arg(p)

    channels = sub.add_parser("channels", help="list, add or remove channels")
    csub = channels.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = csub.add_parser("list", help="channels and the feeds posted there")
    config_arg(p)
    p = csub.add_parser("add", help="post feeds to a channel (the bot must be its admin)")
    p.add_argument("channel", help="@name or numeric chat id")
    p.add_argument("--feed", action="append", default=[], help="only this feed; repeatable (default all)")
    p.add_argument("--title", default="")
    config_arg(p)
    p = csub.add_parser("rm", help="stop posting to a channel")
    p.add_argument("channel", help="@name or numeric chat id")
    config_arg(p)

    opml = sub.add_parser("opml", help="import or export feeds as OPML 2.0")
    osub = opml.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = osub.add_parser("import", help="add every feed of an OPML file")
    p.add_argument("file", help="an OPML file, or - for standard input")
    p.add_argument("--every", type=_every, default=600, help="poll interval for the imported feeds")
    config_arg(p)
    p = osub.add_parser("export", help="write every feed as OPML 2.0")
    p.add_argument("--output", "-o", default="-", help="file to write (default: standard output)")
    config_arg(p)

    p = sub.add_parser("stats", help="articles, outbox, deliveries and subscribers")
    config_arg(p)
    p = sub.add_parser("audit", help="the newest admin actions: who, what, when")
    p.add_argument("--limit", type=int, default=50, help="how many entries (default 50)")
    config_arg(p)
    p = sub.add_parser("backup", help="copy the database safely, even while the bot runs")
    p.add_argument("path", help="where to write the copy")
    config_arg(p)


def dispatch(args: argparse.Namespace, load: Callable[[str], Config]) -> int:
    """Run an admin subcommand; return its exit code."""
    config = load(args.config)
    if args.command == "backup":
        return _backup_cmd(config, Path(args.path))
    command = _COMMANDS[(args.command, getattr(args, "action", None))]
    try:
        return asyncio.run(_with_storage(config, command, args))
    except StorageError as exc:
        return _fail(str(exc))


def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"newsbot: {message}", file=sys.stderr)
    return code


Command = Callable[[Config, Storage, argparse.Namespace], Awaitable[int]]


async def _with_storage(config: Config, command: Command, args: argparse.Namespace) -> int:
    async with Storage(config.database) as storage:
        return await command(config, storage, args)


def _when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(ts)) if ts else "-"


async def _feeds_list(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    feeds = await storage.list_feeds(with_counts=True)
    if not feeds:
        print("no feeds (add one: newsbot feeds add URL)")
        return EXIT_OK
    print(f"{'ID':>4}  {'NAME':<20} {'EVERY':>6} {'ITEMS':>6} {'STATE':<7} {'LAST FETCH (UTC)':<17} "
          f"{'FAILS':>5}  URL")
    for f in feeds:
        state = "paused" if f.paused else "active"
        print(f"{f.id:>4}  {f.name[:20]:<20} {f.every:>6} {f.articles:>6} {state:<7} "
              f"{_when(f.last_fetch):<17} {f.failures:>5}  {f.url}")
        if f.last_error:
            print(f"{'':>6}last error: {f.last_error[:200]}")
    return EXIT_OK


async def _feeds_add(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    title = args.title
    if not args.no_check:
        result = await probe(args.url, config.polling)
        if not result.ok:
            return _fail(f"{args.url}: {result.error} (use --no-check to add it anyway)")
        title = title or result.title
        print(f"{result.title or args.url}: {result.items} item(s)")
    existing = await storage.get_feed(args.url)
    name = args.name or (existing.name if existing else feed_name(
        args.url, {f.name for f in await storage.list_feeds()}))
    feed = await storage.add_feed(args.url, name, every=args.every, title=title)
    for ref in args.channel:
        chat = await storage.get_chat(ref) or await storage.upsert_chat(ref, "channel", reactivate=False)
        await storage.add_feed_channel(feed.id, chat.id)
    await storage.audit(None, "cli_feeds_add", feed=feed.id, url=args.url, every=args.every)
    print(f"added feed {feed.name} (#{feed.id}), every {feed.every} s")
    return EXIT_OK


async def _feeds_rm(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    feed = await storage.get_feed(args.feed)
    if feed is None:
        return _fail(f"no feed {args.feed!r} (see: newsbot feeds list)")
    await storage.remove_feed(feed.id)
    await storage.audit(None, "cli_feeds_rm", feed=feed.id, url=feed.url)
    print(f"removed feed {feed.name} (#{feed.id})")
    if feed.from_config:
        print("note: it is in the config file and comes back at the next start unless removed there")
    return EXIT_OK


async def _channels_list(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    feeds_of = await storage.channel_feeds()
    chats = {c.id: c for c in await storage.list_chats("channel", active=True)}
    chats.update({c.id: c for c in await storage.channels()})
    if not chats:
        print("no channels (add one: newsbot channels add @name)")
        return EXIT_OK
    for chat in sorted(chats.values(), key=lambda c: c.id):
        state = "active" if chat.active else f"inactive: {chat.inactive_reason}"
        names = ", ".join(feeds_of.get(chat.id, [])) or "-"
        print(f"{chat.telegram_id:<16} {chat.kind:<10} {chat.title[:30]:<30} {state:<10} feeds: {names}")
    return EXIT_OK


def _chat_ref(text: str) -> str | None:
    text = text.strip()
    if text.startswith("@") and len(text) > 1:
        return text
    if text.lstrip("-").isdigit():
        return str(int(text))
    return None


async def _channels_add(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    ref = _chat_ref(args.channel)
    if ref is None:
        return _fail(f"{args.channel!r} is neither @name nor a numeric chat id", EXIT_USAGE)
    feeds = []
    for name in args.feed:
        feed = await storage.get_feed(name)
        if feed is None:
            return _fail(f"no feed {name!r} (see: newsbot feeds list)")
        feeds.append(feed)
    feeds = feeds or await storage.list_feeds()
    chat = await storage.upsert_chat(ref, "channel", args.title)
    for feed in feeds:
        await storage.add_feed_channel(feed.id, chat.id)
    await storage.audit(None, "cli_channels_add", chat=ref, feeds=[f.name for f in feeds])
    print(f"channel {ref} gets: {', '.join(f.name for f in feeds) or 'no feeds yet'}")
    print("note: the bot must be an administrator there with 'Post messages' (/addchannel checks it)")
    return EXIT_OK


async def _channels_rm(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    ref = _chat_ref(args.channel)
    chat = await storage.get_chat(ref) if ref else None
    if chat is None:
        return _fail(f"no channel {args.channel!r} (see: newsbot channels list)")
    unlinked = await storage.remove_channel_everywhere(chat.id)
    await storage.deactivate_chat(chat.id, "removed by an admin")
    await storage.audit(None, "cli_channels_rm", chat=chat.telegram_id)
    print(f"channel {chat.telegram_id} removed from {unlinked} feed(s)")
    return EXIT_OK


def _progress(done: int, total: int, out: TextIO) -> None:
    """A one-line progress bar on stderr, redrawn in place."""
    width = 30
    filled = width * done // max(total, 1)
    out.write(f"\rimporting [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        out.write("\n")
    out.flush()


async def _opml_import(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    try:
        source = sys.stdin.buffer.read if args.file == "-" else Path(args.file).read_bytes
        data = await asyncio.to_thread(source)
        entries = read_opml(data)
    except OSError as exc:
        return _fail(f"{args.file}: cannot read ({exc.strerror or exc})", EXIT_USAGE)
    except OpmlError as exc:
        return _fail(f"{args.file}: {exc}", EXIT_USAGE)
    existing = {f.url: f for f in await storage.list_feeds()}
    taken = {f.name for f in existing.values()}
    added = 0
    step = max(1, len(entries) // 100)
    for i, entry in enumerate(entries, start=1):
        if entry.url not in existing:
            name = feed_name(entry.url, taken)
            taken.add(name)
            await storage.add_feed(entry.url, name, every=args.every, title=entry.title)
            added += 1
        if i % step == 0 or i == len(entries):
            _progress(i, len(entries), sys.stderr)
    await storage.audit(None, "cli_opml_import", file=args.file, feeds=len(entries), added=added)
    print(f"imported {added} new feed(s) of {len(entries)} in the file")
    return EXIT_OK


async def _opml_export(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    feeds = [OpmlFeed(f.url, f.title, f.name) for f in await storage.list_feeds()]
    text = write_opml(feeds)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        try:
            await asyncio.to_thread(Path(args.output).write_text, text, encoding="utf-8")
        except OSError as exc:
            return _fail(f"{args.output}: cannot write ({exc.strerror or exc})")
        print(f"wrote {len(feeds)} feed(s) to {args.output}", file=sys.stderr)
    return EXIT_OK


async def _stats(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    r = await storage.stats()
    print(f"posting:            {'PAUSED' if r.paused else 'running'}")
    print(f"articles stored:    {r.articles_total}")
    print(f"feeds:              {r.feeds} ({r.feeds_paused} paused)")
    print(f"channels:           {r.channels}")
    print(f"subscribers:        {r.subscribers_active} active, {r.subscribers_blocked} blocked")
    print(f"delivered (24 h):   {r.deliveries_24h}")
    states = ("pending", "sending", "sent", "failed", "dropped")
    print("outbox:             " + ", ".join(f"{s} {r.outbox.get(s, 0)}" for s in states))
    print("articles per feed:")
    for name, n in r.articles_per_feed:
        print(f"  {name:<24} {n}")
    print("new articles per day (UTC):")
    for day, n in r.articles_per_day:
        print(f"  {day}  {n}")
    return EXIT_OK


async def _audit(config: Config, storage: Storage, args: argparse.Namespace) -> int:
    entries = await storage.audit_log(max(1, min(args.limit, 10_000)))
    if not entries:
        print("no admin actions recorded yet")
    for e in entries:
        who = str(e.user_id) if e.user_id is not None else "cli"
        print(f"{_when(e.at)}  {who:<12} {e.action:<18} {e.detail}")
    return EXIT_OK


def backup(database: Path, target: Path) -> int:
    """Copy a live database with SQLite's online backup API; return the pages copied.

    The copy is written next to the target and renamed into place, so a crash never leaves a
    half-written backup under the final name. Readers and the writer keep working meanwhile.
    """
    if not database.exists():
        raise StorageError(f"{database}: no database to back up")
    if target.resolve() == database.resolve():
        raise StorageError("the backup path is the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(database, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            # One step: a read transaction on the source for the whole copy, so the result is one
            # consistent snapshot. In WAL mode a reader never blocks the bot's writes (copying in
            # small steps instead would restart after every write and might never finish).
            src.backup(dst, pages=-1)
            pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
            dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return pages


def _backup_cmd(config: Config, target: Path) -> int:
    try:
        pages = backup(config.database, target)
    except (StorageError, sqlite3.Error, OSError) as exc:
        return _fail(f"backup failed: {exc}")
    size = target.stat().st_size
    print(f"backed up {config.database} to {target} ({pages} pages, {size} bytes)")
    return EXIT_OK


_COMMANDS: dict[tuple[str, str | None], Command] = {
    ("feeds", "list"): _feeds_list,
    ("feeds", "add"): _feeds_add,
    ("feeds", "rm"): _feeds_rm,
    ("channels", "list"): _channels_list,
    ("channels", "add"): _channels_add,
    ("channels", "rm"): _channels_rm,
    ("opml", "import"): _opml_import,
    ("opml", "export"): _opml_export,
    ("stats", None): _stats,
    ("audit", None): _audit,
}
