"""Telegram HTML: the checker, and what render_* produce for real articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content import (
    CAPTION_LIMIT,
    Article,
    Image,
    Link,
    article_text,
    escape,
    is_valid_telegram_html,
    parse,
    render_pages,
    render_post,
    render_related,
    render_summary,
    telegram_length,
    telegram_text,
)

SAMPLE = Path(__file__).parent / "fixtures" / "article-ar-qsarpress.txt"


@pytest.fixture(scope="module")
def arabic() -> Article:
    return parse(SAMPLE.read_bytes())[0]


ENGLISH = Article(
    title="Storm <cuts> power & closes ferries",
    url="https://news.example/storm",
    lang="en",
    site="Harbour Herald",
    source="Reuters",
    paragraphs=("First paragraph.", "Second paragraph with <b>markup</b> & more."),
    summary="First paragraph.",
    related=(Link("Floods close schools", "https://news.example/floods"), Link("No link here")),
    images=(Image("https://img.example/a.jpg", "Waves at the wall.", "Jane Doe / Reuters", 1),),
)


@pytest.mark.parametrize(
    "markup",
    [
        "plain",
        "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>c</code> <pre>p</pre>",
        '<a href="https://x.example/?a=1&amp;b=2">link</a>',
        '<a href="tg://user?id=1">user</a>',
        '<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler>',
        "<blockquote expandable>q</blockquote>",
        "&lt; &gt; &amp; &quot; &#1589; &#x635;",
    ],
)
def test_valid_markup(markup: str) -> None:
    assert is_valid_telegram_html(markup)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>para</p>",
        "<b>unclosed",
        "</b>",
        "<b><i>x</b></i>",
        "a < b",
        "a > b",
        "fish & chips",
        "&nbsp;",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="https://x.example" onclick="x()">x</a>',
        '<span class="other">x</span>',
        "<script>alert(1)</script>",
        '<a href="https://a.example"><a href="https://b.example">x</a></a>',
    ],
)
def test_invalid_markup(markup: str) -> None:
    assert not is_valid_telegram_html(markup)


def test_length_counts_visible_utf16_units() -> None:
    assert telegram_length("<b>ab</b> &amp;") == 4
    assert telegram_length("😀") == 2
    assert telegram_length("  روسيا  ") == 5
    assert telegram_text('<a href="https://x.example">x</a> &lt;') == "x <"
    assert escape('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"


def test_post_shows_title_summary_source_and_link_with_buttons() -> None:
    post = render_post(ENGLISH)
    assert post.text == (
        "<b>Storm &lt;cuts&gt; power &amp; closes ferries</b>\n\n"
        "First paragraph.\n\n"
        "<i>Source: Reuters</i>\n"
        '<a href="https://news.example/storm">Read more</a>'
    )
    assert [(b.label, b.action, b.url) for b in post.buttons] == [
        ("Full text", "read", None),
        ("Related", "related", None),
        ("Open original", "open", "https://news.example/storm"),
    ]
    assert post.photo == "https://img.example/a.jpg"
    assert post.caption_fits and telegram_length(post.text) <= CAPTION_LIMIT


def test_arabic_post_uses_arabic_labels(arabic: Article) -> None:
    post = render_post(arabic)
    assert "<i>المصدر: بلومبرج نيوز</i>" in post.text
    assert [b.label for b in post.buttons] == ["النص الكامل", "ذات صلة"]
    assert post.photo is None and not post.caption_fits
    assert "\u200e" not in post.text


def test_post_is_bounded_so_it_fits_a_caption_unless_a_field_is_huge() -> None:
    article = Article(
        title="T " * 400, summary="word " * 300, images=(Image("https://img.example/a.jpg"),)
    )
    post = render_post(article)
    assert post.photo and post.caption_fits
    assert telegram_length(post.text) <= CAPTION_LIMIT
    huge_source = Article(title="T", source="S" * 2000, images=article.images)
    post = render_post(huge_source)
    assert not post.caption_fits and is_valid_telegram_html(post.text)


def test_pages_of_the_sample_keep_every_paragraph_and_caption_in_place(arabic: Article) -> None:
    pages = render_pages(arabic)
    assert len(pages) == 1
    page = pages[0]
    assert page.startswith("<b>روسيا ترفض محادثات السلام مع أوكرانيا وتقول إنها لن تستسلم</b>")
    assert "<i>دخلت الحرب الآن شهرها الحادي عشر. — Evgeniy Maloletka / AP</i>" in page
    # The caption of the second image stands between paragraphs 10 and 11.
    before, after = page.split("<i>دخلت الحرب", 1)
    assert arabic.paragraphs[9] in before and arabic.paragraphs[10] in after
    assert page.endswith("<i>المصدر: بلومبرج نيوز</i>")


def test_pages_split_at_paragraphs_then_sentences_within_the_limit(arabic: Article) -> None:
    pages = render_pages(arabic, limit=500)
    assert len(pages) > 3
    for page in pages:
        assert is_valid_telegram_html(page) and telegram_length(page) <= 500
    joined = "\n\n".join(telegram_text(page) for page in pages)
    assert joined == article_text(arabic)
    # Every page boundary is a paragraph boundary here: no paragraph is longer than a page.
    assert all(any(p.startswith(s) for s in arabic.paragraphs) or p.startswith(("<b>", "<i>"))
               for p in pages)


def test_an_overlong_paragraph_is_split_at_sentences_then_words() -> None:
    sentence = "This sentence is about eighty characters long, give or take a few words here. "
    article = Article(title="T", paragraphs=(sentence * 10, "x" * 500))
    pages = render_pages(article, limit=200)
    texts = [telegram_text(p) for p in pages]
    assert all(telegram_length(p) <= 200 for p in pages)
    assert texts[1].startswith("This sentence") and texts[1].endswith("here.")
    assert re.sub(r"\s+", "", "".join(texts)) == re.sub(r"\s+", "", article_text(article))


def test_summary_message(arabic: Article) -> None:
    text = render_summary(arabic)
    assert text.startswith("<b>روسيا ترفض")
    assert arabic.summary in text
    assert is_valid_telegram_html(text)
    empty = render_summary(Article(title="T"))
    assert "No summary available." in empty


def test_related_message_lists_own_links_and_similar_as_commands() -> None:
    other = Article(title="Ferries <resume> sailing")
    text = render_related(ENGLISH, [(42, other)])
    assert text == (
        "<b>Related</b>\n"
        '• <a href="https://news.example/floods">Floods close schools</a>\n'
        "• No link here\n"
        "\n"
        "<b>More on this</b>\n"
        "/read_42 — Ferries &lt;resume&gt; sailing"
    )


def test_related_message_in_arabic(arabic: Article) -> None:
    text = render_related(arabic, [(7, arabic)])
    assert text.startswith("<b>ذات صلة</b>\n• روسيا تدمر البنية التحتية")
    assert "مقالات مشابهة" in text and "— /read_7" in text
    assert is_valid_telegram_html(text)


def test_nothing_related() -> None:
    assert render_related(Article(title="T")) == "<b>Related</b>\nNo related articles yet."


def test_rtl_line_starting_with_latin_gets_a_right_to_left_mark() -> None:
    article = Article(title="عنوان", lang="ar", paragraphs=("Govt-19: عالم الأوبئة يحذر.",))
    assert "\u200fGovt-19" in render_pages(article)[0]
    english = Article(title="Title", lang="en", paragraphs=("روسيا first",))
    assert "\u200f" not in render_pages(english)[0]
