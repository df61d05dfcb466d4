"""The ``Sandbox``: a local Telegram Bot API server plus the controls a test needs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection, Iterable
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web

from sandbox.api import BotApi
from sandbox.control import SANDBOX_KEY, control_routes
from sandbox.limits import Limits
from sandbox.messages import DEEP_LINK, START_PARAM
from sandbox.server import BOT_API_KEY, bot_routes
from sandbox.world import SEND_METHODS, Chat, ForcedRetry, Stats, World

__all__ = ["DEFAULT_TOKEN", "Sandbox"]

DEFAULT_TOKEN = "123456:TEST"


class Sandbox:
    """A Bot API server on 127.0.0.1 that behaves like Telegram, and its control panel.

    ``group_privacy`` is BotFather's privacy mode (on by default, as for every new bot): in
    groups where it is not an administrator the bot sees only commands, replies to it and
    mentions of it. With ``fetch_local_photos`` a photo sent by a 127.0.0.1/localhost URL is
    fetched and refused as Telegram would (not 200, not an image, over 5 MB); other URLs are
    always taken on trust.

    Use as ``async with Sandbox() as sb:``; point the bot at ``sb.api_url`` (the bot appends
    ``/bot<token>/<method>``). Every control method is synchronous unless it waits.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        limits: Limits | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        bot_username: str = "newsbot_sandbox_bot",
        bot_name: str = "NewsBot Sandbox",
        clock: Callable[[], float] = time.monotonic,
        seed: int = 0,
        group_privacy: bool = True,
        fetch_local_photos: bool = False,
    ) -> None:
        head, _, tail = token.partition(":")
        if not head.isdigit() or not tail:
            raise ValueError("a bot token looks like 123456:ABC-def")
        self.token = token
        self.host = host
        self.port = port
        self.world = World(
            token, limits or Limits(), clock, bot_username, bot_name, group_privacy
        )
        self.api = BotApi(self.world, seed)
        self.fetch_local_photos = fetch_local_photos
        self._runner: web.AppRunner | None = None

    def __repr__(self) -> str:
        state = f"on {self.api_url}" if self._runner else "stopped"
        return f"<Sandbox {state}>"  # never the token

    # ---- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen; with port 0 a free port is chosen and stored in ``port``."""
        self.api.closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app[BOT_API_KEY] = self.api
        app[SANDBOX_KEY] = self
        bot_routes(app)
        control_routes(app)
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        if self.fetch_local_photos:
            self.api.photo_session = aiohttp.ClientSession()
        address = runner.addresses[0]
        self.port = int(address[1])

    async def stop(self) -> None:
        """Stop listening; long polls still waiting are answered first."""
        self.api.closing = True
        self.world.wake_all()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await asyncio.sleep(0)  # let woken handlers write their answers
            await runner.cleanup()
        if self.api.photo_session is not None:
            session, self.api.photo_session = self.api.photo_session, None
            await session.close()

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        """Base URL for the bot's ``telegram.api_url`` (the bot uses ``f"{api_url}/bot"``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def bot_id(self) -> int:
        """The bot's user id (the number before ``:`` in the token)."""
        return self.world.bot_id

    @property
    def bot_username(self) -> str:
        """The bot's @username, without the @."""
        return self.world.bot_username

    @property
    def limits(self) -> Limits:
        """Current rate limits."""
        return self.world.limits

    def set_limits(self, limits: Limits) -> None:
        """Change the rate limits at run time."""
        self.world.set_limits(limits)

    def reset(self) -> None:
        """Forget everything: chats, messages, updates, logs, faults, counters."""
        self.world.reset()

    # ---- chats and users -------------------------------------------------------------------

    def add_chat(
        self,
        chat_id: int,
        type: str = "channel",
        title: str | None = None,
        username: str | None = None,
        bot_status: str | None = None,
        *,
        can_post_messages: bool = True,
        first_name: str | None = None,
    ) -> dict[str, Any]:
        """Create a chat (private, group, supergroup or channel); returns its ``Chat`` object.

        ``bot_status`` is the bot's standing: administrator (default in channels), member
        (default elsewhere), left or kicked. A channel needs administrator with
        ``can_post_messages`` for the bot to post, as on Telegram.
        """
        return self.world.add_chat(
            chat_id, type, title, username, bot_status, can_post_messages, first_name
        ).to_api()

    def chat(self, chat_id: int) -> Chat | None:
        """The sandbox's record of a chat (faults, bot status), or None."""
        return self.world.chats.get(chat_id)

    def set_member(self, chat_id: int, user_id: int, status: str = "member") -> None:
        """Set a user's status in a chat (creator, administrator, member, left, kicked)."""
        self.world.user(user_id)
        self.world.chats[chat_id].members[user_id] = status

    def set_fault(self, chat_id: int, fault: str | None, migrate_to: int | None = None) -> None:
        """Make sends to a chat fail like Telegram: ``blocked`` (403), ``deactivated`` (403),
        ``kicked`` (403), ``not_found`` (400 chat not found), ``migrated`` (400 with
        ``migrate_to_chat_id``; the supergroup is created and accepts sends); None clears."""
        self.world.set_fault(chat_id, fault, migrate_to)

    def clear_fault(self, chat_id: int) -> None:
        """Undo ``set_fault`` (a kicked bot becomes a member/administrator again)."""
        self.world.set_fault(chat_id, None)

    # ---- what users do ---------------------------------------------------------------------

    def inject_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "en",
        first_name: str | None = None,
        username: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """A user writes ``text`` in a chat (created if new; in a private chat the user id is the
        chat id). A leading ``/command`` gets a ``bot_command`` entity. Returns the Message."""
        if user_id is None and chat_type == "private":
            user_id = chat_id
        return self.world.user_message(
            chat_id,
            user_id,
            text,
            chat_type,
            language_code,
            first_name,
            username,
            reply_to_message_id,
        )

    def open_deep_link(
        self, url: str, user_id: int, *, language_code: str | None = "en"
    ) -> dict[str, Any]:
        """A user taps a ``t.me/<bot>?start=<param>`` link: the bot gets ``/start <param>`` in
        their private chat, as Telegram sends it. Raises ValueError where Telegram would not
        deliver the parameter (another bot, bad characters, over 64)."""
        m = DEEP_LINK.match(url)
        if not m:
            raise ValueError(f"not a t.me deep link: {url!r}")
        if m.group(1).lower() != self.bot_username.lower():
            raise ValueError(f"{url!r} opens @{m.group(1)}, not @{self.bot_username}")
        start = m.group(2)
        if start is not None and not START_PARAM.fullmatch(start):
            raise ValueError(f"Telegram would not pass the start parameter {start!r} to the bot")
        text = "/start" if not start else f"/start {start}"
        return self.inject_message(user_id, text, user_id=user_id, language_code=language_code)

    def inject_channel_post(self, chat_id: int, text: str) -> dict[str, Any]:
        """A post written by the channel's admins (a ``channel_post`` update)."""
        return self.world.user_message(chat_id, None, text, "channel")

    def inject_edit(self, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        """A user edits an earlier message (``edited_message`` update)."""
        return self.world.user_edit(chat_id, message_id, text)

    def inject_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        forged: bool = False,
    ) -> str:
        """A user presses the inline button with ``data`` on a bot message; returns the query id.

        Raises ValueError if the message has no such button (a user could not press it), unless
        ``forged``: then any data is sent, as an old or modified client can, and a deleted or
        unknown message arrives as an inaccessible message (``date`` 0)."""
        if user_id is None:
            if chat_id <= 0:
                raise ValueError("say which user presses the button in a group or channel")
            user_id = chat_id
        return self.world.callback(chat_id, message_id, data, user_id, forged)

    # ---- what the bot did ------------------------------------------------------------------

    def sent(
        self,
        chat_id: int | None = None,
        *,
        methods: Collection[str] | None = None,
        since: int = 0,
    ) -> list[dict[str, Any]]:
        """The outbound log in order: accepted sends, edits and deletes (all chats by default).

        Each entry: seq, method, chat_id, message_id, text/caption, entities, parse_mode,
        reply_markup, time (monotonic), date, params. ``methods=SEND_METHODS`` keeps only new
        messages; ``since`` keeps entries with ``seq > since`` (see ``mark``).
        """
        return [
            e
            for e in self.world.log[since:]
            if (chat_id is None or e["chat_id"] == chat_id)
            and (methods is None or e["method"] in methods)
        ]

    def unread(
        self, chat_id: int | None, *, methods: Collection[str] = SEND_METHODS
    ) -> list[dict[str, Any]]:
        """Log entries ``wait_messages`` has not returned yet (same chat and methods), without
        consuming them: for asserting that nothing more came."""
        start = self.world.cursors.get((chat_id, frozenset(methods)), 0)
        return self._matching(chat_id, methods, start)

    def mark(self) -> int:
        """The last log sequence number, for ``sent(since=...)``."""
        return len(self.world.log)

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Every error answered (method, chat_id, error_code, description, parameters, time)."""
        return self.world.error_log

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        """Every accepted answerCallbackQuery (callback_query_id, text, show_alert, url)."""
        return self.world.callback_answers

    @property
    def unanswered_callbacks(self) -> list[str]:
        """Ids of callback queries the bot never answered (the user's button keeps spinning)."""
        return [qid for qid, q in self.world.callbacks.items() if not q["answered"]]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state of a message (after edits), or None if unknown or deleted."""
        return self.world.message(chat_id, message_id)

    def commands(
        self, language_code: str = "", scope: dict[str, Any] | None = None
    ) -> list[dict[str, str]]:
        """The bot's command list as set by setMyCommands for that language and scope."""
        import json

        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return list(self.world.commands.get(key, []))

    @property
    def stats(self) -> Stats:
        """Counters: calls per method, errors per code, sends per chat, every 429."""
        return self.world.stats

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by getUpdates."""
        return list(self.world.updates)

    async def wait_messages(
        self,
        chat_id: int | None,
        n: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109 - the agreed API shape; a deadline inside
        *,
        methods: Collection[str] = SEND_METHODS,
    ) -> list[dict[str, Any]]:
        """Wait for ``n`` new log entries (new messages by default) in a chat (None: any).

        "New" means not returned by an earlier ``wait_messages`` with the same chat and
        methods, so a reply that came before the call is not missed. Raises TimeoutError
        listing what did arrive."""
        key = (chat_id, frozenset(methods))
        start = self.world.cursors.get(key, 0)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = self._matching(chat_id, methods, start)
            if len(found) >= n:
                found = found[:n]
                self.world.cursors[key] = found[-1]["seq"]
                return found
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0 or self.api.closing:
                seen = [(e["method"], e.get("text") or e.get("caption")) for e in found]
                raise TimeoutError(
                    f"waited {timeout}s for {n} message(s) in chat {chat_id}, got "
                    f"{len(found)}: {seen}; errors answered: {self.errors[-5:]}"
                )
            waiter = self.world.waiter("log")
            try:
                await asyncio.wait_for(asyncio.shield(waiter), left)
            except TimeoutError:
                pass
            finally:
                waiter.cancel()

    def _matching(
        self, chat_id: int | None, methods: Iterable[str], after: int
    ) -> list[dict[str, Any]]:
        wanted = set(methods)
        return [
            e
            for e in self.world.log[after:]
            if (chat_id is None or e["chat_id"] == chat_id) and e["method"] in wanted
        ]

    # ---- injected trouble ------------------------------------------------------------------

    def fail_next(
        self, n: int = 1, mode: str = "500", methods: Collection[str] | None = None
    ) -> None:
        """Make the next ``n`` calls fail: ``"500"`` answers 500 ``Internal Server Error``;
        ``"drop"`` closes the connection without an answer and without acting; ``"drop_after"``
        acts (the message is sent) and then closes the connection, so the bot cannot know.
        By default only calls that act on a chat count (send*, edit*, deleteMessage,
        answerCallbackQuery, sendChatAction); pass ``methods`` (e.g. ``{"getUpdates"}``)
        to target others."""
        if mode not in ("500", "drop", "drop_after"):
            raise ValueError('mode is "500", "drop" or "drop_after"')
        wanted = frozenset(methods) if methods is not None else None
        self.world.fail_next.extend([(mode, wanted)] * n)

    def force_retry_after(
        self,
        chat_id: int | None = None,
        count: int | None = None,
        seconds: int = 2,
        *,
        share: float | None = None,
        scope: str = "chat",
    ) -> None:
        """Answer sends to ``chat_id`` (None: any chat) with 429 ``retry_after=seconds``: the
        next ``count`` sends (default 1), or, with ``share=p``, each send with probability p
        (at most ``count`` times if given). The chat (with ``scope="global"``: every chat) then
        stays in a flood wait for ``seconds``, as on Telegram; ``stats.retries`` records when
        the next send came (to that chat; for a global one, to any chat)."""
        if seconds < 1:
            raise ValueError("retry_after is at least 1 second")
        if scope not in ("chat", "global"):
            raise ValueError('scope is "chat" or "global"')
        if share is not None and not 0.0 < share <= 1.0:
            raise ValueError("share is a probability in (0, 1]")
        if count is None and share is None:
            count = 1
        self.world.forced.append(ForcedRetry(chat_id, count, seconds, share, scope))

    def clear_forced(self) -> None:
        """Cancel every pending forced 429 and injected failure."""
        self.world.forced.clear()
        self.world.fail_next.clear()

    def set_url_unreachable(self, url: str) -> None:
        """sendPhoto with this URL answers 400 ``failed to get HTTP URL content``."""
        self.world.unreachable_urls.add(url)
