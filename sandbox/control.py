"""The sandbox's control API over HTTP (JSON), for the demo, the CLI and child-process bots.

Every route mirrors a ``Sandbox`` method; bodies and answers are JSON. Errors in the request
answer 400 ``{"ok": false, "error": "..."}``; success answers ``{"ok": true, "result": ...}``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from aiohttp import web

from sandbox.limits import Limits
from sandbox.world import SEND_METHODS

if TYPE_CHECKING:
    from sandbox.core import Sandbox

__all__ = ["ROUTES", "SANDBOX_KEY", "control_routes"]

SANDBOX_KEY: web.AppKey[Sandbox] = web.AppKey("sandbox")
Handler = Callable[["Sandbox", dict[str, Any]], Awaitable[Any]]

# (HTTP method, path, handler name, one-line help) -- the help text is served at GET /control
ROUTES: list[tuple[str, str, str, str]] = [
    ("GET", "/control", "help", "this list"),
    ("POST", "/control/chats", "add_chat",
     '{"chat_id": -1001, "type": "channel", "title": "World", "username": "mychannel", '
     '"bot_status": "administrator"}'),
    ("GET", "/control/chats", "chats", "every chat with its fault and bot status"),
    ("POST", "/control/members", "set_member",
     '{"chat_id": -1001, "user_id": 1001, "status": "creator|administrator|member|left|kicked"}'),
    ("POST", "/control/messages", "inject_message",
     '{"chat_id": 1001, "text": "/start", "user_id": 1001, "chat_type": "private", '
     '"language_code": "en"} -> the Message'),
    ("POST", "/control/channel_posts", "inject_channel_post", '{"chat_id": -1001, "text": "hi"}'),
    ("POST", "/control/deep_links", "open_deep_link",
     '{"url": "https://t.me/<bot>?start=read_1", "user_id": 1001} -> the /start Message'),
    ("POST", "/control/edits", "inject_edit", '{"chat_id": 1001, "message_id": 3, "text": "x"}'),
    ("POST", "/control/callbacks", "inject_callback",
     '{"chat_id": 1001, "message_id": 2, "data": "read:1", "user_id": 1001} -> query id'),
    ("GET", "/control/sent", "sent", "?chat_id=&since=&methods=sendMessage,sendPhoto"),
    ("GET", "/control/wait", "wait", "?chat_id=&n=1&timeout=10 (new messages; long-poll)"),
    ("GET", "/control/message", "message", "?chat_id=&message_id= -> current state"),
    ("GET", "/control/errors", "errors", "every error answered to the bot"),
    ("GET", "/control/callback_answers", "callback_answers", "answerCallbackQuery calls"),
    ("GET", "/control/commands", "commands", "?language_code=&scope={json}"),
    ("GET", "/control/stats", "stats", "calls, errors, sends per chat, 429s"),
    ("POST", "/control/faults", "set_fault",
     '{"chat_id": 1001, "fault": "blocked|deactivated|kicked|not_found|migrated|null", '
     '"migrate_to": null}'),
    ("POST", "/control/fail_next", "fail_next", '{"n": 1, "mode": "500|drop|drop_after", "methods": null}'),
    ("POST", "/control/retry_after", "force_retry_after",
     '{"chat_id": null, "count": 1, "seconds": 2, "share": null, "scope": "chat|global"}'),
    ("GET", "/control/limits", "limits", "current limits"),
    ("POST", "/control/limits", "set_limits", '{"global_limit": 500, ...} (fields of Limits)'),
    ("POST", "/control/reset", "reset", "forget everything"),
]  # fmt: skip


def control_routes(app: web.Application) -> None:
    """Register every control route on ``app`` (which must carry ``SANDBOX_KEY``)."""
    for verb, path, name, _ in ROUTES:
        app.router.add_route(verb, path, _wrap(_HANDLERS[name]))


def _wrap(handler: Handler) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def route(request: web.Request) -> web.Response:
        sb = request.app[SANDBOX_KEY]
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            try:
                body = json.loads(await request.read() or b"{}")
            except ValueError:
                return _reply({"ok": False, "error": "the body must be JSON"}, 400)
            if not isinstance(body, dict):
                return _reply({"ok": False, "error": "the body must be a JSON object"}, 400)
            args.update(body)
        try:
            result = await handler(sb, args)
        except (KeyError, ValueError, TypeError) as err:
            return _reply({"ok": False, "error": str(err).strip("'\"")}, 400)
        except TimeoutError as err:
            return _reply({"ok": False, "error": str(err)}, 408)
        return _reply({"ok": True, "result": result})

    return route


def _reply(body: Any, status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        content_type="application/json",
    )


def _int(args: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = args.get(name, default)
    if value is None or value == "" or value == "null":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an integer, got {value!r}") from None


def _req_int(args: dict[str, Any], name: str) -> int:
    value = _int(args, name)
    if value is None:
        raise ValueError(f"{name} is required")
    return value


def _req_str(args: dict[str, Any], name: str) -> str:
    value = args.get(name)
    if value is None:
        raise ValueError(f"{name} is required")
    return str(value)


def _methods(args: dict[str, Any]) -> list[str] | None:
    value = args.get("methods")
    if value is None or value == "":
        return None
    return value.split(",") if isinstance(value, str) else list(value)


async def _help(sb: Sandbox, args: dict[str, Any]) -> Any:
    return [f"{verb} {path}  {text}" for verb, path, _, text in ROUTES]


async def _add_chat(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.add_chat(
        _req_int(args, "chat_id"),
        args.get("type", "channel"),
        args.get("title"),
        args.get("username"),
        args.get("bot_status"),
        can_post_messages=bool(args.get("can_post_messages", True)),
        first_name=args.get("first_name"),
    )


_MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")


async def _set_member(sb: Sandbox, args: dict[str, Any]) -> Any:
    chat_id, user_id = _req_int(args, "chat_id"), _req_int(args, "user_id")
    status = str(args.get("status", "member"))
    if status not in _MEMBER_STATUSES:
        raise ValueError(f"status must be one of {', '.join(_MEMBER_STATUSES)}")
    if chat_id not in sb.world.chats:
        raise ValueError(f"chat {chat_id} does not exist; create it with POST /control/chats")
    sb.set_member(chat_id, user_id, status)
    return {"chat_id": chat_id, "user_id": user_id, "status": status}


async def _chats(sb: Sandbox, args: dict[str, Any]) -> Any:
    return [
        {k: v for k, v in asdict(chat).items() if k != "members"}
        for chat in sb.world.chats.values()
    ]


async def _inject_message(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.inject_message(
        _req_int(args, "chat_id"),
        _req_str(args, "text"),
        user_id=_int(args, "user_id"),
        chat_type=args.get("chat_type", "private"),
        language_code=args.get("language_code", "en"),
        first_name=args.get("first_name"),
        username=args.get("username"),
        reply_to_message_id=_int(args, "reply_to_message_id"),
    )


async def _inject_channel_post(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.inject_channel_post(_req_int(args, "chat_id"), _req_str(args, "text"))


async def _open_deep_link(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.open_deep_link(
        _req_str(args, "url"),
        _req_int(args, "user_id"),
        language_code=args.get("language_code", "en"),
    )


async def _inject_edit(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.inject_edit(
        _req_int(args, "chat_id"), _req_int(args, "message_id"), _req_str(args, "text")
    )


async def _inject_callback(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.inject_callback(
        _req_int(args, "chat_id"),
        _req_int(args, "message_id"),
        _req_str(args, "data"),
        user_id=_int(args, "user_id"),
        forged=bool(args.get("forged", False)),
    )


async def _sent(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.sent(
        _int(args, "chat_id"), methods=_methods(args), since=_int(args, "since", 0) or 0
    )


async def _wait(sb: Sandbox, args: dict[str, Any]) -> Any:
    methods = _methods(args) or SEND_METHODS
    timeout = float(args.get("timeout", 10))
    return await sb.wait_messages(
        _int(args, "chat_id"), _int(args, "n", 1) or 1, min(timeout, 300.0), methods=methods
    )


async def _message(sb: Sandbox, args: dict[str, Any]) -> Any:
    message = sb.message(_req_int(args, "chat_id"), _req_int(args, "message_id"))
    if message is None:
        raise KeyError("no such message")
    return message


async def _errors(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.errors


async def _callback_answers(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.callback_answers


async def _commands(sb: Sandbox, args: dict[str, Any]) -> Any:
    scope = args.get("scope")
    if isinstance(scope, str):
        scope = json.loads(scope)
    return sb.commands(args.get("language_code", ""), scope)


async def _stats(sb: Sandbox, args: dict[str, Any]) -> Any:
    return sb.stats.to_dict()


async def _set_fault(sb: Sandbox, args: dict[str, Any]) -> Any:
    fault = args.get("fault")
    if fault in (None, "", "null", "none"):
        sb.clear_fault(_req_int(args, "chat_id"))
    else:
        sb.set_fault(_req_int(args, "chat_id"), str(fault), _int(args, "migrate_to"))
    chat = sb.chat(_req_int(args, "chat_id"))
    return None if chat is None else {"fault": chat.fault, "bot_status": chat.bot_status,
                                      "migrate_to": chat.migrate_to}  # fmt: skip


async def _fail_next(sb: Sandbox, args: dict[str, Any]) -> Any:
    sb.fail_next(_int(args, "n", 1) or 1, str(args.get("mode", "500")), _methods(args))
    return True


async def _force_retry_after(sb: Sandbox, args: dict[str, Any]) -> Any:
    share = args.get("share")
    sb.force_retry_after(
        _int(args, "chat_id"),
        _int(args, "count"),
        _int(args, "seconds", 2) or 2,
        share=None if share in (None, "", "null") else float(share),
        scope=str(args.get("scope", "chat")),
    )
    return True


async def _limits(sb: Sandbox, args: dict[str, Any]) -> Any:
    return asdict(sb.limits)


async def _set_limits(sb: Sandbox, args: dict[str, Any]) -> Any:
    known = set(Limits.__dataclass_fields__)
    unknown = set(args) - known
    if unknown:
        raise ValueError(f"unknown limit(s) {sorted(unknown)}; known: {sorted(known)}")
    sb.set_limits(replace(sb.limits, **args))
    return asdict(sb.limits)


async def _reset(sb: Sandbox, args: dict[str, Any]) -> Any:
    sb.reset()
    return True


_HANDLERS: dict[str, Handler] = {
    "help": _help,
    "add_chat": _add_chat,
    "set_member": _set_member,
    "chats": _chats,
    "inject_message": _inject_message,
    "inject_channel_post": _inject_channel_post,
    "inject_edit": _inject_edit,
    "open_deep_link": _open_deep_link,
    "inject_callback": _inject_callback,
    "sent": _sent,
    "wait": _wait,
    "message": _message,
    "errors": _errors,
    "callback_answers": _callback_answers,
    "commands": _commands,
    "stats": _stats,
    "set_fault": _set_fault,
    "fail_next": _fail_next,
    "force_retry_after": _force_retry_after,
    "limits": _limits,
    "set_limits": _set_limits,
    "reset": _reset,
}
