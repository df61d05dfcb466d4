"""Application wiring: build the PTB Application, open services in post_init, close them on shutdown.

`running()` is the one code path that starts a bot, used by `newsbot run`, the demo and the tests.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ExtBot
from telegram.request import HTTPXRequest

import handlers
from bot import delivery, polling
from bot.config import Config
from bot.services import KEY, Services, get_services
from bot.storage import Chat, InstanceLock, Storage
from bot.updates import PerChatUpdateProcessor

__all__ = ["App", "build_application", "running", "serve"]

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]


class TokenSafeBot(ExtBot[Any]):
    """PTB's bot, whose repr would show the token; this one shows only the username."""

    def __repr__(self) -> str:
        name = self._bot_user.username if self._bot_user else "?"
        return f"{type(self).__name__}[username={name}]"


def build_application(config: Config) -> App:
    """The Application for `config`: Bot API URL, handlers, and post_init/post_shutdown hooks."""
    bot = TokenSafeBot(
        token=config.token.get(),
        base_url=f"{config.api_url}/bot",
        base_file_url=f"{config.api_url}/file/bot",
        request=HTTPXRequest(connection_pool_size=64),
        get_updates_request=HTTPXRequest(connection_pool_size=1),
        rate_limiter=delivery.build_rate_limiter(config),
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .concurrent_updates(PerChatUpdateProcessor(running=8))  # chats side by side, each in order
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    app: App = builder.build()
    app.bot_data[KEY] = Services(config=config, storage=Storage(config.database))
    handlers.register(app)
    return app


async def _post_init(app: App) -> None:
    services = get_services(app)
    lock = InstanceLock(services.config.database)
    lock.acquire()
    services.workers["lock"] = lock
    await services.storage.open()
    services.bot_username = app.bot.username
    await _sync_config(app, services)
    await handlers.on_startup(app)
    await delivery.start(app)
    await polling.start(app)


async def _post_shutdown(app: App) -> None:
    services = get_services(app)
    await polling.stop(app)
    await delivery.stop(app)
    await services.storage.close()
    lock = services.workers.pop("lock", None)
    if isinstance(lock, InstanceLock):
        lock.release()


async def _resolve_channel(app: App, storage: Storage, ref: int | str) -> Chat:
    """Store a configured channel under the id or @username the config gives, with its title."""
    kind, title = ("channel", "")
    with suppress(TelegramError):
        chat = await app.bot.get_chat(ref)
        kind, title = str(chat.type), chat.title or chat.username or ""
    if kind not in ("private", "group", "supergroup", "channel"):
        kind = "channel"
    return await storage.upsert_chat(ref, kind, title, reactivate=False)


async def _sync_config(app: App, services: Services) -> None:
    """Make the database's config feeds and their channels match the config file."""
    storage = services.storage
    wanted = {f.url for f in services.config.feeds}
    for feed in await storage.list_feeds():
        if feed.from_config and feed.url not in wanted:
            log.info("feed %s is no longer in the config: removed", feed.name)
            await storage.remove_feed(feed.id)
    for fc in services.config.feeds:
        feed = await storage.add_feed(
            fc.url, fc.name, every=fc.every, title=fc.title, from_config=True
        )
        chats = [await _resolve_channel(app, storage, ref) for ref in fc.channels]
        await storage.set_feed_channels(feed.id, [c.id for c in chats])


def _polling_failed(exc: TelegramError) -> None:
    """One line per failed getUpdates (PTB would log a traceback each time); PTB retries, backing off."""
    log.warning("receiving updates failed: %s (retrying)", exc)


@asynccontextmanager
async def running(config: Config, *, poll_timeout: float = 10) -> AsyncIterator[App]:
    """Start the bot (post_init, handlers, polling, jobs) and stop it cleanly on exit."""
    app = build_application(config)
    async with app:  # initialize() calls getMe; shutdown() on exit
        assert app.post_init is not None and app.post_shutdown is not None
        try:
            await app.post_init(app)
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(
                timeout=int(poll_timeout),
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
                error_callback=_polling_failed,
            )
            yield app
        finally:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.post_shutdown(app)


async def serve(config: Config) -> None:
    """Run until SIGINT or SIGTERM, then shut down cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with running(config):
            log.info("newsbot is running; Ctrl-C stops it")
            await stop.wait()
            log.info("stopping")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
