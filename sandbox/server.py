"""HTTP front of the sandbox: ``/bot<token>/<method>`` answered the way Telegram answers."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from sandbox.api import BotApi, Files, Params
from sandbox.api_extra import REAL_METHODS
from sandbox.errors import ApiError, bad_request
from sandbox.world import World

__all__ = ["BOT_API_KEY", "bot_routes", "read_params"]

log = logging.getLogger(__name__)
BOT_API_KEY = web.AppKey("bot_api", BotApi)
_JSON = "application/json"
_REAL_BY_LOWER = {name.lower(): name for name in REAL_METHODS}


def bot_routes(app: web.Application) -> None:
    """Register the Bot API routes on ``app`` (which must carry ``BOT_API_KEY``)."""
    app.router.add_route("*", "/bot{token}/{method}", _handle_method)
    app.router.add_route("*", "/bot{token}/", _not_found)
    app.router.add_route("*", "/file/bot{token}/{path:.*}", _not_found)


def _answer(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False), status=status, content_type=_JSON
    )


async def _not_found(request: web.Request) -> web.Response:
    return _answer({"ok": False, "error_code": 404, "description": "Not Found"}, 404)


async def read_params(request: web.Request) -> tuple[Params, Files]:
    """Query string plus body (form, multipart or JSON), as Telegram reads them."""
    params: Params = dict(request.query)
    files: Files = {}
    ctype = request.content_type
    if ctype == _JSON:
        raw = await request.read()
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            if isinstance(body, dict):
                params.update(body)
    elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.post()
        except (ValueError, HttpProcessingError) as err:
            raise bad_request(f"can't parse the request body: {err.__class__.__name__}") from None
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = (value.filename or key, value.file.read())
            else:
                params[key] = value
    return params, files


async def _handle_method(request: web.Request) -> web.StreamResponse:
    api = request.app[BOT_API_KEY]
    world: World = api.world
    if request.match_info["token"] != world.token:
        return _answer({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
    method = api.canonical(request.match_info["method"])
    if method is None:
        name = _REAL_BY_LOWER.get(request.match_info["method"].lower())
        if name is not None:
            world.stats.errors[400] += 1
            return _answer(
                bad_request(f"{name} is a real Bot API method not modelled by the sandbox")
                .payload(), 400
            )  # fmt: skip
        return await _not_found(request)
    world.stats.calls[method] += 1
    failure = world.take_failure(method)
    if failure == "drop":
        # Close the socket without a word, as a broken proxy or network would.
        if request.transport is not None:
            request.transport.abort()
        raise web.HTTPInternalServerError()  # never reaches the client
    if failure == "500":
        world.stats.errors[500] += 1
        return _answer(
            {"ok": False, "error_code": 500, "description": "Internal Server Error"}, 500
        )
    params: Params = {}
    try:
        params, files = await read_params(request)
        result = await api.call(method, params, files)
    except Exception as err:
        if not isinstance(err, ApiError):
            # A sandbox bug, not Telegram behaviour: say so loudly, never with the token.
            log.exception("sandbox bug in %s", method)
            world.stats.internal_errors.append(f"{method}: {err!r}")
            err = ApiError(500, "Internal Server Error")
        world.stats.errors[err.code] += 1
        world.error_log.append(
            {
                "method": method,
                "chat_id": params.get("chat_id"),
                "error_code": err.code,
                "description": err.description,
                "parameters": err.parameters,
                "time": world.clock(),
            }
        )
        return _answer(err.payload(), err.code)
    if failure == "drop_after":
        # The call took effect but its answer is lost, as when a connection dies in flight.
        if request.transport is not None:
            request.transport.abort()
        raise web.HTTPInternalServerError()  # never reaches the client
    return _answer({"ok": True, "result": result})
