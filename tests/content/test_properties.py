"""Property tests: rendering is always Telegram-valid and within limits, whatever the input."""

from __future__ import annotations

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from content import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    Article,
    ContentError,
    Image,
    Link,
    article_text,
    canonical_url,
    fingerprint,
    is_near_duplicate,
    is_valid_telegram_html,
    normalize,
    parse,
    render_pages,
    render_post,
    render_related,
    render_summary,
    similarity,
    split_sentences,
    telegram_length,
)

FAST = settings(max_examples=150, deadline=None)

HOSTILE = [
    "<script>alert(1)</script>",
    "<style>p{color:red}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)" onclick="steal()">click</a>',
    '<img src=x onerror="alert(1)">',
    "<b>unclosed",
    "</i>",
    "<p>para<p>",
    "&",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "<",
    ">",
    "<<>>",
    '"quoted"',
    "\u200e",
    "\u200f",
    "\u202e",
    "\u0640",
    "\u064e",
    "😀",
    "👩🏽‍💻",
    "\n",
    "\n\n",
    "\t",
    "Reuters",
    "Read more:",
    "• ",
    "/read_1",
]
WORDS = st.sampled_from(
    ["روسيا", "أوكرانيا", "قال", "الحرب", "the", "storm", "coast", "Kyiv", "3.5", "U.S.", "Dr.",
     "؟", "،", ".", "!", "?", "—"]
)
TOKEN = st.one_of(
    st.sampled_from(HOSTILE),
    WORDS,
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
)
TEXT = st.lists(TOKEN, max_size=30).map(" ".join)
LONG_TEXT = st.one_of(
    TEXT,
    st.builds(lambda t, n: (t + " ") * n, TEXT, st.integers(1, 200)),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "ب", "😀", "&", "<"]), st.integers(1, 9000)),
)
URL = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "https://news.example/a?utm_source=x",
            "javascript:alert(1)",
            'https://x.example/"><script>',
            "tg://resolve?domain=x",
            "ftp://x.example/f",
            "not a url",
        ]
    ),
)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    paragraphs = tuple(draw(st.lists(LONG_TEXT, max_size=6)))
    images = tuple(
        draw(
            st.lists(
                st.builds(
                    Image,
                    url=URL,
                    caption=TEXT,
                    credit=TEXT,
                    position=st.one_of(st.none(), st.integers(-2, len(paragraphs) + 2)),
                ),
                max_size=3,
            )
        )
    )
    return Article(
        title=draw(st.one_of(TEXT, LONG_TEXT)),
        url=draw(URL),
        lang=draw(st.sampled_from(["ar", "en", "fa", "xx", ""])),
        site=draw(TEXT),
        source=draw(TEXT),
        paragraphs=paragraphs,
        summary=draw(st.one_of(TEXT, LONG_TEXT)),
        related=tuple(draw(st.lists(st.builds(Link, title=TEXT, url=URL), max_size=5))),
        images=images,
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@FAST
@given(articles())
def test_post_is_valid_and_fits(article: Article) -> None:
    post = render_post(article)
    assert is_valid_telegram_html(post.text)
    assert 0 < telegram_length(post.text) <= MESSAGE_LIMIT
    if post.caption_fits:
        assert telegram_length(post.text) <= CAPTION_LIMIT
    for button in post.buttons:
        assert button.action in {"read", "summary", "related", "open"}
        if button.action == "open":
            assert button.url and button.url.startswith(("http://", "https://", "tg://"))
    if post.photo is not None:
        assert post.photo.startswith(("http://", "https://"))


@FAST
@given(articles(), st.integers(min_value=100, max_value=3900))
def test_pages_are_valid_fit_and_join_to_the_text(article: Article, limit: int) -> None:
    pages = render_pages(article, limit=limit)
    for page in pages:
        assert is_valid_telegram_html(page)
        assert 0 < telegram_length(page) <= limit
    from content.telegram_html import telegram_text

    joined = "".join(telegram_text(page) for page in pages)
    assert _squash(joined) == _squash(article_text(article))


@FAST
@given(articles(), st.lists(st.tuples(st.integers(1, 10**9), articles()), max_size=4))
def test_summary_and_related_are_valid(article: Article, similar: list[tuple[int, Article]]) -> None:
    for markup in (render_summary(article), render_related(article, similar)):
        assert is_valid_telegram_html(markup)
        assert telegram_length(markup) <= MESSAGE_LIMIT
    related = render_related(article, similar)
    for ident, _ in similar[:1]:
        assert f"/read_{ident}" in related or telegram_length(related) > 3000


@FAST
@given(st.lists(TOKEN, max_size=40).map("".join))
def test_hostile_feed_entries_render_safely(payload: str) -> None:
    from html import escape

    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>{escape(payload[:80])}</title><link>https://n.example/a</link>"
        f"<description>{escape(payload)}</description></item></channel></rss>"
    ).encode()
    try:
        found = parse(feed)
    except ContentError:
        return  # a named refusal (binary-looking input) is an acceptable outcome
    for article in found:
        for markup in (render_post(article).text, render_summary(article), render_related(article)):
            assert is_valid_telegram_html(markup)
        for page in render_pages(article):
            assert is_valid_telegram_html(page)
            assert "<script" not in page and "<iframe" not in page
            for href in re.findall(r'<a href="([^"]*)"', page):
                assert href.startswith(("http://", "https://", "tg://"))


@FAST
@given(st.lists(TOKEN, max_size=40).map("".join))
def test_parse_never_raises_anything_but_content_error(payload: str) -> None:
    for data in (payload, payload.encode("utf-8", "replace"), f"<html><body>{payload}</body></html>"):
        try:
            articles = parse(data)
        except ContentError:
            continue
        for article in articles:
            assert is_valid_telegram_html(render_post(article).text)


@FAST
@given(st.text(max_size=200))
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@FAST
@given(TEXT)
def test_sentences_cover_the_text(text: str) -> None:
    assert _squash("".join(split_sentences(text))) == _squash(text)


@FAST
@given(TEXT, TEXT)
def test_fingerprint_and_similarity_bounds(a: str, b: str) -> None:
    fp = fingerprint(a)
    assert len(fp) == 16 and all(c in string.hexdigits for c in fp)
    assert fp == fingerprint(a)
    assert is_near_duplicate(fp, fp)
    x, y = Article(title=a), Article(title=b)
    score = similarity(x, y)
    assert 0.0 <= score <= 1.0
    assert abs(score - similarity(y, x)) < 1e-9


@FAST
@given(st.text(max_size=80))
def test_canonical_url_never_raises(text: str) -> None:
    for url in (text, "https://news.example/" + text):
        result = canonical_url(url)
        assert isinstance(result, str)


def _html_nodes() -> st.SearchStrategy[str]:
    """Random, often broken, HTML: real tags, hostile attributes, script bodies with a marker."""
    leaf = st.one_of(TEXT.map(lambda t: t.replace("<", " ").replace("&", " ")), st.sampled_from(HOSTILE))
    hidden = st.sampled_from(
        [
            "<script>var SECRETMARK = 1;</script>",
            "<style>.SECRETMARK{}</style>",
            "<noscript>SECRETMARK</noscript>",
            '<iframe src="https://x.example">SECRETMARK</iframe>',
            "<template>SECRETMARK</template>",
        ]
    )

    def wrap(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        tags = st.sampled_from(["p", "div", "li", "ul", "h1", "h2", "figure", "figcaption",
                                "blockquote", "article", "td", "span", "b", "a"])
        attrs = st.sampled_from(["", ' onclick="x()"', ' href="javascript:alert(1)"',
                                 ' class="credit"', ' style="x"', ' src="https://i.example/a.jpg"'])
        closes = st.booleans()
        return st.builds(
            lambda tag, attr, inner, close: f"<{tag}{attr}>{''.join(inner)}" + (f"</{tag}>" if close else ""),
            tags, attrs, st.lists(children, max_size=4), closes,
        )

    return st.recursive(st.one_of(leaf, hidden), wrap, max_leaves=25)


@FAST
@given(_html_nodes())
def test_random_pages_never_leak_scripts_and_render_valid(body: str) -> None:
    page = f"<html><head><title>Page</title></head><body>{body}</body></html>"
    try:
        articles = parse(page, content_type="text/html")
    except ContentError:
        return
    for article in articles:
        everything = " ".join(
            [article.title, article.summary, *article.paragraphs]
            + [i.caption + i.credit for i in article.images]
            + [link.title for link in article.related]
        )
        assert "SECRETMARK" not in everything
        assert is_valid_telegram_html(render_post(article).text)
        for page_html in render_pages(article):
            assert is_valid_telegram_html(page_html)
