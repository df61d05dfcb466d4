"""parse(): feeds, pages and text dumps to clean Articles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree

from content.blocks import Block
from content.clean import Cleaned, clean_blocks
from content.decode import decode, looks_binary, sniff_kind
from content.dump import dump_blocks
from content.errors import ContentError
from content.feed import read_feed
from content.fingerprint import fingerprint
from content.lang import detect_lang
from content.model import Article, Link
from content.normalize import normalize
from content.page import read_page
from content.summary import summarize
from content.text import word_count
from content.urls import absolute_url, canonical_url

__all__ = ["parse"]


def _site_from(url: str | None) -> str:
    return urlsplit(url).netloc.removeprefix("www.") if url else ""


def _finish(
    cleaned: Cleaned,
    *,
    url: str | None,
    published: datetime | None,
    lang_hint: str,
    guid: str | None = None,
    source: str = "",
) -> Article:
    """Build the Article: canonical URLs, language, summary and fingerprint."""
    text = " ".join([cleaned.title, *cleaned.paragraphs])
    lang = detect_lang(text, default=lang_hint or "en") if text.strip() else (lang_hint or "en")
    related = tuple(
        Link(link.title, canonical_url(link.url) if link.url else None) for link in cleaned.related
    )
    title = cleaned.title or (cleaned.paragraphs[0][:120] if cleaned.paragraphs else "")
    web_url = absolute_url(url, None)  # http(s) only: no javascript: or junk in storage
    article = Article(
        title=title,
        url=canonical_url(web_url) if web_url else None,
        lang=lang,
        published=published or cleaned.published,
        site=cleaned.site or _site_from(url),
        source=cleaned.source or source,
        paragraphs=tuple(cleaned.paragraphs),
        related=related,
        images=tuple(cleaned.images),
        guid=guid,
    )
    return replace(article, summary=summarize(article), fingerprint=fingerprint(article))


def _parse_feed(data: bytes) -> list[Article] | None:
    is_feed, entries = read_feed(data)
    if not is_feed:
        return None
    articles: list[Article] = []
    for entry in entries:
        cleaned = clean_blocks(entry.blocks, title=entry.title, site=entry.site, images=entry.images)
        if not cleaned.title and not cleaned.paragraphs:
            continue
        articles.append(
            _finish(
                cleaned,
                url=entry.url,
                published=entry.published,
                lang_hint=entry.lang,
                guid=entry.guid,
                source=entry.source,
            )
        )
    return articles


def _parse_page(text: str, url: str | None) -> Article:
    try:
        page = read_page(text, url)
    except (etree.ParserError, ValueError) as error:
        raise ContentError(f"the HTML page could not be parsed: {error}") from error
    # A page named only by its <title> ("News", "Site | Home") may print its real headline
    # first: let the cleaner look for it, as in a text dump.
    weak = page.weak_title and (word_count(page.title) <= 2 or normalize(page.title) == normalize(page.site))
    cleaned = clean_blocks(
        page.blocks,
        title=None if weak else page.title,
        site=page.site,
        images=page.images,
        related=page.related,
    )
    if not cleaned.title:
        cleaned.title = page.title
    if not cleaned.paragraphs and page.description:
        cleaned.paragraphs.append(page.description)
    if not cleaned.paragraphs and not cleaned.title:
        raise ContentError("no article text found in the HTML page")
    return _finish(cleaned, url=page.url or url, published=page.published, lang_hint=page.lang)


def _parse_dump(text: str, url: str | None) -> Article:
    blocks: Sequence[Block] = dump_blocks(text)
    cleaned = clean_blocks(blocks)
    if not cleaned.paragraphs and not cleaned.title:
        raise ContentError("no article text found in the text")
    return _finish(cleaned, url=url, published=None, lang_hint="")


def parse(
    data: bytes | str, *, url: str | None = None, content_type: str | None = None
) -> list[Article]:
    """Turn a feed, an HTML page or a plain-text dump into clean articles.

    Steps: decode bytes (BOM, declared charset, UTF-8, windows-1256) -> tell feed, page and
    dump apart (content type, then the first tag) -> read the parts (feedparser per entry;
    metadata, figures and read-more lists from the page tree plus trafilatura's main text;
    blocks split at blank lines for a dump) -> ``clean_blocks`` (title, header, captions,
    credits, read-more, promos, source line, footers) -> language, canonical URL, summary,
    fingerprint.

    Returns one Article for a page or a dump, one per usable entry for a feed (an empty list
    for a feed with no entries). Raises ``ContentError`` (a ValueError) with a reason when the
    input is empty, binary, or holds no article text; it raises nothing else on bad input.
    """
    if isinstance(data, bytes):
        if not data.strip():
            raise ContentError("input is empty")
        text = decode(data, content_type)
        raw = data
    else:
        text = data
        raw = data.encode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    if looks_binary(text[:4096].count("\x00"), len(text[:4096])):
        raise ContentError("input looks binary (it contains NUL bytes), not a feed, page or text")
    # A stray NUL is junk, and lxml refuses strings that hold one.
    text = text.replace("\x00", "")
    raw = raw.replace(b"\x00", b"")
    if not text.strip():
        raise ContentError("input is empty")
    kind = sniff_kind(text, content_type)
    if kind == "feed":
        # feedparser gets bytes so it honours the feed's own encoding declaration.
        articles = _parse_feed(raw)
        if articles is not None:
            return articles
        kind = "html"
    if kind == "html":
        return [_parse_page(text, url)]
    return [_parse_dump(text, url)]


