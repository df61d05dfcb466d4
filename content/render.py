"""Telegram HTML for an article: the channel post, full-text pages, summary, related list.

Article fields are plain text; every piece is escaped here, so hostile text can only ever
show as text. Right-to-left articles get a right-to-left mark before a line that would
otherwise start left-to-right (a Latin name first), and never a left-to-right mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from content.labels import RTL_LANGS, label
from content.model import Article, Button, Post
from content.telegram_html import escape, telegram_length
from content.text import cut_words, is_rtl_text, utf16_len
from content.urls import safe_link

__all__ = [
    "CAPTION_LIMIT",
    "MESSAGE_LIMIT",
    "article_text",
    "render_pages",
    "render_post",
    "render_related",
    "render_summary",
]

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
_RLM = "\u200f"
# Left-to-right and embedding/override controls: dropped from right-to-left articles.
_LTR_CONTROLS = re.compile("[\u200e\u202a-\u202e]")
_SENTENCE_END = re.compile(r"[.!?؟…۔][\"'”’»)\]]*\s+")
_SPACE = re.compile(r"\s+")
_TITLE_MAX = 300
_SUMMARY_MAX = 600


@dataclass(frozen=True, slots=True)
class _Segment:
    text: str
    style: str = ""  # "b", "i" or "" (plain)


def _rtl(article: Article, lang: str | None = None) -> bool:
    return (lang or article.lang or "en")[:2].lower() in RTL_LANGS


def _cut16(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary so it has at most ``limit`` UTF-16 units with "…"."""
    if utf16_len(text) <= limit:
        return text
    used = count = 0
    for ch in text:
        width = 2 if ord(ch) > 0xFFFF else 1
        if used + width > limit - 1:
            break
        used += width
        count += 1
    head = text[:count]
    space = head.rfind(" ")
    if space > count // 2:
        head = head[:space]
    return head.rstrip(" ،,;:") + "…"


def _display(text: str, rtl: bool) -> str:
    """One line of display text: single-spaced, with direction fixed for RTL articles."""
    text = " ".join(text.split())
    if rtl:
        text = _LTR_CONTROLS.sub("", text)
        if text and not is_rtl_text(text) and not text.startswith(_RLM):
            text = _RLM + text
    return text


def _wrap(text: str, style: str) -> str:
    body = escape(text)
    return f"<{style}>{body}</{style}>" if style else body


def _image_line(caption: str, credit: str, photo: str) -> str:
    if caption and credit:
        return f"{caption} — {credit}"
    if caption:
        return caption
    return f"{photo}: {credit}" if credit else ""


def _segments(article: Article) -> list[_Segment]:
    """The full text in reading order: bold title, paragraphs with each image's caption line
    where the image stands, and the source line."""
    rtl = _rtl(article)
    photo = label("photo", article.lang)
    segments = [_Segment(_display(article.title, rtl), "b")] if article.title.strip() else []
    by_position: dict[int, list[str]] = {}
    for image in article.images:
        line = _image_line(image.caption.strip(), image.credit.strip(), photo)
        if not line:
            continue
        position = image.position if image.position is not None else 0
        by_position.setdefault(min(max(position, 0), len(article.paragraphs)), []).append(line)
    for index in range(len(article.paragraphs) + 1):
        for line in by_position.get(index, []):
            segments.append(_Segment(_display(line, rtl), "i"))
        if index < len(article.paragraphs):
            segments.append(_Segment(_display(article.paragraphs[index], rtl)))
    if article.source.strip():
        source = label("source", article.lang) + ": " + article.source.strip()
        segments.append(_Segment(_display(source, rtl), "i"))
    return [s for s in segments if s.text.strip(_RLM + " ")]


def article_text(article: Article) -> str:
    """The article as plain text, exactly as ``render_pages`` shows it (before splitting)."""
    return "\n\n".join(segment.text for segment in _segments(article))


def _prefix_fitting(text: str, room: int) -> int:
    """Index where ``text`` can be cut so text[:index] has at most ``room`` UTF-16 units:
    the last sentence end that fits, else the last space, else a hard cut (never 0)."""
    hard = 0
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > room:
            break
        hard = i + 1
    if hard >= len(text):
        return len(text)
    best = 0
    for match in _SENTENCE_END.finditer(text, 0, hard + 1):
        if match.start() + 1 <= hard:
            best = match.end()
    if best and best > hard // 3:
        return best
    space = text.rfind(" ", 0, hard + 1)
    if space > 0:
        return space + 1
    return max(hard, 1)


def render_pages(article: Article, *, limit: int = 3900) -> list[str]:
    """The full text as Telegram HTML messages, each with at most ``limit`` visible UTF-16
    units (the default leaves room for the "page 1/3" footer the bot adds).

    Splits at paragraph boundaries, then sentences, then words (a hard cut only inside a
    word longer than a page), never inside a tag or an entity. Page 1 opens with the bold
    title; image captions and credits are italic lines where the images stand; the source
    closes the last page. Joined, the pages' text is ``article_text(article)``.
    """
    limit = max(16, min(limit, MESSAGE_LIMIT))
    pages: list[list[_Segment]] = [[]]
    used = 0
    for segment in _segments(article):
        text = segment.text
        while text:
            separator = 2 if pages[-1] else 0
            room = limit - used - separator
            size = utf16_len(text)
            if size <= room:
                pages[-1].append(_Segment(text, segment.style))
                used += separator + size
                break
            if size <= limit or room < limit // 4:
                # Starting a new page keeps this paragraph (or a good share of it) whole.
                if pages[-1]:
                    pages.append([])
                    used = 0
                    continue
            cut = _prefix_fitting(text, room)
            head, text = text[:cut].rstrip(), text[cut:].lstrip()
            if head:
                pages[-1].append(_Segment(head, segment.style))
            pages.append([])
            used = 0
    return ["\n\n".join(_wrap(s.text, s.style) for s in page) for page in pages if page]


def _is_web_url(url: str) -> bool:
    return safe_link(url) is not None and url.lower().startswith(("http://", "https://"))


def _link(url: str | None, text: str) -> str:
    href = safe_link(url)
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)


def _source_line(article: Article, lang: str | None) -> str:
    rtl = _rtl(article, lang)
    name = article.source.strip() or article.site.strip()
    lines = []
    if name:
        source = label("source", lang)
        lines.append(f"<i>{escape(_display(f'{source}: {name}', rtl))}</i>")
    if safe_link(article.url):
        lines.append(_link(article.url, _display(label("read_more", lang), rtl)))
    return "\n".join(lines)


def _fit(parts: list[str], limit: int) -> str:
    """Join message parts with blank lines; never more than ``limit`` visible units."""
    text = "\n\n".join(p for p in parts if p)
    return text if telegram_length(text) <= limit else ""


def render_post(
    article: Article, *, article_id: int | None = None, lang: str | None = None
) -> Post:
    """The channel post: bold title, summary, source and a link to the original, plus the
    buttons as data ("read" full text, "related", and "open" the original when there is a
    URL). ``photo`` is the first image's URL; ``caption_fits`` says the text fits a 1024
    character caption so the bot can send one photo message. ``article_id`` is accepted for
    the bot's convenience; buttons carry no ids."""
    del article_id  # buttons carry actions only; the bot adds the id
    lang = lang or article.lang
    rtl = _rtl(article, lang)
    title = _display(_cut16(article.title.strip(), _TITLE_MAX), rtl)
    summary = article.summary.strip() or (article.paragraphs[0] if article.paragraphs else "")
    summary = _display(_cut16(summary, _SUMMARY_MAX), rtl)
    parts = [f"<b>{escape(title)}</b>" if title else "", escape(summary), _source_line(article, lang)]
    text = _fit(parts, MESSAGE_LIMIT) or _fit(parts[:2], MESSAGE_LIMIT) or escape(title[:1000])
    if not text.strip():
        text = escape(label("untitled", lang))  # Telegram refuses an empty message
    buttons = []
    if article.paragraphs:
        buttons.append(Button(label("full_text", lang), "read"))
    buttons.append(Button(label("related", lang), "related"))
    if safe_link(article.url):
        buttons.append(Button(label("open", lang), "open", article.url))
    photo = next(
        (image.url for image in article.images if image.url and _is_web_url(image.url)), None
    )
    return Post(
        text=text,
        buttons=tuple(buttons),
        photo=photo,
        caption_fits=photo is not None and telegram_length(text) <= CAPTION_LIMIT,
    )


def render_summary(article: Article) -> str:
    """The summary message: bold title, the summary (or a note that there is none), source."""
    lang = article.lang
    rtl = _rtl(article)
    title = _display(_cut16(article.title.strip(), _TITLE_MAX), rtl)
    summary = article.summary.strip() or label("no_summary", lang)
    summary = _display(_cut16(summary, 3000), rtl)
    parts = [f"<b>{escape(title)}</b>" if title else "", escape(summary), _source_line(article, lang)]
    return _fit(parts, MESSAGE_LIMIT) or escape(summary)


def render_related(article: Article, similar: Sequence[tuple[int, Article]] = ()) -> str:
    """The related message: the article's own related links (clickable when the URL is
    known), then similar stored articles, each as a tappable ``/read_<id>`` command."""
    lang = article.lang
    rtl = _rtl(article)
    heading = _display(label("related", lang), rtl)
    lines = [f"<b>{escape(heading)}</b>"]
    budget = MESSAGE_LIMIT - 200
    used = 0
    for link in article.related:
        title = _display(cut_words(link.title, 200), rtl)
        line = "• " + _link(link.url, title)
        used += utf16_len(title) + 3
        if used > budget:
            break
        lines.append(line)
    if similar:
        lines.append("")
        more = _display(label("more_like_this", lang), rtl)
        lines.append(f"<b>{escape(more)}</b>")
        for ident, other in similar:
            title = " ".join(cut_words(other.title, 200).split()) or f"#{ident}"
            command = f"/read_{int(ident)}"
            line = f"{escape(title)} — {command}" if rtl else f"{command} — {escape(title)}"
            used += utf16_len(title) + len(command) + 4
            if used > budget:
                break
            lines.append(line)
    if len(lines) == 1:
        lines.append(escape(_display(label("nothing_related", lang), rtl)))
    return "\n".join(lines)
