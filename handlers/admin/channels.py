"""/channels, /addchannel, /rmchannel: where feeds are posted, checked with getChatMember."""

from __future__ import annotations

import html

from telegram import Chat as TgChat
from telegram import ChatMember, ChatMemberAdministrator, ChatMemberRestricted, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.services import get_services
from bot.storage import Chat
from handlers.admin.common import admin_lang, admin_only, audit, reply, reply_long
from handlers.catalog import t

__all__ = ["REMOVED", "addchannel", "channels", "missing_rights", "rmchannel"]

REMOVED = "removed by an admin"


def missing_rights(chat_type: str, member: ChatMember) -> str | None:
    """The catalog key of what stops the bot from posting in this chat, or None if it can."""
    status = member.status
    if status in (ChatMember.LEFT, ChatMember.BANNED):
        return "admin_rights_not_member"
    if chat_type == TgChat.CHANNEL:
        if not isinstance(member, ChatMemberAdministrator):
            return "admin_rights_not_admin"
        if not member.can_post_messages:
            return "admin_rights_cannot_post"
        return None
    if isinstance(member, ChatMemberRestricted) and not member.can_send_messages:
        return "admin_rights_restricted"
    return None


async def _find(context: ContextTypes.DEFAULT_TYPE, ref: str) -> Chat | None:
    """A stored chat by @name or id, also when stored under the other form."""
    storage = get_services(context).storage
    chat = await storage.get_chat(ref)
    if chat is not None:
        return chat
    try:
        found = await context.bot.get_chat(ref)
    except TelegramError:
        return None
    chat = await storage.get_chat(found.id)
    if chat is None and found.username:
        chat = await storage.get_chat(f"@{found.username}")
    return chat


@admin_only
async def channels(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the channels and groups feeds post to, with their state and feeds."""
    storage = get_services(context).storage
    lang = await admin_lang(update, context)
    await audit(update, context, "channels")
    feeds_of = await storage.channel_feeds()
    chats = {c.id: c for c in await storage.list_chats("channel", active=True)}
    chats.update({c.id: c for c in await storage.channels()})
    if not chats:
        await reply(update, context, "admin_no_channels")
        return
    parts = [t(lang, "admin_channels_head", n=len(chats))]
    for chat in sorted(chats.values(), key=lambda c: c.id):
        state = (
            t(lang, "admin_channel_active")
            if chat.active
            else t(lang, "admin_channel_inactive", reason=html.escape(chat.inactive_reason or "?"))
        )
        names = feeds_of.get(chat.id, [])
        parts.append(
            t(
                lang,
                "admin_channel_line",
                title=html.escape(chat.title or chat.telegram_id),
                ref=html.escape(chat.telegram_id),
                kind=chat.kind,
                state=state,
                feeds=html.escape(", ".join(names)) if names else t(lang, "admin_none"),
            )
        )
    await reply_long(update, parts)


@admin_only
async def addchannel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Check the bot can post in a channel, store it, and post the given feeds (default: all) there."""
    args = context.args or []
    if not args or len(args[0]) > 200:
        await reply(update, context, "admin_addchannel_usage")
        return
    ref = args[0]
    storage = get_services(context).storage
    feeds = []
    for name in args[1:]:
        feed = await storage.get_feed(name[:2000])
        if feed is None:
            await reply(update, context, "admin_unknown_feed", feed=html.escape(name[:100]))
            return
        feeds.append(feed)
    try:
        tg_chat = await context.bot.get_chat(ref)
        member = await context.bot.get_chat_member(tg_chat.id, context.bot.id)
    except TelegramError as exc:
        error = html.escape(str(exc))
        await reply(update, context, "admin_channel_unreachable", channel=html.escape(ref), error=error)
        return
    if tg_chat.type == TgChat.PRIVATE:
        await reply(update, context, "admin_channel_private")
        return
    problem = missing_rights(str(tg_chat.type), member)
    if problem is not None:
        await reply(update, context, problem, channel=html.escape(tg_chat.title or ref))
        return
    chat = await storage.upsert_chat(tg_chat.id, str(tg_chat.type), tg_chat.title or tg_chat.username or "")
    if not feeds:
        feeds = await storage.list_feeds()
    for feed in feeds:
        await storage.add_feed_channel(feed.id, chat.id)
    names = [f.name for f in feeds]
    await audit(update, context, "addchannel", chat=tg_chat.id, ref=ref, feeds=names)
    lang = await admin_lang(update, context)
    await reply(
        update,
        context,
        "admin_channel_added",
        channel=html.escape(chat.title or ref),
        feeds=html.escape(", ".join(names)) if names else t(lang, "admin_none"),
    )


@admin_only
async def rmchannel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop posting every feed to a channel."""
    args = context.args or []
    if len(args) != 1 or len(args[0]) > 200:
        await reply(update, context, "admin_rmchannel_usage")
        return
    chat = await _find(context, args[0])
    if chat is None:
        await reply(update, context, "admin_unknown_channel", channel=html.escape(args[0]))
        return
    storage = get_services(context).storage
    unlinked = await storage.remove_channel_everywhere(chat.id)
    # Inactive: nothing pending goes there, /push skips it, /channels hides it; /addchannel revives it.
    await storage.deactivate_chat(chat.id, REMOVED)
    await audit(update, context, "rmchannel", chat=chat.telegram_id, feeds=unlinked)
    title = html.escape(chat.title or chat.telegram_id)
    await reply(update, context, "admin_channel_removed", channel=title, feeds=unlinked)
