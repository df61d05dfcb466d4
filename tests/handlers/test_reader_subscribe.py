"""/subscribe, /unsubscribe, /subscriptions through the sandbox, in private chats and groups."""

from __future__ import annotations

from tests.handlers.reader_helpers import (
    AR_USER,
    GROUP,
    GROUP_ADMIN,
    GROUP_MEMBER,
    USER,
    Reader,
    body,
    make_article,
    seed_news,
)


async def test_subscribe_to_everything_then_stop(reader: Reader) -> None:
    ids = await seed_news(reader)
    assert "no subscriptions" in body(await reader.ask_one("/subscriptions"))
    assert body(await reader.ask_one("/subscribe")) == (
        "Subscribed to all sources: new articles will arrive here."
    )
    assert "• all sources" in body(await reader.ask_one("/subscriptions"))
    result = await reader.storage.add_article(
        ids["arabic"], make_article("خبر جديد عن الموانئ", ["نص الخبر الجديد عن الموانئ."], lang="ar")
    )
    assert result.queued == 1  # this chat, through the outbox
    (post,) = await reader.sb.wait_messages(USER, 1, timeout=15)
    assert body(post).startswith("خبر جديد عن الموانئ")
    assert body(await reader.ask_one("/unsubscribe")) == "Unsubscribed from all sources."
    assert "not subscribed to all sources" in body(await reader.ask_one("/unsubscribe"))
    result = await reader.storage.add_article(
        ids["world"], make_article("Another harbour day", ["Nothing queued for this one."])
    )
    assert result.queued == 0


async def test_subscribe_to_one_source_with_word_filters(reader: Reader) -> None:
    ids = await seed_news(reader)
    reply = body(await reader.ask_one("/subscribe world -sport +ukraine"))
    assert reply == (
        "Subscribed to World News: new articles will arrive here.\n"
        "only with: ukraine · without: sport"
    )
    listing = body(await reader.ask_one("/subscriptions"))
    assert "• World News\n  only with: ukraine · without: sport" in listing
    wanted = await reader.storage.add_article(
        ids["world"], make_article("Ukraine talks resume", ["Talks on Ukraine resumed in Geneva."])
    )
    sport = await reader.storage.add_article(
        ids["world"], make_article("Ukraine wins the cup", ["A sport final: Ukraine won the cup."])
    )
    other = await reader.storage.add_article(
        ids["world"], make_article("Harbour fees rise", ["Fees at the harbour rise in May."])
    )
    elsewhere = await reader.storage.add_article(
        ids["arabic"], make_article("أوكرانيا Ukraine", ["خبر عن Ukraine في مصدر آخر."], lang="ar")
    )
    assert (wanted.queued, sport.queued, other.queued, elsewhere.queued) == (1, 0, 0, 0)
    # the same command again changes the filters, it does not add a second subscription
    again = body(await reader.ask_one("/subscribe world +Geneva"))
    assert again == "Your subscription to World News is updated.\nonly with: geneva"
    assert body(await reader.ask_one("/subscriptions")).count("•") == 1
    assert body(await reader.ask_one("/unsubscribe world")) == "Unsubscribed from World News."


async def test_filters_are_plain_normalised_words(reader: Reader) -> None:
    ids = await seed_news(reader)
    reply = body(await reader.ask_one("/subscribe arabic +الأهداف -.*", chat=AR_USER, lang="ar"))
    assert reply.startswith("«-.*» ليس مرشحًا")
    reply = body(await reader.ask_one("/subscribe arabic +الأَهداف", chat=AR_USER, lang="ar"))
    assert reply == "تم الاشتراك في أخبار العالم: ستصلك المقالات الجديدة هنا.\nفقط مع: الاهداف"
    match = await reader.storage.add_article(
        ids["arabic"], make_article("الأهداف الجديدة", ["تحدد الأهداف الجديدة مسار الموانئ."], lang="ar")
    )
    assert match.queued == 1


async def test_subscribe_bad_input(reader: Reader) -> None:
    await seed_news(reader)
    cases = {
        "/subscribe nosuch": "There is no source called “nosuch”",
        "/subscribe world arabic": "Send /subscribe",
        "/subscribe world +": "“+” is not a filter",
        "/subscribe world -!!": "“-!!” is not a filter",
        "/subscribe " + " ".join(f"+w{n}" for n in range(11)): "at most 10 filter words",
        "/unsubscribe nosuch": "There is no source called “nosuch”",
        "/unsubscribe world arabic": "Send /unsubscribe",
        "/unsubscribe world": "not subscribed to World News",
    }
    for command, expected in cases.items():
        assert expected in body(await reader.ask_one(command)), command
    assert "no subscriptions" in body(await reader.ask_one("/subscriptions"))


async def test_in_a_group_only_admins_change_subscriptions(reader: Reader) -> None:
    await seed_news(reader)
    reader.sb.add_chat(GROUP, "group", title="Harbour readers")
    reader.sb.set_member(GROUP, GROUP_ADMIN, "administrator")
    reader.sb.set_member(GROUP, GROUP_MEMBER, "member")
    bot = reader.sb.bot_username

    def in_group(user: int) -> dict[str, object]:
        return {"chat": GROUP, "user": user, "chat_type": "group"}

    for command in (f"/subscribe@{bot} world", f"/unsubscribe@{bot}", f"/lang@{bot} ar", "/subscribe"):
        reply = body(await reader.ask_one(command, **in_group(GROUP_MEMBER)))
        assert reply == "Only the group's admins can change its settings.", command
    assert await reader.storage.get_chat(GROUP) is None  # nothing stored for the group

    assert "Subscribed to World News" in body(
        await reader.ask_one(f"/subscribe@{bot} world", **in_group(GROUP_ADMIN))
    )
    # anyone may look
    assert "• World News" in body(await reader.ask_one("/subscriptions", **in_group(GROUP_MEMBER)))
    assert "Latest articles" in body(await reader.ask_one("/latest", **in_group(GROUP_MEMBER)))
    chat = await reader.storage.get_chat(GROUP)
    assert chat is not None and chat.kind == "group" and chat.title == "Harbour readers"

    creator = 5010
    reader.sb.set_member(GROUP, creator, "creator")
    assert "Unsubscribed from World News" in body(
        await reader.ask_one("/unsubscribe world", **in_group(creator))
    )
    assert body(await reader.ask_one("/lang ar", **in_group(GROUP_ADMIN))) == "سأجيب هنا بالعربية."
    # the group's language now holds for everyone in it
    assert body(await reader.ask_one("/latest 1", **in_group(GROUP_MEMBER))).startswith("أحدث")
