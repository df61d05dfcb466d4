"""parse(): feeds, pages, dumps, encodings, and refusals with a reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from content import ContentError, parse

RSS = """<?xml version="1.0" encoding="windows-1256"?>
<rss version="2.0"><channel><title>أخبار</title><link>https://akhbar.example/</link>
<item><title>عنوان الخبر الأول</title><link>https://akhbar.example/1?utm_source=rss</link>
<guid>akhbar-1</guid><pubDate>Tue, 05 Mar 2024 10:00:00 +0200</pubDate>
<description>قال المتحدث إن الاجتماع سيعقد غدا.</description></item>
<item><title>Second</title><link>/2</link><description></description></item>
</channel></rss>"""


def test_feed_bytes_honour_the_declared_encoding() -> None:
    first, second = parse(RSS.encode("cp1256"))
    assert first.title == "عنوان الخبر الأول"
    assert first.paragraphs == ("قال المتحدث إن الاجتماع سيعقد غدا.",)
    assert first.url == "https://akhbar.example/1"
    assert first.guid == "akhbar-1"
    assert first.published == datetime(2024, 3, 5, 8, 0, tzinfo=UTC)
    assert first.site == "أخبار" and first.lang == "ar"
    assert first.summary == "قال المتحدث إن الاجتماع سيعقد غدا."
    assert len(first.fingerprint) == 16
    # A relative link is resolved against the feed's site; a title-only entry is kept.
    assert second.url == "https://akhbar.example/2" and second.paragraphs == ()


def test_feed_with_no_entries_is_an_empty_list() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    assert parse(empty) == []


def test_atom_entry_prefers_full_content_over_summary() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
    <entry><title>T</title><id>urn:1</id><link href="https://f.example/t"/>
    <summary>Short teaser.</summary>
    <content type="html">&lt;p&gt;The full first paragraph is here.&lt;/p&gt;
    &lt;p&gt;And a second one.&lt;/p&gt;</content>
    </entry></feed>"""
    [article] = parse(atom)
    assert article.paragraphs == ("The full first paragraph is here.", "And a second one.")
    assert article.guid == "urn:1"


def test_feed_html_is_reduced_to_safe_text() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item>
    <title>&lt;b&gt;Bold&lt;/b&gt; title</title><link>https://x.example/a</link>
    <description>&lt;p onclick="x()"&gt;Hello &lt;script&gt;alert(1)&lt;/script&gt;world&lt;/p&gt;
    &lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;</description></item></channel></rss>"""
    [article] = parse(rss)
    assert article.title == "Bold title"
    assert article.paragraphs == ("Hello world",)


def test_page_metadata_and_canonical_url() -> None:
    html = """<html lang="en"><head><title>Fallback title | Site</title>
    <meta property="og:title" content="Real title"><meta property="og:site_name" content="Site">
    <link rel="canonical" href="https://site.example/real?utm_campaign=x">
    <meta property="article:published_time" content="2024-01-02T03:04:05Z"></head>
    <body><article><h1>Real title</h1>
    <p>The first paragraph of the article is long enough to count as real article text here.</p>
    <p>The second paragraph adds more detail about what happened and who said what about it.</p>
    </article></body></html>"""
    [article] = parse(html, url="https://site.example/other?fbclid=1")
    assert article.title == "Real title"
    assert article.url == "https://site.example/real"
    assert article.site == "Site"
    assert article.published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert article.paragraphs[0].startswith("The first paragraph")
    assert "Real title" not in article.paragraphs


def test_html_content_type_wins_over_sniffing() -> None:
    [article] = parse(b"Plain headline\n\nA plain paragraph of text.", content_type="text/plain")
    assert article.title == "Plain headline"
    [page] = parse(b"<p>Only a paragraph of text in a page.</p>", content_type="text/html")
    assert page.paragraphs == ("Only a paragraph of text in a page.",)


def test_utf8_without_declaration_and_bom() -> None:
    [a] = parse("\ufeffعنوان\n\nفقرة أولى من النص.".encode())
    assert a.title == "عنوان" and a.paragraphs == ("فقرة أولى من النص.",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        ("", "empty"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (bytes(range(256)) * 10, "binary"),
        (b"<html><body><script>x()</script></body></html>", "no article text"),
    ],
)
def test_refusals_are_named(data: bytes | str, reason: str) -> None:
    with pytest.raises(ContentError, match=reason):
        parse(data)


def test_garbage_that_is_text_still_parses() -> None:
    [article] = parse("<<<>>> & ; </p> <b")
    assert article.paragraphs or article.title


def test_html_fragment_is_recognised_and_tracking_pixels_are_not_images() -> None:
    [article] = parse(
        '<p>A fragment of a page with one paragraph.</p><img src="https://t.example/pixel.gif">'
        '<img src="https://img.example/a.jpg" width="1" height="1">'
    )
    assert article.paragraphs == ("A fragment of a page with one paragraph.",)
    assert article.images == ()


def test_a_read_more_label_takes_the_lone_links_after_it() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item>
    <title>T</title><link>https://x.example/a</link><description><![CDATA[
    <p>Body sentence one is here.</p><p>Read more:</p><a href="https://x.example/b?utm_source=x">Other
    story</a><p>Body two.</p><a href="https://x.example/c">A link in the text stays</a>]]>
    </description></item></channel></rss>"""
    [article] = parse(rss)
    assert article.paragraphs == ("Body sentence one is here.", "Body two.", "A link in the text stays")
    assert [(link.title, link.url) for link in article.related] == [
        ("Other story", "https://x.example/b")
    ]


def test_dump_header_site_and_tagline_then_headline() -> None:
    [article] = parse(
        "Daily Planet\n\nAll the news that fits\n\nStorm cuts power to 40,000 homes on the coast\n\n"
        "A storm cut power to 40,000 homes on Tuesday.\n\nCrews worked through the night."
    )
    assert article.site == "Daily Planet"
    assert article.title == "Storm cuts power to 40,000 homes on the coast"
    assert article.paragraphs == (
        "A storm cut power to 40,000 homes on Tuesday.",
        "Crews worked through the night.",
    )


def test_a_promo_at_the_end_of_a_paragraph_is_cut_off_into_related() -> None:
    [article] = parse(
        "Headline of the story\n\nThe minister resigned on Friday. Read more: Who will replace her\n\n"
        "قال الوزير إنه سيستقيل. اقرأ أيضاً: من سيخلف الوزير"
    )
    assert article.paragraphs == ("The minister resigned on Friday.", "قال الوزير إنه سيستقيل.")
    assert [link.title for link in article.related] == ["Who will replace her", "من سيخلف الوزير"]


def test_a_promo_label_without_colon_before_a_headline() -> None:
    [article] = parse(
        "عنوان الخبر هنا\n\nفقرة أولى من النص.\n\nاقرأ أيضًا  طلاب الجامعة يصممون قاربًا كهربائيًا\n\n"
        "فقرة ثانية."
    )
    assert article.paragraphs == ("فقرة أولى من النص.", "فقرة ثانية.")
    assert [link.title for link in article.related] == ["طلاب الجامعة يصممون قاربًا كهربائيًا"]


def test_the_demo_site_pages_come_out_clean() -> None:
    from bot.demo.site import load_site, page_html

    for key in ("en", "ar"):
        info, demo_articles = load_site(key)
        for demo in demo_articles:
            links = {title: f"https://demo.example/{key}/{i}" for i, title in enumerate(demo.more)}
            html = page_html(info, demo, "https://demo.example", links, datetime(2024, 1, 1, tzinfo=UTC))
            [article] = parse(html, url=f"https://demo.example/{demo.slug}", content_type="text/html")
            assert article.title == demo.title
            assert article.paragraphs == tuple(demo.paragraphs)
            assert article.source == demo.source
            assert [link.title for link in article.related] == list(demo.more)
            assert [image.caption for image in article.images if image.caption] == [demo.caption]


def test_a_fully_vowelled_repeat_of_the_title_is_still_the_title() -> None:
    [article] = parse(
        "رُوسِيَا تَرْفُضُ مُحَادَثَاتِ السَّلَامِ مَعَ أُوكْرَانِيَا\n\n"
        "روسيا ترفض محادثات السلام مع أوكرانيا\n\nقال الوزير إن المحادثات لن تبدأ."
    )
    assert article.paragraphs == ("قال الوزير إن المحادثات لن تبدأ.",)


def test_xhtml_with_an_encoding_declaration_and_a_short_body() -> None:
    xhtml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>A short page</title></head>'
        "<body><h1>A short page</h1><p>The first paragraph of a short XHTML page.</p>"
        "<p>Second paragraph.</p></body></html>"
    )
    for data in (xhtml, xhtml.encode()):
        [article] = parse(data)
        assert article.title == "A short page"
        assert article.paragraphs == (
            "The first paragraph of a short XHTML page.",
            "Second paragraph.",
        )


def test_a_page_wrapped_in_a_form_keeps_its_article() -> None:
    page = (
        "<html><body><form id='aspnetForm' method='post'><input type='hidden' value='x'>"
        "<h1>Council approves the budget</h1>"
        "<p>The council approved the budget on Monday after a debate of six hours.</p>"
        "<p>It includes money for three new schools.</p></form></body></html>"
    )
    [article] = parse(page, content_type="text/html")
    assert article.paragraphs == (
        "The council approved the budget on Monday after a debate of six hours.",
        "It includes money for three new schools.",
    )


def test_a_headline_worded_slightly_differently_from_the_metadata_title_goes() -> None:
    page = (
        '<html><head><meta property="og:title" content="Council approves 2025 budget">'
        "</head><body><article><h1>Council approves the 2025 budget</h1>"
        "<p>The council approved the budget on Monday after a debate of six hours.</p>"
        "<h2>Schools</h2><p>It includes money for three new schools.</p></article></body></html>"
    )
    [article] = parse(page, content_type="text/html")
    assert article.title == "Council approves 2025 budget"
    assert article.paragraphs == (
        "The council approved the budget on Monday after a debate of six hours.",
        "Schools",
        "It includes money for three new schools.",
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "not a url", "ftp://x.example/a", ""])
def test_only_web_urls_are_kept(url: str) -> None:
    [article] = parse("Headline here\n\nSome text of the story.", url=url)
    assert article.url is None
