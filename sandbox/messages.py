"""Sending, editing and deleting messages: the checks Telegram makes, in Telegram's order."""

from __future__ import annotations

import hashlib
import math
import random
import re
import time
from typing import Any

import aiohttp

from sandbox.errors import ApiError, bad_request, forbidden
from sandbox.params import format_text, get_bool, get_int, get_json, get_str, reply_markup
from sandbox.photos import check_photo_url, is_local
from sandbox.world import SEND_METHODS, Chat, RetryRecord, World

__all__ = ["DEEP_LINK", "START_PARAM", "MessageMethods"]

Params = dict[str, Any]
Files = dict[str, tuple[str, bytes]]

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip
# t.me/<bot>?start=<parameter>: Telegram opens the bot and sends "/start <parameter>"
DEEP_LINK = re.compile(
    r"^(?:https?://)?(?:t\.me|telegram\.me)/([A-Za-z0-9_]{3,32})(?:\?start=([^&#]*))?", re.I
)
START_PARAM = re.compile(r"[A-Za-z0-9_-]{1,64}")
_KIND = {"group": "group", "supergroup": "supergroup", "channel": "channel"}


class MessageMethods:
    """sendMessage, sendPhoto, sendChatAction, the edits and deleteMessage, and the gate every
    outgoing message passes: chat, rights, content, flood control, then the user."""

    world: World
    random: random.Random
    photo_session: aiohttp.ClientSession | None  # set when local photo URLs are fetched

    # ---- sending ---------------------------------------------------------------------------

    def _chat(self, params: Params) -> Chat:
        """The target chat, checked for existence and for the bot's right to write there."""
        ref = params.get("chat_id")
        if ref is None or ref == "":
            raise bad_request("chat_id is empty")
        chat = self.world.resolve(ref)
        if chat is None:
            raise bad_request("chat not found")
        if chat.fault == "migrated":
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrate_to},
            )
        if chat.type != "private":
            kind = _KIND[chat.type]
            if chat.bot_status == "kicked":
                raise forbidden(f"bot was kicked from the {kind} chat")
            if chat.bot_status == "left":
                raise forbidden(f"bot is not a member of the {kind} chat")
            if chat.type == "channel" and not (
                chat.bot_status == "administrator" and chat.can_post_messages
            ):
                raise bad_request("need administrator rights in the channel chat")
        return chat

    def _admit(self, chat: Chat, method: str) -> None:
        """Telegram's server-side checks for a valid request: flood control, then the user."""
        world = self.world
        counted = method in SEND_METHODS or world.limits.count_edits
        if counted:
            now = world.clock()
            wait = world.rates.flood_wait(chat.id, now)
            if wait > 0:
                scope = "global" if world.rates.flood_wait(None, now) > 0 else "chat"
                seconds = max(1, math.ceil(wait - 1e-9))
                self._too_many(chat, method, now, seconds, "early_retry", scope)
            if method in SEND_METHODS:
                self._forced(chat, method, now)
            over = world.rates.over(chat.id, chat.type == "private", now)
            if over is not None:
                scope, seconds = over
                world.rates.impose(None if scope == "global" else chat.id, seconds, now)
                self._too_many(chat, method, now, seconds, scope, scope)
        if chat.type == "private" and chat.fault == "blocked":
            raise forbidden("bot was blocked by the user")
        if chat.type == "private" and chat.fault == "deactivated":
            raise forbidden("user is deactivated")
        if counted:
            now = world.clock()
            world.rates.record(chat.id, chat.type == "private", now)
            waiting = world.unanswered_retries
            if waiting:  # note when the bot came back after each 429
                for r in waiting:
                    if r.scope == "global" or r.chat_id == chat.id:
                        r.retried_at = now
                world.unanswered_retries = [r for r in waiting if r.retried_at is None]

    def _forced(self, chat: Chat, method: str, now: float) -> None:
        for order in list(self.world.forced):
            if order.chat_id is not None and order.chat_id != chat.id:
                continue
            if order.share is not None and self.random.random() >= order.share:
                continue
            if order.remaining is not None:
                order.remaining -= 1
                if order.remaining <= 0:
                    self.world.forced.remove(order)
            glob = order.scope == "global"
            self.world.rates.impose(None if glob else chat.id, order.seconds, now)
            self._too_many(chat, method, now, order.seconds, "forced", order.scope)

    def _too_many(
        self, chat: Chat, method: str, now: float, seconds: int, reason: str, scope: str = "chat"
    ) -> None:
        record = RetryRecord(chat.id, method, now, seconds, reason, scope=scope)
        self.world.stats.retries.append(record)
        self.world.unanswered_retries.append(record)
        raise ApiError(
            429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
        )

    def _markup(self, params: Params) -> dict[str, Any] | None:
        """``reply_markup``, validated; deep links that Telegram would not pass on are warned."""
        markup = reply_markup(params)
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                url = button.get("url", "")
                m = DEEP_LINK.match(url)
                if not m:
                    continue
                name, start = m.group(1), m.group(2)
                if name.lower() != self.world.bot_username.lower():
                    self.world.stats.warnings.append(
                        f"button {button['text']!r} links to @{name}, not this bot"
                        f" (@{self.world.bot_username})"
                    )
                elif start is not None and not START_PARAM.fullmatch(start):
                    self.world.stats.warnings.append(
                        f"deep link start parameter {start!r} is not 1-64 of A-Z a-z 0-9 _ -;"
                        " Telegram would not pass it to the bot"
                    )
        return markup

    def _sender(self, chat: Chat) -> dict[str, Any]:
        if chat.type == "channel":
            return {"sender_chat": chat.to_api()}
        return {"from": self.world.bot_user}

    def _reply_to(self, chat: Chat, params: Params) -> dict[str, Any] | None:
        reply = get_json(params, "reply_parameters", "reply parameters")
        allow = get_bool(params, "allow_sending_without_reply")
        message_id: int | None
        if isinstance(reply, dict):
            message_id = reply.get("message_id") if isinstance(reply.get("message_id"), int) else None
            allow = bool(reply.get("allow_sending_without_reply", allow))
            if reply.get("chat_id") not in (None, chat.id):
                target = self.world.resolve(reply["chat_id"])
                if target is None:
                    raise bad_request("message to be replied not found")
                chat = target
        else:
            message_id = get_int(params, "reply_to_message_id")
        if message_id is None:
            if reply is not None:
                raise bad_request("message to be replied not found")
            return None
        replied = self.world.message(chat.id, message_id)
        if replied is None:
            if allow:
                return None
            raise bad_request("message to be replied not found")
        return {k: v for k, v in replied.items() if k != "reply_to_message"}

    def _text(self, params: Params, name: str, caption: bool) -> Any:
        entities = get_json(params, f"{name}_entities" if caption else "entities", "entities")
        return format_text(
            get_str(params, name),
            get_str(params, "parse_mode"),
            entities,
            caption=caption,
            warnings=self.world.stats.warnings,
        )

    async def m_sendMessage(self, params: Params, files: Files) -> Any:
        chat = self._chat(params)
        parsed = self._text(params, "text", caption=False)
        markup = self._markup(params)
        reply = self._reply_to(chat, params)
        preview = get_json(params, "link_preview_options", "link preview options")
        self._admit(chat, "sendMessage")
        fields: dict[str, Any] = self._sender(chat) | {"text": parsed.text}
        if parsed.entities:
            fields["entities"] = parsed.entities
        if reply:
            fields["reply_to_message"] = reply
        if markup and "inline_keyboard" in markup:
            fields["reply_markup"] = markup
        message = self.world.new_message(chat, fields)
        self.world.record(
            "sendMessage",
            chat.id,
            message_id=message["message_id"],
            text=parsed.text,
            entities=parsed.entities,
            parse_mode=get_str(params, "parse_mode"),
            reply_markup=markup,
            link_preview_options=preview,
            disable_web_page_preview=get_bool(params, "disable_web_page_preview"),
            reply_to_message_id=reply["message_id"] if reply else None,
            params=_loggable(params),
        )
        return message

    async def m_sendPhoto(self, params: Params, files: Files) -> Any:
        chat = self._chat(params)
        photo = params.get("photo")
        upload: tuple[str, bytes] | None = files.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            upload = files.get(photo[len("attach://") :])
        source: str
        if upload is not None:
            if not upload[1]:
                raise bad_request("file must be non-empty")
            source = f"upload:{upload[0]}"
            digest = hashlib.sha1(upload[1]).hexdigest()[:24]
        elif isinstance(photo, str) and photo.strip():
            source = photo.strip()
            if source.lower().startswith(("http://", "https://")):
                if source in self.world.unreachable_urls:
                    raise bad_request("failed to get HTTP URL content")
                if self.photo_session is not None and is_local(source):
                    await check_photo_url(self.photo_session, source)
            elif source not in self.world.file_ids:
                raise bad_request("wrong file identifier/HTTP URL specified")
            if source in self.world.file_ids:
                digest = source[4:28]  # a resent file keeps its identity
            else:
                digest = hashlib.sha1(source.encode()).hexdigest()[:24]
        else:
            raise bad_request("there is no photo in the request")
        parsed = self._text(params, "caption", caption=True)
        markup = self._markup(params)
        reply = self._reply_to(chat, params)
        self._admit(chat, "sendPhoto")
        sizes = []
        for n, (w, h) in enumerate(((90, 51), (320, 180), (1280, 720))):
            file_id = f"AgAC{digest}{n}"
            self.world.file_ids.add(file_id)
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": f"AQAD{digest[:12]}{n}",
                    "width": w,
                    "height": h,
                    "file_size": w * h // 10,
                }
            )
        fields: dict[str, Any] = self._sender(chat) | {"photo": sizes}
        if parsed.text:
            fields["caption"] = parsed.text
        if parsed.entities:
            fields["caption_entities"] = parsed.entities
        if reply:
            fields["reply_to_message"] = reply
        if markup and "inline_keyboard" in markup:
            fields["reply_markup"] = markup
        message = self.world.new_message(chat, fields)
        self.world.record(
            "sendPhoto",
            chat.id,
            message_id=message["message_id"],
            photo=source,
            caption=parsed.text,
            entities=parsed.entities,
            parse_mode=get_str(params, "parse_mode"),
            reply_markup=markup,
            reply_to_message_id=reply["message_id"] if reply else None,
            params=_loggable(params),
        )
        return message

    async def m_sendChatAction(self, params: Params, files: Files) -> Any:
        chat = self._chat(params)
        if get_str(params, "action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        if chat.type == "private" and chat.fault == "blocked":
            raise forbidden("bot was blocked by the user")
        return True

    # ---- editing ---------------------------------------------------------------------------

    def _editable(self, params: Params, missing: str) -> tuple[Chat, dict[str, Any]]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(params)
        message_id = get_int(params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = self.world.message(chat.id, message_id)
        if message is None:
            raise bad_request(missing)
        return chat, message

    def _check_own(self, chat: Chat, message: dict[str, Any]) -> None:
        own = message.get("from", {}).get("is_bot") or (
            chat.type == "channel" and "sender_chat" in message
        )
        if not own:
            raise bad_request("message can't be edited")

    def _apply_edit(
        self, chat: Chat, message: dict[str, Any], method: str, new: dict[str, Any]
    ) -> dict[str, Any]:
        if all(message.get(k) == v for k, v in new.items()):
            raise bad_request(_NOT_MODIFIED)
        self._admit(chat, method)
        for key, value in new.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        return message

    async def m_editMessageText(self, params: Params, files: Files) -> Any:
        return self._edit_words(params, "editMessageText", "text", "text")

    async def m_editMessageCaption(self, params: Params, files: Files) -> Any:
        return self._edit_words(params, "editMessageCaption", "caption", "photo")

    def _edit_words(self, params: Params, method: str, field: str, needs: str) -> Any:
        """editMessageText / editMessageCaption: the new text or caption, parsed like a send."""
        chat, message = self._editable(params, "message to edit not found")
        self._check_own(chat, message)
        if needs not in message:
            raise bad_request(f"there is no {field} in the message to edit")
        caption = field == "caption"
        parsed = self._text(params, field, caption=caption)
        markup = self._markup(params)
        new = {
            field: (parsed.text or None) if caption else parsed.text,
            "caption_entities" if caption else "entities": parsed.entities or None,
            "reply_markup": markup if markup and "inline_keyboard" in markup else None,
        }
        self._apply_edit(chat, message, method, new)
        self.world.record(
            method,
            chat.id,
            message_id=message["message_id"],
            **{field: parsed.text},
            entities=parsed.entities,
            parse_mode=get_str(params, "parse_mode"),
            reply_markup=new["reply_markup"],
            params=_loggable(params),
        )
        return message

    async def m_editMessageReplyMarkup(self, params: Params, files: Files) -> Any:
        chat, message = self._editable(params, "message to edit not found")
        self._check_own(chat, message)
        markup = self._markup(params)
        new = {"reply_markup": markup if markup and "inline_keyboard" in markup else None}
        self._apply_edit(chat, message, "editMessageReplyMarkup", new)
        self.world.record(
            "editMessageReplyMarkup",
            chat.id,
            message_id=message["message_id"],
            reply_markup=new["reply_markup"],
            params=_loggable(params),
        )
        return message

    async def m_deleteMessage(self, params: Params, files: Files) -> Any:
        chat, message = self._editable(params, "message to delete not found")
        if chat.type == "private" and chat.fault in ("blocked", "deactivated"):
            raise forbidden(
                "bot was blocked by the user" if chat.fault == "blocked" else "user is deactivated"
            )
        del self.world.messages[(chat.id, message["message_id"])]
        self.world.record("deleteMessage", chat.id, message_id=message["message_id"])
        return True


def _loggable(params: Params) -> dict[str, Any]:
    """Request parameters as sent (files excluded), for the outbound log."""
    return {k: v for k, v in params.items() if isinstance(v, str | int | float | bool | list | dict)}
