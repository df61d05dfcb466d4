"""newsbot's content pipeline: pure functions from published text to clean articles and
Telegram HTML. No network, no database, no ``telegram`` import.

- ``parse(data, url=, content_type=)``: a feed, an HTML page or a text dump -> ``Article``s
  (raises ``ContentError`` with a reason for empty, binary or article-less input).
- ``normalize``: the folding storage indexes and queries with (Arabic marks, alef forms,
  digits, case); ``split_sentences``, ``summarize``, ``detect_lang``.
- ``similarity``, ``rank_related``; ``fingerprint`` and ``is_near_duplicate`` (64-bit
  simhash, <= 3 bits apart); ``canonical_url``.
- ``render_post`` (channel post as ``Post``: text, photo, buttons as data), ``render_pages``,
  ``render_summary``, ``render_related``; ``article_text`` is what the pages show, joined.
- Telegram HTML checks: ``telegram_length`` (visible UTF-16 units), ``is_valid_telegram_html``,
  ``validate_telegram_html``, ``telegram_text``, ``escape``.

>>> from content import parse, render_post
>>> [article] = parse("Site\\n\\nA headline here\\n\\nThe first sentence of the story is here.")
>>> article.title, article.paragraphs
('A headline here', ('The first sentence of the story is here.',))
"""

from content.errors import ContentError
from content.fingerprint import (
    NEAR_DUPLICATE_BITS,
    fingerprint,
    fingerprint_bands,
    is_near_duplicate,
)
from content.lang import detect_lang
from content.model import Article, Button, Image, Link, Post
from content.normalize import normalize
from content.parse import parse
from content.render import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    article_text,
    render_pages,
    render_post,
    render_related,
    render_summary,
)
from content.sentences import split_sentences
from content.similarity import rank_related, similarity
from content.summary import summarize
from content.telegram_html import (
    TelegramHTMLError,
    escape,
    is_valid_telegram_html,
    telegram_length,
    telegram_text,
    validate_telegram_html,
)
from content.urls import canonical_url

__all__ = [
    "CAPTION_LIMIT",
    "MESSAGE_LIMIT",
    "NEAR_DUPLICATE_BITS",
    "Article",
    "Button",
    "ContentError",
    "Image",
    "Link",
    "Post",
    "TelegramHTMLError",
    "article_text",
    "canonical_url",
    "detect_lang",
    "escape",
    "fingerprint",
    "fingerprint_bands",
    "is_near_duplicate",
    "is_valid_telegram_html",
    "normalize",
    "parse",
    "rank_related",
    "render_pages",
    "render_post",
    "render_related",
    "render_summary",
    "similarity",
    "split_sentences",
    "summarize",
    "telegram_length",
    "telegram_text",
    "validate_telegram_html",
]
