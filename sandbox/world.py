"""What the sandbox's Telegram knows: chats, users, messages, pending updates, logs, stats."""

from __future__ import annotations

import asyncio
import copy
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sandbox.html import utf16_len
from sandbox.limits import Limits, RateLimiter

__all__ = [
    "CHAT_TYPES",
    "FAULTS",
    "OUTBOUND_METHODS",
    "SEND_METHODS",
    "Chat",
    "RetryRecord",
    "Stats",
    "World",
]

# What Telegram marks as a bot_command at the start of a text: /name or /name@bot
_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
CHAT_TYPES = ("private", "group", "supergroup", "channel")
FAULTS = ("blocked", "deactivated", "kicked", "not_found", "migrated")
SEND_METHODS = frozenset({"sendMessage", "sendPhoto"})
# What "fail the next N calls" hits unless told otherwise: calls that act on a chat.
OUTBOUND_METHODS = SEND_METHODS | {
    "editMessageText", "editMessageCaption", "editMessageReplyMarkup", "deleteMessage",
    "answerCallbackQuery", "sendChatAction",
}  # fmt: skip
BOT_STATUSES = ("administrator", "member", "left", "kicked")
# Update types delivered when allowed_updates is empty or never set.
DEFAULT_UPDATES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post",
        "callback_query", "my_chat_member",
    }
)  # fmt: skip


@dataclass
class Chat:
    """A chat as the sandbox knows it, with the bot's standing in it and any injected fault."""

    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    bot_status: str = "member"
    can_post_messages: bool = True
    fault: str | None = None
    migrate_to: int | None = None
    next_message_id: int = 1
    members: dict[int, str] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        """The Bot API ``Chat`` object."""
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            out["first_name"] = self.first_name or "User"
        else:
            out["title"] = self.title or f"Chat {self.id}"
        if self.username:
            out["username"] = self.username
        return out


@dataclass
class RetryRecord:
    """One 429 answer, and when the next send to that chat was accepted."""

    chat_id: int | None
    method: str
    at: float
    retry_after: int
    reason: str  # "forced" (by a test), "global", "chat", or "early_retry" (sent during a wait)
    scope: str = "chat"  # "global" when any chat's next send ends the wait
    retried_at: float | None = None

    @property
    def waited(self) -> float | None:
        """Seconds between the 429 and the next accepted send to the same chat."""
        return None if self.retried_at is None else self.retried_at - self.at


@dataclass
class Stats:
    """Counters a test can assert on."""

    calls: Counter[str] = field(default_factory=Counter)
    errors: Counter[int] = field(default_factory=Counter)
    sends_per_chat: Counter[int] = field(default_factory=Counter)
    retries: list[RetryRecord] = field(default_factory=list)
    # Things Telegram accepts but that likely do not do what the bot meant (an &nbsp; shown
    # literally, a dropped link, a deep link Telegram would not pass on). Tests can demand none.
    warnings: list[str] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)  # sandbox bugs; should stay empty

    @property
    def html_warnings(self) -> list[str]:
        """The same list as ``warnings`` (older name)."""
        return self.warnings

    @property
    def too_many_requests(self) -> int:
        """Every 429 answered, forced or not."""
        return len(self.retries)

    @property
    def pacing_429s(self) -> int:
        """429s the bot caused itself: over a limit, or sending again during a flood wait."""
        return sum(1 for r in self.retries if r.reason != "forced")

    @property
    def early_retries(self) -> int:
        """Sends that came before an earlier retry_after had passed."""
        return sum(1 for r in self.retries if r.reason == "early_retry")

    @property
    def sends(self) -> int:
        """Messages accepted in total."""
        return sum(self.sends_per_chat.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for the control API."""
        return {
            "calls": dict(self.calls),
            "errors": {str(k): v for k, v in self.errors.items()},
            "sends": self.sends,
            "sends_per_chat": {str(k): v for k, v in self.sends_per_chat.items()},
            "too_many_requests": self.too_many_requests,
            "pacing_429s": self.pacing_429s,
            "early_retries": self.early_retries,
            "retries": [asdict(r) | {"waited": r.waited} for r in self.retries],
            "warnings": list(self.warnings),
            "internal_errors": list(self.internal_errors),
        }


@dataclass
class ForcedRetry:
    """A test's order to answer some sends with 429."""

    chat_id: int | None
    remaining: int | None
    seconds: int
    share: float | None
    scope: str = "chat"  # "global": the flood wait then holds for every chat


def member_object(user: dict[str, Any], status: str, chat: Chat) -> dict[str, Any]:
    """A Bot API ``ChatMember`` of the given status."""
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0
    elif status == "administrator":
        member |= {
            "can_be_edited": False,
            "is_anonymous": False,
            "can_manage_chat": True,
            "can_delete_messages": True,
            "can_manage_video_chats": True,
            "can_restrict_members": True,
            "can_promote_members": False,
            "can_change_info": True,
            "can_invite_users": True,
            "can_post_stories": False,
            "can_edit_stories": False,
            "can_delete_stories": False,
        }
        if chat.type == "channel":
            member["can_post_messages"] = chat.can_post_messages
            member["can_edit_messages"] = True
        else:
            member["can_pin_messages"] = True
    return member


class World:
    """All mutable state; every method is synchronous and runs on the server's event loop."""

    def __init__(
        self,
        token: str,
        limits: Limits,
        clock: Callable[[], float] = time.monotonic,
        bot_username: str = "newsbot_sandbox_bot",
        bot_name: str = "NewsBot Sandbox",
        group_privacy: bool = True,
    ) -> None:
        self.token = token
        self.group_privacy = group_privacy
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.clock = clock
        self.limits = limits
        # Waiters outlive reset(): a bot long-polling across a reset still wakes up.
        self._update_waiters: set[asyncio.Future[None]] = set()
        self._log_waiters: set[asyncio.Future[None]] = set()
        # Update and callback ids never go back, not even across reset(), as on Telegram:
        # a polling bot's offset must not swallow the updates that follow a reset.
        self.next_update_id = 1
        self.next_callback = 1
        self.reset()

    # ---- lifecycle -------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every chat, message, update, log entry, fault and counter."""
        self.chats: dict[int, Chat] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.updates: list[dict[str, Any]] = []
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATES
        self.webhook_url = ""
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.log: list[dict[str, Any]] = []
        self.error_log: list[dict[str, Any]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.profile: dict[tuple[str, str], Any] = {}  # descriptions, name, menu buttons
        self.stats = Stats()
        self.unanswered_retries: list[RetryRecord] = []  # 429s not yet followed by a send
        self.rates = RateLimiter(self.limits)
        self.forced: list[ForcedRetry] = []
        self.fail_next: list[tuple[str, frozenset[str] | None]] = []
        self.file_ids: set[str] = set()
        self.unreachable_urls: set[str] = set()
        self.cursors: dict[Any, int] = {}

    def set_limits(self, limits: Limits) -> None:
        """Change the limits; counted history is kept."""
        self.limits = limits
        self.rates.limits = limits

    # ---- users and chats -------------------------------------------------------------------

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot as a ``User``."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """Create or update a user and return it as a ``User``."""
        if user_id <= 0:
            raise ValueError(f"user ids are positive, got {user_id}")
        user = self.users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        )
        if first_name:
            user["first_name"] = first_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return dict(user)

    def add_chat(
        self,
        chat_id: int,
        type: str = "channel",
        title: str | None = None,
        username: str | None = None,
        bot_status: str | None = None,
        can_post_messages: bool = True,
        first_name: str | None = None,
    ) -> Chat:
        """Create (or replace the settings of) a chat."""
        if type not in CHAT_TYPES:
            raise ValueError(f"chat type must be one of {CHAT_TYPES}, got {type!r}")
        if type in ("supergroup", "channel") and not str(chat_id).startswith("-100"):
            raise ValueError(f"{type} ids look like -100xxxxxxxxxx, got {chat_id}")
        if (type == "private") != (chat_id > 0):
            raise ValueError(f"a {type} chat id must be {'>' if type == 'private' else '<'} 0")
        if bot_status is None:
            bot_status = "administrator" if type == "channel" else "member"
        if bot_status not in BOT_STATUSES:
            raise ValueError(f"bot_status must be one of {BOT_STATUSES}, got {bot_status!r}")
        username = username.lstrip("@") if username else None
        if username and type == "group":
            raise ValueError("basic groups have no username")
        old = self.chats.get(chat_id)
        chat = Chat(
            id=chat_id,
            type=type,
            title=title,
            username=username,
            first_name=first_name,
            bot_status=bot_status,
            can_post_messages=can_post_messages,
            next_message_id=old.next_message_id if old else 1,
            members=old.members if old else {},
        )
        if type == "private":
            user = self.user(chat_id, first_name=first_name, username=username)
            chat.first_name = user["first_name"]
            chat.members[chat_id] = "member"
        self.chats[chat_id] = chat
        return chat

    def resolve(self, chat_ref: Any) -> Chat | None:
        """Find a chat by id (int or numeric string) or ``@username``; None if Telegram wouldn't."""
        if isinstance(chat_ref, str):
            ref = chat_ref.strip()
            if ref.startswith("@"):
                name = ref[1:].lower()
                for chat in self.chats.values():
                    if chat.username and chat.username.lower() == name and chat.type != "private":
                        return chat if chat.fault != "not_found" else None
                return None
            try:
                chat_ref = int(ref)
            except ValueError:
                return None
        if isinstance(chat_ref, bool) or not isinstance(chat_ref, int):
            return None
        found = self.chats.get(chat_ref)
        if found is None or found.fault == "not_found":
            return None
        return found

    def set_fault(self, chat_id: int, fault: str | None, migrate_to: int | None = None) -> Chat:
        """Make a chat fail the way Telegram does, or clear its fault (and a kick) with None.

        The bot hears about it as on Telegram: a ``my_chat_member`` update when its standing
        changes (blocked, kicked, back), and service messages when a group migrates."""
        chat = self.chats.get(chat_id)
        if chat is None:
            raise KeyError(f"no chat {chat_id}; add it first")
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"fault must be one of {FAULTS} or None, got {fault!r}")
        if fault in ("blocked", "deactivated") and chat.type != "private":
            raise ValueError(f"{fault!r} applies to private chats only")
        if fault == "kicked" and chat.type == "private":
            raise ValueError("a bot is blocked, not kicked, in a private chat")
        if fault == "migrated" and chat.type != "group":
            raise ValueError("only basic groups migrate to supergroups")
        before = self._standing(chat)
        if fault == "kicked":
            chat.bot_status = "kicked"
        elif fault is None:
            chat.fault = None
            if chat.bot_status == "kicked":
                chat.bot_status = "administrator" if chat.type == "channel" else "member"
        else:
            chat.fault = fault
        after = self._standing(chat)
        if before != after:
            self._my_chat_member(chat, before, after)
        if fault == "migrated":
            self._migrate(chat, migrate_to)
        return chat

    def _standing(self, chat: Chat) -> str:
        """The bot's status in a chat as Telegram reports it to the bot."""
        if chat.type == "private":
            return "kicked" if chat.fault == "blocked" else "member"
        return chat.bot_status

    def _actor(self, chat: Chat) -> dict[str, Any]:
        """Who did it: the private chat's user, else a member, else Telegram's service account."""
        for user_id in [chat.id, *chat.members] if chat.type == "private" else list(chat.members):
            if user_id in self.users:
                return dict(self.users[user_id])
        return {"id": 777000, "is_bot": False, "first_name": "Telegram"}

    def _my_chat_member(self, chat: Chat, old: str, new: str) -> None:
        self.push_update(
            "my_chat_member",
            {
                "chat": chat.to_api(),
                "from": self._actor(chat),
                "date": int(time.time()),
                "old_chat_member": member_object(self.bot_user, old, chat),
                "new_chat_member": member_object(self.bot_user, new, chat),
            },
        )

    def _migrate(self, chat: Chat, migrate_to: int | None) -> None:
        """Create the supergroup and post the two service messages Telegram posts."""
        new_id = migrate_to if migrate_to is not None else int(f"-100{abs(chat.id):010d}")
        if new_id not in self.chats:
            self.add_chat(new_id, "supergroup", title=chat.title, bot_status=chat.bot_status)
            self.chats[new_id].members.update(chat.members)
        chat.migrate_to = new_id
        actor = self._actor(chat)
        old_note = self.new_message(chat, {"from": actor, "migrate_to_chat_id": new_id})
        self.push_update("message", old_note)
        new_chat = self.chats[new_id]
        new_note = self.new_message(
            new_chat, {"from": actor, "sender_chat": new_chat.to_api(), "migrate_from_chat_id": chat.id}
        )
        self.push_update("message", new_note)

    # ---- messages --------------------------------------------------------------------------

    def new_message(self, chat: Chat, fields: dict[str, Any]) -> dict[str, Any]:
        """Store a new message in a chat and return it."""
        message_id = chat.next_message_id
        chat.next_message_id += 1
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat.to_api(),
        }
        message.update(fields)
        self.messages[(chat.id, message_id)] = message
        return message

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state of a message, or None if it never existed or was deleted."""
        return self.messages.get((chat_id, message_id))

    def record(self, method: str, chat_id: int, **entry: Any) -> dict[str, Any]:
        """Append an accepted outbound action to the log and wake waiters."""
        item = {
            "seq": len(self.log) + 1,
            "method": method,
            "chat_id": chat_id,
            "time": self.clock(),
            "date": int(time.time()),
        }
        item.update(entry)
        self.log.append(item)
        if method in SEND_METHODS:
            self.stats.sends_per_chat[chat_id] += 1
        self._wake(self._log_waiters)
        return item

    # ---- updates ---------------------------------------------------------------------------

    def push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update for getUpdates unless allowed_updates filters it out."""
        if kind not in self.allowed_updates:
            return None
        # A snapshot: later edits must not change an update already queued.
        update = {"update_id": self.next_update_id, kind: copy.deepcopy(payload)}
        self.next_update_id += 1
        self.updates.append(update)
        self._wake(self._update_waiters)
        return update

    def user_message(
        self,
        chat_id: int,
        user_id: int | None,
        text: str,
        chat_type: str = "private",
        language_code: str | None = "en",
        first_name: str | None = None,
        username: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """A user (or, in a channel, the channel) writes a text; queue the update."""
        chat = self.chats.get(chat_id)
        if chat is None:
            if chat_type == "channel":
                raise KeyError(f"no channel {chat_id}; add it first")
            if chat_type == "private" and user_id is not None and chat_id != user_id:
                raise ValueError("a private chat's id is the user's id")
            if chat_type == "private":
                chat = self.add_chat(chat_id, chat_type, first_name=first_name, username=username)
            else:
                chat = self.add_chat(chat_id, chat_type)
        fields: dict[str, Any] = {"text": text}
        if chat.type == "channel":
            fields["sender_chat"] = chat.to_api()
        else:
            if user_id is None:
                raise ValueError("a message outside a channel needs a user_id")
            fields["from"] = self.user(user_id, first_name, username, language_code)
            chat.members.setdefault(user_id, "member")
            if chat.type == "private" and chat.fault == "blocked":
                self.set_fault(chat.id, None)  # writing to a bot unblocks it
        command = _COMMAND.match(text)
        if command:
            fields["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))}
            ]
        if reply_to_message_id is not None:
            replied = self.message(chat.id, reply_to_message_id)
            if replied is None:
                raise KeyError(f"no message {reply_to_message_id} in chat {chat.id}")
            fields["reply_to_message"] = {k: v for k, v in replied.items() if k != "reply_to_message"}
        message = self.new_message(chat, fields)
        if self.bot_sees(chat, message):
            self.push_update("channel_post" if chat.type == "channel" else "message", message)
        return message

    def bot_sees(self, chat: Chat, message: dict[str, Any]) -> bool:
        """Whether Telegram delivers this message to the bot.

        A bot out of the chat sees nothing; a channel's posts reach only an administrator bot;
        in groups, privacy mode (on by default, ``can_read_all_group_messages`` false in getMe)
        lets a non-admin bot see only commands (not those for another ``@bot``), replies to its
        own messages and messages that mention it."""
        if chat.type == "private":
            return True
        if chat.bot_status in ("left", "kicked"):
            return False
        if chat.type == "channel" or chat.bot_status == "administrator" or not self.group_privacy:
            return chat.type != "channel" or chat.bot_status == "administrator"
        text = message.get("text", "")
        command = _COMMAND.match(text)
        if command:
            target = command.group(1)
            return target is None or target[1:].lower() == self.bot_username.lower()
        replied = message.get("reply_to_message", {})
        if replied.get("from", {}).get("id") == self.bot_id:
            return True
        return f"@{self.bot_username.lower()}" in text.lower()

    def user_edit(self, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        """A user edits their earlier message; queue ``edited_message``."""
        message = self.message(chat_id, message_id)
        if message is None or ("from" in message and message["from"].get("is_bot")):
            raise KeyError(f"no user message {message_id} in chat {chat_id}")
        message["text"] = text
        message["edit_date"] = int(time.time())
        command = _COMMAND.match(text)
        if command:
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))}
            ]
        else:
            message.pop("entities", None)
        chat = self.chats[chat_id]
        kind = "edited_channel_post" if chat.type == "channel" else "edited_message"
        if self.bot_sees(chat, message):
            self.push_update(kind, dict(message))
        return message

    def callback(
        self, chat_id: int, message_id: int, data: str, user_id: int, forged: bool = False
    ) -> str:
        """A user presses an inline button carrying ``data``; return the callback query id.

        With ``forged`` the button need not exist (an old or modified client sends any data),
        and a message that is gone arrives as Telegram's inaccessible message (``date`` 0)."""
        chat = self.chats.get(chat_id)
        if chat is None:
            raise KeyError(f"no chat {chat_id}")
        message = self.message(chat_id, message_id)
        if message is None:
            if not forged:
                raise KeyError(f"no message {message_id} in chat {chat_id}")
            message = {"chat": chat.to_api(), "message_id": message_id, "date": 0}
        elif not forged:
            rows = message.get("reply_markup", {}).get("inline_keyboard", [])
            if not any(b.get("callback_data") == data for row in rows for b in row):
                raise ValueError(
                    f"message {message_id} in chat {chat_id} has no button with callback_data "
                    f"{data!r} (pass forged=True for data no button carries)"
                )
        query_id = f"{self.bot_id}{self.next_callback:08d}"
        self.next_callback += 1
        self.callbacks[query_id] = {"at": self.clock(), "answered": False, "chat_id": chat_id}
        user = self.user(user_id)
        self.push_update(
            "callback_query",
            {
                "id": query_id,
                "from": user,
                "message": dict(message),
                "chat_instance": str(abs(chat_id) * 7919),
                "data": data,
            },
        )
        return query_id

    # ---- injected failures ----------------------------------------------------------------

    def take_failure(self, method: str) -> str | None:
        """Consume one "fail the next call" order that applies to ``method``: its mode."""
        for k, (mode, methods) in enumerate(self.fail_next):
            if method in (methods if methods is not None else OUTBOUND_METHODS):
                del self.fail_next[k]
                return mode
        return None

    # ---- waiting ---------------------------------------------------------------------------

    def waiter(self, kind: str) -> asyncio.Future[None]:
        """A future resolved at the next update (``"updates"``) or log entry (``"log"``)."""
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        (self._update_waiters if kind == "updates" else self._log_waiters).add(fut)
        fut.add_done_callback(self._update_waiters.discard)
        fut.add_done_callback(self._log_waiters.discard)
        return fut

    def wake_all(self) -> None:
        """Release every waiter (used when the server stops)."""
        self._wake(self._update_waiters)
        self._wake(self._log_waiters)

    @staticmethod
    def _wake(waiters: set[asyncio.Future[None]]) -> None:
        for fut in list(waiters):
            if not fut.done():
                fut.set_result(None)
        waiters.clear()
