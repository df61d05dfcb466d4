"""newsbot's content pipeline: pure functions from published text to clean articles and
Telegram HTML. No network, no database, no ``telegram`` import.

>>> from content import parse, render_post
>>> [article] = parse("Site\\n\\nA headline here\\n\\nThe first sentence of the story is here.")
>>> article.title, article.paragraphs
('A headline here', ('The first sentence of the story is here.',))
"""

from content.errors import ContentError
from content.fingerprint import NEAR_DUPLICATE_BITS, fingerprint, is_near_duplicate
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
