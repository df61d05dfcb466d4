"""Telegram's HTML parse mode, checked directly against the parser."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox import HtmlError, parse_html
from sandbox.html import utf16_len

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)


@given(TEXT)
def test_escaped_text_round_trips(text: str) -> None:
    assert parse_html(html.escape(text)).text == text
    assert parse_html(html.escape(text, quote=False)).entities == []


@given(TEXT, TEXT)
def test_bold_offsets_are_utf16(before: str, inside: str) -> None:
    parsed = parse_html(f"{html.escape(before)}<b>{html.escape(inside)}</b>")
    if inside:
        assert parsed.entities == [
            {"offset": utf16_len(before), "length": utf16_len(inside), "type": "bold"}
        ]


@given(st.text(max_size=50))
def test_any_input_parses_or_fails_with_a_telegram_message(text: str) -> None:
    try:
        parse_html(text.encode("utf-8", "ignore").decode("utf-8", "ignore"))
    except HtmlError as err:
        assert "byte offset" in str(err) or "end tag" in str(err)


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("<br/>", 'Unsupported start tag "br/" at byte offset 0'),
        ("<B>x</b>", None),
        ("<b>x</B >", None),
        ("<a href=https://x.org/>x</a>", "Unexpected end of name token at byte offset 8"),
        ('<a href="x', "Unclosed start tag at byte offset 0"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("<b>x</>", None),
        ("a&b &unknown; &#0; &#1114112;", None),
        ("<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>", None),
    ],
)
def test_error_texts(source: str, error: str | None) -> None:
    if error is None:
        parse_html(source)
    else:
        with pytest.raises(HtmlError) as caught:
            parse_html(source)
        assert str(caught.value) == error


def test_entities_decode_like_tdlib() -> None:
    parsed = parse_html("&lt;&gt;&amp;&quot;&#1576;&#x1F600;&amp x &nbsp; &apos;")
    assert parsed.text == '<>&"ب😀& x &nbsp; &apos;'
    assert len(parsed.warnings) == 2  # &nbsp; and &apos; are shown literally on Telegram


def test_links() -> None:
    ok = parse_html('<a href="https://example.com/a?b=1&amp;c=2">x</a>').entities
    assert ok == [{"offset": 0, "length": 1, "type": "text_link", "url": "https://example.com/a?b=1&c=2"}]
    bare = parse_html('<a href="example.com">x</a>').entities
    assert bare[0]["url"] == "http://example.com"
    mention = parse_html('<a href="tg://user?id=42">x</a>').entities
    assert mention[0]["type"] == "text_mention" and mention[0]["user"]["id"] == 42
    for bad in ("javascript:alert(1)", "ftp://example.com/x", "mailto:a@b.c", ""):
        parsed = parse_html(f'<a href="{bad}">x</a>')
        assert parsed.text == "x" and parsed.entities == [], bad


def test_empty_tags_make_no_entity() -> None:
    assert parse_html("<b></b>x").entities == []


def test_pre_with_language() -> None:
    parsed = parse_html('<pre><code class="language-python">print(1)</code></pre>')
    assert parsed.entities == [{"offset": 0, "length": 8, "type": "pre", "language": "python"}]
    assert parse_html("<code>x</code>").entities == [{"offset": 0, "length": 1, "type": "code"}]


def test_blank_texts_are_empty() -> None:
    from sandbox.errors import ApiError
    from sandbox.params import format_text

    for text in ["", "   ", "\n\t", "\u200b", "\u2800 \u3000", "<b> </b>"]:
        with pytest.raises(ApiError, match="message text is empty"):
            format_text(text, "HTML", None, caption=False, warnings=[])
    kept = format_text("\n  <b>x</b>\u00a0 \n", "HTML", None, caption=False, warnings=[])
    assert kept.text == "x\u00a0" and kept.entities == [{"offset": 0, "length": 1, "type": "bold"}]
