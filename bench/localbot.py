"""The real handlers in a real PTB Application, with the network cut out.

`LocalRequest` is a PTB request object that answers the Bot API in-process: getMe, sends and edits
come back at once as Telegram would shape them, after PTB has serialised the parameters as it does
for HTTP. So `await app.process_update(update)` times exactly the bot's own work for an update:
PTB's dispatch, the handler, storage, content, building the request.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

__all__ = ["BOT_ID", "LocalRequest", "callback", "command", "local_app"]

TOKEN = "123456:BENCH"
BOT_ID = 123456
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}


class LocalRequest(BaseRequest):
    """Answers Bot API calls in-process; keeps a log of (method, parameters)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._ids = itertools.count(1000)

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = {}
        if request_data is not None:
            # what HTTPXRequest sends: the JSON-encoded parameters
            params = dict(request_data.json_parameters)
        self.calls.append((name, params))
        result: Any = True
        if name == "getMe":
            result = BOT_USER
        elif name.startswith(("send", "edit")):
            chat_id = params.get("chat_id", "0")
            result = {
                "message_id": int(params.get("message_id") or next(self._ids)),
                "date": int(time.time()),
                "chat": {"id": int(chat_id) if str(chat_id).lstrip("-").isdigit() else 0, "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        return 200, json.dumps({"ok": True, "result": result}).encode()


_update_ids = itertools.count(1)


def _user(user_id: int, lang: str) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Reader", "language_code": lang}


def command(bot: Any, text: str, *, chat_id: int = 4242, lang: str = "en") -> Update:
    """A private-chat command message as Telegram delivers it."""
    word = text.split()[0]
    data = {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Reader"},
            "from": _user(chat_id, lang),
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(word)}],
        },
    }
    return Update.de_json(data, bot)


def callback(bot: Any, data: str, *, chat_id: int = 4242, lang: str = "en", message_id: int = 7) -> Update:
    """A button press on one of the bot's own messages."""
    payload = {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": _user(chat_id, lang),
            "chat_instance": "bench",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Reader"},
                "from": BOT_USER,
                "text": "page",
            },
        },
    }
    return Update.de_json(payload, bot)


@asynccontextmanager
async def local_app(database: Path) -> AsyncIterator[tuple[Any, LocalRequest]]:
    """An initialised Application with every handler registered and its storage open on `database`."""
    from telegram.ext import ApplicationBuilder

    import handlers
    from bot.config import Config, Secret
    from bot.services import KEY, Services
    from bot.storage import Storage

    request = LocalRequest()
    app = ApplicationBuilder().token(TOKEN).request(request).get_updates_request(LocalRequest()).build()
    config = Config(token=Secret(TOKEN), api_url="http://127.0.0.1:9", database=database)
    services = Services(config=config, storage=Storage(database))
    app.bot_data[KEY] = services
    handlers.register(app)
    await app.initialize()
    await services.storage.open()
    services.bot_username = BOT_USER["username"]
    try:
        yield app, request
    finally:
        await services.storage.close()
        await app.shutdown()
