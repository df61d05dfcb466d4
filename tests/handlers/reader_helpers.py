"""A reader talking to the running bot through the sandbox: send commands, press buttons, wait.

`Reader` wraps the sandbox and the running application; the `reader` fixture (conftest.py) checks
at the end that the sandbox rejected nothing the bot sent and that no handler raised.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import App
from bot.services import get_services
from bot.storage import Storage
from content import Article, Image, Link, fingerprint

USER = 5001  # a reader with English Telegram
AR_USER = 5002  # a reader with Arabic Telegram
GROUP = -4001  # a basic group
GROUP_ADMIN = 5003
GROUP_MEMBER = 5004


def body(message: dict[str, Any]) -> str:
    """The visible text of a logged message."""
    return str(message.get("text") or message.get("caption") or "")


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every inline button of a logged message (or of a message's current state)."""
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def button(message: dict[str, Any], text: str) -> str:
    """The callback data of the button whose label contains `text`."""
    for b in buttons(message):
        if text in b["text"] and "callback_data" in b:
            return str(b["callback_data"])
    raise AssertionError(f"no button {text!r} in {[b['text'] for b in buttons(message)]}")


def make_article(
    title: str,
    paragraphs: Sequence[str],
    *,
    lang: str = "en",
    hours_ago: float = 1.0,
    source: str = "",
    site: str = "Example News",
    related: Sequence[Link] = (),
    images: Sequence[Image] = (),
    url: str | None = None,
) -> Article:
    """An article as the pipeline would produce it, with its real fingerprint."""
    article = Article(
        title=title,
        url=url,
        lang=lang,
        published=datetime.now(UTC) - timedelta(hours=hours_ago),
        site=site,
        source=source,
        paragraphs=tuple(paragraphs),
        summary=paragraphs[0] if paragraphs else "",
        related=tuple(related),
        images=tuple(images),
    )
    return Article(**{**_fields(article), "fingerprint": fingerprint(article)})


def _fields(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in Article.__dataclass_fields__}


class ErrorLog(logging.Handler):
    """Collects ERROR records: a handler that raised shows up here through the error handler."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Reader:
    """Drives the bot like a person with a phone: one chat at a time, waiting for each answer."""

    def __init__(self, sandbox: Any, app: App, errors: ErrorLog) -> None:
        self.sb = sandbox
        self.app = app
        self.errors = errors
        self.storage: Storage = get_services(app).storage
        self._forged = 0

    # ---- articles and feeds ----------------------------------------------------------------

    async def feed(self, name: str, title: str = "") -> int:
        """Store a feed and return its id."""
        feed = await self.storage.add_feed(f"https://feeds.example/{name}.xml", name, title=title)
        return feed.id

    async def seed(self, article: Article, feed_id: int | None = None) -> int:
        """Store an article as the poller would; return its id."""
        result = await self.storage.add_article(feed_id, article)
        assert result.article_id is not None, result
        return result.article_id

    # ---- talking ---------------------------------------------------------------------------

    async def ask(
        self,
        text: str,
        *,
        chat: int = USER,
        user: int | None = None,
        lang: str = "en",
        chat_type: str = "private",
        n: int = 1,
        wait: float = 10,
    ) -> list[dict[str, Any]]:
        """Send `text` and wait for `n` new messages from the bot in that chat."""
        self.sb.inject_message(chat, text, user_id=user, chat_type=chat_type, language_code=lang)
        return list(await self.sb.wait_messages(chat, n, timeout=wait))

    async def ask_one(self, text: str, **kwargs: Any) -> dict[str, Any]:
        """Send `text` and return the one reply."""
        (reply,) = await self.ask(text, **kwargs)
        return reply

    async def silent(self, text: str, *, chat: int = USER, **kwargs: Any) -> None:
        """Send `text` and check the bot answers nothing (a /help probe sent after it is the only reply)."""
        self.sb.inject_message(chat, text, **kwargs)
        probe_kwargs = {k: v for k, v in kwargs.items() if k in ("user_id", "chat_type")}
        await self.sync(chat, **probe_kwargs)

    async def sync(self, chat: int = USER, **kwargs: Any) -> None:
        """Wait until the bot has handled everything sent to `chat` so far; fail on extra replies."""
        text = "/help" if chat > 0 else f"/help@{self.sb.bot_username}"
        self.sb.inject_message(chat, text, **kwargs)
        replies = await self.sb.wait_messages(chat, 1, timeout=10)
        assert "/latest" in body(replies[0]), f"expected only the /help reply, got {body(replies[0])!r}"
        await self.idle()
        extra = [body(m) for m in self._new(chat)]
        assert not extra, f"unexpected replies: {extra}"

    def _new(self, chat: int) -> list[dict[str, Any]]:
        key = (chat, frozenset({"sendMessage", "sendPhoto"}))
        after = self.sb.world.cursors.get(key, 0)
        return self.sb._matching(chat, {"sendMessage", "sendPhoto"}, after)

    async def idle(self, wait: float = 10) -> None:
        """Wait until the bot has fetched every update and finished handling them."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while self.sb.pending_updates or self.app.update_queue.qsize() or self._busy():
            if loop.time() > deadline:
                raise TimeoutError("the bot is still busy")
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # a handler that just started its reply

    def _busy(self) -> bool:
        return self.app.update_processor.current_concurrent_updates > 0

    # ---- buttons ---------------------------------------------------------------------------

    async def press(
        self, message: dict[str, Any], data: str, *, chat: int = USER, user: int | None = None
    ) -> dict[str, Any]:
        """Press a button on a bot message; return the callback's answer once it came."""
        query_id = self.sb.inject_callback(chat, message["message_id"], data, user_id=user)
        return await self.answer(query_id)

    async def forge(
        self,
        data: str,
        *,
        chat: int = USER,
        message_id: int | None = None,
        user: int | None = None,
        lang: str = "en",
    ) -> dict[str, Any]:
        """A callback Telegram would deliver for data no button of ours carries (old clients,
        forged by a client, or from a message the bot no longer knows); return its answer."""
        world = self.sb.world
        if chat not in world.chats:
            self.sb.add_chat(chat, "private" if chat > 0 else "group")
        message = world.message(chat, message_id) if message_id else None
        if message is None:
            sent = [m for m in world.messages.values() if m["chat"]["id"] == chat]
            message = sent[-1] if sent else world.new_message(world.chats[chat], {"text": "x"})
        query_id = f"{world.bot_id}9{self._forged:07d}"
        self._forged += 1
        world.callbacks[query_id] = {"at": world.clock(), "answered": False, "chat_id": chat}
        world.push_update(
            "callback_query",
            {
                "id": query_id,
                "from": world.user(user or (chat if chat > 0 else USER), language_code=lang),
                "message": dict(message),
                "chat_instance": str(abs(chat) * 7919),
                "data": data,
            },
        )
        return await self.answer(query_id)

    async def answer(self, query_id: str, wait: float = 10) -> dict[str, Any]:
        """Wait for the bot's answerCallbackQuery to `query_id`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            for answer in self.sb.callback_answers:
                if answer["callback_query_id"] == query_id:
                    return dict(answer)
            if loop.time() > deadline:
                raise TimeoutError(f"callback {query_id} was never answered; errors: {self.sb.errors[-3:]}")
            await asyncio.sleep(0.01)

    async def edited(self, chat: int = USER, wait: float = 10) -> dict[str, Any]:
        """Wait for the next edit of a message in `chat`."""
        (entry,) = await self.sb.wait_messages(chat, 1, timeout=wait, methods={"editMessageText"})
        return dict(entry)


_SENTENCES = (
    "The harbour board met on Tuesday to weigh the plan for the old port.",
    "Members spoke at length about the lights, the quays and the cost of keeping both in order.",
    "A fisherman who has worked the bay for forty years asked for the night lights to stay on.",
    "The treasurer said the repairs would take most of next year's budget.",
    "Shopkeepers on the quay hope the work brings visitors back in the summer.",
    "An engineer showed photographs of cracks in the northern breakwater.",
    "The board will vote on the plan at its next meeting in the spring.",
    "Several residents wrote to ask that the old lamp posts be kept.",
)


def long_paragraph(n: int) -> str:
    """Paragraph n of the long story: every sentence once, starting somewhere else each time."""
    return f"{n}. " + " ".join(_SENTENCES[(n * 3 + i) % len(_SENTENCES)] for i in range(len(_SENTENCES)))


async def seed_news(reader: Reader) -> dict[str, int]:
    """A small newsroom: two feeds, English and Arabic articles, one long enough for pages."""
    world = await reader.feed("world", "World News")
    arabic = await reader.feed("arabic", "أخبار العالم")
    ids = {"world": world, "arabic": arabic}
    ids["harbour"] = await reader.seed(
        make_article(
            "Harbour lights return to the old port",
            [
                "The lights of the old port shone again on Monday after ten dark years.",
                "Fishermen said the lights made the harbour safer at night.",
            ],
            hours_ago=3.2,
            source="Reuters",
            related=[Link("Port history in pictures", "https://news.example/port-history")],
        ),
        world,
    )
    ids["climate"] = await reader.seed(
        make_article(
            "Climate summit agrees on new harbour targets",
            [
                "Delegates at the climate summit agreed on new targets for ports and harbours.",
                "The targets cut emissions from ships by half within ten years.",
            ],
            hours_ago=5.5,
        ),
        world,
    )
    ids["arabic_article"] = await reader.seed(
        make_article(
            "قمة المناخ تتفق على أهداف جديدة للموانئ",
            [
                "اتفق المندوبون في قمة المناخ على أهداف جديدة للموانئ والمرافئ.",
                "وتخفض الأهداف انبعاثات السفن إلى النصف خلال عشر سنوات.",
            ],
            lang="ar",
            hours_ago=3.5,
            source="رويترز",
            site="",
        ),
        arabic,
    )
    ids["long"] = await reader.seed(
        make_article(
            "The long story of the harbour board",
            [long_paragraph(n) for n in range(1, 31)],
            hours_ago=30,
        ),
        world,
    )
    return ids
