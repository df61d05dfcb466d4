"""The Bot API methods: validate like Telegram, change the world, answer like Telegram."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.api_extra import ProfileMethods
from sandbox.errors import ApiError, bad_request
from sandbox.messages import MessageMethods
from sandbox.params import bot_commands, get_bool, get_int, get_json, get_str
from sandbox.world import DEFAULT_UPDATES, World, member_object

__all__ = ["METHODS", "BotApi", "UploadedFile"]

UploadedFile = tuple[str, bytes]  # (filename, content)
Params = dict[str, Any]
Files = dict[str, UploadedFile]

METHODS = (
    "getMe", "logOut", "close", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo",
    "sendMessage", "sendPhoto", "sendChatAction", "editMessageText", "editMessageCaption",
    "editMessageReplyMarkup", "deleteMessage", "answerCallbackQuery", "setMyCommands",
    "getMyCommands", "deleteMyCommands", "getChat", "getChatMember",
    # small ones, in api_extra
    "setMyDescription", "getMyDescription", "setMyShortDescription", "getMyShortDescription",
    "setMyName", "getMyName", "setChatMenuButton", "getChatMenuButton", "getChatMemberCount",
    "leaveChat", "deleteMessages", "pinChatMessage", "unpinChatMessage",
)  # fmt: skip


class BotApi(MessageMethods, ProfileMethods):
    """Implements each method as ``(params, files) -> result``; errors raise ApiError."""

    def __init__(self, world: World, seed: int = 0) -> None:
        self.world = world
        self.random = random.Random(seed)
        self.closing = False
        self.photo_session = None
        self._poll_conflict: asyncio.Future[None] | None = None
        self._handlers: dict[str, Callable[[Params, Files], Awaitable[Any]]] = {
            name.lower(): getattr(self, f"m_{name}") for name in METHODS
        }
        self._names = {name.lower(): name for name in METHODS}

    def canonical(self, method: str) -> str | None:
        """The method's proper name, matched case-insensitively; None if unknown."""
        return self._names.get(method.lower())

    async def call(self, method: str, params: Params, files: Files) -> Any:
        """Run a method by its canonical name."""
        return await self._handlers[method.lower()](params, files)

    # ---- bot and updates -------------------------------------------------------------------

    async def m_getMe(self, params: Params, files: Files) -> Any:
        return self.world.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": not self.world.group_privacy,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def m_logOut(self, params: Params, files: Files) -> Any:
        return True

    async def m_close(self, params: Params, files: Files) -> Any:
        return True

    async def m_setWebhook(self, params: Params, files: Files) -> Any:
        url = (get_str(params, "url") or "").strip()
        if url and not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.world.webhook_url = url
        if get_bool(params, "drop_pending_updates"):
            self.world.updates.clear()
        self._set_allowed(params)
        return True

    async def m_deleteWebhook(self, params: Params, files: Files) -> Any:
        self.world.webhook_url = ""
        if get_bool(params, "drop_pending_updates"):
            self.world.updates.clear()
        return True

    async def m_getWebhookInfo(self, params: Params, files: Files) -> Any:
        return {
            "url": self.world.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.updates),
        }

    def _set_allowed(self, params: Params) -> None:
        allowed = get_json(params, "allowed_updates", "allowed updates")
        if isinstance(allowed, list):
            self.world.allowed_updates = frozenset(map(str, allowed)) or DEFAULT_UPDATES

    async def m_getUpdates(self, params: Params, files: Files) -> Any:
        world = self.world
        if world.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        # A newer getUpdates ends an older one still waiting, as on Telegram.
        if self._poll_conflict is not None and not self._poll_conflict.done():
            self._poll_conflict.set_result(None)
        conflict: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._poll_conflict = conflict
        offset = get_int(params, "offset") or 0
        limit = min(100, max(1, get_int(params, "limit") or 100))
        timeout = min(50.0, max(0.0, float(get_int(params, "timeout") or 0)))
        self._set_allowed(params)
        if offset > 0:
            world.updates = [u for u in world.updates if u["update_id"] >= offset]
        elif offset < 0:
            world.updates = world.updates[offset:]
        deadline = time.monotonic() + timeout
        try:
            while not world.updates and not self.closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                waiter = world.waiter("updates")
                done, _ = await asyncio.wait(
                    {waiter, conflict}, timeout=left, return_when=asyncio.FIRST_COMPLETED
                )
                waiter.cancel()
                if conflict in done:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that only "
                        "one bot instance is running",
                    )
        finally:
            if self._poll_conflict is conflict:
                self._poll_conflict = None
        return world.updates[:limit]

    # ---- callbacks and commands ------------------------------------------------------------

    async def m_answerCallbackQuery(self, params: Params, files: Files) -> Any:
        query_id = get_str(params, "callback_query_id") or ""
        query = self.world.callbacks.get(query_id)
        too_old = query is None or query["answered"] or (
            self.world.clock() - query["at"] > self.world.limits.callback_timeout
        )
        if too_old:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = get_str(params, "text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        assert query is not None
        query["answered"] = True
        answer = {
            "callback_query_id": query_id,
            "chat_id": query["chat_id"],
            "text": text,
            "show_alert": get_bool(params, "show_alert"),
            "url": get_str(params, "url"),
            "time": self.world.clock(),
        }
        self.world.callback_answers.append(answer)
        return True

    def _commands_key(self, params: Params) -> tuple[str, str]:
        scope = get_json(params, "scope", "bot command scope") or {"type": "default"}
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise bad_request("can't parse BotCommandScope JSON object")
        language = get_str(params, "language_code") or ""
        if language and not (len(language) == 2 and language.isalpha()):
            raise bad_request("invalid language code specified")
        return json.dumps(scope, sort_keys=True), language

    async def m_setMyCommands(self, params: Params, files: Files) -> Any:
        commands = bot_commands(params)
        key = self._commands_key(params)
        if commands:
            self.world.commands[key] = commands
        else:
            self.world.commands.pop(key, None)
        return True

    async def m_getMyCommands(self, params: Params, files: Files) -> Any:
        return self.world.commands.get(self._commands_key(params), [])

    async def m_deleteMyCommands(self, params: Params, files: Files) -> Any:
        self.world.commands.pop(self._commands_key(params), None)
        return True

    # ---- chats -----------------------------------------------------------------------------

    async def m_getChat(self, params: Params, files: Files) -> Any:
        ref = params.get("chat_id")
        if ref is None or ref == "":
            raise bad_request("chat_id is empty")
        chat = self.world.resolve(ref)
        if chat is None:
            raise bad_request("chat not found")
        return chat.to_api() | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def m_getChatMember(self, params: Params, files: Files) -> Any:
        ref = params.get("chat_id")
        chat = self.world.resolve(ref) if ref not in (None, "") else None
        if chat is None:
            raise bad_request("chat not found")
        user_id = get_int(params, "user_id")
        if user_id is None or user_id <= 0:
            raise bad_request("invalid user_id specified")
        if user_id == self.world.bot_id:
            return member_object(self.world.bot_user, chat.bot_status, chat)
        if user_id not in self.world.users:
            raise bad_request("user not found")
        status = chat.members.get(user_id, "left")
        return member_object(dict(self.world.users[user_id]), status, chat)
