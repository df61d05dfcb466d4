"""Reading through the sandbox: /latest, /read with pages, /summary, /related, deep links, buttons."""

from __future__ import annotations

import content
from content import Image
from tests.handlers.reader_helpers import (
    AR_USER,
    USER,
    Reader,
    body,
    button,
    buttons,
    make_article,
    seed_news,
)


async def test_latest_lists_newest_first_with_source_age_and_read_command(reader: Reader) -> None:
    ids = await seed_news(reader)
    text = body(await reader.ask_one("/latest"))
    lines = text.splitlines()
    assert lines[0] == "Latest articles"
    order = [text.index(f"/read_{ids[k]}") for k in ("harbour", "arabic_article", "climate", "long")]
    assert order == sorted(order)  # newest first
    assert "1. Harbour lights return to the old port\nReuters · 3 h ago · /read_" in text
    assert "Example News · 5 h ago" in text  # no agency: the site is the source
    assert "1 d ago" in text


async def test_latest_in_arabic_uses_arabic_ages(reader: Reader) -> None:
    ids = await seed_news(reader)
    text = body(await reader.ask_one("/latest 2", chat=AR_USER, lang="ar"))
    assert text.startswith("أحدث المقالات")
    assert f"رويترز · منذ 3 ساعات · /read_{ids['arabic_article']}" in text
    assert text.count("/read_") == 2


async def test_latest_count_and_source(reader: Reader) -> None:
    ids = await seed_news(reader)
    one = body(await reader.ask_one("/latest 1"))
    assert one.count("/read_") == 1 and f"/read_{ids['harbour']}" in one
    arabic = body(await reader.ask_one("/latest arabic"))
    assert arabic.startswith("Latest from أخبار العالم")
    assert arabic.count("/read_") == 1
    both = body(await reader.ask_one("/latest world 20"))
    assert both.count("/read_") == 3


async def test_latest_bad_input_gets_one_clear_answer(reader: Reader) -> None:
    await seed_news(reader)
    cases = {
        "/latest 0": "from 1 to 20",
        "/latest 1000": "from 1 to 20",
        "/latest -3": "from 1 to 20",
        "/latest 99999999999999999999": "from 1 to 20",
        "/latest nosuchfeed": "no source called “nosuchfeed”",
        "/latest 3 4": "Send /latest",
        "/latest world arabic": "Send /latest",
        "/latest <b>x</b>": "no source called “<b>x</b>”",  # shown as typed, not as markup
    }
    for command, expected in cases.items():
        assert expected in body(await reader.ask_one(command)), command


async def test_latest_with_nothing_stored(reader: Reader) -> None:
    assert "No articles yet" in body(await reader.ask_one("/latest"))
    assert "لا توجد مقالات" in body(await reader.ask_one("/latest", chat=AR_USER, lang="ar"))


async def test_sources_lists_feeds_with_short_names(reader: Reader) -> None:
    assert "no sources" in body(await reader.ask_one("/sources"))
    await seed_news(reader)
    text = body(await reader.ask_one("/sources"))
    assert "World News – world · articles: 3" in text
    assert "أخبار العالم – arabic · articles: 1" in text


async def test_read_pages_forward_to_the_last_and_back(reader: Reader) -> None:
    ids = await seed_news(reader)
    stored = await reader.storage.get_article(ids["long"])
    assert stored is not None
    pages = content.render_pages(stored.article)
    assert len(pages) >= 3
    first = await reader.ask_one(f"/read {ids['long']}")
    assert body(first).startswith("The long story of the harbour board")
    labels = [b["text"] for b in buttons(first)]
    assert labels[:3] == ["◀", f"page 1/{len(pages)}", "▶"]
    assert "📝 Summary" in labels and "🔗 Related" in labels

    seen = [body(first)]
    for n in range(2, len(pages) + 1):
        current = reader.sb.message(USER, first["message_id"])
        answer = await reader.press(first, button(current, "▶"))
        assert answer["text"] is None  # answered, quietly
        edit = await reader.edited()
        assert edit["message_id"] == first["message_id"]  # the same message, edited in place
        assert f"page {n}/{len(pages)}" in [b["text"] for b in buttons(edit)]
        seen.append(body(edit))
    # every paragraph was on some page, in order
    joined = "\n".join(seen)
    positions = [joined.index(p[:60]) for p in stored.article.paragraphs]
    assert positions == sorted(positions)

    # and back to the first page, one ◀ at a time
    mark = reader.sb.mark()
    for _ in range(len(pages) - 1):
        current = reader.sb.message(USER, first["message_id"])
        await reader.press(first, button(current, "◀"))
        await reader.edited()
    back = reader.sb.message(USER, first["message_id"])
    assert back["text"] == body(first)
    assert f"page 1/{len(pages)}" in [b["text"] for b in buttons(back)]
    edits = reader.sb.sent(USER, methods={"editMessageText"}, since=mark)
    assert len(edits) == len(pages) - 1

    # no dead arrow: ◀ on the first page goes round to the last page
    await reader.press(first, button(back, "◀"))
    wrapped = await reader.edited()
    assert f"page {len(pages)}/{len(pages)}" in [b["text"] for b in buttons(wrapped)]
    assert body(wrapped) == seen[-1]


async def test_short_article_is_one_message_without_page_buttons(reader: Reader) -> None:
    ids = await seed_news(reader)
    reply = await reader.ask_one(f"/read_{ids['harbour']}")
    text = body(reply)
    assert text.startswith("Harbour lights return to the old port")
    assert "Fishermen said the lights made the harbour safer at night." in text
    labels = [b["text"] for b in buttons(reply)]
    assert labels == ["📝 Summary", "🔗 Related"]


async def test_read_bad_input(reader: Reader) -> None:
    await seed_news(reader)
    cases = {
        "/read": "Send /read followed by an article number",
        "/read abc": "not an article number",
        "/read -1": "not an article number",
        "/read 1.5": "not an article number",
        "/read 99999999999999999999": "not an article number",
        "/read 424242": "no article number 424242",
        "/read_424242": "no article number 424242",
        "/read_abc": "not an article number",
        "/summary": "Send /summary followed by an article number",
        "/summary x": "not an article number",
        "/related": "Send /related followed by an article number",
        "/related 777": "no article number 777",
    }
    for command, expected in cases.items():
        assert expected in body(await reader.ask_one(command)), command
    arabic = body(await reader.ask_one("/read abc", chat=AR_USER, lang="ar"))
    assert arabic.startswith("هذا ليس رقم مقالة")


async def test_arabic_digits_name_an_article(reader: Reader) -> None:
    ids = await seed_news(reader)
    arabic_id = str(ids["harbour"]).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert body(await reader.ask_one(f"/read {arabic_id}")).startswith("Harbour lights")


async def test_summary_and_related(reader: Reader) -> None:
    ids = await seed_news(reader)
    summary = await reader.ask_one(f"/summary {ids['climate']}")
    assert "Delegates at the climate summit agreed" in body(summary)
    assert [b["text"] for b in buttons(summary)] == ["📄 Full text", "🔗 Related"]

    related = body(await reader.ask_one(f"/related_{ids['harbour']}"))
    assert "Port history in pictures" in related  # the article's own link
    assert f"/read_{ids['climate']}" in related  # a similar stored article
    assert f"/read_{ids['harbour']}" not in related  # never itself

    lonely = await reader.seed(make_article("Zebra crossing quiz", ["Quizzes about zebras."]))
    assert "no related articles for number" in body(await reader.ask_one(f"/related {lonely}"))


async def test_buttons_open_full_text_summary_and_related(reader: Reader) -> None:
    ids = await seed_news(reader)
    summary = await reader.ask_one(f"/summary {ids['long']}")
    await reader.press(summary, button(summary, "Full text"))
    (page,) = await reader.sb.wait_messages(USER, 1)
    assert body(page).startswith("The long story of the harbour board")  # a new message, page 1
    assert "page 1/" in " ".join(b["text"] for b in buttons(page))
    await reader.press(page, button(page, "Summary"))
    (again,) = await reader.sb.wait_messages(USER, 1)
    assert body(again) == body(summary)
    await reader.press(page, button(page, "Related"))
    (related,) = await reader.sb.wait_messages(USER, 1)
    assert f"/read_{ids['harbour']}" in body(related)


async def test_post_buttons_in_a_private_chat_work(reader: Reader) -> None:
    """A subscriber's post (sent by the delivery worker) carries callbacks this module answers."""
    ids = await seed_news(reader)
    await reader.ask_one("/subscribe world")
    stored_id = await reader.seed(
        make_article("Port reopens after the storm", ["The port reopened on Friday.", "Ships came."]),
        ids["world"],
    )
    (post,) = await reader.sb.wait_messages(USER, 1, timeout=15)
    assert body(post).startswith("Port reopens after the storm")
    data = [b["callback_data"] for b in buttons(post) if "callback_data" in b]
    assert data == [f"r:{stored_id}", f"s:{stored_id}", f"l:{stored_id}"]
    await reader.press(post, f"r:{stored_id}")
    (full,) = await reader.sb.wait_messages(USER, 1)
    assert "The port reopened on Friday." in body(full)
    await reader.press(post, f"s:{stored_id}")
    (summary,) = await reader.sb.wait_messages(USER, 1)
    assert body(summary).startswith("Port reopens after the storm")
    await reader.press(post, f"l:{stored_id}")
    (related,) = await reader.sb.wait_messages(USER, 1)
    assert f"/read_{ids['harbour']}" in body(related)
    assert reader.sb.message(USER, post["message_id"])["text"] == post["text"]  # the post stays


async def test_deep_links_from_channel_posts(reader: Reader) -> None:
    ids = await seed_news(reader)
    read = body(await reader.ask_one(f"/start read_{ids['harbour']}"))
    assert read.startswith("Harbour lights return to the old port")
    related = body(await reader.ask_one(f"/start related_{ids['harbour']}"))
    assert f"/read_{ids['climate']}" in related
    summary = body(await reader.ask_one(f"/start summary_{ids['climate']}"))
    assert "Delegates at the climate summit" in summary
    assert "no article number 999999" in body(await reader.ask_one("/start read_999999"))
    assert "Welcome to newsbot" in body(await reader.ask_one("/start read_x"))
    assert "Welcome to newsbot" in body(await reader.ask_one("/start somethingelse"))


async def test_image_captions_and_credits_stand_where_the_images_were(reader: Reader) -> None:
    article_id = await reader.seed(
        make_article(
            "Quay works begin",
            ["Work on the quay began today.", "Cranes arrived in the morning."],
            images=[Image("https://img.example/quay.jpg", "The quay at dawn", "Jane Roe / AP", position=1)],
        )
    )
    text = body(await reader.ask_one(f"/read {article_id}"))
    assert text.count("The quay at dawn") == 1 and text.count("Jane Roe / AP") == 1
    assert (
        text.index("Work on the quay began today.")
        < text.index("The quay at dawn")
        < text.index("Cranes arrived in the morning.")
    )


async def test_an_article_without_text_says_so(reader: Reader) -> None:
    empty = await reader.seed(make_article("", []))
    assert body(await reader.ask_one(f"/read {empty}")) == f"Article number {empty} has no text I can show."
    assert body(await reader.ask_one(f"/summary {empty}"))  # something, not a crash
    assert body(await reader.ask_one("/latest 1")).startswith("Latest articles")
